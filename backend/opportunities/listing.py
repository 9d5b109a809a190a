"""What volunteers browse: published opportunities and their open future shifts, filtered and paginated.

Cost: one query for the page (shifts joined with their opportunity and neighbourhood, eager, so the dump
loads nothing lazily) plus one for the organisations' names on that page, whatever the page size; resolving a
``near`` postcode or the caller's profile adds one or two more.

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
from sqlalchemy.orm import contains_eager
from sqlalchemy.sql.functions import FunctionElement

from backend.accounts.models import User
from backend.errors import InvalidInput
from backend.extensions import db
from backend.i18n import Msg
from backend.localtime import local_zone
from backend.models_base import utcnow
from backend.opportunities import messages  # noqa: F401  (registers the message keys)
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

def list_shifts(viewer: User | None, filters: dict, *, limit: int, cursor: str | None):
    """Open future shifts of published opportunities, earliest first."""
    origin = _origin(viewer, filters)
    now = utcnow()
    stmt = (sa.select(Shift)
            .join(Shift.opportunity)
            .outerjoin(Opportunity.neighbourhood)
            .options(contains_eager(Shift.opportunity).contains_eager(Opportunity.neighbourhood))
            .where(Shift.status == "open", Shift.starts_at > now, Opportunity.status == "published"))
    stmt = _filter_opportunities(stmt, filters, origin)
    stmt = stmt.where(*_shift_conditions(filters))
    shifts, next_cursor = page(stmt, [Shift.starts_at, Shift.id], [datetime, uuid.UUID], limit=limit,
                               cursor=cursor, key=lambda s: [s.starts_at, s.id])
    names = _organisation_names(s.opportunity for s in shifts)
    return [shift_view(s, names, origin) for s in shifts], next_cursor


def list_opportunities(viewer: User | None, filters: dict, *, limit: int, cursor: str | None):
    """Published opportunities, oldest first. Date and open-place filters keep those with a matching shift."""
    origin = _origin(viewer, filters)
    stmt = (sa.select(Opportunity)
            .outerjoin(Opportunity.neighbourhood)
            .options(contains_eager(Opportunity.neighbourhood))
            .where(Opportunity.status == "published"))
    stmt = _filter_opportunities(stmt, filters, origin)
    conditions = _shift_conditions(filters)
    if len(conditions) > 0:
        stmt = stmt.where(sa.exists().where(Shift.opportunity_id == Opportunity.id, Shift.status == "open",
                                            Shift.starts_at > utcnow(), *conditions))
    opportunities, next_cursor = page(stmt, [Opportunity.created_at, Opportunity.id], [datetime, uuid.UUID],
                                      limit=limit, cursor=cursor, key=lambda o: [o.created_at, o.id])
    names = _organisation_names(opportunities)
    return [opportunity_view(o, names.get(o.organisation_id), origin) for o in opportunities], next_cursor


# --- results (the surfaces shape them: mobile_api's schemas, web's templates) -------------------------------

@dataclass(frozen=True)
class OrganisationRef:
    id: uuid.UUID
    name: str | None


@dataclass(frozen=True)
class ApproximateLocation:
    """A neighbourhood centroid, never an address."""
    latitude: float
    longitude: float


@dataclass(frozen=True)
class _Reads:
    """Reads like the model it wraps (``listed.title``), plus what the list adds."""

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(object.__getattribute__(self, "model"), name)


@dataclass(frozen=True)
class ListedOpportunity(_Reads):
    """A published opportunity with its organisation's name and its distance from the origin (if any)."""
    model: Opportunity
    organisation: OrganisationRef | None
    distance_km: float | None

    @property
    def approximate_location(self) -> ApproximateLocation | None:
        o = self.model
        return ApproximateLocation(o.latitude, o.longitude) if o.latitude is not None else None


@dataclass(frozen=True)
class ListedShift(_Reads):
    """An open shift with its opportunity, organisation's name, free places and distance."""
    model: Shift
    organisation: OrganisationRef | None
    distance_km: float | None

    @property
    def free_places(self) -> int:
        return max(0, self.model.capacity - self.model.accepted_count)

    @property
    def neighbourhood(self):
        return self.model.opportunity.neighbourhood


def opportunity_view(o: Opportunity, organisation_name: str | None = None, origin=None) -> ListedOpportunity:
    """Whether the postcode is shown is the surface's choice (the coordinators' schema has it)."""
    return ListedOpportunity(o, _organisation(o, organisation_name), _distance(origin, o))


def shift_view(s: Shift, names: dict, origin=None) -> ListedShift:
    o = s.opportunity
    return ListedShift(s, _organisation(o, names.get(o.organisation_id)), _distance(origin, o))


def _organisation(o: Opportunity, name: str | None) -> OrganisationRef | None:
    return OrganisationRef(o.organisation_id, name) if o.organisation_id else None


def _distance(origin, o: Opportunity) -> float | None:
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
        profile = db.session.get(VolunteerProfile, viewer.id)
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


def _organisation_names(opportunities) -> dict:
    ids = {o.organisation_id for o in opportunities if o.organisation_id is not None}
    if not ids:
        return {}
    rows = db.session.execute(sa.select(Organisation.id, Organisation.name).where(Organisation.id.in_(sorted(ids))))
    return {org_id: name for org_id, name in rows}
