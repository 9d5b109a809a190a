"""The municipality's verification queue for organisations: what registered organisations submitted, and staff
turning one down with a reason the coordinators read (verifying is operations.set_verified)."""
from __future__ import annotations

import sqlalchemy as sa

from backend.accounts.models import User
from backend.audit.operations import record
from backend.errors import InvalidInput, RuleViolation
from backend.extensions import db
from backend.i18n import Msg
from backend.models_base import utcnow
from backend.organisations import messages  # noqa: F401  (registers the message keys)
from backend.organisations.models import Organisation
from backend.organisations.operations import get_organisation
from backend.places.models import Municipality
from backend.places.operations import get_municipality, require_staff

REASON_MAX = 500


def checked_reason(reason: str | None) -> str:
    """A decision against someone carries a reason they can read: 1 to 500 characters."""
    reason = (reason or "").strip()
    if not reason or len(reason) > REASON_MAX:
        raise InvalidInput("detail.validation", errors={"reason": [Msg("field.reason_required")]})
    return reason


def pending_organisations(actor: User, municipality_slug: str) -> list[Organisation]:
    """Registered, neither verified nor turned down; the longest waiting first."""
    municipality = get_municipality(municipality_slug)
    require_staff(actor, municipality)
    return list(db.session.scalars(sa.select(Organisation).where(
        Organisation.municipality_id == municipality.id, Organisation.verified_at.is_(None),
        Organisation.rejected_at.is_(None)).order_by(Organisation.created_at, Organisation.id)))


def reject_organisation(actor: User, organisation_id, reason: str) -> Organisation:
    """Turn a registration down (staff of its municipality). It stays, unverified, so its coordinators see why."""
    org = get_organisation(organisation_id)
    require_staff(actor, db.session.get(Municipality, org.municipality_id))
    return turned_down(actor, org, reason, "organisation")


def turned_down(actor: User, registration, reason: str, object_type: str):
    """A registration (an organisation, a shop) turned down once, with a reason its people read; one already
    verified or turned down stays as it is (already_decided). The caller has checked that ``actor`` may decide."""
    reason = checked_reason(reason)
    if registration.verified or registration.rejected_at is not None:
        raise RuleViolation("detail.already_decided")
    registration.rejected_at, registration.rejection_reason = utcnow(), reason
    record(f"{object_type}.rejected", actor_id=actor.id, object_type=object_type, object_id=registration.id)
    return registration
