"""Neighbours' requests for help. The request is an opportunity (kind help_request) plus what only it has:
who asks (or who asks on their behalf, with the resident's consent), the time window, urgency, and the
address, kept in a table of its own and shown to one volunteer only."""
import sqlalchemy as sa

from backend.extensions import db
from backend.models_base import UTCDateTime, created_at, updated_at, uuid_pk

CATEGORIES = ("groceries", "odd_jobs", "company", "transport", "digital_help", "paperwork", "respite_care")
URGENCIES = ("low", "normal", "high", "urgent")


class HelpRequest(db.Model):
    __tablename__ = "help_requests"
    __table_args__ = (
        sa.CheckConstraint("window_end > window_start", name="window_ends_after_start"),
        sa.CheckConstraint(sa.text("urgency IN ('low','normal','high','urgent')"), name="urgency_known"),
        sa.CheckConstraint("requester_id IS NOT NULL OR intermediary_id IS NOT NULL", name="someone_asks"),
    )
    id = uuid_pk()
    opportunity_id = sa.Column(sa.Uuid, sa.ForeignKey("opportunities.id", ondelete="CASCADE"), nullable=False,
                               unique=True)
    # The resident, when they use the app themselves.
    requester_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=True, index=True)
    # A verified professional (wijkteam, welfare worker) posting on a resident's behalf.
    intermediary_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True)
    resident_first_name = sa.Column(sa.String(40), nullable=True)
    consent_text_version = sa.Column(sa.String(20), nullable=True)
    consent_recorded_at = sa.Column(UTCDateTime, nullable=True)
    window_start = sa.Column(UTCDateTime, nullable=False)
    window_end = sa.Column(UTCDateTime, nullable=False)
    recurring = sa.Column(sa.Boolean, nullable=False, default=False)
    urgency = sa.Column(sa.String(10), nullable=False, default="normal")
    accepted_engagement_id = sa.Column(sa.Uuid, nullable=True)
    matched_at = sa.Column(UTCDateTime, nullable=True)
    created_at = created_at()
    updated_at = updated_at()


class HelpRequestAddress(db.Model):
    """The street address, apart from everything else; read only through the reveal operation (audited)."""

    __tablename__ = "help_request_addresses"
    help_request_id = sa.Column(sa.Uuid, sa.ForeignKey("help_requests.id", ondelete="CASCADE"), primary_key=True)
    street = sa.Column(sa.String(120), nullable=False)
    house_number = sa.Column(sa.String(12), nullable=False)
    postcode = sa.Column(sa.String(7), nullable=False)
    notes = sa.Column(sa.String(300), nullable=False, default="")
