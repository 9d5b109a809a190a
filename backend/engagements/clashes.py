"""When a volunteer's commitments overlap in time.

An engagement's time is its shift (start to end) or, for an accepted help request (shift_id NULL), the help
request's window. Only commitments the volunteer actually holds count: accepted and checked in.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from backend.engagements.models import Engagement
from backend.extensions import db
from backend.opportunities.models import HelpRequest
from backend.opportunities.models import Shift

# Statuses in which the volunteer has said yes and is expected to be there.
COMMITTED = ("accepted", "checked_in")

__all__ = ["COMMITTED", "accepted_overlaps", "engagement_start", "engagement_end"]

# Start and end of an engagement as SQL expressions (the query outer-joins both Shift and HelpRequest).
engagement_start = sa.case((Engagement.shift_id.is_not(None), Shift.starts_at), else_=HelpRequest.window_start)
engagement_end = sa.case((Engagement.shift_id.is_not(None), Shift.ends_at), else_=HelpRequest.window_end)


def with_times(stmt: sa.Select) -> sa.Select:
    """Outer-join what an engagement's time comes from, so that engagement_start/_end can be used."""
    return (stmt.select_from(Engagement).outerjoin(Shift, Shift.id == Engagement.shift_id)
            .outerjoin(HelpRequest, sa.and_(Engagement.shift_id.is_(None),
                                            HelpRequest.opportunity_id == Engagement.opportunity_id)))


def accepted_overlaps(volunteer_id, starts_at: datetime, ends_at: datetime, *,
                      exclude_engagement_id=None) -> list[Engagement]:
    """The volunteer's accepted or checked-in engagements whose time overlaps [starts_at, ends_at).

    Touching ranges (one ends when the other starts) do not overlap. Ordered by start.
    """
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise ValueError("accepted_overlaps needs aware datetimes")
    stmt = with_times(sa.select(Engagement)).where(
        Engagement.volunteer_id == volunteer_id,
        Engagement.status.in_(COMMITTED),
        engagement_start < ends_at,
        engagement_end > starts_at,
    )
    if exclude_engagement_id is not None:
        stmt = stmt.where(Engagement.id != exclude_engagement_id)
    return list(db.session.scalars(stmt.order_by(engagement_start, Engagement.id)))
