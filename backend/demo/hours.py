"""Hours waiting for the demo organisation's coordinator (``coordinator-001@...``): three volunteers checked in on
three shifts of the organisation's first vacancy in the past week and their hours wait for approval, so that from
`make run` the coordinator finds them in one list (/organisatie/<organisation>/uren) and approves them all at once.
(The engagement history of history.py may add a few more on the organisation's regular vacancies.)

Deterministic ids (uuid5) and idempotent: a shift whose id exists is left as it is with its hours, approved or not,
so a second run adds nothing and approvals made in the running demo stay. Times are relative to the day of seeding.
"""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from backend.demo.common import _Context, _id, _rng
from backend.demo.initiatives_and_help import _CheckinCodes
from backend.demo.vacancies import _id as demand_id
from backend.engagements.models import Engagement, HoursEntry
from backend.extensions import db
from backend.opportunities import recurrence
from backend.opportunities.models import Opportunity, Shift

# (days before the day of seeding, local start, local end) of each shift with hours waiting
_SHIFTS = ((1, "10:00", "12:00"), (3, "13:30", "16:00"), (6, "19:00", "21:00"))


def seed_waiting_hours(ctx: _Context) -> str:
    organisation_id = demand_id("organisation", 1)
    opportunity = db.session.scalar(sa.select(Opportunity).where(
        Opportunity.organisation_id == organisation_id, Opportunity.kind == "vacancy",
        Opportunity.status == "published").order_by(Opportunity.id).limit(1))
    if opportunity is None:
        return "demo hours waiting for approval: the demo organisation has no vacancy, nothing added"
    missing = [(n, shift) for n, shift in enumerate(_SHIFTS) if db.session.get(Shift, _id("waiting-hours", n)) is None]
    people = [v.user_id for v in ctx.volunteers if not v.paused][:len(_SHIFTS)]
    if not missing or len(people) < len(_SHIFTS):
        return "demo hours waiting for approval: nothing to add"
    codes = _CheckinCodes()
    for n, (days, start, end) in missing:
        shift_id, volunteer_id = _id("waiting-hours", n), people[n]
        starts, ends = recurrence.local_span(ctx.today - timedelta(days=days), start, end)
        db.session.add(Shift(id=shift_id, opportunity_id=opportunity.id, starts_at=starts, ends_at=ends, capacity=2,
                             accepted_count=1, status="open", checkin_code=codes.new(_rng("waiting-hours", n))))
        db.session.flush()  # the shift before the engagement that points at it (no relationship orders them)
        engagement_id = _id("waiting-hours-engagement", n)
        db.session.add(Engagement(id=engagement_id, volunteer_id=volunteer_id, opportunity_id=opportunity.id,
                                  shift_id=shift_id, status="checked_in", checked_in_at=starts,
                                  status_changed_at=starts, created_at=starts - timedelta(days=5)))
        db.session.flush()
        db.session.add(HoursEntry(id=_id("waiting-hours-entry", n), engagement_id=engagement_id,
                                  volunteer_id=volunteer_id, status="proposed",
                                  minutes=int((ends - starts).total_seconds() // 60), created_at=starts))
    db.session.flush()
    return (f"demo hours waiting for approval: {len(missing)} on \"{opportunity.title}\" (log in as "
            f"coordinator-001@... and open \"Uren goedkeuren\")")
