"""Organisations that work with volunteers, and their coordinators."""
import sqlalchemy as sa
from sqlalchemy.orm import relationship

from backend.extensions import db
from backend.models_base import UTCDateTime, created_at, updated_at, uuid_pk


class Organisation(db.Model):
    """Verified by municipality staff; an unverified organisation can draft but not publish."""

    __tablename__ = "organisations"
    id = uuid_pk()
    municipality_id = sa.Column(sa.Uuid, sa.ForeignKey("municipalities.id"), nullable=False, index=True)
    name = sa.Column(sa.String(120), nullable=False)
    description = sa.Column(sa.Text, nullable=False, default="")
    website = sa.Column(sa.String(200), nullable=True)
    verified_at = sa.Column(UTCDateTime, nullable=True)
    verified_by = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    # The municipality turned the registration down (the coordinators see why); verifying it later clears this.
    rejected_at = sa.Column(UTCDateTime, nullable=True)
    rejection_reason = sa.Column(sa.String(500), nullable=True)
    # Reminder lead times for this organisation's shifts, in hours before the start (issue: notifications).
    reminder_hours = sa.Column(sa.JSON, nullable=False, default=lambda: [24, 2])
    created_at = created_at()
    updated_at = updated_at()

    members = relationship("OrganisationMember", cascade="all, delete-orphan", passive_deletes=True,
                           lazy="selectin")

    @property
    def verified(self) -> bool:
        return self.verified_at is not None


class OrganisationMember(db.Model):
    """A coordinator of an organisation; invited coordinators become active when they accept."""

    __tablename__ = "organisation_members"
    __table_args__ = (
        sa.UniqueConstraint("organisation_id", "user_id"),
        sa.CheckConstraint(sa.text("status IN ('invited','active')"), name="status_known"),
    )
    id = uuid_pk()
    organisation_id = sa.Column(sa.Uuid, sa.ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False)
    user_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    status = sa.Column(sa.String(10), nullable=False, default="active")
    invited_by = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at = created_at()
    accepted_at = sa.Column(UTCDateTime, nullable=True)


class IntermediaryApplication(db.Model):
    """Someone of a neighbourhood team or welfare organisation asks the municipality to let them post requests
    for help on residents' behalf. Approval grants the role ``intermediary`` for that municipality."""

    __tablename__ = "intermediary_applications"
    __table_args__ = (
        sa.CheckConstraint(sa.text("status IN ('pending','approved','rejected')"), name="status_known"),
    )
    id = uuid_pk()
    user_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    municipality_id = sa.Column(sa.Uuid, sa.ForeignKey("municipalities.id", ondelete="CASCADE"), nullable=False,
                                index=True)
    organisation_name = sa.Column(sa.String(120), nullable=False)
    job_title = sa.Column(sa.String(80), nullable=False)
    motivation = sa.Column(sa.String(1000), nullable=False)
    status = sa.Column(sa.String(10), nullable=False, default="pending")
    decision_reason = sa.Column(sa.String(500), nullable=True)
    decided_at = sa.Column(UTCDateTime, nullable=True)
    decided_by = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at = created_at()
