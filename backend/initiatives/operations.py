"""Resident initiatives (bewonersinitiatieven): proposing, supporting, the municipality's decision, and tasks.

A task is an opportunity of kind initiative_task with one shift; volunteers join it through the ordinary shift
sign-up. Tasks can be posted only while the municipality supports the initiative.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from backend.accounts.models import RoleGrant, User
from backend.audit.operations import record
from backend.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from backend.extensions import db
from backend.i18n import Msg
from backend.initiatives import messages  # noqa: F401  (registers the message keys)
from backend.initiatives.models import Initiative, InitiativeSupport
from backend.lookup import get_or_not_found
from backend.models_base import utcnow
from backend.notifications.outbox import enqueue
from backend.opportunities.models import Opportunity
from backend.opportunities.operations import add_shift
from backend.pagination import page
from backend.places.models import Municipality, Neighbourhood
from backend.places.operations import require_staff, resolve_postcode
from backend.read_through import read_through
from backend.taxonomy import check_codes
from backend.volunteers.models import VolunteerProfile
from backend.volunteers.taxonomy_ops import active_skill_codes

# received -> in discussion -> supported or declined; a declined initiative may be taken up again. Support is
# final: volunteers may have signed up for its tasks.
TRANSITIONS = {
    "received": {"in_discussion", "supported", "declined"},
    "in_discussion": {"supported", "declined"},
    "declined": {"in_discussion"},
    "supported": set(),
}


def propose_initiative(user: User, data: dict) -> InitiativeInfo:
    hood = _place(user, data)
    initiative = Initiative(id=uuid.uuid4(), municipality_id=hood.municipality_id, neighbourhood_id=hood.id,
                            proposer_id=user.id, title=data["title"].strip(), description=data["description"].strip(),
                            help_needed=(data.get("help_needed") or "").strip(), status="received")
    db.session.add(initiative)
    db.session.flush()
    staff_ids = db.session.scalars(sa.select(RoleGrant.user_id).where(
        RoleGrant.role == "municipality_staff", RoleGrant.municipality_id == hood.municipality_id))
    for staff in db.session.scalars(sa.select(User).where(User.id.in_(list(staff_ids)))):
        enqueue(f"initiative:{initiative.id}:received:{staff.id}", user_id=staff.id, channel="any",
                template="initiative_received", locale=staff.locale,
                payload={"initiative_id": str(initiative.id)})
    record("initiative.proposed", actor_id=user.id, object_type="initiative", object_id=initiative.id)
    return _view(initiative, 0)


def _place(user: User, data: dict) -> Neighbourhood:
    """The neighbourhood from the postcode, or from the slug (in the named municipality or the proposer's own),
    or else the proposer's own neighbourhood."""
    profile = db.session.get(VolunteerProfile, user.id)
    if "postcode" in data and "neighbourhood" in data:
        raise InvalidInput("detail.validation", errors={"neighbourhood": [Msg("field.initiative_place_either")]})
    if "postcode" in data:
        return resolve_postcode(data["postcode"]).neighbourhood
    if "neighbourhood" not in data:
        if profile is None:
            raise InvalidInput("detail.validation", errors={"postcode": [Msg("field.initiative_place_needed")]})
        return profile.neighbourhood
    if "municipality" in data:
        municipality = db.session.scalar(sa.select(Municipality).where(Municipality.slug == data["municipality"]))
        if municipality is None:
            raise InvalidInput("detail.validation", errors={
                "municipality": [Msg("field.initiative_unknown_municipality", slug=data["municipality"])]})
        municipality_id = municipality.id
    elif profile is not None:
        municipality_id = profile.municipality_id
    else:
        raise InvalidInput("detail.validation", errors={"municipality": [Msg("field.initiative_municipality_needed")]})
    hood = db.session.scalar(sa.select(Neighbourhood).where(Neighbourhood.municipality_id == municipality_id,
                                                            Neighbourhood.slug == data["neighbourhood"]))
    if hood is None:
        raise InvalidInput("detail.validation", errors={
            "neighbourhood": [Msg("field.initiative_unknown_neighbourhood", slug=data["neighbourhood"])]})
    return hood


def get_initiative(initiative_id) -> InitiativeInfo:
    initiative = _get(initiative_id)
    return _view(initiative, _support_counts([initiative.id]).get(initiative.id, 0))


def support_initiative(user: User, initiative_id) -> InitiativeInfo:
    initiative = _get(initiative_id)
    if initiative.status == "declined":
        raise RuleViolation("detail.initiative_declined")
    if db.session.get(InitiativeSupport, (initiative.id, user.id)) is not None:
        raise Conflict("detail.initiative_already_supported")
    try:
        with db.session.begin_nested():
            db.session.add(InitiativeSupport(initiative_id=initiative.id, user_id=user.id))
    except IntegrityError:
        # The primary key (initiative, user) caught a simultaneous second support.
        raise Conflict("detail.initiative_already_supported") from None
    return get_initiative(initiative.id)


def withdraw_support(user: User, initiative_id) -> None:
    initiative = _get(initiative_id)
    support = get_or_not_found(InitiativeSupport, (initiative.id, user.id), "Support")
    db.session.delete(support)


def set_status(user: User, initiative_id, *, status: str, reason: str | None) -> InitiativeInfo:
    initiative = db.session.scalar(sa.select(Initiative).where(Initiative.id == initiative_id).with_for_update())
    if initiative is None:
        raise NotFound("detail.not_found", what="Initiative")
    require_staff(user, db.session.get(Municipality, initiative.municipality_id))
    reason = (reason or "").strip() or None
    if status == "declined" and reason is None:
        raise InvalidInput("detail.validation", errors={"reason": [Msg("field.initiative_reason_required")]})
    if status != "declined" and reason is not None:
        raise InvalidInput("detail.validation", errors={"reason": [Msg("field.initiative_reason_only_declined")]})
    if status not in TRANSITIONS[initiative.status]:
        raise RuleViolation("detail.initiative_status_change", current=initiative.status, wanted=status)
    now = utcnow()
    initiative.status, initiative.decline_reason = status, reason
    initiative.status_changed_by, initiative.status_changed_at = user.id, now
    proposer = db.session.get(User, initiative.proposer_id) if initiative.proposer_id else None
    if proposer is not None:
        enqueue(f"initiative:{initiative.id}:status:{status}:{now.isoformat()}", user_id=proposer.id,
                channel="any", template="initiative_status_changed", locale=proposer.locale,
                payload={"initiative_id": str(initiative.id), "status": status})
    record("initiative.status_changed", actor_id=user.id, object_type="initiative", object_id=initiative.id,
           status=status)
    return get_initiative(initiative.id)


def add_task(user: User, initiative_id, data: dict) -> TaskInfo:
    initiative = _get(initiative_id)
    municipality = db.session.get(Municipality, initiative.municipality_id)
    if user.id != initiative.proposer_id:
        try:
            require_staff(user, municipality)
        except Forbidden:
            raise Forbidden("detail.initiative_task_forbidden") from None
    if initiative.status != "supported":
        raise RuleViolation("detail.initiative_not_supported")
    _check_task(data)
    hood = db.session.get(Neighbourhood, initiative.neighbourhood_id)
    opportunity = Opportunity(
        id=uuid.uuid4(), municipality_id=initiative.municipality_id, kind="initiative_task",
        initiative_id=initiative.id, title=data["title"].strip(), description=data["description"].strip(),
        category=data["category"], required_skills=data.get("required_skills", []), neighbourhood_id=hood.id,
        latitude=hood.latitude, longitude=hood.longitude, commitment="one_off", status="published",
        created_by=user.id, published_at=utcnow())
    db.session.add(opportunity)
    db.session.flush()
    add_shift(opportunity, starts_at=data["starts_at"], ends_at=data["ends_at"], capacity=data["capacity"])
    record("initiative.task_added", actor_id=user.id, object_type="initiative", object_id=initiative.id,
           opportunity_id=str(opportunity.id))
    return _task_view(opportunity)


def _check_task(data: dict) -> None:
    errors: dict[str, list] = {}
    check_codes(data.get("required_skills", []), active_skill_codes(), "required_skills", "field.unknown_skill",
                errors)
    # The same rules add_shift applies, checked here too so that all mistakes come back in one answer.
    if data["ends_at"] <= data["starts_at"]:
        errors["ends_at"] = [Msg("field.time_inverted")]
    if data["starts_at"] < utcnow():
        errors["starts_at"] = [Msg("field.shift_in_past")]
    if errors:
        raise InvalidInput("detail.validation", errors=errors)


def list_tasks(initiative_id, *, limit: int, cursor: str | None):
    initiative = _get(initiative_id)
    stmt = sa.select(Opportunity).where(Opportunity.initiative_id == initiative.id,
                                        Opportunity.kind == "initiative_task")
    items, next_cursor = page(stmt, [Opportunity.created_at, Opportunity.id], [datetime, uuid.UUID], limit=limit,
                              cursor=cursor, key=lambda o: [o.created_at, o.id])
    return [_task_view(o) for o in items], next_cursor


def _get(initiative_id) -> Initiative:
    initiative = get_or_not_found(Initiative, initiative_id, "Initiative")
    return initiative


def _support_counts(ids: list) -> dict:
    if not ids:
        return {}
    rows = db.session.execute(sa.select(InitiativeSupport.initiative_id, sa.func.count())
                              .where(InitiativeSupport.initiative_id.in_(ids))
                              .group_by(InitiativeSupport.initiative_id))
    return {initiative_id: count for initiative_id, count in rows}


@dataclass(frozen=True)
class InitiativeInfo:
    """An initiative as anyone may see it, with its place and number of supporters. Never who proposed it (that
    is theirs to share). The list builds it from its rows (backend.initiatives.listing): the same names."""

    initiative: Initiative  # or a row with its shown columns
    municipality: Municipality  # or anything with slug and name
    neighbourhood: Neighbourhood  # or anything with slug, name and district
    support_count: int

    id, title, description, help_needed = read_through("initiative", "id", "title", "description", "help_needed")
    status, decline_reason = read_through("initiative", "status", "decline_reason")
    created_at, status_changed_at = read_through("initiative", "created_at", "status_changed_at")


@dataclass(frozen=True)
class TaskInfo:
    """A task of an initiative (an opportunity) with its one shift, if it has one."""

    opportunity: Opportunity

    id, title, description, category = read_through("opportunity", "id", "title", "description", "category")
    required_skills, status, created_at = read_through("opportunity", "required_skills", "status", "created_at")

    @property
    def shift(self):
        return self.opportunity.shifts[0] if self.opportunity.shifts else None


def _view(initiative: Initiative, support_count: int) -> InitiativeInfo:
    return InitiativeInfo(initiative, db.session.get(Municipality, initiative.municipality_id),
                          db.session.get(Neighbourhood, initiative.neighbourhood_id), support_count)


def _task_view(opportunity: Opportunity) -> TaskInfo:
    return TaskInfo(opportunity)


def export_initiatives(user: User) -> dict:
    proposed = db.session.scalars(sa.select(Initiative).where(Initiative.proposer_id == user.id)
                                  .order_by(Initiative.created_at))
    supported = db.session.scalars(sa.select(InitiativeSupport).where(InitiativeSupport.user_id == user.id)
                                   .order_by(InitiativeSupport.created_at))
    return {"proposed": [{"id": str(i.id), "title": i.title, "description": i.description,
                          "help_needed": i.help_needed, "status": i.status, "created_at": i.created_at.isoformat()}
                         for i in proposed],
            "supported": [{"initiative_id": str(s.initiative_id), "created_at": s.created_at.isoformat()}
                          for s in supported]}
