"""The outbox: messages written in the same transaction as the change that caused them; a relay delivers them."""
import sqlalchemy as sa

from backend.extensions import db
from backend.models_base import UTCDateTime, created_at, utcnow, uuid_pk

OUTBOX_STATUSES = ("pending", "sending", "sent", "dead")


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
