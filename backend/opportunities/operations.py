"""Vacancies of organisations: look-ups, create and edit, and the checks their shifts share.

Other features (initiatives, help requests, engagements) use ``get_opportunity``, ``get_shift``, ``lock_shift``
and ``add_shift``; those check no permissions, their callers do. Shifts are in ``shifts.py``; status changes and
shift moves that the volunteers holding a place must hear of are in ``backend/engagements/schedule_changes.py``.
"""
from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timezone

import sqlalchemy as sa

from backend.accounts.models import User
from backend.audit.operations import record
from backend.errors import Forbidden, InvalidInput, NotFound, RuleViolation
from backend.extensions import db
from backend.i18n import Msg
from backend.lookup import get_or_not_found
from backend.models_base import utcnow
from backend.opportunities import messages  # noqa: F401  (registers the message keys)
from backend.opportunities import recurrence, whereabouts
from backend.opportunities.models import Opportunity, Shift
from backend.organisations.access import is_coordinator, require_coordinator
from backend.organisations.models import Organisation
from backend.places.operations import resolve_postcode
from backend.taxonomy import check_codes, taxonomy
from backend.volunteers.taxonomy_ops import active_skill_codes

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
    opportunity = get_or_not_found(Opportunity, opportunity_id, "Opportunity")
    return opportunity


def get_shift(shift_id) -> Shift:
    shift = db.session.get(Shift, shift_id)
    if shift is None:
        raise NotFound("detail.shift_not_found")
    return shift


def lock_shift(shift_id) -> Shift:
    """The shift, locked until the end of the transaction, with fresh values (not the session's cached ones).

    Everything that changes who holds a place, or the places themselves, goes through this row lock, so that
    accepted_count and the engagements change together, one transaction at a time per shift.
    """
    shift = db.session.get(Shift, shift_id, with_for_update=True, populate_existing=True)
    if shift is None:
        raise NotFound("detail.shift_not_found")
    return shift


def add_shift(opportunity: Opportunity, *, starts_at: datetime, ends_at: datetime, capacity: int) -> Shift:
    """Add an open shift; refuses an end before the start, a capacity below 1 and a start in the past."""
    check_shift_fields(starts_at, ends_at, capacity)
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


def check_shift_fields(starts_at: datetime, ends_at: datetime, capacity: int, *, past_allowed=False) -> None:
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


def organisation_name(opportunity: Opportunity) -> str | None:
    if opportunity.organisation_id is None:
        return None
    return db.session.get(Organisation, opportunity.organisation_id).name


# --- vacancies ---------------------------------------------------------------------------------------------

def create_vacancy(actor: User, organisation_id, data: dict) -> Opportunity:
    """A new vacancy of an organisation, as a draft. Its location is the postcode's neighbourhood centroid."""
    org = get_or_not_found(Organisation, organisation_id, "Organisation")
    require_coordinator(actor, org.id)
    full = {"description": "", "required_skills": [], "nice_skills": [], "remote": False, "postcode": None,
            "max_distance_km": None, "requires_vog": False, "min_age": None, "languages": [],
            "commitment": "one_off", "recurrence": None, "place": None, "contact": None, **data}
    opportunity = Opportunity(id=uuid.uuid4(), kind="vacancy", organisation_id=org.id,
                              municipality_id=org.municipality_id, status="draft", created_by=actor.id)
    _apply(opportunity, full, org)
    db.session.add(opportunity)
    db.session.flush()
    record("opportunity.created", actor_id=actor.id, object_type="opportunity", object_id=opportunity.id)
    return opportunity


def update_vacancy(actor: User, opportunity_id, changes: dict) -> Opportunity:
    opportunity = own_vacancy(actor, opportunity_id)
    require_not_closed(opportunity)
    current = {"remote": opportunity.remote, "postcode": opportunity.postcode,
               "commitment": opportunity.commitment, "recurrence": opportunity.recurrence,
               "place": whereabouts.place_dict(opportunity.meeting_place)}
    if changes.get("remote") is True:
        # switching to remote drops the place
        current["postcode"] = None if "postcode" not in changes else current["postcode"]
        current["place"] = None
    _apply(opportunity, {**current, **changes}, db.session.get(Organisation, opportunity.organisation_id),
           only=set(changes) | {"remote", "postcode", "place"})
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


# --- helpers -----------------------------------------------------------------------------------------------

def own_vacancy(actor: User, opportunity_id) -> Opportunity:
    """The opportunity, if ``actor`` coordinates the organisation it belongs to (404 if unknown, 403 if not)."""
    opportunity = get_opportunity(opportunity_id)
    if opportunity.organisation_id is None:
        raise Forbidden("detail.not_a_vacancy")
    require_coordinator(actor, opportunity.organisation_id)
    return opportunity


def require_offsets(times: dict) -> None:
    """A time without an offset could mean anything (local? UTC?); the API asks for ISO 8601 with one."""
    errors = {name: [Msg("field.offset_required")] for name in ("starts_at", "ends_at")
              if name in times and times[name].tzinfo is None}
    if errors:
        raise InvalidInput("detail.validation", errors=errors)


def require_not_closed(opportunity: Opportunity) -> None:
    if opportunity.status == "closed":
        raise RuleViolation("detail.opportunity_closed")


def require_changeable(opportunity: Opportunity, shift: Shift) -> None:
    require_not_closed(opportunity)
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
    whereabouts.check(data, wanted, org, errors)
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
        whereabouts.set_place(opportunity, org, data.get("place"), placement)
    if "contact" in wanted:
        whereabouts.set_contact(opportunity, data.get("contact"))
    opportunity.updated_at = utcnow()


def _check_codes(data: dict, wanted: set, errors: dict) -> None:
    tax = taxonomy()
    if "category" in wanted and data.get("category") not in tax["interests"]:
        errors["category"] = [Msg("field.unknown_category", code=data.get("category"))]
    if wanted & {"required_skills", "nice_skills"}:
        known = active_skill_codes()
        for field in ("required_skills", "nice_skills"):
            check_codes(data.get(field) or [], known, field, "field.unknown_skill", errors)
    if "languages" in wanted:
        check_codes(data.get("languages") or [], set(tax["languages"]), "languages", "field.unknown_language",
                    errors)


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
