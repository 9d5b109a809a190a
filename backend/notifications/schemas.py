"""The input of the notification settings (shape only): the API's JSON and the volunteer's pages are loaded through
these. PreferencesInSchema (PUT /me/notification-preferences and the settings page; the operation keeps account
messages on) and DeviceInSchema (POST /me/devices and a phone's web push subscription posted by push.js; the
operation checks the push service, the keys and who had the address before)."""
from __future__ import annotations

from marshmallow import fields, validate

from backend.notifications.models import PLATFORMS, PUSH_PROVIDERS
from backend.notifications.preferences import CATEGORIES, CHANNEL_CHOICES
from backend.schemas import Schema, text

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


class SubscriptionKeysSchema(Schema):
    p256dh = text(200, min_length=1, required=True, metadata={"description": "the browser's P-256 key, base64url"})
    auth = text(100, min_length=1, required=True, metadata={"description": "16-byte secret, base64url"})


class SubscriptionSchema(Schema):
    """A browser's PushSubscription as ``subscription.toJSON()`` gives it."""

    endpoint = text(1000, min_length=1, required=True, metadata={"description": "the push service's URL"})
    expirationTime = fields.Float(allow_none=True, load_default=None,  # noqa: N815 - the browser's name
                                  metadata={"description": "as the browser gives it; not used"})
    keys = fields.Nested(SubscriptionKeysSchema, required=True)


class DeviceInSchema(Schema):
    token = text(300, min_length=1, metadata={"description": "Expo or FCM push token (not for webpush)"})
    subscription = fields.Nested(SubscriptionSchema, metadata={
        "description": "webpush only: the browser's push subscription, encrypted to with its keys"})
    provider = fields.String(required=True, validate=validate.OneOf(PUSH_PROVIDERS))
    platform = fields.String(required=True, validate=validate.OneOf(PLATFORMS))


class DeviceRefSchema(Schema):
    token = text(1000, min_length=1, required=True, metadata={"description": "push token or web push endpoint"})
