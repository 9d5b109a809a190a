"""A webhook endpoint of an organisation or a municipality, and its delivery log."""
import sqlalchemy as sa

from backend.extensions import db
from backend.models_base import UTCDateTime, created_at, updated_at, utcnow, uuid_pk
from backend.webhooks.sealing import SealedSecret

DELIVERY_STATUSES = ("pending", "delivered", "failed")


class WebhookEndpoint(db.Model):
    """Owned by exactly one organisation or one municipality. The URL is the owner's system, not a person's, and
    no column names a person (who registered it is in the audit trail), so it is no part of export and erasure."""

    __tablename__ = "webhook_endpoints"
    __table_args__ = (
        sa.CheckConstraint("(organisation_id IS NULL) <> (municipality_id IS NULL)", name="one_owner"),
    )
    id = uuid_pk()
    organisation_id = sa.Column(sa.Uuid, sa.ForeignKey("organisations.id", ondelete="CASCADE"), nullable=True,
                                index=True)
    municipality_id = sa.Column(sa.Uuid, sa.ForeignKey("municipalities.id", ondelete="CASCADE"), nullable=True,
                                index=True)
    url = sa.Column(sa.String(500), nullable=False)
    event_types = sa.Column(sa.JSON, nullable=False, default=list)
    # The signing key ("whsec_" + base64). HMAC needs the key itself, not a hash of it: stored encrypted
    # (backend.webhooks.sealing), read as plain text.
    secret = sa.Column(SealedSecret(), nullable=False)
    # After a rotation the old key signs too, until previous_secret_until (receivers switch without a gap).
    previous_secret = sa.Column(SealedSecret(), nullable=True)
    previous_secret_until = sa.Column(UTCDateTime, nullable=True)
    enabled = sa.Column(sa.Boolean, nullable=False, default=True)
    consecutive_failures = sa.Column(sa.Integer, nullable=False, default=0)
    disabled_at = sa.Column(UTCDateTime, nullable=True)
    created_at = created_at()
    updated_at = updated_at()


class WebhookDelivery(db.Model):
    """One event for one endpoint: its body (ids, times, status only), and how sending it went."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        sa.CheckConstraint(sa.text("status IN ('pending','delivered','failed')"), name="status_known"),
        sa.Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
        sa.Index("ix_webhook_deliveries_endpoint", "endpoint_id", "created_at"),
    )
    id = uuid_pk()
    endpoint_id = sa.Column(sa.Uuid, sa.ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), nullable=False)
    event_type = sa.Column(sa.String(40), nullable=False)
    payload = sa.Column(sa.JSON, nullable=False)
    status = sa.Column(sa.String(10), nullable=False, default="pending")
    attempts = sa.Column(sa.Integer, nullable=False, default=0)
    next_attempt_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    last_status_code = sa.Column(sa.Integer, nullable=True)
    last_error = sa.Column(sa.String(300), nullable=True)
    created_at = created_at()
    delivered_at = sa.Column(UTCDateTime, nullable=True)
