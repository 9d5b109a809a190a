"""Engagements (a volunteer x a shift or a help request), hours, calendar feeds and idempotency keys."""
import sqlalchemy as sa

from backend.extensions import db
from backend.models_base import UTCDateTime, created_at, updated_at, uuid_pk

STATUSES = ("invited", "applied", "waitlisted", "accepted", "declined", "withdrawn", "checked_in", "completed",
            "no_show", "closed")
# Statuses that hold a place on the shift (counted in Shift.accepted_count).
HOLDING = ("accepted", "checked_in", "completed", "no_show")


class Engagement(db.Model):
    __tablename__ = "engagements"
    __table_args__ = (
        sa.CheckConstraint(sa.text("status IN ('invited','applied','waitlisted','accepted','declined','withdrawn',"
                                   "'checked_in','completed','no_show','closed')"), name="status_known"),
        # One engagement per volunteer per shift, and per volunteer per help request (shift_id is NULL there).
        sa.Index("uq_engagements_volunteer_shift", "volunteer_id", "shift_id", unique=True,
                 postgresql_where=sa.text("shift_id IS NOT NULL")),
        sa.Index("uq_engagements_volunteer_opportunity", "volunteer_id", "opportunity_id", unique=True,
                 postgresql_where=sa.text("shift_id IS NULL")),
        sa.CheckConstraint(sa.text("contact_channel IS NULL OR contact_channel IN ('email','phone')"),
                           name="contact_channel_known"),
        sa.CheckConstraint("(coalesce(contact_channel, '') = 'phone') = (contact_phone IS NOT NULL)",
                           name="contact_phone_with_phone_channel"),
        sa.Index("ix_engagements_shift_status", "shift_id", "status", "created_at"),
    )
    id = uuid_pk()
    volunteer_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    opportunity_id = sa.Column(sa.Uuid, sa.ForeignKey("opportunities.id", ondelete="CASCADE"), nullable=False,
                               index=True)
    shift_id = sa.Column(sa.Uuid, sa.ForeignKey("shifts.id", ondelete="CASCADE"), nullable=True)
    status = sa.Column(sa.String(12), nullable=False)
    # What the volunteer was shown when invited or matched: the score and its reasons (issue: matching).
    score = sa.Column(sa.Float, nullable=True)
    reasons = sa.Column(sa.JSON, nullable=True)
    invited_by = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    checked_in_at = sa.Column(UTCDateTime, nullable=True)
    # How the coordinators may reach the volunteer, as the volunteer chose (NULL: only through DoeMee); they see
    # it once the volunteer holds a place.
    contact_channel = sa.Column(sa.String(5), nullable=True)
    contact_phone = sa.Column(sa.String(16), nullable=True)
    status_changed_at = sa.Column(UTCDateTime, nullable=True)
    created_at = created_at()
    updated_at = updated_at()


class HoursEntry(db.Model):
    __tablename__ = "hours_entries"
    __table_args__ = (
        sa.CheckConstraint("minutes > 0 AND minutes <= 1440", name="minutes_range"),
        sa.CheckConstraint(sa.text("status IN ('proposed','approved','rejected')"), name="status_known"),
    )
    id = uuid_pk()
    engagement_id = sa.Column(sa.Uuid, sa.ForeignKey("engagements.id", ondelete="CASCADE"), nullable=False,
                              unique=True)
    volunteer_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    minutes = sa.Column(sa.Integer, nullable=False)
    status = sa.Column(sa.String(10), nullable=False, default="proposed")
    approved_by = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    approved_at = sa.Column(UTCDateTime, nullable=True, index=True)
    note = sa.Column(sa.String(300), nullable=False, default="")
    created_at = created_at()


class CalendarFeed(db.Model):
    """A volunteer's private iCal URL; only the token's hash is kept. Revoking makes a new one necessary."""

    __tablename__ = "calendar_feeds"
    id = uuid_pk()
    volunteer_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    token_hash = sa.Column(sa.String(64), nullable=False, unique=True)
    created_at = created_at()
    revoked_at = sa.Column(UTCDateTime, nullable=True)


class IdempotencyKey(db.Model):
    """The first response to an unsafe request with an Idempotency-Key, replayed for retries of it."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (sa.UniqueConstraint("user_id", "key"),)
    id = uuid_pk()
    user_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    key = sa.Column(sa.String(100), nullable=False)
    method = sa.Column(sa.String(7), nullable=False)
    path = sa.Column(sa.String(300), nullable=False)
    body_hash = sa.Column(sa.String(64), nullable=False)
    status_code = sa.Column(sa.Integer, nullable=True)
    response_body = sa.Column(sa.Text, nullable=True)
    created_at = created_at()
    expires_at = sa.Column(UTCDateTime, nullable=False, index=True)
