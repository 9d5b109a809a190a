"""Intermediaries (neighbourhood teams, welfare workers) ask the municipality to let them post requests for help
on residents' behalf; its staff approve (the role ``intermediary`` for that municipality) or turn it down with a
reason the applicant reads."""
from __future__ import annotations

import uuid

import sqlalchemy as sa

from backend.accounts.models import User
from backend.accounts.operations import grant_role
from backend.audit.operations import record
from backend.errors import Conflict, InvalidInput, RuleViolation
from backend.extensions import db
from backend.i18n import Msg
from backend.lookup import get_or_not_found
from backend.models_base import iso, utcnow
from backend.organisations.models import IntermediaryApplication
from backend.organisations.verification import checked_reason
from backend.places.models import Municipality
from backend.places.operations import get_municipality, require_staff

LIMITS = {"organisation_name": 120, "job_title": 80, "motivation": 1000}


def apply_as_intermediary(user: User, *, municipality: str, organisation_name: str, job_title: str,
                          motivation: str) -> IntermediaryApplication:
    """One open application per person and municipality; none when the person already has the role there."""
    place = get_municipality(municipality)
    values = {"organisation_name": organisation_name, "job_title": job_title, "motivation": motivation}
    errors = {name: [Msg("field.application_text", max=LIMITS[name])]
              for name, value in values.items() if not (value or "").strip() or len(value.strip()) > LIMITS[name]}
    if errors:
        raise InvalidInput("detail.validation", errors=errors)
    if user.has_role("intermediary", place.id):
        raise Conflict("detail.already_intermediary")
    if db.session.scalar(sa.select(IntermediaryApplication.id).where(
            IntermediaryApplication.user_id == user.id, IntermediaryApplication.municipality_id == place.id,
            IntermediaryApplication.status == "pending")) is not None:
        raise Conflict("detail.application_pending")
    application = IntermediaryApplication(id=uuid.uuid4(), user_id=user.id, municipality_id=place.id,
                                          status="pending", **{k: v.strip() for k, v in values.items()})
    db.session.add(application)
    db.session.flush()
    record("intermediary.applied", actor_id=user.id, object_type="intermediary_application",
           object_id=application.id)
    return application


def my_applications(user: User) -> list[IntermediaryApplication]:
    """The person's applications, the latest first (the applicant sees the decision and its reason here)."""
    return list(db.session.scalars(sa.select(IntermediaryApplication).where(
        IntermediaryApplication.user_id == user.id).order_by(IntermediaryApplication.created_at.desc())))


def pending_applications(actor: User, municipality_slug: str) -> list[tuple[IntermediaryApplication, User]]:
    """Open applications with who sent them (name and e-mail address, for the staff to check); oldest first."""
    municipality = get_municipality(municipality_slug)
    require_staff(actor, municipality)
    return [(application, user) for application, user in db.session.execute(
        sa.select(IntermediaryApplication, User).join(User, User.id == IntermediaryApplication.user_id)
        .where(IntermediaryApplication.municipality_id == municipality.id,
               IntermediaryApplication.status == "pending")
        .order_by(IntermediaryApplication.created_at, IntermediaryApplication.id))]


def _staff_application(actor: User, application_id) -> IntermediaryApplication:
    application = get_or_not_found(IntermediaryApplication, application_id, "Application")
    require_staff(actor, db.session.get(Municipality, application.municipality_id))
    if application.status != "pending":
        raise RuleViolation("detail.already_decided")
    return application


def approve_application(actor: User, application_id) -> IntermediaryApplication:
    application = _staff_application(actor, application_id)
    application.status, application.decided_at, application.decided_by = "approved", utcnow(), actor.id
    grant_role(db.session.get(User, application.user_id), "intermediary", application.municipality_id,
               actor_id=actor.id)
    record("intermediary.approved", actor_id=actor.id, subject_id=application.user_id,
           object_type="intermediary_application", object_id=application.id)
    return application


def reject_application(actor: User, application_id, reason: str) -> IntermediaryApplication:
    reason = checked_reason(reason)
    application = _staff_application(actor, application_id)
    application.status, application.decided_at, application.decided_by = "rejected", utcnow(), actor.id
    application.decision_reason = reason
    record("intermediary.rejected", actor_id=actor.id, subject_id=application.user_id,
           object_type="intermediary_application", object_id=application.id)
    return application


def export_applications(user: User) -> list[dict]:
    """The data subject's export: what they submitted and what the municipality decided."""
    return [{"municipality_id": str(a.municipality_id), "organisation_name": a.organisation_name,
             "job_title": a.job_title, "motivation": a.motivation, "status": a.status,
             "decision_reason": a.decision_reason, "decided_at": iso(a.decided_at), "created_at": iso(a.created_at)}
            for a in my_applications(user)]
