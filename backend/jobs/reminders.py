"""Reminders before a shift or a help appointment, at lead times such as 24 h and 2 h.

A lead time of whole days means the same wall-clock time that many days earlier (a shift on Sunday 10:00 is
reminded on Saturday 10:00, also over the night the clocks change, when that is 23 or 25 hours); other lead
times are plain hours. Each lead time has a window from its moment until the next shorter one's, and a
reminder is enqueued only within its window: someone who signs up three hours ahead gets the 2-hour reminder,
not a late "tomorrow" one as well. Keys reminder:shift:<shift>:volunteer:<volunteer>:<h>h make reruns and
overlapping runs harmless.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from backend.accounts.models import User
from backend.engagements.models import Engagement
from backend.extensions import db
from backend.opportunities.models import HelpRequest
from backend.jobs.common import local_zone
from backend.models_base import utcnow
from backend.notifications.outbox import enqueue_many
from backend.notifications.replies import reply_token
from backend.opportunities.models import Opportunity, Shift
from backend.opportunities.whereabouts import message_facts, whereabouts_of
from backend.organisations.models import Organisation

DEFAULT_LEAD_HOURS = (24, 2)
# Reminders this close to the start go through quiet hours (a shift at 09:00 is reminded at 07:00).
URGENT_WITHIN_HOURS = 3


def reminder_moment(starts_at: datetime, hours: int, tz) -> datetime:
    if hours % 24 == 0:
        local = starts_at.astimezone(tz)
        # zoneinfo arithmetic on an aware datetime is wall-clock arithmetic: the offset follows the new date.
        return (local - timedelta(days=hours // 24)).astimezone(timezone.utc)
    return starts_at - timedelta(hours=hours)


def due_lead(now: datetime, starts_at: datetime, leads, tz) -> int | None:
    """The lead time whose window contains ``now``, or None (too early, or already started)."""
    if starts_at <= now:
        return None
    current = None
    for hours in sorted({int(h) for h in leads if int(h) > 0}, reverse=True):
        if reminder_moment(starts_at, hours, tz) <= now:
            current = hours
    return current


def _leads(raw) -> tuple[int, ...]:
    try:
        leads = tuple(int(h) for h in raw or () if 0 < int(h) <= 24 * 14)
    except (TypeError, ValueError):
        leads = ()
    return leads or DEFAULT_LEAD_HOURS


def _horizon(now: datetime, longest_hours: int) -> datetime:
    # One extra hour for a day-based lead over a clock change (25 hours).
    return now + timedelta(hours=longest_hours + 1)


def _message(kind: str, subject_id, row, hours: int, starts_at: datetime, **facts) -> dict:
    return {
        "dedupe_key": f"reminder:{kind}:{subject_id}:volunteer:{row.volunteer_id}:{hours}h",
        "user_id": row.volunteer_id, "channel": "any", "template": f"{kind}_reminder", "locale": row.locale,
        "priority": "urgent" if hours <= URGENT_WITHIN_HOURS else "normal",
        "payload": {"engagement_id": str(row.engagement_id), "title": row.title, "starts_at": starts_at.isoformat(),
                    "hours": hours, "reply_token": reply_token(row.engagement_id), **facts},
    }


def enqueue_shift_reminders() -> str:
    now, tz = utcnow(), local_zone()
    # (No DISTINCT: PostgreSQL's json type has no equality; a few thousand organisations are cheap to read.)
    org_leads = {_leads(raw) for raw in db.session.scalars(sa.select(Organisation.reminder_hours))}
    longest = max([max(DEFAULT_LEAD_HOURS)] + [max(leads) for leads in org_leads])
    rows = db.session.execute(
        sa.select(Engagement.id.label("engagement_id"), Engagement.volunteer_id, Shift.id.label("shift_id"),
                  Shift.starts_at, Opportunity.id.label("opportunity_id"), Opportunity.title, Organisation.name.label("organisation"),
                  Organisation.reminder_hours, User.locale)
        .join(Shift, Shift.id == Engagement.shift_id)
        .join(Opportunity, Opportunity.id == Shift.opportunity_id)
        .outerjoin(Organisation, Organisation.id == Opportunity.organisation_id)
        .join(User, User.id == Engagement.volunteer_id)
        .where(Engagement.status == "accepted", Shift.status == "open", Shift.starts_at > now,
               Shift.starts_at <= _horizon(now, longest)))
    due = [(row, hours) for row in rows
           if (hours := due_lead(now, row.starts_at, _leads(row.reminder_hours), tz)) is not None]
    # Where to go and whom to ask: the volunteer holds a place, so how to reach the contact person too.
    where = whereabouts_of({row.opportunity_id for row, _hours in due}, with_contact=True)
    messages = [_message("shift", row.shift_id, row, hours, row.starts_at, shift_id=str(row.shift_id),
                         organisation=row.organisation, **message_facts(where.get(row.opportunity_id)))
                for row, hours in due]
    added = enqueue_many(messages)
    return f"{len(messages)} due, {added} enqueued"


def enqueue_help_reminders() -> str:
    now, tz = utcnow(), local_zone()
    rows = db.session.execute(
        sa.select(Engagement.id.label("engagement_id"), Engagement.volunteer_id,
                  HelpRequest.id.label("help_request_id"), HelpRequest.window_start, Opportunity.title, User.locale)
        .join(HelpRequest, HelpRequest.opportunity_id == Engagement.opportunity_id)
        .join(Opportunity, Opportunity.id == Engagement.opportunity_id)
        .join(User, User.id == Engagement.volunteer_id)
        .where(Engagement.shift_id.is_(None), Engagement.status == "accepted", HelpRequest.window_start > now,
               HelpRequest.window_start <= _horizon(now, max(DEFAULT_LEAD_HOURS))))
    messages = []
    for row in rows:
        hours = due_lead(now, row.window_start, DEFAULT_LEAD_HOURS, tz)
        if hours is not None:
            messages.append(_message("help", row.help_request_id, row, hours, row.window_start,
                                     help_request_id=str(row.help_request_id)))
    added = enqueue_many(messages)
    return f"{len(messages)} due, {added} enqueued"
