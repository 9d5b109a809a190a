"""Who may pick a gift: the campaign's eligibility rule, judged with reasons.

The rule is a JSON object; it must name at least one condition (a minimum, ``registered_before`` or
``everyone``: an empty rule is refused, see backend.campaigns.operations):

    {"everyone": true,                   # every volunteer of the municipality (not with a minimum)
     "min_approved_hours": 10,           # at least this many approved hours (HoursEntry.approved_at in the period)
     "min_completed_engagements": 2,     # at least this many engagements completed in the period
     "period_start": "2026-01-01",       # the period, local dates (the municipality's zone), both days included;
     "period_end": "2026-12-31",         #   required when a minimum is given
     "nominations": true,                # a nomination by a verified organisation counts instead of the minimums
     "registered_before": "2026-12-01"}  # only accounts created before this local date

A volunteer is eligible when their profile lies in the campaign's municipality, they registered before
``registered_before`` (if given), and either every minimum given is met or (with ``nominations``, the default)
a verified organisation nominated them. A rule without minimums (``everyone``, or only ``registered_before``) lets
every volunteer of the municipality take part.

The same facts query serves one volunteer (GET /campaigns/current, claims) and all of them (invitations,
letter codes, reports), so the answers cannot disagree.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from backend.accounts.models import User
from backend.engagements.models import Engagement, HoursEntry
from backend.extensions import db
from backend.localtime import local_zone
from backend.organisations.models import Organisation
from backend.volunteers.models import VolunteerProfile
from backend.campaigns.models import Campaign, Nomination


@dataclass(frozen=True)
class Facts:
    user_id: uuid.UUID
    created_at: datetime
    locale: str
    neighbourhood_id: uuid.UUID
    approved_minutes: int
    completed_engagements: int
    nominated: bool


@dataclass(frozen=True)
class Reason:
    code: str
    params: dict


@dataclass(frozen=True)
class Verdict:
    eligible: bool
    reasons: tuple[Reason, ...]


def _local_midnight_utc(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone)


def counts_activity(campaign: Campaign) -> bool:
    """Whether the rule counts hours or engagements in a period (otherwise both count as 0)."""
    rule = campaign.eligibility
    return bool(rule.get("period_start") and rule.get("period_end"))


def _period(campaign: Campaign, zone: ZoneInfo) -> tuple[datetime, datetime] | None:
    if not counts_activity(campaign):
        return None
    rule = campaign.eligibility
    start = date.fromisoformat(rule["period_start"])
    end = date.fromisoformat(rule["period_end"])
    return _local_midnight_utc(start, zone), _local_midnight_utc(end + timedelta(days=1), zone)


def nominated(campaign_id, user_id) -> sa.Exists:
    """Whether a verified organisation nominated the volunteer (campaign and volunteer: columns or values)."""
    return sa.exists().where(
        Nomination.campaign_id == campaign_id, Nomination.volunteer_id == user_id,
        Nomination.organisation_id == Organisation.id, Organisation.verified_at.is_not(None))


def facts_query(campaign: Campaign, user_id=None) -> sa.Select:
    """One row of Facts per volunteer of the campaign's municipality (or only ``user_id``)."""
    zone = local_zone(campaign.municipality)
    period = _period(campaign, zone)
    if period is None:  # no minimums: activity is not counted
        minutes = sa.literal(0)
        completed = sa.literal(0)
        joins = []
    else:
        start, end = period
        hours = (sa.select(HoursEntry.volunteer_id.label("vid"), sa.func.sum(HoursEntry.minutes).label("minutes"))
                 .where(HoursEntry.status == "approved", HoursEntry.approved_at >= start, HoursEntry.approved_at < end)
                 .group_by(HoursEntry.volunteer_id).subquery())
        done_at = sa.func.coalesce(Engagement.status_changed_at, Engagement.updated_at)
        engagements = (sa.select(Engagement.volunteer_id.label("vid"), sa.func.count().label("completed"))
                       .where(Engagement.status == "completed", done_at >= start, done_at < end)
                       .group_by(Engagement.volunteer_id).subquery())
        minutes = sa.func.coalesce(hours.c.minutes, 0)
        completed = sa.func.coalesce(engagements.c.completed, 0)
        joins = [(hours, hours.c.vid == VolunteerProfile.user_id),
                 (engagements, engagements.c.vid == VolunteerProfile.user_id)]
    stmt = (sa.select(VolunteerProfile.user_id, User.created_at, User.locale, VolunteerProfile.neighbourhood_id,
                      minutes.label("approved_minutes"), completed.label("completed_engagements"),
                      nominated(campaign.id, VolunteerProfile.user_id).label("nominated"))
            .join(User, User.id == VolunteerProfile.user_id)
            .where(VolunteerProfile.municipality_id == campaign.municipality_id))
    for subquery, on in joins:
        stmt = stmt.outerjoin(subquery, on)
    if user_id is not None:
        stmt = stmt.where(VolunteerProfile.user_id == user_id)
    return stmt


def all_facts(campaign: Campaign) -> list[Facts]:
    return [Facts(*row) for row in db.session.execute(facts_query(campaign))]


def judge_user(campaign: Campaign, user_id) -> Verdict:
    row = db.session.execute(facts_query(campaign, user_id)).first()
    if row is None:
        return Verdict(False, (Reason("other_municipality", {}),))
    return judge(campaign, Facts(*row))


def judge_placed(campaign: Campaign, user: User, neighbourhood_id, is_nominated: bool) -> Verdict:
    """judge_user for a volunteer of the campaign's municipality whose neighbourhood and nomination the caller
    read already (``nominated()`` in its own query): the same Facts as facts_query gives, without reading them
    again unless the rule counts hours or engagements."""
    if counts_activity(campaign):
        return judge_user(campaign, user.id)
    return judge(campaign, Facts(user.id, user.created_at, user.locale, neighbourhood_id, 0, 0, is_nominated))


def _hours(minutes: int) -> str:
    return f"{minutes / 60:.1f}".rstrip("0").rstrip(".")


def judge(campaign: Campaign, facts: Facts) -> Verdict:
    """Eligible or not, with every reason that decided it (so that the app can say why)."""
    rule = campaign.eligibility
    zone = local_zone(campaign.municipality)
    if rule.get("registered_before"):
        before = date.fromisoformat(rule["registered_before"])
        if facts.created_at >= _local_midnight_utc(before, zone):
            return Verdict(False, (Reason("registered_too_late", {"date": before.isoformat()}),))
    span = {"start": rule.get("period_start"), "end": rule.get("period_end")}
    met, unmet = [], []
    if rule.get("min_approved_hours"):
        needed = rule["min_approved_hours"]
        enough = facts.approved_minutes >= needed * 60
        (met if enough else unmet).append(Reason("enough_hours" if enough else "too_few_hours",
                                                 {"hours": needed, "have": _hours(facts.approved_minutes), **span}))
    if rule.get("min_completed_engagements"):
        needed = rule["min_completed_engagements"]
        enough = facts.completed_engagements >= needed
        (met if enough else unmet).append(Reason(
            "enough_engagements" if enough else "too_few_engagements",
            {"count": needed, "have": facts.completed_engagements, **span}))
    if not met and not unmet:
        return Verdict(True, (Reason("everyone", {}),))
    if rule.get("nominations", True) and facts.nominated:
        return Verdict(True, (Reason("nominated", {}),))
    if unmet:
        return Verdict(False, tuple(unmet))
    return Verdict(True, tuple(met))


def eligible_facts(campaign: Campaign) -> list[Facts]:
    return [f for f in all_facts(campaign) if judge(campaign, f).eligible]


def eligible_count(campaign: Campaign) -> int:
    """``len(eligible_facts(campaign))`` counted by PostgreSQL: one row back instead of every volunteer of the
    municipality (the campaign's pages show the count; a report must not wait for 15,000 rows in Python)."""
    facts = facts_query(campaign).subquery()
    return db.session.scalar(sa.select(sa.func.count()).select_from(facts).where(eligible_where(campaign, facts.c)))


def eligible_where(campaign: Campaign, facts) -> sa.ColumnElement[bool]:
    """``judge(...).eligible`` as a condition on facts_query's columns (``facts``: a subquery's ``.c``)."""
    rule = campaign.eligibility
    conditions = []
    if rule.get("registered_before"):
        before = _local_midnight_utc(date.fromisoformat(rule["registered_before"]), local_zone(campaign.municipality))
        conditions.append(facts.created_at < before)
    minimums = []
    if rule.get("min_approved_hours"):
        minimums.append(facts.approved_minutes >= rule["min_approved_hours"] * 60)
    if rule.get("min_completed_engagements"):
        minimums.append(facts.completed_engagements >= rule["min_completed_engagements"])
    if minimums:
        met = sa.and_(*minimums)
        conditions.append(sa.or_(met, facts.nominated) if rule.get("nominations", True) else met)
    return sa.and_(sa.true(), *conditions)
