"""The municipality's figures: the volunteer funnel, new volunteers per month, demand and unmet demand, hours given.

Each report is built for the whole municipality (every area row: total, focus and other neighbourhoods,
districts, neighbourhoods), suppressed as a whole (``backend.reports.suppression``), and only then narrowed to
the wijk (district) or the buurt (neighbourhood) asked for, so that no combination of requests shows more than the
full table does.
Periods are local dates of the municipality, both included. Every figure comes from a few GROUP BY queries.
"""
from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from backend.accounts.models import User
from backend.engagements.models import HOLDING, Engagement, HoursEntry
from backend.errors import InvalidInput
from backend.extensions import db
from backend.help.models import HelpRequest
from backend.i18n import Msg
from backend.models_base import utcnow
from backend.opportunities.models import KINDS, Opportunity, Shift
from backend.places.models import Municipality
from backend.places.operations import get_municipality, require_staff
from backend.reports.areas import Area, Areas, areas_of
from backend.reports.sql import plus_seconds
from backend.reports.suppression import Cell, derived, suppress
from backend.volunteers.models import AvailabilitySlot, ProfileSkill, VolunteerProfile

MAX_DAYS = 5 * 366
# Engagements in which a volunteer actually took part (or is set to): the funnel's "engagement".
ENGAGED = ("accepted", "checked_in", "completed")
ACTIVE_DAYS = 90
YEAR = timedelta(days=365)
UNMATCHED_AFTER = timedelta(hours=48)


@dataclass(frozen=True)
class Scope:
    """Who asked what: the municipality, the period (local dates, both included) and its UTC bounds."""

    municipality: Municipality
    date_from: date
    date_to: date
    starts: datetime  # UTC, included
    ends: datetime  # UTC, excluded
    district: str | None
    neighbourhood: str | None
    now: datetime
    areas: Areas  # the municipality's areas (read once for all the reports of one page)


@dataclass(frozen=True)
class FunnelRow:
    area: Area
    registered: Cell
    profile_complete: Cell
    first_engagement: Cell
    active_last_90_days: Cell
    active_after_a_year: Cell


@dataclass(frozen=True)
class NewVolunteersRow:
    area: Area
    month: str | None  # "2024-03"; None: the whole period
    new_volunteers: Cell


@dataclass(frozen=True)
class DemandRow:
    area: Area
    kind: str
    posted: Cell
    matched: Cell
    unmatched_after_48h: Cell
    median_hours_to_match: Cell


@dataclass(frozen=True)
class HoursRow:
    area: Area
    volunteers: Cell
    hours: Cell


@dataclass(frozen=True)
class Report:
    name: str
    municipality: str
    date_from: date
    date_to: date
    neighbourhood: str | None
    generated_at: datetime
    rows: tuple
    district: str | None = None
    areas: Areas | None = None  # every wijk and buurt of the municipality, to choose from


def report_scope(actor: User, municipality_slug: str, date_from: date, date_to: date,
                 neighbourhood: str | None = None, *, district: str | None = None,
                 now: datetime | None = None) -> Scope:
    """Check who asks and what: staff of that municipality (or an admin), a period of at most five years, a wijk
    of the municipality and a buurt of that wijk (a buurt alone implies its wijk)."""
    municipality = get_municipality(municipality_slug)
    require_staff(actor, municipality)
    if date_to < date_from:
        raise InvalidInput("detail.validation", errors={"to": [Msg("field.time_inverted")]})
    if (date_to - date_from).days >= MAX_DAYS:
        raise InvalidInput("detail.validation", errors={"to": [Msg("field.period_too_long", days=MAX_DAYS)]})
    # A plan for these parameters: psycopg prepares a statement on the server after its fifth use, and PostgreSQL
    # may then keep one generic plan for any period; for the funnel that plan took 99 ms against 36 (bench/RESULTS.md).
    # For this transaction only (the request's), so the lists and the feed keep their cached plans.
    db.session.execute(sa.text("SET LOCAL plan_cache_mode = force_custom_plan"))
    areas = areas_of(municipality)
    district = areas.checked(district, neighbourhood)
    zone = ZoneInfo(municipality.timezone)
    return Scope(municipality, date_from, date_to, _utc_midnight(date_from, zone),
                 _utc_midnight(date_to + timedelta(days=1), zone), district, neighbourhood, now or utcnow(), areas)


def _utc_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(ZoneInfo("UTC"))


def _report(name: str, scope: Scope, rows: list) -> Report:
    kept = tuple(r for r in rows if scope.areas.shows(r.area, scope.district, scope.neighbourhood))
    return Report(name, scope.municipality.slug, scope.date_from, scope.date_to, scope.neighbourhood, scope.now,
                  kept, scope.district, scope.areas)


def _cells(areas: Areas, columns: dict[str, dict]) -> dict[tuple[Area, str], Cell]:
    """Counts per neighbourhood id, per column -> suppressed cells for every (area, column)."""
    values = {}
    for column, by_hood in columns.items():
        for area, value in areas.roll_up(by_hood).items():
            values[(area, column)] = value
    groups = [([(m, column) for m in members], (total, column))
              for column in columns for members, total in areas.groups()]
    return suppress(values, groups)


# --- the volunteer funnel ----------------------------------------------------------------------------------------

def _last_activity(now: datetime, volunteers):
    """Per volunteer (of the ``volunteers`` subquery), the moment of their latest engagement that has begun (a
    shift's start, a help request's window, else when it was accepted)."""
    at = sa.func.coalesce(Shift.starts_at, HelpRequest.window_start, Engagement.checked_in_at,
                          Engagement.status_changed_at, Engagement.created_at)
    return (sa.select(Engagement.volunteer_id.label("volunteer_id"), sa.func.max(at).label("last_at"))
            .select_from(Engagement)
            .outerjoin(Shift, Shift.id == Engagement.shift_id)
            .outerjoin(HelpRequest, HelpRequest.opportunity_id == Engagement.opportunity_id)
            .where(Engagement.status.in_(ENGAGED), at <= now, Engagement.volunteer_id.in_(volunteers))
            .group_by(Engagement.volunteer_id).subquery())


def _funnel(scope: Scope) -> Report:
    """The volunteers who registered in the period (created their volunteer profile), and what became of them by
    now: profile complete (a skill and a weekly availability), a first engagement, active in the last 90 days,
    still active a year after registering."""
    profile = VolunteerProfile
    cohort = (profile.municipality_id == scope.municipality.id, profile.created_at >= scope.starts,
              profile.created_at < scope.ends)
    acts = _last_activity(scope.now, sa.select(profile.user_id).where(*cohort))
    # IN (a hashed subplan, each table read once), not EXISTS per profile: PostgreSQL's estimate of 15,000
    # correlated lookups also crossed jit_above_cost, and compiling the query took longer than running it.
    complete = sa.and_(profile.user_id.in_(sa.select(ProfileSkill.user_id)),
                       profile.user_id.in_(sa.select(AvailabilitySlot.user_id)))

    def how_many(condition):
        return sa.func.sum(sa.case((condition, 1), else_=0))

    rows = db.session.execute(
        sa.select(profile.neighbourhood_id, sa.func.count(), how_many(complete), sa.func.count(acts.c.last_at),
                  how_many(acts.c.last_at > scope.now - timedelta(days=ACTIVE_DAYS)),
                  how_many(acts.c.last_at >= plus_seconds(profile.created_at, int(YEAR.total_seconds()))))
        .select_from(profile).outerjoin(acts, acts.c.volunteer_id == profile.user_id)
        .where(*cohort)
        .group_by(profile.neighbourhood_id)).all()
    stages = ("registered", "profile_complete", "first_engagement", "active_last_90_days", "active_after_a_year")
    columns = {stage: {r[0]: int(r[i + 1] or 0) for r in rows} for i, stage in enumerate(stages)}
    areas = scope.areas
    cells = _cells(areas, columns)
    return _report("funnel", scope, [FunnelRow(area, *(cells[(area, s)] for s in stages)) for area in areas.all])


# --- new volunteers per month ------------------------------------------------------------------------------------

def _months(scope: Scope) -> list[tuple[str, datetime, datetime]]:
    zone = ZoneInfo(scope.municipality.timezone)
    out, first = [], scope.date_from.replace(day=1)
    while first <= scope.date_to:
        following = (first + timedelta(days=32)).replace(day=1)
        out.append((first.strftime("%Y-%m"), max(scope.starts, _utc_midnight(first, zone)),
                    min(scope.ends, _utc_midnight(following, zone))))
        first = following
    return out


def _new_volunteers(scope: Scope) -> Report:
    """Volunteer profiles created per local month of the period, per area, with the period's total."""
    months = _months(scope)
    created = VolunteerProfile.created_at
    month = sa.case(*[(sa.and_(created >= lo, created < hi), i) for i, (_, lo, hi) in enumerate(months)])
    per_row = (sa.select(VolunteerProfile.neighbourhood_id.label("hood"), month.label("month"))
               .where(VolunteerProfile.municipality_id == scope.municipality.id, created >= scope.starts,
                      created < scope.ends).subquery())
    counts: dict[str, dict] = {label: {} for label, _, _ in months}
    counts["total"] = defaultdict(int)
    for hood, i, n in db.session.execute(sa.select(per_row.c.hood, per_row.c.month, sa.func.count())
                                         .group_by(per_row.c.hood, per_row.c.month)):
        counts[months[i][0]][hood] = n
        counts["total"][hood] += n
    areas = scope.areas
    values = {(area, label): value for label, by_hood in counts.items()
              for area, value in areas.roll_up(by_hood).items()}
    labels = [label for label, _, _ in months]
    groups = [([(m, label) for m in members], (total, label))
              for label in counts for members, total in areas.groups()]
    groups += [([(area, label) for label in labels], (area, "total")) for area in areas.all]
    cells = suppress(values, groups)
    rows = [NewVolunteersRow(area, label if label != "total" else None, cells[(area, label)])
            for area in areas.all for label in [*labels, "total"]]
    return _report("new-volunteers", scope, rows)


# --- demand and unmet demand -------------------------------------------------------------------------------------

def _demand_items(scope: Scope):
    """One row per opportunity published in the period: its neighbourhood, kind, and when it was first matched
    (a help request's accepted offer, else the first volunteer given a place)."""
    in_period = (Opportunity.municipality_id == scope.municipality.id, Opportunity.published_at >= scope.starts,
                 Opportunity.published_at < scope.ends)
    # Only the engagements of those opportunities: not every engagement of every municipality, grouped.
    first_place = (sa.select(Engagement.opportunity_id.label("opportunity_id"),
                             sa.func.min(sa.func.coalesce(Engagement.status_changed_at, Engagement.created_at))
                             .label("at"))
                   .where(Engagement.status.in_(HOLDING), Engagement.opportunity_id.in_(
                       sa.select(Opportunity.id).where(*in_period)))
                   .group_by(Engagement.opportunity_id).subquery())
    matched = sa.func.coalesce(HelpRequest.matched_at, first_place.c.at)
    return (sa.select(Opportunity.neighbourhood_id.label("hood"), Opportunity.kind.label("kind"),
                      Opportunity.published_at.label("posted"),
                      sa.case((matched <= scope.now, matched), else_=None).label("matched"))
            .outerjoin(HelpRequest, HelpRequest.opportunity_id == Opportunity.id)
            .outerjoin(first_place, first_place.c.opportunity_id == Opportunity.id)
            .where(*in_period)
            .subquery())


def _demand(scope: Scope) -> Report:
    """Per area and kind (vacancy, initiative task, help request): posted in the period, matched by now, not
    matched within 48 hours of posting (counted once 48 hours have passed), and the median hours to a match."""
    items = _demand_items(scope)
    late = sa.and_(items.c.posted <= scope.now - UNMATCHED_AFTER,
                   sa.or_(items.c.matched.is_(None),
                          items.c.matched > plus_seconds(items.c.posted, int(UNMATCHED_AFTER.total_seconds()))))
    # NULL when not matched (GREATEST alone would skip the NULL and answer 0).
    waited = sa.case((items.c.matched.is_not(None),
                      sa.func.greatest(0.0, sa.extract("epoch", items.c.matched - items.c.posted) / 3600.0)))
    # One row per item, as plain numbers (no timestamps to convert): the counts add up per neighbourhood, and a
    # median, which does not add up, is taken per area from the waiting times of its neighbourhoods' items.
    measures = ("posted", "matched", "unmatched_after_48h")
    columns: dict[str, dict] = {f"{kind}:{m}": defaultdict(int) for kind in KINDS for m in measures}
    waits: dict[tuple[object, str], list[float]] = defaultdict(list)
    for hood, kind, is_late, hours in db.session.execute(
            sa.select(items.c.hood, items.c.kind, late, sa.cast(waited, sa.Float))):
        if kind not in KINDS:
            continue
        columns[f"{kind}:posted"][hood] += 1
        columns[f"{kind}:unmatched_after_48h"][hood] += int(bool(is_late))
        if hours is not None:
            columns[f"{kind}:matched"][hood] += 1
            waits[(hood, kind)].append(hours)
    areas = replace(scope.areas, with_none=True)
    cells = _cells(areas, columns)
    rows = []
    for area in areas.all:
        hoods = areas.members(area)
        for kind in KINDS:
            waited_hours = [h for hood in hoods for h in waits.get((hood, kind), ())]
            median = round(statistics.median(waited_hours), 1) if waited_hours else None
            rows.append(DemandRow(area, kind, *(cells[(area, f"{kind}:{m}")] for m in measures),
                                  derived(cells[(area, f"{kind}:matched")], median)))
    return _report("demand", scope, rows)


# --- hours given -------------------------------------------------------------------------------------------------

def _hours(scope: Scope) -> Report:
    """Approved hours (approved in the period) by the volunteers living in each area, and how many gave them."""
    rows = db.session.execute(
        sa.select(VolunteerProfile.neighbourhood_id, sa.func.count(sa.distinct(HoursEntry.volunteer_id)),
                  sa.func.sum(HoursEntry.minutes))
        .join(VolunteerProfile, VolunteerProfile.user_id == HoursEntry.volunteer_id)
        .where(HoursEntry.status == "approved", HoursEntry.approved_at >= scope.starts,
               HoursEntry.approved_at < scope.ends, VolunteerProfile.municipality_id == scope.municipality.id)
        .group_by(VolunteerProfile.neighbourhood_id)).all()
    areas = scope.areas
    cells = _cells(areas, {"volunteers": {r[0]: int(r[1]) for r in rows}})
    minutes = areas.roll_up({r[0]: int(r[2] or 0) for r in rows})
    return _report("hours", scope, [HoursRow(area, cells[(area, "volunteers")],
                                             derived(cells[(area, "volunteers")], round(minutes[area] / 60, 1)))
                                    for area in areas.all])


_BUILDERS = {"funnel": _funnel, "new-volunteers": _new_volunteers, "demand": _demand, "hours": _hours}
REPORTS = tuple(_BUILDERS)


def report(name: str, actor: User, municipality: str, date_from: date, date_to: date,
           neighbourhood: str | None = None, *, district: str | None = None, now: datetime | None = None) -> Report:
    """One of REPORTS for staff of ``municipality`` (or an admin); see the functions above for each figure."""
    return _BUILDERS[name](report_scope(actor, municipality, date_from, date_to, neighbourhood, district=district,
                                        now=now))


def dashboard(actor: User, municipality: str, date_from: date, date_to: date, neighbourhood: str | None = None,
              *, district: str | None = None, now: datetime | None = None) -> dict[str, Report]:
    """Every one of REPORTS for one page: who asks and the areas are checked and read once."""
    scope = report_scope(actor, municipality, date_from, date_to, neighbourhood, district=district, now=now)
    return {name: build(scope) for name, build in _BUILDERS.items()}


def funnel(actor: User, municipality: str, date_from: date, date_to: date, neighbourhood: str | None = None,
           *, now: datetime | None = None) -> Report:
    return report("funnel", actor, municipality, date_from, date_to, neighbourhood, now=now)


def new_volunteers(actor: User, municipality: str, date_from: date, date_to: date,
                   neighbourhood: str | None = None, *, now: datetime | None = None) -> Report:
    return report("new-volunteers", actor, municipality, date_from, date_to, neighbourhood, now=now)


def demand(actor: User, municipality: str, date_from: date, date_to: date, neighbourhood: str | None = None,
           *, now: datetime | None = None) -> Report:
    return report("demand", actor, municipality, date_from, date_to, neighbourhood, now=now)


def hours(actor: User, municipality: str, date_from: date, date_to: date, neighbourhood: str | None = None,
          *, now: datetime | None = None) -> Report:
    return report("hours", actor, municipality, date_from, date_to, neighbourhood, now=now)
