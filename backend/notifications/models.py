"""The outbox: messages written in the same transaction as the change that caused them; a relay delivers them."""
import sqlalchemy as sa

from backend.extensions import db
from backend.models_base import UTCDateTime, created_at, updated_at, utcnow, uuid_pk


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        sa.CheckConstraint(sa.text("status IN ('pending','sending','sent','dead')"), name="status_known"),
        sa.Index("ix_outbox_messages_due", "status", "next_attempt_at"),
    )
    id = uuid_pk()
    # Unique so that the same notice can never be enqueued twice (e.g. reminder:shift:<id>:volunteer:<id>:24h).
    dedupe_key = sa.Column(sa.String(200), nullable=False, unique=True)
    # Messages to an erased person go with them.
    user_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=True, index=True)
    channel = sa.Column(sa.String(10), nullable=False)  # email | push | any (the relay applies preferences)
    template = sa.Column(sa.String(60), nullable=False)
    locale = sa.Column(sa.String(2), nullable=False, default="nl")
    payload = sa.Column(sa.JSON, nullable=False, default=dict)
    priority = sa.Column(sa.String(10), nullable=False, default="normal")
    status = sa.Column(sa.String(10), nullable=False, default="pending")
    attempts = sa.Column(sa.Integer, nullable=False, default=0)
    next_attempt_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    lease_until = sa.Column(UTCDateTime, nullable=True)
    last_error = sa.Column(sa.String(300), nullable=True)
    created_at = created_at()
    sent_at = sa.Column(UTCDateTime, nullable=True)


PUSH_PROVIDERS = ("expo", "fcm", "webpush")
PLATFORMS = ("ios", "android", "web")


class DeviceToken(db.Model):
    """A phone's push address. A token belongs to one person at a time (a phone that changes hands moves it).

    For web push (a browser's PushSubscription) the token is the subscription's endpoint URL, and ``p256dh`` and
    ``auth`` are the browser's keys that every message is encrypted to (RFC 8291)."""

    __tablename__ = "device_tokens"
    __table_args__ = (
        sa.CheckConstraint(sa.text("provider IN ('expo','fcm','webpush')"), name="provider_known"),
        sa.CheckConstraint(sa.text("platform IN ('ios','android','web')"), name="platform_known"),
        sa.CheckConstraint(sa.text("provider <> 'webpush' OR (p256dh IS NOT NULL AND auth IS NOT NULL)"),
                           name="webpush_has_keys"),
    )
    id = uuid_pk()
    user_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    token = sa.Column(sa.String(1000), nullable=False, unique=True)
    provider = sa.Column(sa.String(10), nullable=False)
    platform = sa.Column(sa.String(10), nullable=False)
    p256dh = sa.Column(sa.String(100), nullable=True)  # base64url P-256 point of the browser (web push only)
    auth = sa.Column(sa.String(40), nullable=True)  # base64url 16-byte authentication secret (web push only)
    created_at = created_at()
    last_seen_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)


class NotificationPreference(db.Model):
    """How a person wants to hear from us. No row: the defaults (push where possible, quiet hours from config)."""

    __tablename__ = "notification_preferences"
    user_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    # {"reminders": "push", "updates": "email", ...}: category -> push | email | off
    channels = sa.Column(sa.JSON, nullable=False, default=dict)
    quiet_hours_enabled = sa.Column(sa.Boolean, nullable=False, default=True)
    # Minutes since local midnight; the period may wrap past midnight (22:00-08:00).
    quiet_start_minute = sa.Column(sa.Integer, nullable=True)
    quiet_end_minute = sa.Column(sa.Integer, nullable=True)
    daily_digest = sa.Column(sa.Boolean, nullable=False, default=False)
    updated_at = updated_at()


class ReminderReply(db.Model):
    """The one-tap answer to a reminder: I'm coming / I can't make it."""

    __tablename__ = "reminder_replies"
    __table_args__ = (sa.CheckConstraint(sa.text("answer IN ('coming','cant_make_it')"), name="answer_known"),)
    engagement_id = sa.Column(sa.Uuid, sa.ForeignKey("engagements.id", ondelete="CASCADE"), primary_key=True)
    answer = sa.Column(sa.String(20), nullable=False)
    answered_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)
