"""Vacancies of organisations: create, edit, lifecycle, and their shifts.

Other features (initiatives, help requests, engagements) use ``get_opportunity``, ``get_shift`` and
``add_shift``; those three check no permissions, their callers do.
"""
from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timezone

import sqlalchemy as sa

from backend.accounts.models import User
from backend.audit.operations import record
from backend.engagements.models import HOLDING, Engagement
from backend.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from backend.extensions import db
from backend.i18n import Msg
from backend.models_base import utcnow
from backend.notifications.outbox import enqueue
from backend.opportunities import messages  # noqa: F401  (registers the message keys)
from backend.opportunities import recurrence
from backend.opportunities.models import Opportunity, Shift
from backend.organisations.access import is_coordinator, require_coordinator
from backend.organisations.models import Organisation
from backend.places.operations import resolve_postcode
from backend.reference_data import taxonomy
from backend.volunteers.models import Skill

# Which status a vacancy may move to from each status; everything else is refused with a clear message.
TRANSITIONS = {
    "draft": ("published",),
    "published": ("paused", "filled", "closed"),
    "paused": ("published", "closed"),
    "filled": ("published", "closed"),
    "closed": (),
}
_PLAIN_FIELDS = ("title", "description", "category", "required_skills", "nice_skills", "max_distance_km",
                 "requires_vog", "min_age", "languages", "commitment")

# Unambiguous characters only (no 0/O, 1/I/L): the code is read aloud or typed at the door.
CHECKIN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CHECKIN_CODE_LENGTH = 6


def get_opportunity(opportunity_id) -> Opportunity:
    opportunity = db.session.get(Opportunity, _as_uuid(opportunity_id)) if _as_uuid(opportunity_id) else None
    if opportunity is None:
        raise NotFound("detail.not_found", what="Opportunity")
    return opportunity


def get_shift(shift_id) -> Shift:
    shift = db.session.get(Shift, _as_uuid(shift_id)) if _as_uuid(shift_id) else None
    if shift is None:
        raise NotFound("detail.shift_not_found")
    return shift


def lock_shift(shift_id) -> Shift:
    """The shift, locked until the end of the transaction, with fresh values (not the session's cached ones).

    Everything that changes who holds a place, or the places themselves, goes through this row lock, so that
    accepted_count and the engagements change together, one transaction at a time per shift.
    """
    key = _as_uuid(shift_id)
    shift = db.session.get(Shift, key, with_for_update=True, populate_existing=True) if key else None
    if shift is None:
        raise NotFound("detail.shift_not_found")
    return shift


def add_shift(opportunity: Opportunity, *, starts_at: datetime, ends_at: datetime, capacity: int) -> Shift:
    """Add an open shift; refuses an end before the start, a capacity below 1 and a start in the past."""
    _check_shift_fields(starts_at, ends_at, capacity)
    starts_at, ends_at = starts_at.astimezone(timezone.utc), ends_at.astimezone(timezone.utc)
    shift = Shift(id=uuid.uuid4(), opportunity_id=opportunity.id, opportunity=opportunity, starts_at=starts_at,
                  ends_at=ends_at, capacity=capacity, accepted_count=0, status="open",
                  checkin_code=new_checkin_code())
    db.session.add(shift)
    db.session.flush()
    return shift


def new_checkin_code() -> str:
    """A short random code not used by any other shift (checked; a clash among 31^6 codes is rare but cheap to
    rule out)."""
    while True:
        code = "".join(secrets.choice(CHECKIN_CODE_ALPHABET) for _ in range(CHECKIN_CODE_LENGTH))
        if db.session.scalar(sa.select(Shift.id).where(Shift.checkin_code == code).limit(1)) is None:
            return code


def _check_shift_fields(starts_at: datetime, ends_at: datetime, capacity: int, *, past_allowed=False) -> None:
    errors: dict[str, list] = {}
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise ValueError("shift times must be aware datetimes")
    if ends_at <= starts_at:
        errors["ends_at"] = [Msg("field.time_inverted")]
    if capacity < 1:
        errors["capacity"] = [Msg("field.capacity_positive")]
    if not past_allowed and starts_at < utcnow():
        errors["starts_at"] = [Msg("field.shift_in_past")]
    if errors:
        raise InvalidInput("detail.validation", errors=errors)


def _as_uuid(value) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def organisation_name(opportunity: Opportunity) -> str | None:
    if opportunity.organisation_id is None:
        return None
    return db.session.get(Organisation, opportunity.organisation_id).name


# --- vacancies ---------------------------------------------------------------------------------------------

def create_vacancy(actor: User, organisation_id, data: dict) -> Opportunity:
    """A new vacancy of an organisation, as a draft. Its location is the postcode's neighbourhood centroid."""
    org = db.session.get(Organisation, organisation_id)
    if org is None:
        raise NotFound("detail.not_found", what="Organisation")
    require_coordinator(actor, org.id)
    full = {"description": "", "required_skills": [], "nice_skills": [], "remote": False, "postcode": None,
            "max_distance_km": None, "requires_vog": False, "min_age": None, "languages": [],
            "commitment": "one_off", "recurrence": None, **data}
    opportunity = Opportunity(id=uuid.uuid4(), kind="vacancy", organisation_id=org.id,
                              municipality_id=org.municipality_id, status="draft", created_by=actor.id)
    _apply(opportunity, full, org)
    db.session.add(opportunity)
    db.session.flush()
    record("opportunity.created", actor_id=actor.id, object_type="opportunity", object_id=opportunity.id)
    return opportunity


def update_vacancy(actor: User, opportunity_id, changes: dict) -> Opportunity:
    opportunity = _own_vacancy(actor, opportunity_id)
    _require_not_closed(opportunity)
    current = {"remote": opportunity.remote, "postcode": opportunity.postcode,
               "commitment": opportunity.commitment, "recurrence": opportunity.recurrence}
    if changes.get("remote") is True and "postcode" not in changes:
        current["postcode"] = None  # switching to remote drops the place
    _apply(opportunity, {**current, **changes}, db.session.get(Organisation, opportunity.organisation_id),
           only=set(changes) | {"remote", "postcode"})
    record("opportunity.changed", actor_id=actor.id, object_type="opportunity", object_id=opportunity.id,
           fields=sorted(changes))
    return opportunity


def get_visible_opportunity(viewer: User | None, opportunity_id) -> Opportunity:
    """Anyone may read a vacancy once it was published; a draft only its organisation's coordinators."""
    opportunity = get_opportunity(opportunity_id)
    if opportunity.status == "draft" and not (
            viewer is not None and opportunity.organisation_id is not None
            and is_coordinator(viewer, opportunity.organisation_id)):
        raise NotFound("detail.not_found", what="Opportunity")
    return opportunity


def change_status(actor: User, opportunity_id, target: str) -> Opportunity:
    """Publish, pause, fill or close a vacancy, along the allowed transitions only."""
    opportunity = _own_vacancy(actor, opportunity_id)
    if target not in TRANSITIONS[opportunity.status]:
        raise RuleViolation("detail.transition_not_allowed", current=opportunity.status, target=target)
    if target == "published":
        org = db.session.get(Organisation, opportunity.organisation_id)
        if not org.verified:
            raise RuleViolation("detail.publish_unverified")
        opportunity.published_at = opportunity.published_at or utcnow()
    opportunity.status = target
    if target == "published" and opportunity.recurrence:
        _generate(opportunity)
    if target == "closed":
        _cancel_future_shifts(opportunity)
    record(f"opportunity.{target}", actor_id=actor.id, object_type="opportunity", object_id=opportunity.id)
    return opportunity


def update_filled_status(opportunity: Opportunity) -> None:
    """Keep "filled" in step with the places: filled when every open future shift is full, published again when
    a place opens up. Called whenever places change (here, and by sign-ups and withdrawals)."""
    if opportunity.status not in ("published", "filled"):
        return
    places = db.session.execute(sa.select(Shift.capacity, Shift.accepted_count).where(
        Shift.opportunity_id == opportunity.id, Shift.status == "open", Shift.starts_at > utcnow())).all()
    if not places:
        return
    full = all(accepted >= capacity for capacity, accepted in places)
    if full and opportunity.status == "published":
        opportunity.status = "filled"
    elif not full and opportunity.status == "filled":
        opportunity.status = "published"


# --- shifts ------------------------------------------------------------------------------------------------

def create_shift(actor: User, opportunity_id, *, starts_at: datetime, ends_at: datetime, capacity: int) -> Shift:
    opportunity = _own_vacancy(actor, opportunity_id)
    _require_not_closed(opportunity)
    _require_offsets({"starts_at": starts_at, "ends_at": ends_at})
    shift = add_shift(opportunity, starts_at=starts_at, ends_at=ends_at, capacity=capacity)
    update_filled_status(opportunity)
    record("shift.created", actor_id=actor.id, object_type="shift", object_id=shift.id)
    return shift


def generate_shifts(actor: User, opportunity_id) -> list[Shift]:
    """Extend a regular vacancy's schedule from its weekly rule (shifts that exist are left alone)."""
    opportunity = _own_vacancy(actor, opportunity_id)
    _require_not_closed(opportunity)
    if not opportunity.recurrence:
        raise RuleViolation("detail.not_regular")
    created = _generate(opportunity)
    update_filled_status(opportunity)
    record("shift.generated", actor_id=actor.id, object_type="opportunity", object_id=opportunity.id,
           count=len(created))
    return created


def update_shift(actor: User, shift_id, changes: dict) -> Shift:
    """Move a shift or change its capacity; volunteers holding a place hear about a new time."""
    shift = lock_shift(shift_id)
    opportunity = _own_vacancy(actor, shift.opportunity_id)
    _require_changeable(opportunity, shift)
    _require_offsets(changes)
    starts_at = changes.get("starts_at", shift.starts_at)
    ends_at = changes.get("ends_at", shift.ends_at)
    capacity = changes.get("capacity", shift.capacity)
    _check_shift_fields(starts_at, ends_at, capacity)
    if capacity < shift.accepted_count:
        raise Conflict("detail.capacity_below_accepted", accepted=shift.accepted_count,
                       errors={"capacity": [Msg("field.capacity_below_accepted", accepted=shift.accepted_count)]})
    moved = (starts_at, ends_at) != (shift.starts_at, shift.ends_at)
    shift.starts_at, shift.ends_at = starts_at.astimezone(timezone.utc), ends_at.astimezone(timezone.utc)
    shift.capacity = capacity
    shift.updated_at = utcnow()
    if moved:
        _notify_holders([shift], opportunity, "shift_changed", change=shift.updated_at.isoformat())
    update_filled_status(opportunity)
    record("shift.changed", actor_id=actor.id, object_type="shift", object_id=shift.id, fields=sorted(changes))
    return shift


def cancel_shift(actor: User, shift_id) -> Shift:
    shift = lock_shift(shift_id)
    opportunity = _own_vacancy(actor, shift.opportunity_id)
    _require_changeable(opportunity, shift)
    shift.status = "cancelled"
    _notify_holders([shift], opportunity, "shift_cancelled", reason="shift_cancelled")
    update_filled_status(opportunity)
    record("shift.cancelled", actor_id=actor.id, object_type="shift", object_id=shift.id)
    return shift


# --- helpers -----------------------------------------------------------------------------------------------

def _own_vacancy(actor: User, opportunity_id) -> Opportunity:
    """The opportunity, if ``actor`` coordinates the organisation it belongs to (404 if unknown, 403 if not)."""
    opportunity = get_opportunity(opportunity_id)
    if opportunity.organisation_id is None:
        raise Forbidden("detail.not_a_vacancy")
    require_coordinator(actor, opportunity.organisation_id)
    return opportunity


def _require_offsets(times: dict) -> None:
    """A time without an offset could mean anything (local? UTC?); the API asks for ISO 8601 with one."""
    errors = {name: [Msg("field.offset_required")] for name in ("starts_at", "ends_at")
              if name in times and times[name].tzinfo is None}
    if errors:
        raise InvalidInput("detail.validation", errors=errors)


def _require_not_closed(opportunity: Opportunity) -> None:
    if opportunity.status == "closed":
        raise RuleViolation("detail.opportunity_closed")


def _require_changeable(opportunity: Opportunity, shift: Shift) -> None:
    _require_not_closed(opportunity)
    if shift.status == "cancelled":
        raise RuleViolation("detail.shift_cancelled")
    if shift.starts_at <= utcnow():
        raise RuleViolation("detail.shift_started")


def _apply(opportunity: Opportunity, data: dict, org: Organisation, *, only: set | None = None) -> None:
    """Check ``data`` against the taxonomy and rules, then set it. ``only``: the fields to check and set."""
    wanted = set(data) if only is None else only
    errors: dict[str, list] = {}
    _check_codes(data, wanted, errors)
    placement = _check_place(data, errors) if wanted & {"remote", "postcode"} else None
    if wanted & {"commitment", "recurrence"}:
        _check_recurrence(data, errors)
    if errors:
        raise InvalidInput("detail.validation", errors=errors)
    for name in _PLAIN_FIELDS:
        if name in wanted and name in data:
            setattr(opportunity, name, data[name])
    if "recurrence" in wanted:
        rule = data.get("recurrence")
        opportunity.recurrence = None if rule is None else {**rule, "starting": str(rule["starting"])}
    if wanted & {"remote", "postcode"}:
        opportunity.remote = bool(data.get("remote"))
        if placement is None:
            opportunity.postcode = opportunity.neighbourhood_id = None
            opportunity.latitude = opportunity.longitude = None
            opportunity.municipality_id = org.municipality_id
        else:
            opportunity.postcode = placement.postcode
            opportunity.neighbourhood_id = placement.neighbourhood.id
            opportunity.latitude, opportunity.longitude = placement.latitude, placement.longitude
            opportunity.municipality_id = placement.municipality.id
    opportunity.updated_at = utcnow()


def _check_codes(data: dict, wanted: set, errors: dict) -> None:
    tax = taxonomy()
    if "category" in wanted and data.get("category") not in tax["interests"]:
        errors["category"] = [Msg("field.unknown_category", code=data.get("category"))]
    if wanted & {"required_skills", "nice_skills"}:
        known = set(db.session.scalars(sa.select(Skill.code).where(Skill.active.is_(True))))
        for field in ("required_skills", "nice_skills"):
            _check_list(data.get(field) or [], known, field, "field.unknown_skill", errors)
    if "languages" in wanted:
        _check_list(data.get("languages") or [], set(tax["languages"]), "languages", "field.unknown_language",
                    errors)


def _check_list(codes: list, allowed: set, field: str, unknown_key: str, errors: dict) -> None:
    seen = set()
    for i, code in enumerate(codes):
        if code not in allowed:
            errors.setdefault(f"{field}.{i}", []).append(Msg(unknown_key, code=code))
        elif code in seen:
            errors.setdefault(f"{field}.{i}", []).append(Msg("field.duplicate", value=code))
        seen.add(code)


def _check_place(data: dict, errors: dict):
    if data.get("remote"):
        if data.get("postcode"):
            errors["postcode"] = [Msg("field.remote_without_postcode")]
        return None
    if not data.get("postcode"):
        errors["postcode"] = [Msg("field.postcode_or_remote")]
        return None
    try:
        return resolve_postcode(data["postcode"])
    except InvalidInput as exc:
        errors.update(exc.errors)
        return None


def _check_recurrence(data: dict, errors: dict) -> None:
    rule = data.get("recurrence")
    if rule is None:
        return
    if data.get("commitment") != "regular":
        errors["recurrence"] = [Msg("field.recurrence_for_regular")]
        return
    seen = set()
    for i, day in enumerate(rule["weekdays"]):
        if day in seen:
            errors.setdefault(f"recurrence.weekdays.{i}", []).append(Msg("field.duplicate", value=day))
        seen.add(day)
    if recurrence.parse_hhmm(rule["end"]) <= recurrence.parse_hhmm(rule["start"]):
        errors["recurrence.end"] = [Msg("field.time_inverted")]


def _generate(opportunity: Opportunity) -> list[Shift]:
    """Add the rule's future shifts in its window; idempotent: a start that has a shift (even a cancelled one,
    which the coordinator meant to drop) gets no second one."""
    rule = opportunity.recurrence
    now = utcnow()
    first, last = recurrence.window(rule, recurrence.local_today(now))
    taken = set(db.session.scalars(sa.select(Shift.starts_at).where(Shift.opportunity_id == opportunity.id)))
    created = []
    for starts_at, ends_at in recurrence.occurrences(rule, first_day=first, last_day=last):
        if starts_at > now and starts_at not in taken:
            created.append(add_shift(opportunity, starts_at=starts_at, ends_at=ends_at,
                                     capacity=int(rule["capacity"])))
    return created


def _cancel_future_shifts(opportunity: Opportunity) -> None:
    shifts = list(db.session.scalars(sa.select(Shift).where(
        Shift.opportunity_id == opportunity.id, Shift.status == "open", Shift.starts_at > utcnow())
        .with_for_update()))
    for shift in shifts:
        shift.status = "cancelled"
    _notify_holders(shifts, opportunity, "shift_cancelled", reason="opportunity_closed")


def _notify_holders(shifts: list[Shift], opportunity: Opportunity, template: str, *, change: str = "",
                    reason: str | None = None) -> None:
    """An outbox row for every volunteer holding a place on these shifts, in this transaction."""
    if not shifts:
        return
    by_id = {s.id: s for s in shifts}
    holders = db.session.execute(
        sa.select(Engagement.shift_id, Engagement.volunteer_id, User.locale)
        .join(User, User.id == Engagement.volunteer_id)
        .where(Engagement.shift_id.in_(list(by_id)), Engagement.status.in_(HOLDING))
        .order_by(Engagement.shift_id, Engagement.volunteer_id))
    for shift_id, volunteer_id, locale in holders:
        shift = by_id[shift_id]
        payload = {"shift_id": str(shift.id), "opportunity_id": str(opportunity.id),
                   "opportunity_title": opportunity.title, "starts_at": shift.starts_at.isoformat(),
                   "ends_at": shift.ends_at.isoformat()}
        if reason:
            payload["reason"] = reason
        key = f"{template}:{shift.id}:{volunteer_id}" + (f":{change}" if change else "")
        enqueue(key, user_id=volunteer_id, channel="any", template=template, locale=locale, payload=payload)
