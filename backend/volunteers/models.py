"""The volunteer's profile: where (approximately), what they can do, when they are free, what they prefer."""
import sqlalchemy as sa
from sqlalchemy.orm import relationship

from backend.extensions import db
from backend.models_base import UTCDateTime, created_at, updated_at, uuid_pk

PREFERENCES = ("one_off", "regular", "both")
VOG_STATUSES = ("none", "requested", "valid")


class Skill(db.Model):
    """The curated skill taxonomy (shipped in backend/data/skills.json)."""

    __tablename__ = "skills"
    id = uuid_pk()
    code = sa.Column(sa.String(40), nullable=False, unique=True)
    category = sa.Column(sa.String(40), nullable=False)
    label_nl = sa.Column(sa.String(80), nullable=False)
    label_en = sa.Column(sa.String(80), nullable=False)
    # Position in the matching bitset; stable forever once given out.
    bit = sa.Column(sa.Integer, nullable=False, unique=True)
    active = sa.Column(sa.Boolean, nullable=False, default=True)


class VolunteerProfile(db.Model):
    __tablename__ = "volunteer_profiles"
    __table_args__ = (
        sa.CheckConstraint("travel_radius_km >= 0", name="radius_not_negative"),
        sa.CheckConstraint("max_commitments_per_month >= 0", name="max_commitments_not_negative"),
        sa.CheckConstraint(sa.text("preference IN ('one_off','regular','both')"), name="preference_known"),
        sa.CheckConstraint(sa.text("vog_status IN ('none','requested','valid')"), name="vog_status_known"),
    )
    user_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    municipality_id = sa.Column(sa.Uuid, sa.ForeignKey("municipalities.id"), nullable=False, index=True)
    neighbourhood_id = sa.Column(sa.Uuid, sa.ForeignKey("neighbourhoods.id"), nullable=False, index=True)
    postcode = sa.Column(sa.String(7), nullable=False)
    # Approximate location: the neighbourhood's centroid, never the address.
    latitude = sa.Column(sa.Float, nullable=False)
    longitude = sa.Column(sa.Float, nullable=False)
    travel_radius_km = sa.Column(sa.Float, nullable=False, default=5.0)
    languages = sa.Column(sa.JSON, nullable=False, default=list)
    interests = sa.Column(sa.JSON, nullable=False, default=list)
    preference = sa.Column(sa.String(10), nullable=False, default="both")
    max_commitments_per_month = sa.Column(sa.Integer, nullable=False, default=4)
    paused = sa.Column(sa.Boolean, nullable=False, default=False)
    birth_year = sa.Column(sa.Integer, nullable=True)
    vog_status = sa.Column(sa.String(10), nullable=False, default="none")
    vog_valid_until = sa.Column(sa.Date, nullable=True)
    vog_verified_by = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    vog_verified_at = sa.Column(UTCDateTime, nullable=True)
    created_at = created_at()
    updated_at = updated_at()

    neighbourhood = relationship("Neighbourhood", lazy="joined")
    user = relationship("User", foreign_keys=[user_id])  # the account (for its display name)
    skills = relationship("ProfileSkill", cascade="all, delete-orphan", passive_deletes=True, lazy="selectin",
                          order_by="ProfileSkill.skill_code")
    availability = relationship("AvailabilitySlot", cascade="all, delete-orphan", passive_deletes=True,
                                lazy="selectin", order_by="(AvailabilitySlot.weekday, AvailabilitySlot.start_minute)")
    exceptions = relationship("AvailabilityException", cascade="all, delete-orphan", passive_deletes=True,
                              lazy="selectin",
                              order_by="(AvailabilityException.date, AvailabilityException.start_minute)")


class ProfileSkill(db.Model):
    __tablename__ = "profile_skills"
    __table_args__ = (sa.CheckConstraint("level BETWEEN 1 AND 3", name="level_range"),)
    user_id = sa.Column(sa.Uuid, sa.ForeignKey("volunteer_profiles.user_id", ondelete="CASCADE"), primary_key=True)
    skill_code = sa.Column(sa.String(40), sa.ForeignKey("skills.code"), primary_key=True)
    level = sa.Column(sa.Integer, nullable=False, default=1)


class AvailabilitySlot(db.Model):
    """A weekly time range in Europe/Amsterdam local time; minutes since midnight, end exclusive (max 1440)."""

    __tablename__ = "availability_slots"
    __table_args__ = (
        sa.CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
        sa.CheckConstraint("start_minute >= 0 AND end_minute <= 1440 AND start_minute < end_minute",
                           name="minutes_range"),
    )
    id = uuid_pk()
    user_id = sa.Column(sa.Uuid, sa.ForeignKey("volunteer_profiles.user_id", ondelete="CASCADE"), nullable=False,
                        index=True)
    weekday = sa.Column(sa.Integer, nullable=False)
    start_minute = sa.Column(sa.Integer, nullable=False)
    end_minute = sa.Column(sa.Integer, nullable=False)


class AvailabilityException(db.Model):
    """A dated change to the weekly pattern: unavailable (holiday) or extra available, whole day or a range."""

    __tablename__ = "availability_exceptions"
    id = uuid_pk()
    user_id = sa.Column(sa.Uuid, sa.ForeignKey("volunteer_profiles.user_id", ondelete="CASCADE"), nullable=False,
                        index=True)
    date = sa.Column(sa.Date, nullable=False)
    start_minute = sa.Column(sa.Integer, nullable=True)
    end_minute = sa.Column(sa.Integer, nullable=True)
    available = sa.Column(sa.Boolean, nullable=False, default=False)
