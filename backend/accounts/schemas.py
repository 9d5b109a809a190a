"""The input of the account operations (shape only), for the API's JSON and the web's forms alike: joining, signing
in, changing a password, asking for a reset and setting a new password with it. The rules (the current privacy
statement accepted, a password long enough and not the e-mail address, a reset link still valid) are the
operations'."""
from __future__ import annotations

from marshmallow import fields, validate

from backend.accounts.models import SELF_SERVICE_ROLES
from backend.i18n import LOCALES
from backend.schemas import Schema, text


class RegisterSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = text(128, required=True)
    display_name = text(80, min_length=1, required=True)
    locale = fields.String(load_default="nl", validate=validate.OneOf(list(LOCALES)))
    accepted_privacy_version = text(20, required=True)
    roles = fields.List(fields.String(validate=validate.OneOf(SELF_SERVICE_ROLES)),
                        validate=validate.Length(min=1, max=2), load_default=None)


class LoginSchema(Schema):
    email = text(254, required=True)
    password = text(128, required=True)


class PasswordChangeSchema(Schema):
    current_password = text(128, required=True)
    new_password = text(128, required=True)


class ResetRequestSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))


class ResetConfirmSchema(Schema):
    token = text(200, required=True)
    new_password = text(128, required=True)
