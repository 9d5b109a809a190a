"""Staff of a municipality give colleagues the staff role by e-mail address, and take it away (never their own:
a municipality is not left without anyone by a slip of the mouse)."""
from __future__ import annotations

import sqlalchemy as sa

from backend.accounts.models import RoleGrant, User
from backend.accounts.operations import grant_role, normalise_email
from backend.audit.operations import record
from backend.errors import InvalidInput, NotFound, RuleViolation
from backend.extensions import db
from backend.i18n import Msg
from backend.organisations import messages  # noqa: F401  (registers the message keys)
from backend.places.operations import get_municipality, require_staff

STAFF = "municipality_staff"


def account_by_email(email: str) -> User:
    user = db.session.scalar(sa.select(User).where(User.email == normalise_email(email or "")))
    if user is None:
        # The caller is staff of a municipality, trusted to know who works there; naming a missing account
        # tells them to ask the colleague to register first.
        raise InvalidInput("detail.validation", errors={"email": [Msg("field.no_account")]})
    return user


def list_staff(actor: User, municipality_slug: str) -> list[User]:
    municipality = get_municipality(municipality_slug)
    require_staff(actor, municipality)
    return list(db.session.scalars(sa.select(User).join(RoleGrant, RoleGrant.user_id == User.id).where(
        RoleGrant.role == STAFF, RoleGrant.municipality_id == municipality.id).order_by(User.display_name, User.id)))


def grant_staff(actor: User, municipality_slug: str, email: str) -> User:
    municipality = get_municipality(municipality_slug)
    require_staff(actor, municipality)
    user = account_by_email(email)
    grant_role(user, STAFF, municipality.id, actor_id=actor.id)
    db.session.flush()
    return user


def revoke_staff(actor: User, municipality_slug: str, user_id) -> None:
    municipality = get_municipality(municipality_slug)
    require_staff(actor, municipality)
    if user_id == actor.id:
        raise RuleViolation("detail.own_staff_role")
    grant = db.session.scalar(sa.select(RoleGrant).where(
        RoleGrant.user_id == user_id, RoleGrant.role == STAFF, RoleGrant.municipality_id == municipality.id))
    if grant is None:
        raise NotFound("detail.not_found", what="User")
    db.session.delete(grant)
    db.session.flush()
    db.session.expire(db.session.get(User, user_id), ["roles"])
    record("account.role_revoked", actor_id=actor.id, subject_id=user_id, role=STAFF,
           municipality_id=str(municipality.id))
