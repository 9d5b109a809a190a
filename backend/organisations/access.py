"""Who acts for an organisation: its active coordinators (and admins)."""
from __future__ import annotations

import sqlalchemy as sa

from backend.accounts.models import User
from backend.errors import Forbidden
from backend.extensions import db
from backend.i18n import N_, add_messages
from backend.organisations.models import OrganisationMember

add_messages({
    "detail.not_coordinator": N_("You are not a coordinator of this organisation."),
})


def is_coordinator(user: User, organisation_id) -> bool:
    if user.has_role("admin"):
        return True
    return db.session.scalar(sa.select(OrganisationMember.id).where(
        OrganisationMember.organisation_id == organisation_id, OrganisationMember.user_id == user.id,
        OrganisationMember.status == "active")) is not None


def require_coordinator(user: User, organisation_id) -> None:
    if not is_coordinator(user, organisation_id):
        raise Forbidden("detail.not_coordinator")
