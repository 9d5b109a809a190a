"""Organisations: creation, verification by the municipality, and their coordinators."""
from __future__ import annotations

import uuid
from urllib.parse import urlsplit
from dataclasses import dataclass

import sqlalchemy as sa

from backend.accounts.models import User
from backend.accounts.operations import grant_role, normalise_email
from backend.audit.operations import record
from backend.errors import Conflict, InvalidInput, NotFound
from backend.extensions import db
from backend.i18n import Msg
from backend.lookup import get_or_not_found
from backend.models_base import utcnow
from backend.notifications.outbox import enqueue
from backend.organisations import messages  # noqa: F401  (registers the message keys)
from backend.organisations.access import require_coordinator
from backend.organisations.models import Organisation, OrganisationMember
from backend.pagination import page
from backend.places.models import Municipality
from backend.places.operations import require_staff
from backend.read_through import read_through


def checked_website(website: str | None) -> str | None:
    """The organisation's website, or None for none. Only an http(s) address with a host: pages show it as a
    link, and a ``javascript:`` or ``data:`` one would run in the reader's browser."""
    website = (website or "").strip()
    if not website:
        return None
    parts = urlsplit(website)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or any(
            ch.isspace() or not ch.isprintable() for ch in website):
        raise InvalidInput("detail.validation", errors={"website": [Msg("field.website_scheme")]})
    return website


def create_organisation(creator: User, *, name: str, description: str, municipality: str,
                        website: str | None = None) -> Organisation:
    """The creator becomes its first active coordinator. It starts unverified: it can draft, not publish."""
    errors: dict[str, list] = {}
    try:
        website = checked_website(website)
    except InvalidInput as exc:
        errors.update(exc.errors)
    place = db.session.scalar(sa.select(Municipality).where(Municipality.slug == municipality))
    if place is None:
        errors["municipality"] = [Msg("field.unknown_municipality", slug=municipality)]
    if errors:
        raise InvalidInput("detail.validation", errors=errors)
    org = Organisation(id=uuid.uuid4(), municipality_id=place.id, name=name.strip(), description=description,
                       website=website)
    db.session.add(org)
    db.session.add(OrganisationMember(organisation_id=org.id, user_id=creator.id, status="active",
                                      accepted_at=utcnow()))
    grant_role(creator, "coordinator", actor_id=creator.id)
    db.session.flush()
    record("organisation.created", actor_id=creator.id, object_type="organisation", object_id=org.id)
    return org


def get_organisation(organisation_id) -> Organisation:
    org = get_or_not_found(Organisation, organisation_id, "Organisation")
    return org


def list_organisations(*, municipality: str | None, verified: bool | None, limit: int, cursor: str | None):
    stmt = sa.select(Organisation)
    if municipality is not None:
        stmt = stmt.join(Municipality, Municipality.id == Organisation.municipality_id).where(
            Municipality.slug == municipality)
    if verified is not None:
        stmt = stmt.where(Organisation.verified_at.is_not(None) if verified else Organisation.verified_at.is_(None))
    return page(stmt, [Organisation.name, Organisation.id], [str, uuid.UUID], limit=limit, cursor=cursor,
                key=lambda o: [o.name, o.id])


def set_verified(actor: User, organisation_id, verified: bool) -> Organisation:
    """Staff of the organisation's own municipality vouch for it (or withdraw that)."""
    org = get_organisation(organisation_id)
    require_staff(actor, db.session.get(Municipality, org.municipality_id))
    if verified:
        org.verified_at, org.verified_by = utcnow(), actor.id
        org.rejected_at, org.rejection_reason = None, None  # a rejected registration may be verified later
    else:
        org.verified_at, org.verified_by = None, None
    record("organisation.verified" if verified else "organisation.verification_revoked", actor_id=actor.id,
           object_type="organisation", object_id=org.id)
    return org


def invite_coordinator(actor: User, organisation_id, email: str) -> str:
    """Invite someone to co-coordinate. Says nothing about whether the address has an account (that would let
    anyone probe who uses DoeMee): a membership and a message are written only when it does. Returns the
    address as understood."""
    org = get_organisation(organisation_id)
    require_coordinator(actor, org.id)
    email = normalise_email(email)
    invitee = db.session.scalar(sa.select(User).where(User.email == email))
    if invitee is None or _membership(org.id, invitee.id) is not None:
        return email
    member = OrganisationMember(id=uuid.uuid4(), organisation_id=org.id, user_id=invitee.id, status="invited",
                                invited_by=actor.id)
    db.session.add(member)
    enqueue(f"coordinator-invited:{member.id}", user_id=invitee.id, channel="any", template="coordinator_invited",
            locale=invitee.locale, payload={"organisation_id": str(org.id), "organisation_name": org.name})
    record("organisation.coordinator_invited", actor_id=actor.id, subject_id=invitee.id,
           object_type="organisation", object_id=org.id)
    return email


def accept_invitation(user: User, organisation_id) -> OrganisationMember:
    org = get_organisation(organisation_id)
    member = _membership(org.id, user.id)
    if member is None or member.status != "invited":
        raise NotFound("detail.no_invitation")
    member.status, member.accepted_at = "active", utcnow()
    grant_role(user, "coordinator", actor_id=user.id)
    record("organisation.coordinator_joined", actor_id=user.id, subject_id=user.id, object_type="organisation",
           object_id=org.id)
    return member


def remove_coordinator(actor: User, organisation_id, user_id) -> None:
    """Remove a coordinator or withdraw an invitation. An organisation always keeps one active coordinator."""
    org = get_organisation(organisation_id)
    require_coordinator(actor, org.id)
    member = _membership(org.id, user_id)
    if member is None:
        raise NotFound("detail.not_found", what="Coordinator")
    if member.status == "active" and _active_count(org.id) <= 1:
        raise Conflict("detail.last_coordinator")
    db.session.delete(member)
    record("organisation.coordinator_removed", actor_id=actor.id, subject_id=member.user_id,
           object_type="organisation", object_id=org.id)


@dataclass(frozen=True)
class Coordinator:
    """A coordinator (or an open invitation) as their fellow coordinators see them: a name, nothing more."""

    membership: OrganisationMember
    display_name: str

    user_id, status, accepted_at = read_through("membership", "user_id", "status", "accepted_at")
    invited_at = property(lambda self: self.membership.created_at)


def list_coordinators(actor: User, organisation_id) -> list[Coordinator]:
    """Coordinators and open invitations, for the organisation's own coordinators (they need each other's
    names to work together, nothing more)."""
    org = get_organisation(organisation_id)
    require_coordinator(actor, org.id)
    rows = db.session.execute(
        sa.select(OrganisationMember, User.display_name).join(User, User.id == OrganisationMember.user_id)
        .where(OrganisationMember.organisation_id == org.id)
        .order_by(OrganisationMember.created_at, OrganisationMember.id))
    return [Coordinator(m, name) for m, name in rows]


@dataclass(frozen=True)
class MyOrganisation:
    organisation: Organisation
    municipality: str  # slug
    membership: str    # active or invited


def my_organisations(user: User) -> list[MyOrganisation]:
    """The organisations I coordinate (active) or am invited to coordinate, by name."""
    rows = db.session.execute(
        sa.select(Organisation, Municipality.slug, OrganisationMember.status)
        .join(OrganisationMember, OrganisationMember.organisation_id == Organisation.id)
        .join(Municipality, Municipality.id == Organisation.municipality_id)
        .where(OrganisationMember.user_id == user.id).order_by(Organisation.name, Organisation.id))
    return [MyOrganisation(org, slug, status) for org, slug, status in rows]


def _membership(organisation_id, user_id) -> OrganisationMember | None:
    return db.session.scalar(sa.select(OrganisationMember).where(
        OrganisationMember.organisation_id == organisation_id, OrganisationMember.user_id == user_id))


def _active_count(organisation_id) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(OrganisationMember).where(
        OrganisationMember.organisation_id == organisation_id, OrganisationMember.status == "active"))


def export_memberships(user: User) -> list[dict]:
    rows = db.session.execute(
        sa.select(OrganisationMember, Organisation.name)
        .join(Organisation, Organisation.id == OrganisationMember.organisation_id)
        .where(OrganisationMember.user_id == user.id).order_by(OrganisationMember.created_at))
    return [{"organisation_id": str(m.organisation_id), "organisation": name, "status": m.status,
             "invited_at": m.created_at.isoformat(),
             "accepted_at": m.accepted_at.isoformat() if m.accepted_at else None} for m, name in rows]
