"""Scheduled appreciation jobs: milestones and the thank-you after an engagement.

Each job is ``fn(now: datetime | None = None) -> int``: it does what is due at ``now`` (default: the current
time), returns how many things it did, and commits nothing (the job runner commits its unit of work). Safe to
run twice or after a missed run: awards are unique per (user, milestone) and every message has a dedupe key.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta

import sqlalchemy as sa

from backend.accounts.models import User
from backend.appreciation.models import MilestoneAward
from backend.engagements.models import Engagement, HoursEntry
from backend.extensions import db
from backend.localtime import local_zone
from backend.models_base import utcnow
from backend.notifications.outbox import enqueue
from backend.opportunities.models import Opportunity
from backend.volunteers.models import VolunteerProfile

HOURS_MILESTONES = (10, 25, 50, 100, 250)
YEARS_MILESTONES = (1, 5, 10)
# A thank-you goes out from the day after completion; a run that was missed for up to a week still sends it,
# older engagements are not thanked out of the blue (e.g. when the job is first switched on).
THANK_YOU_GRACE = timedelta(days=7)


def _completed_at():
    return sa.func.coalesce(Engagement.status_changed_at, Engagement.updated_at)


def _first_engagements(now: datetime) -> dict:
    rows = db.session.execute(
        sa.select(Engagement.volunteer_id, sa.func.min(_completed_at()))
        .join(VolunteerProfile, VolunteerProfile.user_id == Engagement.volunteer_id)
        .where(Engagement.status == "completed", _completed_at() <= now)
        .group_by(Engagement.volunteer_id))
    return {(user_id, "first_engagement"): at for user_id, at in rows}


def _hours_crossings(now: datetime, awarded: set) -> dict:
    """When each volunteer's approved hours crossed each threshold (only for thresholds not yet awarded)."""
    totals = db.session.execute(
        sa.select(HoursEntry.volunteer_id, sa.func.sum(HoursEntry.minutes))
        .join(VolunteerProfile, VolunteerProfile.user_id == HoursEntry.volunteer_id)
        .where(HoursEntry.status == "approved", HoursEntry.approved_at <= now)
        .group_by(HoursEntry.volunteer_id).having(sa.func.sum(HoursEntry.minutes) >= HOURS_MILESTONES[0] * 60))
    due = {}
    for user_id, total in totals:
        missing = [h for h in HOURS_MILESTONES if total >= h * 60 and (user_id, f"hours_{h}") not in awarded]
        if not missing:
            continue
        running = 0
        entries = db.session.execute(
            sa.select(HoursEntry.minutes, HoursEntry.approved_at)
            .where(HoursEntry.volunteer_id == user_id, HoursEntry.status == "approved", HoursEntry.approved_at <= now)
            .order_by(HoursEntry.approved_at, HoursEntry.id))
        for minutes, approved_at in entries:
            running += minutes
            for h in missing:
                if running >= h * 60:
                    due.setdefault((user_id, f"hours_{h}"), approved_at)
    return due


def _anniversary(created_at: datetime, years: int) -> datetime:
    try:
        return created_at.replace(year=created_at.year + years)
    except ValueError:  # registered on 29 February
        return created_at.replace(year=created_at.year + years, day=28)


def _years_active(now: datetime) -> dict:
    rows = db.session.execute(
        sa.select(User.id, User.created_at).join(VolunteerProfile, VolunteerProfile.user_id == User.id)
        .where(User.created_at <= now - timedelta(days=365)))
    due = {}
    for user_id, created in rows:
        for years in YEARS_MILESTONES:
            at = _anniversary(created, years)
            if at <= now:
                due[(user_id, f"years_{years}")] = at
    return due


def grant_milestones(now: datetime | None = None) -> int:
    """Award every milestone a volunteer has reached and not yet received, and announce each (outbox).

    Returns the number of awards granted.
    """
    now = now or utcnow()
    awarded = {tuple(row) for row in db.session.execute(sa.select(MilestoneAward.user_id, MilestoneAward.code))}
    due = {**_first_engagements(now), **_hours_crossings(now, awarded), **_years_active(now)}
    new = {key: at for key, at in due.items() if key not in awarded}
    if not new:
        return 0
    locales = dict(db.session.execute(sa.select(User.id, User.locale)
                                      .where(User.id.in_({user_id for user_id, _ in new}))).all())
    for (user_id, code), at in sorted(new.items(), key=lambda item: (str(item[0][0]), item[1])):
        db.session.add(MilestoneAward(user_id=user_id, code=code, achieved_at=at))
        enqueue(f"milestone:{user_id}:{code}", user_id=user_id, channel="any", template="milestone",
                locale=locales[user_id], payload={"milestone": code, "achieved_at": at.isoformat()})
    db.session.flush()
    return len(new)


def send_thank_yous(now: datetime | None = None) -> int:
    """Thank each volunteer the day after they completed an engagement, in their language.

    Returns the number of thank-you messages written.
    """
    now = now or utcnow()
    zone = local_zone()
    today = datetime.combine(now.astimezone(zone).date(), time(0), tzinfo=zone)
    rows = db.session.execute(
        sa.select(Engagement.id, Engagement.volunteer_id, Engagement.opportunity_id, Opportunity.title, User.locale)
        .join(User, User.id == Engagement.volunteer_id).join(Opportunity, Opportunity.id == Engagement.opportunity_id)
        .where(Engagement.status == "completed", _completed_at() < today, _completed_at() >= today - THANK_YOU_GRACE))
    sent = 0
    for engagement_id, volunteer_id, opportunity_id, title, locale in rows:
        sent += enqueue(f"thank-you:engagement:{engagement_id}", user_id=volunteer_id, channel="any",
                        template="thank_you", locale=locale,
                        payload={"engagement_id": str(engagement_id), "opportunity_id": str(opportunity_id),
                                 "opportunity_title": title})
    db.session.flush()
    return sent
