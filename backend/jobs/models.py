"""What the jobs keep: the "are you still available?" checks, and files a task makes for one person (job health is
the engine's: see health.py)."""
import sqlalchemy as sa

from backend.extensions import db
from backend.models_base import UTCDateTime, created_at, uuid_pk


class AvailabilityCheck(db.Model):
    """We asked an inactive volunteer whether they are still available; paused_at if they never answered."""

    __tablename__ = "availability_checks"
    user_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    asked_at = sa.Column(UTCDateTime, nullable=False)
    answered_at = sa.Column(UTCDateTime, nullable=True)
    paused_at = sa.Column(UTCDateTime, nullable=True)


class Download(db.Model):
    """A file a task makes for one staff member (the campaign letters PDF, the letter codes CSV): its progress while it is made, then
    the file, for that person only, until expires_at (housekeeping deletes it)."""

    __tablename__ = "downloads"
    id = uuid_pk()
    owner_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    kind = sa.Column(sa.String(40), nullable=False)  # "campaign_letters", "campaign_letter_codes"
    params = sa.Column(sa.JSON, nullable=False)  # what to make, e.g. {"campaign_id": ..., "layout": "brief"}
    locale = sa.Column(sa.String(10), nullable=False)  # the owner's language when they asked
    filename = sa.Column(sa.String(200), nullable=False)
    status = sa.Column(sa.String(20), nullable=False)  # pending, running, done, failed
    done = sa.Column(sa.Integer, nullable=False, default=0)
    total = sa.Column(sa.Integer, nullable=True)  # known once the task has counted
    content = sa.Column(sa.LargeBinary, nullable=True)
    created_at = created_at()
    finished_at = sa.Column(UTCDateTime, nullable=True)
    expires_at = sa.Column(UTCDateTime, nullable=False, index=True)
