"""The hours waiting for a coordinator's approval across their whole organisation, and approving many at once.

Waiting: proposed hours entries of the organisation's shifts that have ended (before the end they cannot be
approved yet). Newest shift first, so that what was just done is at the top. One statement per page whatever its
length: the volunteer's name, the vacancy and the shift come in the same row as the entry.

Access as for everything of an organisation: its active coordinators (and admins); an unknown organisation is 404,
someone else's 403; an hours entry of another organisation answers like an unknown one (404).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from backend.accounts.models import User
from backend.engagements import attendance
from backend.engagements.coordination import coordinated_organisation
from backend.engagements.models import Engagement, HoursEntry
from backend.engagements.results import HoursInfo
from backend.engagements.schemas import hours_minutes
from backend.errors import InvalidInput, NotFound
from backend.extensions import db
from backend.i18n import N_, Msg, add_messages
from backend.models_base import utcnow
from backend.opportunities.models import Opportunity, Shift
from backend.pagination import page

add_messages({"field.correction_not_approved": N_("Tick the hours you correct: only ticked hours are approved.")})


@dataclass(frozen=True)
class WaitingHours:
    """One hours entry waiting for approval, with whom and what it is for."""

    id: uuid.UUID
    volunteer_name: str
    opportunity_id: uuid.UUID
    title: str
    shift_id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    minutes: int
    created_at: datetime

    @property
    def duration(self) -> str:
        return hours_minutes(self.minutes)


def _waiting(organisation_id, now: datetime) -> sa.Select:
    return (sa.select(HoursEntry.id, User.display_name, Opportunity.id, Opportunity.title, Shift.id, Shift.starts_at,
                      Shift.ends_at, HoursEntry.minutes, HoursEntry.created_at)
            .join(Engagement, Engagement.id == HoursEntry.engagement_id)
            .join(Shift, Shift.id == Engagement.shift_id)
            .join(Opportunity, Opportunity.id == Engagement.opportunity_id)
            .join(User, User.id == HoursEntry.volunteer_id)
            .where(Opportunity.organisation_id == organisation_id, HoursEntry.status == "proposed",
                   Shift.ends_at <= now))


def waiting_hours(actor: User, organisation_id, *, limit: int, cursor: str | None = None,
                  now: datetime | None = None) -> tuple[list[WaitingHours], str | None]:
    """One page of the organisation's waiting hours, newest shift first (then by entry, for a stable order)."""
    org = coordinated_organisation(actor, organisation_id)
    rows, next_cursor = page(_waiting(org.id, now or utcnow()), [Shift.starts_at, HoursEntry.id],
                             [datetime, uuid.UUID], limit=limit, cursor=cursor, rows=True, descending=True,
                             key=lambda row: (row.starts_at, row.id))
    return [WaitingHours(*row) for row in rows], next_cursor


def count_waiting_hours(actor: User, organisation_id, *, now: datetime | None = None) -> int:
    org = coordinated_organisation(actor, organisation_id)
    waiting = _waiting(org.id, now or utcnow()).subquery()
    return db.session.scalar(sa.select(sa.func.count()).select_from(waiting))


def approve_waiting_hours(actor: User, organisation_id, *, hours: list, corrections: dict) -> list[HoursInfo]:
    """Approve these hours entries of the organisation, each with its corrected minutes where given.

    One operation for the whole list: every entry must be the organisation's (else nothing is approved: 404), and
    a refusal of any one (decided meanwhile, shift not over) undoes the approvals before it, within this call."""
    org = coordinated_organisation(actor, organisation_id)
    wanted = list(dict.fromkeys(hours))
    if set(corrections) - set(wanted):
        raise InvalidInput("detail.validation", errors={"corrections": [Msg("field.correction_not_approved")]})
    shifts = dict(db.session.execute(
        sa.select(HoursEntry.id, Engagement.shift_id).join(Engagement, Engagement.id == HoursEntry.engagement_id)
        .join(Opportunity, Opportunity.id == Engagement.opportunity_id)
        .where(HoursEntry.id.in_(wanted), Opportunity.organisation_id == org.id)).all())
    if len(shifts) != len(wanted):
        raise NotFound("detail.engagements.hours_not_found")
    # Shift locks in one order (by shift id), so that two coordinators approving overlapping lists cannot
    # deadlock; the savepoint makes the list all or nothing even where the caller goes on to commit.
    with db.session.begin_nested():
        return [attendance.approve_hours(actor, hours_id, minutes=corrections.get(hours_id))
                for hours_id in sorted(wanted, key=lambda h: (str(shifts[h]), str(h)))]
