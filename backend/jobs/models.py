"""What the jobs keep: the "are you still available?" checks (job health is the engine's: see health.py)."""
import sqlalchemy as sa

from backend.extensions import db
from backend.models_base import UTCDateTime


class AvailabilityCheck(db.Model):
    """We asked an inactive volunteer whether they are still available; paused_at if they never answered."""

    __tablename__ = "availability_checks"
    user_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    asked_at = sa.Column(UTCDateTime, nullable=False)
    answered_at = sa.Column(UTCDateTime, nullable=True)
    paused_at = sa.Column(UTCDateTime, nullable=True)
