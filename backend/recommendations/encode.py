"""From the database to the matching library's inputs (matching.Volunteer / matching.Demand).

The library wants plain values: bitsets over the skill taxonomy (Skill.bit), the interest categories and the
languages (their index in the shipped taxonomy), a weekly half-hour slot mask, naive local times (backend.localtime).
Loading is done in bulk, a fixed number of queries whatever the number of volunteers.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

import sqlalchemy as sa

import matching
from backend.engagements.models import Engagement, HOLDING
from backend.extensions import db
from backend.help.models import HelpRequest
from backend.localtime import local_zone
from backend.opportunities.models import Opportunity, Shift
from backend.places.models import Neighbourhood
from backend.reference_data import taxonomy
from backend.volunteers.models import AvailabilityException, AvailabilitySlot, ProfileSkill, Skill, VolunteerProfile

SLOT_MINUTES = 30
MAX_WINDOW = timedelta(days=14)
URGENCY_LEVEL = {"low": 0, "normal": 1, "high": 2, "urgent": 3}
# How long a neighbour's request usually takes. A request's time window is when it may happen; a volunteer fits
# when they have this long free somewhere inside it (matching's flexible demands).
TYPICAL_MINUTES = {"groceries": 60, "odd_jobs": 120, "company": 90, "transport": 120, "digital_help": 60,
                   "paperwork": 60, "respite_care": 180}


def local_naive(moment: datetime) -> datetime:
    """``moment`` as the naive local time matching works in (the one time-zone source: backend.localtime). A UTC
    moment takes its hour's offset from a small cache (the zone's offset changes only at whole UTC hours):
    zoneinfo's conversion costs ~20 µs, too much for 25,000 rows."""
    if moment.tzinfo is timezone.utc:
        hour = moment.replace(minute=0, second=0, microsecond=0)
        return (moment + _offset(hour, local_zone())).replace(tzinfo=None)
    return moment.astimezone(local_zone()).replace(tzinfo=None)


@lru_cache(maxsize=8192)
def _offset(utc_hour: datetime, zone: ZoneInfo) -> timedelta:
    return utc_hour.astimezone(zone).utcoffset()


def minutes_mask(start_minute: int, end_minute: int) -> int:
    """Half-hour slots touched by [start, end) minutes of one day (end up to 1440)."""
    first = start_minute // SLOT_MINUTES
    last = -(-end_minute // SLOT_MINUTES)
    return ((1 << (last - first)) - 1) << first


class Codebook:
    """Bit positions of skills, interests and languages."""

    def __init__(self) -> None:
        self.skill_bit = dict(db.session.execute(sa.select(Skill.code, Skill.bit)).all())
        tax = taxonomy()
        self.interest_bit = {code: i for i, code in enumerate(tax["interests"])}
        self.language_bit = {code: i for i, code in enumerate(tax["languages"])}

    def skills(self, codes) -> int:
        return matching.bitset([self.skill_bit[c] for c in codes if c in self.skill_bit])

    def interests(self, codes) -> int:
        return matching.bitset([self.interest_bit[c] for c in codes if c in self.interest_bit], 32)

    def languages(self, codes) -> int:
        return matching.bitset([self.language_bit[c] for c in codes if c in self.language_bit], 64)


def load_volunteers(codebook: Codebook, *, municipality_id=None, user_ids=None, now: datetime) -> list:
    """matching.Volunteer for every profile in a municipality (or the given users). Seven queries in all.

    Columns only (no ORM objects, whose selectin relationships would load every profile's skills, slots and
    exceptions a second time), and a municipality's volunteers are selected by a subquery rather than a list of
    thousands of ids sent as parameters."""
    who = volunteers_of(municipality_id)
    if user_ids is not None:
        who = who.where(VolunteerProfile.user_id.in_(list(user_ids)))
    rows = db.session.execute(
        sa.select(VolunteerProfile.user_id, VolunteerProfile.latitude, VolunteerProfile.longitude,
                  VolunteerProfile.travel_radius_km, VolunteerProfile.interests, VolunteerProfile.languages,
                  VolunteerProfile.vog_status, VolunteerProfile.vog_valid_until, VolunteerProfile.birth_year,
                  VolunteerProfile.paused, VolunteerProfile.preference, VolunteerProfile.max_commitments_per_month,
                  Neighbourhood.focus_weight)
        .join(Neighbourhood, VolunteerProfile.neighbourhood_id == Neighbourhood.id)
        .where(VolunteerProfile.user_id.in_(who))).all()
    if not rows:
        return []
    skills, slots, exceptions = defaultdict(list), defaultdict(int), defaultdict(list)
    for user_id, code in db.session.execute(sa.select(ProfileSkill.user_id, ProfileSkill.skill_code)
                                            .where(ProfileSkill.user_id.in_(who))):
        skills[user_id].append(code)
    for user_id, weekday, start, end in db.session.execute(
            sa.select(AvailabilitySlot.user_id, AvailabilitySlot.weekday, AvailabilitySlot.start_minute,
                      AvailabilitySlot.end_minute).where(AvailabilitySlot.user_id.in_(who))):
        slots[user_id] |= minutes_mask(start, end) << (weekday * 48)
    for user_id, day, start, end, available in db.session.execute(
            sa.select(AvailabilityException.user_id, AvailabilityException.date, AvailabilityException.start_minute,
                      AvailabilityException.end_minute, AvailabilityException.available)
            .where(AvailabilityException.user_id.in_(who), AvailabilityException.date >= now.date() - timedelta(days=1))):
        mask = minutes_mask(start or 0, end if end is not None else 1440)
        exceptions[user_id].append(matching.AvailabilityException(day, slots=mask, available=available))
    busy, load, completed, no_shows = engagement_facts_of(who, now)
    out = []
    for (uid, lat, lon, radius, interests, languages, vog_status, vog_until, birth_year, paused, preference,
         max_load, hood_weight) in rows:
        out.append(matching.Volunteer(
            str(uid), lat=lat, lon=lon, radius_km=radius,
            skills=codebook.skills(skills[uid]), interests=codebook.interests(interests),
            languages=codebook.languages(languages), availability=slots[uid],
            exceptions=tuple(exceptions[uid]), busy=tuple(busy[uid]),
            vog_valid_until=vog_until if vog_status == "valid" else None,
            # The youngest the volunteer can be: a minimum age is never assumed too early.
            birth_date=date(birth_year, 12, 31) if birth_year else None,
            paused=paused, preference=preference, load=load[uid],
            max_load=max_load, completed=completed[uid], no_shows=no_shows[uid],
            neighbourhood_weight=hood_weight))
    return out


def volunteers_of(municipality_id=None) -> sa.Select:
    """The user ids of a municipality's volunteer profiles (all profiles when None), as a subquery."""
    who = sa.select(VolunteerProfile.user_id)
    return who if municipality_id is None else who.where(VolunteerProfile.municipality_id == municipality_id)


def engagement_facts_of(who, now: datetime):
    """Busy intervals (accepted, upcoming), commitments this month, completed and no-show counts (four dicts by user
    id) of the volunteers ``who`` selects (a subquery of user ids), read now: three statements."""
    busy, load, completed, no_shows = defaultdict(list), defaultdict(int), defaultdict(int), defaultdict(int)
    # In UTC: the rows' times are UTC, and comparing two times of one zone skips zoneinfo (~25,000 rows here).
    month_start = now.astimezone(local_zone()).replace(day=1, hour=0, minute=0, second=0, microsecond=0) \
        .astimezone(timezone.utc)
    counts = db.session.execute(
        sa.select(Engagement.volunteer_id, Engagement.status, sa.func.count())
        .where(Engagement.volunteer_id.in_(who), Engagement.status.in_(("completed", "no_show")))
        .group_by(Engagement.volunteer_id, Engagement.status))
    for user_id, status, n in counts:
        (completed if status == "completed" else no_shows)[user_id] = n
    shift_rows = db.session.execute(
        sa.select(Engagement.volunteer_id, Shift.starts_at, Shift.ends_at)
        .join(Shift, Engagement.shift_id == Shift.id)
        .where(Engagement.volunteer_id.in_(who), Engagement.status.in_(HOLDING), Shift.ends_at >= month_start))
    help_rows = db.session.execute(
        sa.select(Engagement.volunteer_id, HelpRequest.window_start, HelpRequest.window_end)
        .join(HelpRequest, HelpRequest.opportunity_id == Engagement.opportunity_id)
        .where(Engagement.volunteer_id.in_(who), Engagement.shift_id.is_(None),
               Engagement.status.in_(HOLDING), HelpRequest.window_end >= month_start))
    for user_id, start, end in [*shift_rows, *help_rows]:
        if start >= month_start:
            load[user_id] += 1
        if end > now:
            busy[user_id].append((local_naive(start), local_naive(end)))
    return busy, load, completed, no_shows


def shift_demand(codebook: Codebook, shift: Shift, opp: Opportunity, focus_weight: float) -> matching.Demand:
    kind = "initiative_task" if opp.kind == "initiative_task" else "shift"
    return matching.Demand(
        str(shift.id), kind, start=local_naive(shift.starts_at), end=local_naive(shift.ends_at),
        **_common(codebook, opp, focus_weight), urgency=0, free_places=max(0, shift.capacity - shift.accepted_count))


def help_demand(codebook: Codebook, help_request: HelpRequest, opp: Opportunity, focus_weight: float,
                now: datetime | None = None):
    # What is left of the window (from the next half hour on), and at most the two weeks matching looks ahead.
    start = help_request.window_start
    if now is not None and now > start:
        start = next_half_hour(now)
    end = min(help_request.window_end, start + MAX_WINDOW)
    window = int((end - start).total_seconds() // 60)
    typical = TYPICAL_MINUTES.get(opp.category, 90)
    return matching.Demand(
        str(help_request.id), "help_request", start=local_naive(start), end=local_naive(end),
        **_common(codebook, opp, focus_weight),
        urgency=URGENCY_LEVEL.get(help_request.urgency, 1), free_places=1,
        duration_minutes=typical if typical < window else None)


def next_half_hour(moment: datetime) -> datetime:
    rounded = moment.replace(second=0, microsecond=0)
    return rounded + timedelta(minutes=(-rounded.minute) % SLOT_MINUTES or (SLOT_MINUTES if moment > rounded else 0))


def _common(codebook: Codebook, opp: Opportunity, focus_weight: float) -> dict:
    return dict(
        lat=None if opp.remote else opp.latitude, lon=None if opp.remote else opp.longitude, remote=opp.remote,
        max_distance_km=opp.max_distance_km, required_skills=codebook.skills(opp.required_skills),
        nice_skills=codebook.skills(opp.nice_skills), interest=codebook.interest_bit.get(opp.category),
        requires_vog=opp.requires_vog, min_age=opp.min_age or 0, languages=codebook.languages(opp.languages),
        regular=opp.commitment == "regular", neighbourhood_weight=focus_weight)
