"""Opportunities (a vacancy, an initiative task or a help request) and their schedules: the shifts of a vacancy,
the window of a help request (HelpRequest; its address and the operations on it live in backend/help/)."""
import sqlalchemy as sa
from sqlalchemy.orm import relationship

from backend.extensions import db
from backend.models_base import UTCDateTime, created_at, updated_at, uuid_pk

KINDS = ("vacancy", "initiative_task", "help_request")
STATUSES = ("draft", "published", "paused", "filled", "closed")
COMMITMENTS = ("one_off", "regular")


class Opportunity(db.Model):
    __tablename__ = "opportunities"
    __table_args__ = (
        sa.CheckConstraint(sa.text("kind IN ('vacancy','initiative_task','help_request')"), name="kind_known"),
        sa.CheckConstraint(sa.text("status IN ('draft','published','paused','filled','closed')"),
                           name="status_known"),
        sa.CheckConstraint(sa.text("commitment IN ('one_off','regular')"), name="commitment_known"),
        sa.CheckConstraint("min_age IS NULL OR min_age BETWEEN 0 AND 100", name="min_age_range"),
        sa.CheckConstraint("max_distance_km IS NULL OR max_distance_km >= 0", name="max_distance_not_negative"),
        sa.Index("ix_opportunities_feed", "municipality_id", "status", "kind"),
    )
    id = uuid_pk()
    municipality_id = sa.Column(sa.Uuid, sa.ForeignKey("municipalities.id"), nullable=False)
    kind = sa.Column(sa.String(20), nullable=False)
    organisation_id = sa.Column(sa.Uuid, sa.ForeignKey("organisations.id", ondelete="CASCADE"), nullable=True,
                                index=True)
    initiative_id = sa.Column(sa.Uuid, sa.ForeignKey("initiatives.id", ondelete="CASCADE"), nullable=True,
                              index=True)
    title = sa.Column(sa.String(120), nullable=False)
    description = sa.Column(sa.Text, nullable=False, default="")
    category = sa.Column(sa.String(30), nullable=False)
    required_skills = sa.Column(sa.JSON, nullable=False, default=list)
    nice_skills = sa.Column(sa.JSON, nullable=False, default=list)
    remote = sa.Column(sa.Boolean, nullable=False, default=False)
    # Location: the neighbourhood and its centroid only (a help request's address is kept apart).
    postcode = sa.Column(sa.String(7), nullable=True)
    neighbourhood_id = sa.Column(sa.Uuid, sa.ForeignKey("neighbourhoods.id"), nullable=True, index=True)
    latitude = sa.Column(sa.Float, nullable=True)
    longitude = sa.Column(sa.Float, nullable=True)
    max_distance_km = sa.Column(sa.Float, nullable=True)
    requires_vog = sa.Column(sa.Boolean, nullable=False, default=False)
    min_age = sa.Column(sa.Integer, nullable=True)
    languages = sa.Column(sa.JSON, nullable=False, default=list)  # any of these is enough
    commitment = sa.Column(sa.String(10), nullable=False, default="one_off")
    # Weekly rule of a regular vacancy, e.g. {"weekdays": ["tue"], "start": "18:00", "end": "20:00",
    # "capacity": 3, "weeks": 8}; shifts are generated from it (dateutil.rrule, Europe/Amsterdam).
    recurrence = sa.Column(sa.JSON, nullable=True)
    status = sa.Column(sa.String(10), nullable=False, default="draft")
    # Where the volunteer goes (one of the organisation's places); None: at home/online, or not said yet.
    meeting_place_id = sa.Column(sa.Uuid, sa.ForeignKey("meeting_places.id", ondelete="SET NULL"), nullable=True,
                                 index=True)
    created_by = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    published_at = sa.Column(UTCDateTime, nullable=True)
    created_at = created_at()
    updated_at = updated_at()

    shifts = relationship("Shift", back_populates="opportunity", order_by="Shift.starts_at",
                          cascade="all, delete-orphan", passive_deletes=True)
    neighbourhood = relationship("Neighbourhood")
    meeting_place = relationship("MeetingPlace")
    contact = relationship("VacancyContact", uselist=False, cascade="all, delete-orphan", passive_deletes=True)


CONTACT_CHANNELS = ("email", "phone")


class MeetingPlace(db.Model):
    """An address or meeting point of an organisation, where volunteers go. Public: it is not personal data.
    The coordinates, when known, make the link that opens the phone's map app exact."""

    __tablename__ = "meeting_places"
    __table_args__ = (
        sa.CheckConstraint("(latitude IS NULL) = (longitude IS NULL)", name="both_coordinates_or_none"),
    )
    id = uuid_pk()
    organisation_id = sa.Column(sa.Uuid, sa.ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False,
                                index=True)
    name = sa.Column(sa.String(120), nullable=False, default="")
    street = sa.Column(sa.String(120), nullable=False)
    postcode = sa.Column(sa.String(7), nullable=False)
    city = sa.Column(sa.String(80), nullable=False)
    directions = sa.Column(sa.String(300), nullable=False, default="")
    latitude = sa.Column(sa.Float, nullable=True)
    longitude = sa.Column(sa.Float, nullable=True)
    created_at = created_at()


class VacancyContact(db.Model):
    """The vacancy's contact person: one of the organisation's coordinators, and how volunteers may reach them.
    Deleted with the person (their account's erasure), so no phone number outlives them."""

    __tablename__ = "vacancy_contacts"
    __table_args__ = (
        sa.CheckConstraint(sa.text("channel IN ('email','phone')"), name="channel_known"),
        sa.CheckConstraint("(channel = 'phone') = (phone IS NOT NULL)", name="phone_with_phone_channel"),
    )
    opportunity_id = sa.Column(sa.Uuid, sa.ForeignKey("opportunities.id", ondelete="CASCADE"), primary_key=True)
    user_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    channel = sa.Column(sa.String(5), nullable=False, default="email")
    phone = sa.Column(sa.String(16), nullable=True)


class Shift(db.Model):
    """A dated slot of an opportunity with a capacity. ``accepted_count`` is kept in step with the accepted
    engagements under a row lock (SELECT ... FOR UPDATE), so that capacity holds under concurrent sign-ups."""

    __tablename__ = "shifts"
    __table_args__ = (
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint("capacity > 0", name="capacity_positive"),
        sa.CheckConstraint("accepted_count >= 0 AND accepted_count <= capacity", name="accepted_within_capacity"),
        sa.CheckConstraint(sa.text("status IN ('open','cancelled')"), name="status_known"),
        sa.Index("ix_shifts_start", "starts_at", "id"),
    )
    id = uuid_pk()
    opportunity_id = sa.Column(sa.Uuid, sa.ForeignKey("opportunities.id", ondelete="CASCADE"), nullable=False,
                               index=True)
    starts_at = sa.Column(UTCDateTime, nullable=False)
    ends_at = sa.Column(UTCDateTime, nullable=False)
    capacity = sa.Column(sa.Integer, nullable=False)
    accepted_count = sa.Column(sa.Integer, nullable=False, default=0)
    status = sa.Column(sa.String(10), nullable=False, default="open")
    # Short code the coordinator shows (or prints as QR) at the door; volunteers check in with it.
    checkin_code = sa.Column(sa.String(12), nullable=False)
    created_at = created_at()
    updated_at = updated_at()

    opportunity = relationship("Opportunity", back_populates="shifts")


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
    # How the resident gave it (backend.help.models.CONSENT_METHODS); NULL for requests posted before it was asked.
    consent_method = sa.Column(sa.String(12), nullable=True)
    window_start = sa.Column(UTCDateTime, nullable=False)
    window_end = sa.Column(UTCDateTime, nullable=False)
    recurring = sa.Column(sa.Boolean, nullable=False, default=False)
    urgency = sa.Column(sa.String(10), nullable=False, default="normal")
    accepted_engagement_id = sa.Column(sa.Uuid, nullable=True)
    matched_at = sa.Column(UTCDateTime, nullable=True)
    created_at = created_at()
    updated_at = updated_at()
