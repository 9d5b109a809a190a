"""The shifts of a vacancy: add them one by one or from the weekly rule, and keep "filled" in step with the
places. Moving or cancelling a shift touches the volunteers who hold a place: engagements/schedule_changes.py."""
from __future__ import annotations

import contextlib
from datetime import datetime

import sqlalchemy as sa

from backend.accounts.models import User
from backend.audit.operations import record
from backend.errors import RuleViolation
from backend.extensions import db
from backend.models_base import utcnow
from backend.opportunities import recurrence
from backend.opportunities.models import Opportunity, Shift
from backend.opportunities.operations import add_shift, own_vacancy, require_not_closed, require_offsets


def update_filled_status(opportunity: Opportunity, changed: Shift | None = None) -> None:
    """Keep "filled" in step with the places: filled when every open future shift is full, published again when
    a place opens up. Called whenever places change (here, and by sign-ups and withdrawals).

    ``changed``: the one shift of the opportunity whose places the caller changed (and not yet flushed). Its
    values are taken from memory and the others are read without flushing first; when it has a free place, not
    every shift is full and nothing needs to be read."""
    if opportunity.status not in ("published", "filled"):
        return
    now = utcnow()
    places = []
    if changed is not None and changed.status == "open" and changed.starts_at > now:
        if changed.accepted_count < changed.capacity:
            _set_filled(opportunity, False)
            return  # (before building the statement: this is every sign-up that finds a free place)
        places.append((changed.capacity, changed.accepted_count))
    stmt = sa.select(Shift.capacity, Shift.accepted_count).where(
        Shift.opportunity_id == opportunity.id, Shift.status == "open", Shift.starts_at > now)
    if changed is not None:
        stmt = stmt.where(Shift.id != changed.id)
    with db.session.no_autoflush if changed is not None else contextlib.nullcontext():
        places += db.session.execute(stmt).all()
    if places:
        _set_filled(opportunity, all(accepted >= capacity for capacity, accepted in places))


def _set_filled(opportunity: Opportunity, full: bool) -> None:
    if full and opportunity.status == "published":
        opportunity.status = "filled"
    elif not full and opportunity.status == "filled":
        opportunity.status = "published"


def create_shift(actor: User, opportunity_id, *, starts_at: datetime, ends_at: datetime, capacity: int) -> Shift:
    opportunity = own_vacancy(actor, opportunity_id)
    require_not_closed(opportunity)
    require_offsets({"starts_at": starts_at, "ends_at": ends_at})
    shift = add_shift(opportunity, starts_at=starts_at, ends_at=ends_at, capacity=capacity)
    update_filled_status(opportunity)
    record("shift.created", actor_id=actor.id, object_type="shift", object_id=shift.id)
    return shift


def generate_shifts(actor: User, opportunity_id) -> list[Shift]:
    """Extend a regular vacancy's schedule from its weekly rule (shifts that exist are left alone)."""
    opportunity = own_vacancy(actor, opportunity_id)
    require_not_closed(opportunity)
    if not opportunity.recurrence:
        raise RuleViolation("detail.not_regular")
    created = generate_from_rule(opportunity)
    update_filled_status(opportunity)
    record("shift.generated", actor_id=actor.id, object_type="opportunity", object_id=opportunity.id,
           count=len(created))
    return created


def generate_from_rule(opportunity: Opportunity) -> list[Shift]:
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
