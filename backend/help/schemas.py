"""The input of a request for help (shape only): what the API's JSON and the intermediary's web form are loaded
through. The rules (first name only, consent given to the current statement, the window, the postcode served)
are the operation's (backend.help.requests)."""
from __future__ import annotations

import re

from marshmallow import ValidationError, fields, validate

from backend.help.models import CATEGORIES, CONSENT_METHODS, URGENCIES
from backend.i18n import Msg
from backend.schemas import Schema, text


HOUSE_NUMBER = re.compile(r"^[0-9]{1,5}( ?[A-Za-z]{1,2}| ?-[0-9A-Za-z]{1,4})?$")


def _house_number(value: str) -> None:
    if not HOUSE_NUMBER.match(value.strip()):
        raise ValidationError([Msg("field.house_number")])


def _consent_method(value: str) -> None:
    if value not in CONSENT_METHODS:
        raise ValidationError([Msg("field.consent_method")])


class HelpAddressInSchema(Schema):
    street = text(120, min_length=1, required=True)
    house_number = text(12, min_length=1, required=True, validate=_house_number,
                        metadata={"description": "e.g. 12, 12a or 12-3"})
    postcode = text(10, min_length=1, required=True, metadata={"description": "e.g. 3144 BA"})


class HelpConsentInSchema(Schema):
    given = fields.Boolean(required=True,
                           metadata={"description": "the resident agreed to this request"})
    text_version = text(20, required=True, metadata={"description": "version of the privacy statement agreed to"})
    method = fields.String(required=True, validate=_consent_method, metadata={
        "enum": list(CONSENT_METHODS),
        "description": "how the resident gave consent: verbal (face to face), written, phone or email"})


class HelpRequestInSchema(Schema):
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    title = text(120, min_length=1, required=True)
    description = text(2000, min_length=1, required=True)
    window_start = fields.AwareDateTime(required=True, metadata={"description": "ISO 8601 with offset"})
    window_end = fields.AwareDateTime(required=True, metadata={"description": "ISO 8601 with offset"})
    recurring = fields.Boolean(load_default=False)
    urgency = fields.String(load_default="normal", validate=validate.OneOf(URGENCIES))
    address = fields.Nested(HelpAddressInSchema, required=True,
                            metadata={"description": "shown only to the one volunteer who is accepted"})
    notes = text(300, metadata={"description": "for the accepted volunteer, e.g. 'ring twice'; kept with the address"})
    phone = text(30, allow_none=True, metadata={
        "description": "optional: the neighbour's Dutch phone number, only if they want the accepted volunteer to "
                       "be able to call (e.g. 06 1234 5678, +31 10 123 4567); kept with the address, normalised "
                       "to +31..."})
    required_skills = fields.List(text(40), validate=validate.Length(max=10),
                                  metadata={"description": "skill codes; default: the category's usual skill"})
    languages = fields.List(text(3), validate=validate.Length(max=10))
    resident_first_name = text(40, metadata={
        "description": "intermediaries only: the resident's first name (one word)"})
    consent = fields.Nested(HelpConsentInSchema,
                            metadata={"description": "intermediaries only: the resident's consent"})
