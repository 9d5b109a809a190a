"""The volunteer's own hours: each entry with what it was for and whether a coordinator approved it yet."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from backend.accounts.models import User
from backend.engagements.models import Engagement, HoursEntry
from backend.extensions import db
from backend.opportunities.models import Opportunity, Shift
from backend.read_through import read_through


@dataclass(frozen=True)
class MyHours:
    entry: HoursEntry
    title: str
    starts_at: datetime | None

    minutes, status, approved_at = read_through("entry", "minutes", "status", "approved_at")


def list_my_hours(user: User, *, limit: int = 100) -> list[MyHours]:
    """Newest first; one query whatever the number of entries."""
    rows = db.session.execute(
        sa.select(HoursEntry, Opportunity.title, Shift.starts_at)
        .join(Engagement, Engagement.id == HoursEntry.engagement_id)
        .join(Opportunity, Opportunity.id == Engagement.opportunity_id)
        .outerjoin(Shift, Shift.id == Engagement.shift_id)
        .where(HoursEntry.volunteer_id == user.id)
        .order_by(HoursEntry.created_at.desc(), HoursEntry.id).limit(limit))
    return [MyHours(entry, title, starts_at) for entry, title, starts_at in rows]
