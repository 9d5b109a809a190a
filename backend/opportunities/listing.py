"""What volunteers browse: published opportunities and their open future shifts, filtered and paginated.

Cost: one statement for the page, whatever its size: the columns shown (the organisation's name and the
neighbourhood joined in) and, beside them, what the page's version is made of (backend.opportunities
.listing_version). Resolving a ``near`` postcode or the caller's profile adds one more. A caller who sends the
versions it holds (If-None-Match) pays one small statement when one of them is still current, and no page.

Distance: every location is a neighbourhood centroid, so distances are approximate by design. The filter
runs in SQL so that keyset pagination stays exact: a bounding box (plain comparisons an index can use)
narrows the rows, then the exact great-circle distance decides. PostgreSQL computes it with its own math
functions; on SQLite, whose math functions depend on how it was compiled, the same Python function used for
the ``distance_km`` in the answer is registered on each connection (deterministic), so filter and answer
always agree.
"""
from __future__ import annotations

import math
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from backend.accounts.models import User
from backend.errors import InvalidInput
from backend.extensions import db
from backend.i18n import Msg
from backend.localtime import local_zone
from backend.models_base import utcnow
from backend.opportunities import listing_version, messages  # noqa: F401  (messages: the message keys)
from backend.opportunities.listed import ListedOpportunity, ListedShift, OpportunityBrief, Place, Point, Ref
from backend.opportunities.models import Opportunity, Shift
from backend.organisations.models import Organisation
from backend.pagination import page
from backend.places.models import Municipality, Neighbourhood
from backend.places.operations import resolve_postcode
from backend.places.geo import EARTH_RADIUS_KM, haversine_km
from backend.taxonomy import taxonomy
from backend.volunteers.models import VolunteerProfile

_KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180


class sql_haversine_km(FunctionElement):
    """``haversine_km`` as an SQL expression (see the module docstring for how each database computes it)."""

    type = sa.Float()
    inherit_cache = True
    name = "doemee_haversine_km"


@compiles(sql_haversine_km)
def _haversine_in_sql(element, compiler, **kw):
    lat1, lon1, lat2, lon2 = (compiler.process(c, **kw) for c in element.clauses)
    a = (f"power(sin((radians({lat2}) - radians({lat1})) / 2), 2) + cos(radians({lat1})) * cos(radians({lat2}))"
         f" * power(sin(radians({lon2} - {lon1}) / 2), 2)")
    return f"(2 * {EARTH_RADIUS_KM} * asin(least(1.0, sqrt({a}))))"


@compiles(sql_haversine_km, "sqlite")
def _haversine_on_sqlite(element, compiler, **kw):
    return f"doemee_haversine_km({compiler.process(element.clauses, **kw)})"


@sa.event.listens_for(sa.engine.Engine, "connect")
def _register_sqlite_functions(dbapi_connection, _record):
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.create_function("doemee_haversine_km", 4, _nullable(haversine_km), deterministic=True)


def _nullable(fn):
    def call(*args):
        return None if any(a is None for a in args) else fn(*args)
    return call


# --- the lists ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ListingPage:
    """A page of a list and its version (backend.opportunities.listing_version). ``items`` is None when one of the
    versions the caller already holds is still current: nothing of the page was read then."""

    items: list | None  # ListedShift or ListedOpportunity
    next_cursor: str | None
    version: str


_HOOD = (Neighbourhood.slug.label("hood_slug"), Neighbourhood.name.label("hood_name"),
         Neighbourhood.district.label("hood_district"))
_SHIFT_COLUMNS = (Shift.id, Shift.starts_at, Shift.ends_at, Shift.capacity, Shift.accepted_count, Shift.status,
                  Opportunity.id.label("opportunity_id"), Opportunity.kind, Opportunity.title, Opportunity.category,
                  Opportunity.remote, Opportunity.latitude, Opportunity.longitude, Opportunity.organisation_id,
                  Organisation.name.label("organisation_name"), *_HOOD)
_OPPORTUNITY_COLUMNS = (Opportunity.id, Opportunity.kind, Opportunity.status, Opportunity.title,
                        Opportunity.description, Opportunity.category, Opportunity.required_skills,
                        Opportunity.nice_skills, Opportunity.remote, Opportunity.requires_vog, Opportunity.min_age,
                        Opportunity.languages, Opportunity.commitment, Opportunity.max_distance_km,
                        Opportunity.recurrence, Opportunity.latitude, Opportunity.longitude,
                        Opportunity.published_at, Opportunity.created_at, Opportunity.organisation_id,
                        Organisation.name.label("organisation_name"), *_HOOD)


def list_shifts(viewer: User | None, filters: dict, *, limit: int, cursor: str | None):
    """Open future shifts of published opportunities, earliest first: (items, next cursor)."""
    found = shift_page(viewer, filters, limit=limit, cursor=cursor)
    return found.items, found.next_cursor


def shift_page(viewer: User | None, filters: dict, *, limit: int, cursor: str | None,
               known_versions=()) -> ListingPage:
    """``list_shifts`` in one statement of only the columns shown, with the page's version."""
    origin = _origin(viewer, filters)
    now = utcnow()
    question = ("shifts", _question(filters), limit, cursor, origin)
    data, unchanged = _known(question, known_versions, now)
    if unchanged is not None:
        return ListingPage(None, None, unchanged)
    stmt = (sa.select(*_SHIFT_COLUMNS)
            .join(Opportunity, Shift.opportunity_id == Opportunity.id)
            .outerjoin(Organisation, Opportunity.organisation_id == Organisation.id)
            .outerjoin(Neighbourhood, Opportunity.neighbourhood_id == Neighbourhood.id)
            .where(Shift.status == "open", Shift.starts_at > now, Opportunity.status == "published"))
    stmt = _filter_opportunities(stmt, filters, origin)
    stmt = stmt.where(*_shift_conditions(filters))
    if data is None:
        stmt = stmt.add_columns(*listing_version.data_columns())
    rows, next_cursor = page(stmt, [Shift.starts_at, Shift.id], [datetime, uuid.UUID], limit=limit, cursor=cursor,
                             key=lambda r: [r.starts_at, r.id], rows=True)
    # Nothing on the page changes with the clock until its earliest shift starts (and leaves the list).
    valid_until = rows[0].starts_at if rows else None
    return ListingPage([_shift_item(r, origin) for r in rows], next_cursor,
                       _version(question, data, rows, valid_until))


def list_opportunities(viewer: User | None, filters: dict, *, limit: int, cursor: str | None):
    """Published opportunities, oldest first: (items, next cursor)."""
    found = opportunity_page(viewer, filters, limit=limit, cursor=cursor)
    return found.items, found.next_cursor


def opportunity_page(viewer: User | None, filters: dict, *, limit: int, cursor: str | None,
                     known_versions=()) -> ListingPage:
    """Published opportunities, oldest first. Date and open-place filters keep those with a matching shift."""
    origin = _origin(viewer, filters)
    now = utcnow()
    question = ("opportunities", _question(filters), limit, cursor, origin)
    data, unchanged = _known(question, known_versions, now)
    if unchanged is not None:
        return ListingPage(None, None, unchanged)
    stmt = (sa.select(*_OPPORTUNITY_COLUMNS)
            .outerjoin(Organisation, Opportunity.organisation_id == Organisation.id)
            .outerjoin(Neighbourhood, Opportunity.neighbourhood_id == Neighbourhood.id)
            .where(Opportunity.status == "published"))
    stmt = _filter_opportunities(stmt, filters, origin)
    conditions = _shift_conditions(filters)
    if conditions:
        matching_shift = (Shift.opportunity_id == Opportunity.id, Shift.status == "open", Shift.starts_at > now,
                          *conditions)
        stmt = stmt.where(sa.exists().where(*matching_shift))
        # An opportunity leaves this list when its last matching shift starts: not before its first one does.
        stmt = stmt.add_columns(sa.select(sa.func.min(Shift.starts_at)).where(*matching_shift)
                                .scalar_subquery().label("first_start"))
    if data is None:
        stmt = stmt.add_columns(*listing_version.data_columns())
    rows, next_cursor = page(stmt, [Opportunity.created_at, Opportunity.id], [datetime, uuid.UUID], limit=limit,
                             cursor=cursor, key=lambda r: [r.created_at, r.id], rows=True)
    valid_until = min((r.first_start for r in rows), default=None) if conditions else None
    items = [_opportunity_item(r, r.organisation_name, _hood_of(r), origin) for r in rows]
    return ListingPage(items, next_cursor, _version(question, data, rows, valid_until))


def _question(filters: dict) -> tuple:
    return tuple(sorted((k, str(v)) for k, v in filters.items() if v is not None))


def _known(question: tuple, known_versions, now: datetime) -> tuple[tuple | None, str | None]:
    """(the data's summary if it had to be read, a version the caller holds that is still current)."""
    if not known_versions:
        return None, None
    data = listing_version.read_data()
    current = listing_version.digest(question, data)
    for known in known_versions:
        if listing_version.is_current(known, current, now):
            return data, known
    return data, None


def _version(question: tuple, data: tuple | None, rows: list, valid_until: datetime | None) -> str:
    if data is None:
        # Read with the page, in the same statement (the same snapshot); an empty page has no row to carry it.
        data = (tuple(getattr(rows[0], name) for name in listing_version.DATA_NAMES) if rows
                else listing_version.read_data())
    return listing_version.version(listing_version.digest(question, data), valid_until)


# --- results (the surfaces shape them: mobile_api's schemas and plain dumpers, web's templates) ----------------
# Built from a row of the page's one statement (or from a model with the same names: ``opportunity_view``).

def opportunity_view(o: Opportunity, organisation_name: str | None = None, origin=None, *,
                     with_postcode: bool = False) -> ListedOpportunity:
    hood = o.neighbourhood
    return _opportunity_item(o, organisation_name, (hood.slug, hood.name, hood.district) if hood else None, origin,
                             postcode=o.postcode if with_postcode else None)


def _hood_of(row) -> tuple | None:
    return (row.hood_slug, row.hood_name, row.hood_district) if row.hood_slug is not None else None


def _opportunity_item(o, organisation_name: str | None, hood: tuple | None, origin,
                      postcode: str | None = None) -> ListedOpportunity:
    """An opportunity (a model or a row of the same names) as the lists and the API show it."""
    return ListedOpportunity(
        o.id, o.kind, o.status, o.title, o.description, o.category, o.required_skills, o.nice_skills, o.remote,
        o.requires_vog, o.min_age, o.languages, o.commitment, o.max_distance_km, o.recurrence,
        Ref(o.organisation_id, organisation_name) if o.organisation_id else None,
        Place(*hood) if hood else None,
        Point(o.latitude, o.longitude) if o.latitude is not None else None,
        o.published_at, _distance(origin, o), postcode)


def _shift_item(r, origin) -> ListedShift:
    hood = _hood_of(r)
    return ListedShift(
        r.id, r.starts_at, r.ends_at, r.capacity, max(0, r.capacity - r.accepted_count), r.status,
        OpportunityBrief(r.opportunity_id, r.kind, r.title, r.category, r.remote),
        Ref(r.organisation_id, r.organisation_name) if r.organisation_id else None,
        Place(*hood) if hood else None, _distance(origin, r))


def _distance(origin, o) -> float | None:
    if origin is None or o.latitude is None:
        return None
    return round(haversine_km(origin[0], origin[1], o.latitude, o.longitude), 1)


# --- filters -----------------------------------------------------------------------------------------------

def _origin(viewer: User | None, filters: dict) -> tuple[float, float] | None:
    """Where distances are measured from: a postcode's neighbourhood centroid, or the caller's own."""
    near = filters.get("near")
    if near is None:
        if filters.get("within_km") is not None:
            raise InvalidInput("detail.validation", errors={"within_km": [Msg("field.within_needs_near")]})
        return None
    if near.strip().lower() == "me":
        if viewer is None:
            raise InvalidInput("detail.validation", errors={"near": [Msg("field.near_me_needs_login")]})
        profile = db.session.execute(sa.select(VolunteerProfile.latitude, VolunteerProfile.longitude)
                                     .where(VolunteerProfile.user_id == viewer.id)).one_or_none()
        if profile is None:
            raise InvalidInput("detail.validation", errors={"near": [Msg("field.near_unknown")]})
        return profile.latitude, profile.longitude
    placement = resolve_postcode(near, field="near")
    return placement.latitude, placement.longitude


def _filter_opportunities(stmt, filters: dict, origin):
    errors = {}
    if filters.get("category") is not None and filters["category"] not in taxonomy()["interests"]:
        errors["category"] = [Msg("field.unknown_category", code=filters["category"])]
    if filters.get("date_from") and filters.get("date_to") and filters["date_to"] < filters["date_from"]:
        errors["to"] = [Msg("field.range_inverted")]
    if errors:
        raise InvalidInput("detail.validation", errors=errors)
    if filters.get("municipality"):
        stmt = stmt.where(Opportunity.municipality_id == sa.select(Municipality.id).where(
            Municipality.slug == filters["municipality"]).scalar_subquery())
    if filters.get("neighbourhood"):
        stmt = stmt.where(Neighbourhood.slug == filters["neighbourhood"])
    if filters.get("category"):
        stmt = stmt.where(Opportunity.category == filters["category"])
    if filters.get("kind"):
        stmt = stmt.where(Opportunity.kind == filters["kind"])
    if filters.get("q"):
        # A plain word search in the title and description (the web list's search box); "%" and "_" are literal.
        words = filters["q"].strip().lower()
        stmt = stmt.where(sa.or_(sa.func.lower(Opportunity.title).contains(words, autoescape=True),
                                 sa.func.lower(Opportunity.description).contains(words, autoescape=True)))
    if filters.get("skill"):
        # Codes are stored as JSON lists; matching the quoted code in the text works the same on PostgreSQL
        # and SQLite (codes are [a-z_], and autoescape keeps "_" from acting as a wildcard).
        quoted = f'"{filters["skill"]}"'
        stmt = stmt.where(sa.or_(sa.cast(Opportunity.required_skills, sa.Text).contains(quoted, autoescape=True),
                                 sa.cast(Opportunity.nice_skills, sa.Text).contains(quoted, autoescape=True)))
    if origin is not None and filters.get("within_km") is not None:
        stmt = stmt.where(sa.or_(Opportunity.remote.is_(True), _within(origin, filters["within_km"])))
    return stmt


def _within(origin: tuple[float, float], km: float):
    lat, lon = origin
    dlat = km / _KM_PER_DEGREE * 1.01  # a little slack: the box only narrows, the exact distance decides
    dlon = km / (_KM_PER_DEGREE * max(0.01, math.cos(math.radians(lat)))) * 1.01
    return sa.and_(Opportunity.latitude.between(lat - dlat, lat + dlat),
                   Opportunity.longitude.between(lon - dlon, lon + dlon),
                   sql_haversine_km(sa.literal(lat, sa.Float), sa.literal(lon, sa.Float), Opportunity.latitude,
                                    Opportunity.longitude) <= km)


def _shift_conditions(filters: dict) -> list:
    """Conditions on the shift itself: local days from..to (inclusive) and free places."""
    conditions = []
    if filters.get("opportunity_id"):
        conditions.append(Shift.opportunity_id == filters["opportunity_id"])
    if filters.get("date_from"):
        conditions.append(Shift.starts_at >= _local_midnight(filters["date_from"]))
    if filters.get("date_to"):
        conditions.append(Shift.starts_at < _local_midnight(filters["date_to"] + timedelta(days=1)))
    if filters.get("open_only"):
        conditions.append(Shift.accepted_count < Shift.capacity)
    return conditions


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=local_zone()).astimezone(timezone.utc)
