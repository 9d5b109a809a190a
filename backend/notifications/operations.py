"""Devices and notification preferences of the signed-in person.

Notifications are infrastructure: they import no feature. ``user`` is any object with an ``id`` (an account)."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from backend.config import vapid_public_key
from backend.errors import InvalidInput, NotFound
from backend.extensions import db
from backend.i18n import Msg
from backend.models_base import iso, utcnow
from backend.notifications import messages  # noqa: F401  (registers the message keys)
from backend.notifications import preferences as rules
from backend.notifications.models import DeviceToken, NotificationPreference
from backend.notifications.subscriptions import webpush_subscription

# A person rarely has more than a phone and a tablet; old tokens of replaced phones are dropped beyond this.
MAX_DEVICES = 10


def _config():
    return current_app.extensions["doemee_config"]


# --- devices ------------------------------------------------------------------------------------------------------

def _check_token_shape(token: str, provider: str) -> None:
    if provider == "expo" and not (token.startswith(("ExponentPushToken[", "ExpoPushToken[")) and token.endswith("]")):
        raise InvalidInput("detail.validation",
                           errors={"token": [Msg("field.notifications.token_provider", provider="Expo")]})


def register_device(user, *, provider: str, platform: str, token: str | None = None,
                    subscription: dict | None = None) -> DeviceToken:
    """Register (or refresh) a push address for this person: an Expo or FCM token, or a browser's web push
    subscription (``{"endpoint": ..., "keys": {"p256dh": ..., "auth": ...}}``). An address seen before under
    another account moves: the phone changed hands or someone else logged in on it, and only the current user may
    get its pushes."""
    keys = {}
    if provider == "webpush":
        token, keys = webpush_subscription(token, platform, subscription, _config())
    else:
        _check_not_webpush(token, subscription, provider)
        _check_token_shape(token, provider)
    now = utcnow()
    device = db.session.scalar(sa.select(DeviceToken).where(DeviceToken.token == token))
    if device is None:
        device = DeviceToken(user_id=user.id, token=token, provider=provider, platform=platform, created_at=now)
        db.session.add(device)
    device.user_id, device.provider, device.platform, device.last_seen_at = user.id, provider, platform, now
    device.p256dh, device.auth = keys.get("p256dh"), keys.get("auth")
    db.session.flush()
    _drop_oldest_devices(user.id)
    return device


def _check_not_webpush(token, subscription, provider: str) -> None:
    errors = {}
    if not token:
        errors["token"] = [Msg("field.notifications.token_required", provider=provider)]
    if subscription is not None:
        errors["subscription"] = [Msg("field.notifications.only_for", provider="webpush")]
    if errors:
        raise InvalidInput("detail.validation", errors=errors)


def remove_device_by_id(user, device_id) -> None:
    """Forget one of my devices by its id (the web page's "remove this phone"); someone else's is not found."""
    removed = db.session.execute(sa.delete(DeviceToken).where(DeviceToken.id == device_id,
                                                              DeviceToken.user_id == user.id)).rowcount
    if removed != 1:
        raise NotFound("detail.notifications.device_not_found")


def web_push_public_key() -> str:
    """The VAPID public key browsers subscribe with (their ``applicationServerKey``)."""
    private_key = _config()["VAPID_PRIVATE_KEY"]
    if not private_key:
        raise NotFound("detail.notifications.webpush_unavailable")
    return vapid_public_key(private_key)


def _drop_oldest_devices(user_id) -> None:
    keep = sa.select(DeviceToken.id).where(DeviceToken.user_id == user_id) \
        .order_by(DeviceToken.last_seen_at.desc()).limit(MAX_DEVICES)
    db.session.execute(sa.delete(DeviceToken).where(DeviceToken.user_id == user_id,
                                                    DeviceToken.id.not_in(keep.scalar_subquery())))


def remove_device(user, *, token: str) -> None:
    """Forget a push token (the app calls this at logout). Someone else's token answers like an unknown one."""
    removed = db.session.execute(sa.delete(DeviceToken).where(DeviceToken.token == token,
                                                              DeviceToken.user_id == user.id)).rowcount
    if removed != 1:
        raise NotFound("detail.notifications.device_not_found")


def list_devices(user) -> list[DeviceToken]:
    return list(db.session.scalars(sa.select(DeviceToken).where(DeviceToken.user_id == user.id)
                                   .order_by(DeviceToken.created_at, DeviceToken.id)))


# --- preferences --------------------------------------------------------------------------------------------------

def get_preferences(user) -> Preferences:
    return _view(rules.effective(db.session.get(NotificationPreference, user.id), _config()))


def put_preferences(user, data: dict) -> Preferences:
    """Replace the preferences; categories left out keep their default channel, quiet hours left out the default."""
    channels = {**rules.DEFAULT_CHANNELS, **data.get("channels", {})}
    errors = {f"channels.{c}": [Msg("field.notifications.category_required")]
              for c in rules.ALWAYS_ON if channels[c] == "off"}
    quiet = data.get("quiet_hours")
    if quiet is not None and quiet["start"] == quiet["end"]:
        errors["quiet_hours.end"] = [Msg("field.notifications.quiet_hours_equal")]
    if errors:
        raise InvalidInput("detail.validation", errors=errors)
    row = db.session.get(NotificationPreference, user.id)
    if row is None:
        row = NotificationPreference(user_id=user.id)
        db.session.add(row)
    row.channels = channels
    row.quiet_hours_enabled = quiet is not None if "quiet_hours" in data else True
    row.quiet_start_minute = rules.minutes_of(quiet["start"]) if quiet else None
    row.quiet_end_minute = rules.minutes_of(quiet["end"]) if quiet else None
    row.daily_digest = data.get("daily_digest", False)
    db.session.flush()
    return get_preferences(user)


@dataclass(frozen=True)
class QuietHours:
    start: str  # HH:MM, local time
    end: str
    timezone: str


@dataclass(frozen=True)
class Preferences:
    """The person's effective preferences (defaults filled in): a channel per category, quiet hours, digest."""

    channels: dict
    quiet_hours: QuietHours | None
    daily_digest: bool
    digest_hour: int


def _view(prefs: rules.Prefs) -> Preferences:
    quiet = (QuietHours(rules.clock_of(prefs.quiet_start_minute), rules.clock_of(prefs.quiet_end_minute),
                        _config()["TIMEZONE"]) if prefs.quiet_hours_enabled else None)
    return Preferences({c: prefs.channel_for(c) for c in rules.CATEGORIES}, quiet, prefs.daily_digest,
                       _config()["DIGEST_HOUR"])


# --- export (AVG art. 15/20) ---------------------------------------------------------------------------------------

def export_devices_and_preferences(user) -> dict:
    """Part of the "notifications" export section (backend/data_rights.py adds the features' parts)."""
    return {
        "devices": [{"token": d.token, "provider": d.provider, "platform": d.platform,
                     "created_at": iso(d.created_at), "last_seen_at": iso(d.last_seen_at)}
                    for d in list_devices(user)],
        "preferences": dataclasses.asdict(get_preferences(user)),
    }
