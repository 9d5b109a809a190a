"""Milestone awards: a volunteer's first completed engagement, approved-hours thresholds and years active."""
import sqlalchemy as sa

from backend.extensions import db
from backend.models_base import UTCDateTime, created_at, uuid_pk

class MilestoneAward(db.Model):
    """Granted once per user and milestone: the unique constraint is what makes the granting job idempotent."""

    __tablename__ = "milestone_awards"
    __table_args__ = (sa.UniqueConstraint("user_id", "code"),)
    id = uuid_pk()
    user_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    code = sa.Column(sa.String(30), nullable=False)
    # When it was reached (e.g. the approval that crossed 10 hours), not when the job noticed.
    achieved_at = sa.Column(UTCDateTime, nullable=False)
    created_at = created_at()
