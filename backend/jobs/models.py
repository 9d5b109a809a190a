"""What the scheduler keeps: each job's health, and the "are you still available?" checks."""
import sqlalchemy as sa

from backend.extensions import db
from backend.models_base import UTCDateTime


class JobHealth(db.Model):
    """Last run, last success and last error of one scheduled job (shown to admins at GET /admin/jobs)."""

    __tablename__ = "job_health"
    job_id = sa.Column(sa.String(60), primary_key=True)
    last_started_at = sa.Column(UTCDateTime, nullable=True)
    last_finished_at = sa.Column(UTCDateTime, nullable=True)
    last_success_at = sa.Column(UTCDateTime, nullable=True)
    last_error_at = sa.Column(UTCDateTime, nullable=True)
    # The exception's type and place only: messages can carry personal data.
    last_error = sa.Column(sa.String(300), nullable=True)
    last_result = sa.Column(sa.String(200), nullable=True)
    last_duration_ms = sa.Column(sa.Integer, nullable=True)
    runs = sa.Column(sa.Integer, nullable=False, default=0)
    failures = sa.Column(sa.Integer, nullable=False, default=0)


class AvailabilityCheck(db.Model):
    """We asked an inactive volunteer whether they are still available; paused_at if they never answered."""

    __tablename__ = "availability_checks"
    user_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    asked_at = sa.Column(UTCDateTime, nullable=False)
    answered_at = sa.Column(UTCDateTime, nullable=True)
    paused_at = sa.Column(UTCDateTime, nullable=True)
