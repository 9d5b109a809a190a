"""The input of the notification preferences (shape only): the API's JSON (PUT /me/notification-preferences) and
the volunteer's settings page are loaded through PreferencesInSchema; the operation keeps account messages on."""
from __future__ import annotations

from marshmallow import fields, validate

from backend.notifications.preferences import CATEGORIES, CHANNEL_CHOICES
from backend.schemas import Schema

CLOCK = validate.Regexp(r"^([01][0-9]|2[0-3]):[0-5][0-9]$", error="Use HH:MM (00:00-23:59).")


def channels_field(**kwargs):
    return fields.Dict(keys=fields.String(validate=validate.OneOf(CATEGORIES)),
                       values=fields.String(validate=validate.OneOf(CHANNEL_CHOICES)),
                       validate=validate.Length(max=len(CATEGORIES)),
                       metadata={"description": "category (" + ", ".join(CATEGORIES) + ") -> push | email | off"},
                       **kwargs)


class QuietHoursInSchema(Schema):
    start = fields.String(required=True, validate=CLOCK, metadata={"description": "HH:MM local time"})
    end = fields.String(required=True, validate=CLOCK, metadata={"description": "HH:MM local time"})


class PreferencesInSchema(Schema):
    channels = channels_field()
    quiet_hours = fields.Nested(QuietHoursInSchema, allow_none=True,
                                metadata={"description": "null: no quiet hours; left out: the default 22:00-08:00"})
    daily_digest = fields.Boolean(metadata={"description": "fold low-priority notices into one message a day"})
