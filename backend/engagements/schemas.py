"""The input of the engagements' operations (shape only), for the API's JSON and the volunteer's pages alike."""
from __future__ import annotations

import re

import marshmallow as ma
from marshmallow import fields, validate

from backend.i18n import N_, Msg, add_messages
from backend.schemas import Schema, text

# The most hours entries one bulk approval takes (a coordinator's page shows far fewer).
MAX_BULK_HOURS = 500
_HOURS_MINUTES = re.compile(r"^(\d{1,2}):([0-5]\d)$")

add_messages({
    "field.duration_format": N_("Write the time as hours:minutes, for example 2:30."),
    "field.duration_range": N_("Between 0:01 and 24:00."),
})

# How a volunteer lets the coordinators reach them: only through DoeMee, their e-mail address, or a phone number.
CONTACT_CHOICES = ("doemee", "email", "phone")


class CheckinSchema(Schema):
    code = text(12, min_length=1, required=True, metadata={"description": "the code shown at the door"})


class ContactChoiceSchema(Schema):
    channel = fields.String(required=True, validate=validate.OneOf(CONTACT_CHOICES))
    phone = text(20, allow_none=True, metadata={"description": "a Dutch number, for channel phone"})


class Duration(fields.String):
    """A length of time written as hours:minutes ("2:30", "0:45"), loaded as minutes (150, 45); 0:01 to 24:00."""

    def __init__(self, **kwargs):
        super().__init__(metadata={"pattern": _HOURS_MINUTES.pattern, "example": "1:45"}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> int:
        found = _HOURS_MINUTES.match(super()._deserialize(value, attr, data, **kwargs).strip()[:6])
        if found is None:
            raise ma.ValidationError(Msg("field.duration_format"))
        minutes = int(found.group(1)) * 60 + int(found.group(2))
        if not 1 <= minutes <= 1440:
            raise ma.ValidationError(Msg("field.duration_range"))
        return minutes

    def _serialize(self, value, attr, obj, **kwargs) -> str | None:
        return None if value is None else hours_minutes(value)


def hours_minutes(minutes: int) -> str:
    """150 -> "2:30": how a coordinator reads and writes a length of time."""
    return f"{minutes // 60}:{minutes % 60:02d}"


class HoursApprovalSchema(Schema):
    hours = fields.List(fields.UUID(), required=True, validate=validate.Length(min=1, max=MAX_BULK_HOURS),
                        metadata={"description": "the proposed hours entries to approve, all at once"})
    corrections = fields.Dict(keys=fields.UUID(), values=Duration(), validate=validate.Length(max=MAX_BULK_HOURS),
                              load_default=dict,
                              metadata={"description": "hours entry id -> the corrected time as hours:minutes "
                                                       "(\"1:45\"); an entry left out keeps its proposed time"})
