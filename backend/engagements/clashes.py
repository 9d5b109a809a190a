"""When a volunteer's commitments overlap in time.

An engagement's time is its shift (start to end) or, for an accepted help request (shift_id NULL), the help
request's window. Only commitments the volunteer actually holds count: accepted and checked in.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from backend.engagements.models import Engagement
from backend.extensions import db
from backend.opportunities.models import HelpRequest
from backend.opportunities.models import Shift

# Statuses in which the volunteer has said yes and is expected to be there.
COMMITTED = ("accepted", "checked_in")

__all__ = ["COMMITTED", "accepted_overlaps", "accepted_overlap_ids", "any_overlap_with_shift", "engagement_start",
           "engagement_end"]


def _span(engagement, shift, help_request) -> tuple:
    """Start and end of an engagement as SQL expressions, over a query that outer-joins its shift and help request
    (``_join_times``); entities or aliases."""
    return (sa.case((engagement.shift_id.is_not(None), shift.starts_at), else_=help_request.window_start),
            sa.case((engagement.shift_id.is_not(None), shift.ends_at), else_=help_request.window_end))


def _join_times(stmt: sa.Select, engagement, shift, help_request) -> sa.Select:
    return (stmt.select_from(engagement).outerjoin(shift, shift.id == engagement.shift_id)
            .outerjoin(help_request, sa.and_(engagement.shift_id.is_(None),
                                             help_request.opportunity_id == engagement.opportunity_id)))


engagement_start, engagement_end = _span(Engagement, Shift, HelpRequest)


def with_times(stmt: sa.Select) -> sa.Select:
    """Outer-join what an engagement's time comes from, so that engagement_start/_end can be used."""
    return _join_times(stmt, Engagement, Shift, HelpRequest)


def _overlapping(stmt: sa.Select, volunteer_id, starts_at, ends_at) -> sa.Select:
    return with_times(stmt).where(
        Engagement.volunteer_id == volunteer_id,
        Engagement.status.in_(COMMITTED),
        engagement_start < ends_at,
        engagement_end > starts_at,
    ).order_by(engagement_start, Engagement.id)


def _check_aware(starts_at: datetime, ends_at: datetime) -> None:
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise ValueError("accepted_overlaps needs aware datetimes")


def accepted_overlaps(volunteer_id, starts_at: datetime, ends_at: datetime, *,
                      exclude_engagement_id=None) -> list[Engagement]:
    """The volunteer's accepted or checked-in engagements whose time overlaps [starts_at, ends_at).

    Touching ranges (one ends when the other starts) do not overlap. Ordered by start.
    """
    _check_aware(starts_at, ends_at)
    stmt = _overlapping(sa.select(Engagement), volunteer_id, starts_at, ends_at)
    if exclude_engagement_id is not None:
        stmt = stmt.where(Engagement.id != exclude_engagement_id)
    return list(db.session.scalars(stmt))


# Built once (a sign-up asks on every request): only the ids, the other engagement's id a bound value.
_OVERLAP_IDS = _overlapping(sa.select(Engagement.id), sa.bindparam("volunteer_id"),
                            sa.bindparam("starts_at", type_=Shift.starts_at.type),
                            sa.bindparam("ends_at", type_=Shift.ends_at.type)
                            ).where(Engagement.id != sa.bindparam("exclude_id"))


def accepted_overlap_ids(volunteer_id, starts_at: datetime, ends_at: datetime, *, exclude_engagement_id) -> list:
    """The ids of accepted_overlaps (one engagement left out), in the same order."""
    _check_aware(starts_at, ends_at)
    return list(db.session.scalars(_OVERLAP_IDS, {"volunteer_id": volunteer_id, "starts_at": starts_at,
                                                  "ends_at": ends_at, "exclude_id": exclude_engagement_id}))


def any_overlap_with_shift(volunteer_id, shift) -> sa.Exists:
    """Whether the volunteer holds a commitment, other than one on ``shift`` itself, overlapping that shift's time:
    an EXISTS for another statement that has ``shift`` (an entity or alias) in its FROM. Asked where a statement
    is sent anyway (the sign-up's lock), so that the ids (accepted_overlap_ids) are read only when there are some."""
    other, other_shift, other_help = aliased(Engagement), aliased(Shift), aliased(HelpRequest)
    start, end = _span(other, other_shift, other_help)
    # (Not IN (...): an IN list is rendered into the SQL again at every execution.)
    return (_join_times(sa.select(other.id), other, other_shift, other_help)
            .where(other.volunteer_id == volunteer_id, sa.or_(*(other.status == s for s in COMMITTED)),
                   sa.or_(other.shift_id.is_(None), other.shift_id != shift.id),
                   start < shift.ends_at, end > shift.starts_at)
            .exists())
