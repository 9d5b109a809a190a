"""Audit events: who did what to which object. Never personal data in ``details``; ids only."""
import sqlalchemy as sa

from backend.extensions import db
from backend.models_base import created_at, uuid_pk


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    id = uuid_pk()
    at = created_at()
    # No foreign keys: the trail outlives the accounts it mentions; erasure blanks these ids instead.
    actor_id = sa.Column(sa.Uuid, nullable=True, index=True)
    subject_id = sa.Column(sa.Uuid, nullable=True, index=True)
    action = sa.Column(sa.String(60), nullable=False, index=True)
    object_type = sa.Column(sa.String(40), nullable=True)
    object_id = sa.Column(sa.Uuid, nullable=True)
    details = sa.Column(sa.JSON, nullable=False, default=dict)
