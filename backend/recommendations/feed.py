"""The volunteer's "for you" feed: the worker's demand table (backend.recommendations.demand_table) against the
volunteer as they are now, read in two statements.

Statement 1 reads the profile with its skills, weekly slots and dated exceptions (aggregated into strings) and,
in the same row, the municipality's change token and matching weights and a summary of the volunteer's engagements
(the feed's version, an ETag, is made of that row: see ``feed_answer``). Statement 2 reads the volunteer's own
engagements, which give the busy intervals, the load of this month, the completed/no-show counts and the pairs
never to propose again. Only when the token moved (or the half hour changed) does the table get rebuilt.

Free places: a sign-up or withdrawal moves no token (backend.recommendations.markers), whether it fills the shift,
reopens it or neither, so the table's free places may be old, and the table holds the full shifts too. The free
places shown are read live for the shifts on the answer (statement 3, only when the answer is built); k + FULL_SLACK
are asked of the table and those full now left out (asked again without them in the rare case that leaves fewer
than k). Statement 1 carries a fixed-size summary of the municipality's shifts changed since the start
of the table's half hour (less listing_version.SETTLE, for commits that come after their flush: how many, places
taken and offered, the sum of their stamps), so that the version changes with the places shown: the summary, not
the list of those shifts, which would grow with every sign-up of the half hour.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from functools import lru_cache
from datetime import date, datetime, timedelta

import sqlalchemy as sa

import matching
from backend.accounts.models import User
from backend.engagements.models import Engagement
from backend.errors import NotFound
from backend.extensions import db
from backend.opportunities.listing_version import SETTLE, changed_shifts_summary
from backend.opportunities.models import Opportunity, Shift
from backend.places.models import Neighbourhood
from backend.recommendations import filters
from backend.recommendations.common import Facts, engagement_facts, km, reason_view
from backend.recommendations.demand_table import demand_snapshot
from backend.recommendations.encode import SLOT_MINUTES, Codebook, local_naive, minutes_mask, next_half_hour
from backend.recommendations.models import MatchingMarker, MunicipalityMatchingWeights
from backend.volunteers.models import AvailabilityException, AvailabilitySlot, ProfileSkill, VolunteerProfile

# Raise when the items' shape changes: a version from before a deploy must not answer "not modified".
_FORMAT = "1"
# More than k asked of the table: room for shifts filled since it was built (left out after the live places).
FULL_SLACK = 10


@dataclass(frozen=True)
class FeedAnswer:
    """The feed and its version; ``items`` is None when a version the caller holds is still current. ``why_empty``:
    when a filter leaves nothing, why (backend.recommendations.filters.Explanation), else None."""

    items: list[dict] | None
    version: str
    why_empty: filters.Explanation | None = None


def feed(user: User, *, k: int, locale: str, now: datetime,
         only: filters.FeedFilter = filters.FeedFilter()) -> list[dict]:
    """Shifts, initiative tasks and help requests near me, best first, with reasons."""
    return feed_answer(user, k=k, locale=locale, now=now, only=only).items


def feed_answer(user: User, *, k: int, locale: str, now: datetime, known_versions=(),
                only: filters.FeedFilter = filters.FeedFilter()) -> FeedAnswer:
    """``feed`` with its version. The version is a digest of everything the feed is computed from: statement 1's
    row (the profile as matching reads it, the municipality's demand token and weights, and a summary of the
    volunteer's own engagements: how many, the latest change), the size, the language and the minute (the feed
    is computed at the minute: matching counts in minutes) and the filter. When a version the caller holds is
    current, nothing more is read or computed. ``only``: the filter the matcher is asked with (see filters)."""
    now = now.replace(second=0, microsecond=0)
    row = db.session.execute(_profile_stmt(), {
        "feed_user": user.id, "exceptions_from": now.date() - timedelta(days=1),
        "places_since": next_half_hour(now) - timedelta(minutes=SLOT_MINUTES) - SETTLE}).one_or_none()
    if row is None:
        raise NotFound("detail.no_profile")
    data = tuple(row._mapping.values())
    version = hashlib.blake2b(repr((_FORMAT, data, k, locale, now.isoformat(), only)).encode(),
                              digest_size=12).hexdigest()
    if version in known_versions:
        return FeedAnswer(None, version)
    snapshot = demand_snapshot(row.municipality_id, row.demand_token, now)
    volunteer, exclude = _volunteer(snapshot.codebook, row, now)
    weights = replace(matching.DEFAULT_WEIGHTS, **row.overrides) if row.overrides else matching.DEFAULT_WEIGHTS
    if only.is_empty():
        return FeedAnswer(_items(row, snapshot, volunteer, exclude, weights, k=k, locale=locale, now=now), version)
    cols = filters.columns_of(snapshot.table, snapshot.info)
    fits = filters.mask(only, cols, row.latitude, row.longitude)
    items = _items(row, snapshot, volunteer, exclude, weights, k=k, locale=locale, now=now, fits=fits)
    why = None
    if not items:
        possible = matching.feasible_demands(volunteer, snapshot.table, now=local_naive(now), weights=weights,
                                             exclude=exclude)
        why = filters.explain(only, cols, row.latitude, row.longitude, possible)
    return FeedAnswer(items, version, why)


def _items(row, snapshot, volunteer, exclude, weights, *, k: int, locale: str, now: datetime,
           fits=None) -> list[dict]:
    # The table holds full shifts too (a sign-up that fills one moves no token: markers): ask for more than k, and
    # if the live places leave fewer than k, again without the full ones (rare: statement 3 once more).
    for _round in range(3):
        matches = matching.recommend(volunteer, snapshot.table, k + FULL_SLACK, now=local_naive(now),
                                     weights=weights, exclude=exclude, only=fits)
        places = _live_places([snapshot.info[m.demand_id].shift_id for m in matches])
        full = {m.demand_id for m in matches if places.get(str(snapshot.info[m.demand_id].shift_id), 1) <= 0}
        if len(matches) - len(full) >= k or len(matches) < k + FULL_SLACK or not full:
            break
        exclude = exclude | {(volunteer.id, demand_id) for demand_id in full}
    items = []
    for m in matches:
        d = snapshot.info[m.demand_id]
        if m.demand_id in full:
            continue  # full now (the table may be older than the sign-up that filled it)
        if len(items) == k:
            break
        items.append({
            "kind": d.kind, "opportunity_id": d.opportunity_id, "shift_id": d.shift_id,
            "help_request_id": d.help_request_id, "title": d.title, "category": d.category,
            "organisation": d.organisation, "neighbourhood": d.neighbourhood, "remote": d.remote,
            "distance_km": None if d.remote else km(row.latitude, row.longitude, d.latitude, d.longitude),
            "starts_at": d.starts_at, "ends_at": d.ends_at, "free_places": places.get(str(d.shift_id), d.free_places),
            "score": round(m.score, 4), "reasons": reason_view(m.reasons, locale)})
    return items


def _concat(*parts):
    out = sa.cast(parts[0], sa.String)
    for part in parts[1:]:
        out = out.concat(":").concat(sa.cast(part, sa.String))
    return out


@lru_cache(maxsize=1)
def _profile_stmt() -> sa.Select:
    """Statement 1, built once (values bound at execution: building it and its cache key anew cost a worker
    ~15 % of a feed request): ``feed_user``, ``exceptions_from`` (yesterday), ``places_since`` (see
    _recent_places)."""
    skills = sa.select(sa.func.aggregate_strings(ProfileSkill.skill_code, ",")).where(
        ProfileSkill.user_id == VolunteerProfile.user_id).scalar_subquery()
    slots = sa.select(sa.func.aggregate_strings(_concat(
        AvailabilitySlot.weekday, AvailabilitySlot.start_minute, AvailabilitySlot.end_minute), ",")).where(
        AvailabilitySlot.user_id == VolunteerProfile.user_id).scalar_subquery()
    exceptions = sa.select(sa.func.aggregate_strings(_concat(
        AvailabilityException.date, sa.func.coalesce(AvailabilityException.start_minute, 0),
        sa.func.coalesce(AvailabilityException.end_minute, 1440),
        sa.case((AvailabilityException.available, 1), else_=0)), ",")).where(
        AvailabilityException.user_id == VolunteerProfile.user_id,
        AvailabilityException.date >= sa.bindparam("exceptions_from", type_=AvailabilityException.date.type)
    ).scalar_subquery()
    return (sa.select(VolunteerProfile.user_id, VolunteerProfile.municipality_id, VolunteerProfile.latitude,
                      VolunteerProfile.longitude, VolunteerProfile.travel_radius_km, VolunteerProfile.interests,
                      VolunteerProfile.languages, VolunteerProfile.vog_status, VolunteerProfile.vog_valid_until,
                      VolunteerProfile.birth_year, VolunteerProfile.paused, VolunteerProfile.preference,
                      VolunteerProfile.max_commitments_per_month, Neighbourhood.focus_weight,
                      MunicipalityMatchingWeights.overrides, skills.label("skills"), slots.label("slots"),
                      exceptions.label("exceptions"), MatchingMarker.demand_token,
                      *_engagements_summary(), _recent_places().label("places"))
            .join(Neighbourhood, VolunteerProfile.neighbourhood_id == Neighbourhood.id)
            .outerjoin(MatchingMarker, MatchingMarker.municipality_id == VolunteerProfile.municipality_id)
            .outerjoin(MunicipalityMatchingWeights,
                       MunicipalityMatchingWeights.municipality_id == VolunteerProfile.municipality_id)
            .where(VolunteerProfile.user_id == sa.bindparam("feed_user", type_=VolunteerProfile.user_id.type)))


def _recent_places():
    """The summary of the municipality's shifts changed since the table's half hour began (less SETTLE: bound as
    ``places_since``); see the module doc."""
    since = sa.bindparam("places_since", type_=Shift.updated_at.type)
    return changed_shifts_summary(since, Opportunity.municipality_id == VolunteerProfile.municipality_id,
                                  join=(Opportunity, Shift.opportunity_id == Opportunity.id))


def _live_places(shift_ids) -> dict[str, int]:
    """Statement 3: the free places now of the shifts on the answer."""
    ids = [i for i in shift_ids if i is not None]
    if not ids:
        return {}
    rows = db.session.execute(sa.select(Shift.id, Shift.capacity - Shift.accepted_count)
                              .where(Shift.id.in_(sa.bindparam("shown", expanding=True))), {"shown": ids})
    return {str(shift_id): max(0, free) for shift_id, free in rows}


def _engagements_summary() -> tuple:
    """What changes whenever the volunteer's engagements do (a row added, removed or changed: its updated_at)."""
    mine = Engagement.volunteer_id == VolunteerProfile.user_id
    return (sa.select(sa.func.count()).select_from(Engagement).where(mine).scalar_subquery().label("engagements"),
            sa.select(sa.func.max(Engagement.updated_at)).where(mine).scalar_subquery().label("engagements_changed"))


def _volunteer(codebook: Codebook, row, now: datetime) -> tuple[matching.Volunteer, set]:
    """The volunteer as load_volunteers would build them, plus the pairs never to propose."""
    availability = 0
    for slot in filter(None, (row.slots or "").split(",")):
        weekday, start, end = (int(x) for x in slot.split(":"))
        availability |= minutes_mask(start, end) << (weekday * 48)
    exceptions = []
    for item in filter(None, (row.exceptions or "").split(",")):
        day, start, end, available = item.split(":")
        exceptions.append(matching.AvailabilityException(
            date.fromisoformat(day[:10]), slots=minutes_mask(int(start), int(end)), available=available == "1"))
    facts = engagement_facts([row.user_id], now).get(str(row.user_id), Facts())
    volunteer = matching.Volunteer(
        str(row.user_id), lat=row.latitude, lon=row.longitude, radius_km=row.travel_radius_km,
        skills=codebook.skills((row.skills or "").split(",")), interests=codebook.interests(row.interests),
        languages=codebook.languages(row.languages), availability=availability,
        exceptions=tuple(exceptions), busy=tuple(facts.busy),
        vog_valid_until=row.vog_valid_until if row.vog_status == "valid" else None,
        birth_date=date(row.birth_year, 12, 31) if row.birth_year else None,
        paused=row.paused, preference=row.preference, load=facts.load, max_load=row.max_commitments_per_month,
        completed=facts.completed, no_shows=facts.no_shows, neighbourhood_weight=row.focus_weight)
    return volunteer, facts.exclude
