"""The input of the engagements' operations (shape only), for the API's JSON and the volunteer's pages alike."""
from __future__ import annotations

from marshmallow import fields, validate

from backend.schemas import Schema, text

# How a volunteer lets the coordinators reach them: only through DoeMee, their e-mail address, or a phone number.
CONTACT_CHOICES = ("doemee", "email", "phone")


class CheckinSchema(Schema):
    code = text(12, min_length=1, required=True, metadata={"description": "the code shown at the door"})


class ContactChoiceSchema(Schema):
    channel = fields.String(required=True, validate=validate.OneOf(CONTACT_CHOICES))
    phone = text(20, allow_none=True, metadata={"description": "a Dutch number, for channel phone"})
