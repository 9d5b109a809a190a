"""Notifications: my devices and preferences, one-tap answers to reminders, and the jobs' health for admins."""
from flask_jwt_extended import current_user
from marshmallow import fields

from backend.jobs import health
from backend.jobs.availability import answer_still_available
from backend.notifications import operations as notifications
from backend.reminders import replies
from backend.notifications.schemas import (
    DeviceInSchema, DeviceRefSchema, PreferencesInSchema, QuietHoursInSchema, channels_field)
from mobile_api.blueprint import Blueprint
from mobile_api.schemas import Schema

blp = Blueprint("notifications", __name__, description="Push devices, notification preferences, reminders")

class VapidKeySchema(Schema):
    public_key = fields.String(required=True, metadata={
        "description": "VAPID public key (base64url): the applicationServerKey for PushManager.subscribe()"})


class DeviceSchema(Schema):
    id = fields.UUID(required=True)
    token = fields.String(required=True)
    provider = fields.String(required=True)
    platform = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    last_seen_at = fields.DateTime(required=True)


class DeviceListSchema(Schema):
    items = fields.List(fields.Nested(DeviceSchema), required=True)


class QuietHoursSchema(QuietHoursInSchema):
    timezone = fields.String(required=True)


class PreferencesSchema(Schema):
    channels = channels_field(required=True)
    quiet_hours = fields.Nested(QuietHoursSchema, allow_none=True, required=True)
    daily_digest = fields.Boolean(required=True)
    digest_hour = fields.Integer(required=True, metadata={"description": "local hour the digest goes out"})


class ReplySchema(Schema):
    engagement_id = fields.UUID(required=True)
    answer = fields.String(required=True, metadata={"description": "coming | cant_make_it"})
    status = fields.String(required=True, metadata={"description": "the engagement's status afterwards"})


class AvailabilityAnswerSchema(Schema):
    asked_at = fields.DateTime(required=True)
    answered_at = fields.DateTime(required=True)
    paused = fields.Boolean(required=True, dump_default=False)  # answering lifts any pause


class JobHealthSchema(Schema):
    id = fields.String(required=True)
    description = fields.String(required=True)
    trigger = fields.String(required=True, metadata={"description": "cron, local time (a 6th field: seconds)"})
    healthy = fields.Boolean(required=True, metadata={"description": "succeeded within 3 periods, last run ok"})
    last_started_at = fields.DateTime(allow_none=True, required=True)
    last_success_at = fields.DateTime(allow_none=True, required=True)
    last_error_at = fields.DateTime(allow_none=True, required=True)
    runs = fields.Integer(required=True)
    failures = fields.Integer(required=True)
    waiting = fields.Integer(required=True, metadata={"description": "runs queued, not yet started"})
    waiting_since = fields.DateTime(allow_none=True, required=True)


class EngineHealthSchema(Schema):
    waiting = fields.Integer(required=True)
    running = fields.Integer(required=True)
    oldest_waiting_since = fields.DateTime(allow_none=True, required=True)
    workers = fields.Integer(required=True, metadata={"description": "workers that sent a heartbeat lately"})


class OutboxHealthSchema(Schema):
    pending = fields.Integer(required=True)
    sending = fields.Integer(required=True)
    dead = fields.Integer(required=True)
    oldest_due_at = fields.DateTime(allow_none=True, required=True,
                                    metadata={"description": "the longest-waiting due message (relay lag)"})


class JobsSchema(Schema):
    jobs = fields.List(fields.Nested(JobHealthSchema), required=True)
    engine = fields.Nested(EngineHealthSchema, required=True)
    outbox = fields.Nested(OutboxHealthSchema, required=True)


@blp.endpoint("/me/devices", "GET", "authenticated", (200, DeviceListSchema))
def list_devices():
    """My registered push devices."""
    return {"items": notifications.list_devices(current_user)}


@blp.endpoint("/me/devices", "POST", "authenticated", (201, DeviceSchema), DeviceInSchema)
def register_device(data):
    """Register this device's push token (again: it is refreshed, and moves from another account). For web push
    (provider ``webpush``, platform ``web``) send the browser's ``subscription`` instead of a token; the device's
    token is then the subscription's endpoint."""
    return notifications.register_device(current_user, **data)


@blp.endpoint("/push/vapid-public-key", "GET", "public", (200, VapidKeySchema))
def vapid_public_key():
    """The key a browser subscribes to web push with (404 when this server has no web push set up)."""
    return {"public_key": notifications.web_push_public_key()}


@blp.endpoint("/me/devices", "DELETE", "authenticated", (204,), DeviceRefSchema)
def remove_device(data):
    """Stop push to this device (call it at logout). The token goes in the body, never in the URL."""
    notifications.remove_device(current_user, **data)


@blp.endpoint("/me/devices/<uuid:device_id>", "DELETE", "authenticated", (204,))
def remove_device_by_id(device_id):
    """Stop push to one of my devices.

    Forget one of my registered devices by its id, as listed by GET /me/devices (the web page's "remove this
    phone"). Someone else's device is not found (404)."""
    notifications.remove_device_by_id(current_user, device_id)


@blp.endpoint("/me/notification-preferences", "GET", "authenticated", (200, PreferencesSchema))
def get_preferences():
    """Which categories reach me on which channel, my quiet hours and the daily digest."""
    return notifications.get_preferences(current_user)


@blp.endpoint("/me/notification-preferences", "PUT", "authenticated", (200, PreferencesSchema), PreferencesInSchema)
def put_preferences(data):
    """Replace my notification preferences (left out: the defaults). Account messages cannot be switched off."""
    return notifications.put_preferences(current_user, data)


@blp.endpoint("/me/availability-check", "POST", "authenticated", (200, AvailabilityAnswerSchema))
def still_available():
    """Answer "are you still available?" with yes (a pause made because nobody answered is lifted)."""
    return answer_still_available(current_user)


@blp.endpoint("/reminders/<token>/coming", "POST", "public", (200, ReplySchema))
def reminder_coming(token):
    """One tap from a reminder: I'm coming. The signed token from the reminder is the authorisation."""
    return replies.answer_coming(token)


@blp.endpoint("/reminders/<token>/cant-make-it", "POST", "public", (200, ReplySchema))
def reminder_cant_make_it(token):
    """One tap from a reminder: I can't make it. Withdraws; the place goes to the first on the waitlist."""
    return replies.answer_cant_make_it(token)


@blp.endpoint("/admin/jobs", "GET", "admin", (200, JobsSchema))
def job_health():
    """Health of the scheduled jobs (last run, success, failure), the job engine (queue, workers) and the outbox
    (backlog, dead letters)."""
    return health.report()
