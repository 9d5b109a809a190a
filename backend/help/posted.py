"""The requests an intermediary (or a resident) posted, for their own list: open ones that found nobody for more
than 48 hours first, then the rest, newest first."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from backend.accounts.models import User
from backend.engagements.models import Engagement
from backend.extensions import db
from backend.models_base import utcnow
from backend.opportunities.models import HelpRequest, Opportunity

UNMATCHED_TOO_LONG = timedelta(hours=48)
MAX_LISTED = 200


@dataclass(frozen=True)
class PostedRequest:
    id: object
    title: str
    resident_first_name: str | None
    status: str
    window_start: datetime
    window_end: datetime
    created_at: datetime
    offers: int
    matched: bool
    waiting_too_long: bool


def my_posted_requests(user: User, now: datetime | None = None) -> list[PostedRequest]:
    now = now or utcnow()
    offers = (sa.select(sa.func.count()).select_from(Engagement)
              .where(Engagement.opportunity_id == Opportunity.id, Engagement.shift_id.is_(None),
                     Engagement.status == "applied").correlate(Opportunity).scalar_subquery())
    rows = db.session.execute(
        sa.select(HelpRequest, Opportunity.title, Opportunity.status, offers)
        .join(Opportunity, Opportunity.id == HelpRequest.opportunity_id)
        .where(sa.or_(HelpRequest.intermediary_id == user.id, HelpRequest.requester_id == user.id))
        .order_by(HelpRequest.created_at.desc(), HelpRequest.id).limit(MAX_LISTED))
    out = []
    for request, title, status, offer_count in rows:
        matched = request.accepted_engagement_id is not None
        waiting = (status == "published" and not matched and request.window_end > now
                   and now - request.created_at > UNMATCHED_TOO_LONG)
        out.append(PostedRequest(request.id, title, request.resident_first_name, status, request.window_start,
                                 request.window_end, request.created_at, offer_count, matched, waiting))
    return sorted(out, key=lambda r: not r.waiting_too_long)  # stable: newest first within each group
