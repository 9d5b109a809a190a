"""The open list for everyone, no account needed: the published vacancies and initiative tasks of a municipality,
one entry per opportunity with its next shifts, found by place (a postcode or a neighbourhood, with a distance) and
time (days of the week, part of the day), sorted by date or distance; and what search engines and other sites read
of them (backend.opportunities.feeds).

Nothing personal is on these pages: an opportunity, its organisation, its neighbourhood (approximate by design) and
its shifts' times and free places. Help requests are never listed here.

Cost: one statement for a page of results (their count with them), one for the next shifts of that page.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from backend.errors import InvalidInput, NotFound
from backend.extensions import db
from backend.i18n import Msg
from backend.localtime import local_zone
from backend.opportunities.listing_filters import sql_haversine_km
from backend.opportunities.models import Opportunity, Shift
from backend.opportunities.schemas import WEEKDAYS
from backend.organisations.models import Organisation
from backend.places.models import Municipality, Neighbourhood, PostcodeArea
from backend.places.operations import get_municipality, normalise_postcode, resolve_postcode

PER_PAGE = 20
SHOWN_SHIFTS = 3
OPEN_KINDS = ("vacancy", "initiative_task")
# Local hours [from, to) of a part of the day.
DAY_PART_HOURS = {"morning": (6, 12), "afternoon": (12, 18), "evening": (18, 24)}


@dataclass(frozen=True)
class FoundShift:
    id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    free_places: int


@dataclass(frozen=True)
class Found:
    id: uuid.UUID
    kind: str
    title: str
    description: str
    category: str
    commitment: str
    remote: bool
    organisation_id: uuid.UUID | None
    organisation: str | None
    neighbourhood: str | None
    postcode4: str | None  # the area, never a street
    latitude: float | None
    longitude: float | None
    published_at: datetime | None
    distance_km: float | None
    next_shifts: tuple[FoundShift, ...] = ()


@dataclass(frozen=True)
class SearchResult:
    items: list[Found]
    total: int
    page: int
    pages: int
    origin: tuple[float, float] | None


def _origin(municipality: Municipality, near: str | None) -> tuple[float, float] | None:
    """A postcode (3144 BA, or only its four digits) or a neighbourhood's name -> the point to measure from."""
    if not near or not near.strip():
        return None
    raw = near.strip()
    if raw[:4].isdigit():
        if len(raw) == 4:
            area = _pc4_centroid(municipality, raw)
            if area is not None:
                return area
        elif normalise_postcode(raw) is not None:
            placed = resolve_postcode(raw, field="near")
            return placed.latitude, placed.longitude
        raise InvalidInput("detail.validation", errors={"near": [Msg("field.near_unknown")]})
    hood = db.session.execute(
        sa.select(Neighbourhood.latitude, Neighbourhood.longitude)
        .where(Neighbourhood.municipality_id == municipality.id, sa.func.lower(Neighbourhood.name) == raw.lower())
    ).first()
    if hood is None:
        raise InvalidInput("detail.validation", errors={"near": [Msg("field.near_unknown")]})
    return hood.latitude, hood.longitude


def _pc4_centroid(municipality: Municipality, pc4: str) -> tuple[float, float] | None:
    row = db.session.execute(
        sa.select(sa.func.avg(Neighbourhood.latitude), sa.func.avg(Neighbourhood.longitude))
        .join(PostcodeArea, PostcodeArea.neighbourhood_id == Neighbourhood.id)
        .where(PostcodeArea.pc4 == pc4, Neighbourhood.municipality_id == municipality.id)).one()
    return (float(row[0]), float(row[1])) if row[0] is not None else None


def _shift_conditions(filters: dict, zone: str, now: datetime) -> list:
    local = sa.func.timezone(zone, sa.func.timezone("UTC", Shift.starts_at))
    conditions = [Shift.status == "open", Shift.starts_at > now, Shift.accepted_count < Shift.capacity]
    if filters.get("weekdays"):
        days = [WEEKDAYS.index(day) + 1 for day in filters["weekdays"]]  # ISO: Monday 1
        conditions.append(sa.extract("isodow", local).in_(days))
    if filters.get("day_part"):
        start, end = DAY_PART_HOURS[filters["day_part"]]
        conditions.append(sa.extract("hour", local).between(start, end - 1))
    return conditions


def _listed(*extra) -> sa.Select:
    """The columns of a Found (with ``extra`` after them), the organisation and neighbourhood joined."""
    return (sa.select(Opportunity.id, Opportunity.kind, Opportunity.title, Opportunity.description,
                      Opportunity.category, Opportunity.commitment, Opportunity.remote, Opportunity.organisation_id,
                      Organisation.name.label("organisation"), Neighbourhood.name.label("neighbourhood"),
                      Opportunity.postcode, Opportunity.latitude, Opportunity.longitude, Opportunity.published_at,
                      *extra)
            .outerjoin(Organisation, Organisation.id == Opportunity.organisation_id)
            .outerjoin(Neighbourhood, Neighbourhood.id == Opportunity.neighbourhood_id))


def _open(municipality: Municipality) -> list:
    return [Opportunity.municipality_id == municipality.id, Opportunity.status == "published",
            Opportunity.kind.in_(OPEN_KINDS)]


def check_filters(municipality: Municipality, filters: dict) -> tuple[float, float] | None:
    """The point ``filters["near"]`` names (None without one); InvalidInput for a place we do not know, or a
    distance without a place."""
    origin = _origin(municipality, filters.get("near"))
    if filters.get("within_km") is not None and origin is None:
        raise InvalidInput("detail.validation", errors={"within_km": [Msg("field.within_needs_near")]})
    return origin


def _fitting(municipality: Municipality, filters: dict, now: datetime):
    """(conditions, distance, next fitting start, shift conditions, origin) of the open opportunities that fit."""
    origin = check_filters(municipality, filters)
    shift_ok = _shift_conditions(filters, str(local_zone(municipality)), now)
    next_start = (sa.select(sa.func.min(Shift.starts_at)).where(Shift.opportunity_id == Opportunity.id, *shift_ok)
                  .correlate(Opportunity).scalar_subquery())
    distance = (sql_haversine_km(sa.literal(origin[0]), sa.literal(origin[1]), Opportunity.latitude,
                                 Opportunity.longitude) if origin else sa.null())
    conditions = _open(municipality)
    for name in ("kind", "category", "commitment"):
        if filters.get(name):
            conditions.append(getattr(Opportunity, name) == filters[name])
    if filters.get("weekdays") or filters.get("day_part"):
        conditions.append(next_start.is_not(None))
    if filters.get("within_km") is not None:
        conditions += [Opportunity.latitude.is_not(None), distance <= filters["within_km"]]
    return conditions, distance, next_start, shift_ok, origin


def search(municipality_slug: str, filters: dict, *, now: datetime) -> SearchResult:
    """The page ``filters["page"]`` of the open opportunities that fit ``filters`` (SearchInSchema)."""
    municipality = get_municipality(municipality_slug)
    conditions, distance, next_start, shift_ok, origin = _fitting(municipality, filters, now)
    if filters.get("sort") == "distance" and origin is not None:
        order = [sa.nulls_last(distance.asc()), sa.nulls_last(next_start.asc())]
    else:
        order = [sa.nulls_last(next_start.asc()), Opportunity.published_at.desc()]
    page = filters.get("page") or 1
    rows = db.session.execute(
        _listed(distance.label("distance"), sa.func.count().over().label("total"))
        .where(*conditions).order_by(*order, Opportunity.id)
        .limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    total = rows[0].total if rows else 0
    shifts = _next_shifts([r.id for r in rows], shift_ok)
    items = [_found(r, shifts.get(r.id, ())) for r in rows]
    return SearchResult(items, total, page, max(1, -(-total // PER_PAGE)), origin)


def published_since(municipality: Municipality, filters: dict, *, since: datetime, now: datetime,
                    exclude=None, limit: int = PER_PAGE) -> list[Found]:
    """The open opportunities that fit ``filters`` and were published after ``since`` (up to ``now``), oldest
    first, leaving out the ids the subquery ``exclude`` selects (a saved search's alert: one statement)."""
    conditions, distance, _start, _shift_ok, _origin_point = _fitting(municipality, filters, now)
    conditions += [Opportunity.published_at > since, Opportunity.published_at <= now]
    if exclude is not None:
        conditions.append(Opportunity.id.not_in(exclude))
    rows = db.session.execute(_listed(distance.label("distance")).where(*conditions)
                              .order_by(Opportunity.published_at, Opportunity.id).limit(limit)).all()
    return [_found(r) for r in rows]


def _found(r, shifts=()) -> Found:
    distance = None if r.distance is None else round(float(r.distance), 1)
    return Found(r.id, r.kind, r.title, r.description, r.category, r.commitment, r.remote, r.organisation_id,
                 r.organisation, r.neighbourhood, (r.postcode or "")[:4] or None, r.latitude, r.longitude,
                 r.published_at, distance, tuple(shifts))


def _next_shifts(ids: list, conditions: list) -> dict:
    """The first SHOWN_SHIFTS fitting shifts of each opportunity, in one statement."""
    if not ids:
        return {}
    ranked = (sa.select(Shift.opportunity_id, Shift.id, Shift.starts_at, Shift.ends_at,
                        (Shift.capacity - Shift.accepted_count).label("free"),
                        sa.func.row_number().over(partition_by=Shift.opportunity_id,
                                                  order_by=(Shift.starts_at, Shift.id)).label("n"))
              .where(Shift.opportunity_id.in_(ids), *conditions).subquery())
    out: dict = {}
    for r in db.session.execute(sa.select(ranked).where(ranked.c.n <= SHOWN_SHIFTS)
                                .order_by(ranked.c.opportunity_id, ranked.c.n)):
        out.setdefault(r.opportunity_id, []).append(FoundShift(r.id, r.starts_at, r.ends_at, r.free))
    return out


def open_opportunity(municipality_slug: str, opportunity_id, *, now: datetime) -> Found:
    """One published vacancy or initiative task of the municipality, with its next open shifts; else not found
    (a draft, a closed one, a help request, another municipality's)."""
    municipality = get_municipality(municipality_slug)
    row = db.session.execute(_listed(sa.null().label("distance"))
                             .where(Opportunity.id == opportunity_id, *_open(municipality))).first()
    if row is None:
        raise NotFound("detail.not_found", what="Opportunity")
    conditions = _shift_conditions({}, str(local_zone(municipality)), now)
    return _found(row, _next_shifts([row.id], conditions).get(row.id, ()))


def open_shift(municipality_slug: str, opportunity_id, shift_id, *, now: datetime) -> tuple[Found, FoundShift]:
    """A shift of an open opportunity that has not begun (for "add to my calendar")."""
    found = open_opportunity(municipality_slug, opportunity_id, now=now)
    row = db.session.execute(sa.select(Shift.id, Shift.starts_at, Shift.ends_at,
                                       (Shift.capacity - Shift.accepted_count).label("free"))
                             .where(Shift.id == shift_id, Shift.opportunity_id == found.id,
                                    Shift.status == "open", Shift.starts_at > now)).first()
    if row is None:
        raise NotFound("detail.not_found", what="Shift")
    return found, FoundShift(row.id, row.starts_at, row.ends_at, row.free)


@dataclass(frozen=True)
class OpenOrganisation:
    id: uuid.UUID
    name: str
    description: str
    website: str | None
    opportunities: list[Found]


def open_organisation(municipality_slug: str, organisation_id, *, now: datetime) -> OpenOrganisation:
    """A verified organisation of the municipality with its open vacancies."""
    municipality = get_municipality(municipality_slug)
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or organisation.municipality_id != municipality.id or organisation.verified_at is None:
        raise NotFound("detail.not_found", what="Organisation")
    return OpenOrganisation(organisation.id, organisation.name, organisation.description, organisation.website,
                            _newest(municipality, now, Opportunity.organisation_id == organisation.id, limit=100))


def _newest(municipality: Municipality, now: datetime, *conditions, limit: int) -> list[Found]:
    rows = db.session.execute(_listed(sa.null().label("distance")).where(*_open(municipality), *conditions)
                              .order_by(Opportunity.published_at.desc(), Opportunity.id).limit(limit)).all()
    shifts = _next_shifts([r.id for r in rows], _shift_conditions({}, str(local_zone(municipality)), now))
    return [_found(r, shifts.get(r.id, ())) for r in rows]


def newest(municipality_slug: str, *, now: datetime, limit: int = 50) -> list[Found]:
    """The most recently published open opportunities (the feeds), newest first."""
    return _newest(get_municipality(municipality_slug), now, limit=limit)


def open_opportunity_ids(municipality_slug: str, *, limit: int = 50_000) -> list[uuid.UUID]:
    """The open opportunities' ids, newest first (the sitemap: one statement, no shifts)."""
    municipality = get_municipality(municipality_slug)
    return list(db.session.scalars(sa.select(Opportunity.id).where(*_open(municipality))
                                   .order_by(Opportunity.published_at.desc(), Opportunity.id).limit(limit)))


def open_organisation_ids(municipality_slug: str) -> list[uuid.UUID]:
    """The verified organisations of the municipality with an open opportunity (the sitemap)."""
    municipality = get_municipality(municipality_slug)
    return list(db.session.scalars(
        sa.select(Organisation.id).where(Organisation.municipality_id == municipality.id,
                                         Organisation.verified_at.is_not(None),
                                         sa.exists().where(Opportunity.organisation_id == Organisation.id,
                                                           Opportunity.status == "published"))
        .order_by(Organisation.name)))
