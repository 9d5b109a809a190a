"""The input of a request for help (shape only): what the API's JSON and the intermediary's web form are loaded
through. The rules (first name only, consent given to the current statement, the window, the postcode served)
are the operation's (backend.help.requests)."""
from __future__ import annotations

import re

from marshmallow import ValidationError, fields, validate, validates_schema

from backend.help.models import CATEGORIES, CONSENT_METHODS, CONTACT_WAYS, URGENCIES
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
    # Required unless flexible (see _window_or_flexible).
    window_start = fields.AwareDateTime(metadata={"description": "ISO 8601 with offset; required unless flexible"})
    window_end = fields.AwareDateTime(metadata={"description": "ISO 8601 with offset; required unless flexible"})
    flexible = fields.Boolean(load_default=False, metadata={
        "description": "any time soon suits: the window is then set from now for a fixed number of days "
                       "(window_start and window_end are ignored)"})
    recurring = fields.Boolean(load_default=False)
    urgency = fields.String(load_default="normal", validate=validate.OneOf(URGENCIES))
    address = fields.Nested(HelpAddressInSchema, required=True,
                            metadata={"description": "shown only to the one volunteer who is accepted"})
    notes = text(300, metadata={"description": "for the accepted volunteer, e.g. 'ring twice'; kept with the address"})
    phone = text(30, allow_none=True, metadata={
        "description": "optional: the neighbour's Dutch phone number, only if they want the accepted volunteer to "
                       "be able to call (e.g. 06 1234 5678, +31 10 123 4567); kept with the address, normalised "
                       "to +31..."})
    contact = fields.String(validate=validate.OneOf(CONTACT_WAYS), metadata={
        "description": "how the neighbour wants the accepted volunteer to reach them: in DoeMee (any phone "
                       "number sent is then not kept) or by phone (then phone is needed)"})
    required_skills = fields.List(text(40), validate=validate.Length(max=10),
                                  metadata={"description": "skill codes; default: the category's usual skill"})
    languages = fields.List(text(3), validate=validate.Length(max=10))
    resident_first_name = text(40, metadata={
        "description": "intermediaries only: the resident's first name (one word)"})
    consent = fields.Nested(HelpConsentInSchema,
                            metadata={"description": "intermediaries only: the resident's consent"})

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def _window_or_flexible(self, data, original, **_kwargs):
        """A moment is needed unless any time suits; reported as the API reports any missing field."""
        if data.get("flexible") or not isinstance(original, dict):
            return
        missing = {name: [self.fields[name].error_messages["required"]]
                   for name in ("window_start", "window_end") if name not in original}
        if missing:
            raise ValidationError(missing)
