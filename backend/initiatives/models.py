"""Resident initiatives (bewonersinitiatieven) and their supporters; their tasks are opportunities."""
import sqlalchemy as sa

from backend.extensions import db
from backend.models_base import UTCDateTime, created_at, updated_at, uuid_pk

STATUSES = ("received", "in_discussion", "supported", "declined")


class Initiative(db.Model):
    __tablename__ = "initiatives"
    __table_args__ = (
        sa.CheckConstraint(sa.text("status IN ('received','in_discussion','supported','declined')"),
                           name="status_known"),
    )
    id = uuid_pk()
    municipality_id = sa.Column(sa.Uuid, sa.ForeignKey("municipalities.id"), nullable=False, index=True)
    neighbourhood_id = sa.Column(sa.Uuid, sa.ForeignKey("neighbourhoods.id"), nullable=False)
    # The initiative stays when its proposer erases their account; it just has no proposer any more.
    proposer_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True)
    title = sa.Column(sa.String(120), nullable=False)
    description = sa.Column(sa.Text, nullable=False)
    help_needed = sa.Column(sa.Text, nullable=False, default="")
    status = sa.Column(sa.String(15), nullable=False, default="received")
    decline_reason = sa.Column(sa.Text, nullable=True)
    status_changed_by = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    status_changed_at = sa.Column(UTCDateTime, nullable=True)
    created_at = created_at()
    updated_at = updated_at()


class InitiativeSupport(db.Model):
    __tablename__ = "initiative_supports"
    initiative_id = sa.Column(sa.Uuid, sa.ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True)
    user_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    created_at = created_at()
