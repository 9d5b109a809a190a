"""Changes to a vacancy's schedule that the volunteers holding a place must hear of: publishing and closing a
vacancy (closing cancels its future shifts), moving and cancelling a shift. They live with the engagements
because they read who holds a place; the vacancy and its shifts themselves are backend/opportunities/."""
from __future__ import annotations

from datetime import timezone

import sqlalchemy as sa

from backend.accounts.models import User
from backend.audit.operations import record
from backend.engagements.models import HOLDING, Engagement
from backend.errors import Conflict, RuleViolation
from backend.extensions import db
from backend.i18n import Msg
from backend.models_base import utcnow
from backend.notifications.outbox import enqueue
from backend.opportunities.models import Opportunity, Shift
from backend.opportunities.operations import (TRANSITIONS, check_shift_fields, lock_shift, own_vacancy,
                                              require_changeable, require_offsets)
from backend.opportunities.shifts import generate_from_rule, update_filled_status
from backend.organisations.models import Organisation


def change_status(actor: User, opportunity_id, target: str) -> Opportunity:
    """Publish, pause, fill or close a vacancy, along the allowed transitions only."""
    opportunity = own_vacancy(actor, opportunity_id)
    if target not in TRANSITIONS[opportunity.status]:
        raise RuleViolation("detail.transition_not_allowed", current=opportunity.status, target=target)
    if target == "published":
        org = db.session.get(Organisation, opportunity.organisation_id)
        if not org.verified:
            raise RuleViolation("detail.publish_unverified")
        opportunity.published_at = opportunity.published_at or utcnow()
    opportunity.status = target
    if target == "published" and opportunity.recurrence:
        generate_from_rule(opportunity)
    if target == "closed":
        _cancel_future_shifts(opportunity)
    record(f"opportunity.{target}", actor_id=actor.id, object_type="opportunity", object_id=opportunity.id)
    return opportunity


def update_shift(actor: User, shift_id, changes: dict) -> Shift:
    """Move a shift or change its capacity; volunteers holding a place hear about a new time."""
    shift = lock_shift(shift_id)
    opportunity = own_vacancy(actor, shift.opportunity_id)
    require_changeable(opportunity, shift)
    require_offsets(changes)
    starts_at = changes.get("starts_at", shift.starts_at)
    ends_at = changes.get("ends_at", shift.ends_at)
    capacity = changes.get("capacity", shift.capacity)
    check_shift_fields(starts_at, ends_at, capacity)
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
    opportunity = own_vacancy(actor, shift.opportunity_id)
    require_changeable(opportunity, shift)
    shift.status = "cancelled"
    _notify_holders([shift], opportunity, "shift_cancelled", reason="shift_cancelled")
    update_filled_status(opportunity)
    record("shift.cancelled", actor_id=actor.id, object_type="shift", object_id=shift.id)
    return shift


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
