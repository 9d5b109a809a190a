"""Attendance: check-in at the door, no-shows, and the hours a coordinator approves.

Changes that touch a place on a shift take the shift's row lock first (see operations.py)."""
from __future__ import annotations

import hmac
import math
import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa

from backend.accounts.models import User
from backend.engagements import messages  # noqa: F401  (registers the message keys)
from backend.engagements.common import (coordinated_engagement, coordinated_shift, coordinates_opportunity,
                                        engagement_on, lock_shift_of, notify, set_status)
from backend.engagements.models import Engagement, HoursEntry
from backend.engagements.results import CheckinCode, EngagementInfo, HoursInfo, describe, describe_hours
from backend.errors import Conflict, InvalidInput, NotFound, RuleViolation
from backend.extensions import db
from backend.i18n import Msg
from backend.localtime import local_zone
from backend.models_base import utcnow
from backend.opportunities.models import Opportunity, Shift
from backend.opportunities.operations import lock_shift
from backend.organisations.access import require_coordinator
from backend.organisations.models import Organisation
from backend.pagination import page

# Check-in is open from this long before a shift's start ...
CHECKIN_OPENS_BEFORE = timedelta(minutes=30)
# ... until this long after it (or the shift's end, if that comes first).
CHECKIN_CLOSES_AFTER = timedelta(minutes=60)


def mark_no_show(coordinator: User, engagement_id) -> EngagementInfo:
    """An accepted volunteer who did not check in, after the shift started. The place stays taken."""
    engagement = coordinated_engagement(coordinator, engagement_id)
    shift = lock_shift_of(engagement)
    now = utcnow()
    if shift.starts_at > now:
        raise RuleViolation("detail.engagements.no_show_before_start")
    if engagement.status != "accepted":
        raise Conflict("detail.engagements.no_show_status", state=engagement.status)
    set_status(engagement, "no_show", now)
    notify("no_show_notice", engagement, engagement.volunteer_id, now)
    return describe(engagement)


def checkin_window(shift: Shift) -> tuple[datetime, datetime]:
    """[opens, closes): from CHECKIN_OPENS_BEFORE the start to CHECKIN_CLOSES_AFTER it, never past the end."""
    return shift.starts_at - CHECKIN_OPENS_BEFORE, min(shift.starts_at + CHECKIN_CLOSES_AFTER, shift.ends_at)


def checkin_code(coordinator: User, shift_id) -> CheckinCode:
    shift = coordinated_shift(coordinator, shift_id)
    opens, closes = checkin_window(shift)
    return CheckinCode(shift.id, shift.checkin_code, opens, closes)


def check_in(user: User, shift_id, code: str) -> EngagementInfo:
    """An accepted volunteer checks in with the code shown at the door; their hours are proposed at once."""
    shift = lock_shift(shift_id)
    engagement = engagement_on(shift.id, user.id)
    if engagement is None or engagement.status != "accepted":
        raise RuleViolation("detail.engagements.checkin_not_accepted",
                            state=engagement.status if engagement else "-")
    now = utcnow()
    opens, closes = checkin_window(shift)
    if not opens <= now < closes:
        raise RuleViolation("detail.engagements.checkin_window", opens=_local(opens), closes=_local(closes))
    if not hmac.compare_digest(code.strip().upper().encode(), shift.checkin_code.upper().encode()):
        raise InvalidInput("detail.validation", errors={"code": [Msg("field.engagements.checkin_code_wrong")]})
    set_status(engagement, "checked_in", now)
    engagement.checked_in_at = now
    db.session.add(HoursEntry(engagement_id=engagement.id, volunteer_id=user.id, status="proposed",
                              minutes=proposed_minutes(shift, now)))
    db.session.flush()
    return describe(engagement)


def proposed_minutes(shift: Shift, checked_in_at: datetime) -> int:
    """From the check-in (or the start, if earlier) to the end, rounded up; at least 1 and at most a day."""
    seconds = (shift.ends_at - max(checked_in_at, shift.starts_at)).total_seconds()
    return min(1440, max(1, math.ceil(seconds / 60)))


def _local(at: datetime) -> str:
    return at.astimezone(local_zone()).strftime("%Y-%m-%d %H:%M")


def list_hours(coordinator: User, organisation_id, *, status: str | None, limit: int,
               cursor: str | None) -> tuple[list[HoursInfo], str | None]:
    if db.session.get(Organisation, organisation_id) is None:
        raise NotFound("detail.engagements.organisation_not_found")
    require_coordinator(coordinator, organisation_id)
    stmt = (sa.select(HoursEntry).join(Engagement, Engagement.id == HoursEntry.engagement_id)
            .join(Opportunity, Opportunity.id == Engagement.opportunity_id)
            .where(Opportunity.organisation_id == organisation_id))
    if status:
        stmt = stmt.where(HoursEntry.status == status)
    rows, next_cursor = page(stmt, [HoursEntry.created_at, HoursEntry.id], [datetime, uuid.UUID], limit=limit,
                             cursor=cursor, key=lambda h: (h.created_at, h.id))
    return describe_hours(rows), next_cursor


def _decidable_hours(coordinator: User, hours_id) -> tuple[HoursEntry, Engagement, Shift]:
    """A proposed hours entry of an organisation the coordinator coordinates (others: 404), its shift locked."""
    entry = db.session.get(HoursEntry, hours_id)
    if entry is None:
        raise NotFound("detail.engagements.hours_not_found")
    engagement = db.session.get(Engagement, entry.engagement_id)
    if not coordinates_opportunity(coordinator, engagement.opportunity_id):
        raise NotFound("detail.engagements.hours_not_found")
    shift = lock_shift_of(engagement)
    db.session.refresh(entry)  # another coordinator may have decided while we waited
    if entry.status != "proposed":
        raise Conflict("detail.engagements.hours_decided", state=entry.status)
    return entry, engagement, shift


def approve_hours(coordinator: User, hours_id, *, minutes: int | None) -> HoursInfo:
    """Approve (optionally with corrected minutes) once the shift has ended; the engagement is then completed."""
    entry, engagement, shift = _decidable_hours(coordinator, hours_id)
    now = utcnow()
    if shift.ends_at > now:
        raise RuleViolation("detail.engagements.hours_before_end")
    entry.status, entry.approved_by, entry.approved_at = "approved", coordinator.id, now
    if minutes is not None:
        entry.minutes = minutes
    if engagement.status == "checked_in":
        set_status(engagement, "completed", now)
    notify("hours_approved", engagement, engagement.volunteer_id, now, minutes=entry.minutes)
    db.session.flush()
    return describe_hours([entry])[0]


def reject_hours(coordinator: User, hours_id) -> HoursInfo:
    entry, engagement, _shift = _decidable_hours(coordinator, hours_id)
    now = utcnow()
    entry.status, entry.approved_by, entry.approved_at = "rejected", coordinator.id, now
    notify("hours_rejected", engagement, engagement.volunteer_id, now)
    db.session.flush()
    return describe_hours([entry])[0]
