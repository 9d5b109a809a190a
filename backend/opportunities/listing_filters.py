"""The filters of the lists (backend.opportunities.listing): checking them, turning them into SQL conditions, and the
distance in SQL (haversine)."""
from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from backend.accounts.models import User
from backend.errors import InvalidInput
from backend.extensions import db
from backend.i18n import Msg
from backend.localtime import local_zone
from backend.opportunities.models import Opportunity, Shift
from backend.places.models import Municipality, Neighbourhood
from backend.places.operations import resolve_postcode
from backend.places.geo import EARTH_RADIUS_KM
from backend.taxonomy import taxonomy
from backend.volunteers.models import VolunteerProfile

_KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180


class sql_haversine_km(FunctionElement):
    """``backend.places.geo.haversine_km`` as an SQL expression (PostgreSQL's math functions, the same formula)."""

    type = sa.Float()
    inherit_cache = True
    name = "doemee_haversine_km"


@compiles(sql_haversine_km)
def _haversine_in_sql(element, compiler, **kw):
    lat1, lon1, lat2, lon2 = (compiler.process(c, **kw) for c in element.clauses)
    a = (f"power(sin((radians({lat2}) - radians({lat1})) / 2), 2) + cos(radians({lat1})) * cos(radians({lat2}))"
         f" * power(sin(radians({lon2} - {lon1}) / 2), 2)")
    return f"(2 * {EARTH_RADIUS_KM} * asin(least(1.0, sqrt({a}))))"


def origin_of(viewer: User | None, filters: dict) -> tuple[float, float] | None:
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


_OPPORTUNITY_FILTERS = ("municipality", "neighbourhood", "category", "kind", "q", "skill")


def opportunity_filters_apply(filters: dict, origin) -> bool:
    """Whether filter_opportunities would narrow the list (after checking the filters as it does)."""
    _check_filters(filters)
    return any(filters.get(k) for k in _OPPORTUNITY_FILTERS) or (
        origin is not None and filters.get("within_km") is not None)


def _check_filters(filters: dict) -> None:
    errors = {}
    if filters.get("category") is not None and filters["category"] not in taxonomy()["interests"]:
        errors["category"] = [Msg("field.unknown_category", code=filters["category"])]
    if filters.get("date_from") and filters.get("date_to") and filters["date_to"] < filters["date_from"]:
        errors["to"] = [Msg("field.range_inverted")]
    if errors:
        raise InvalidInput("detail.validation", errors=errors)


def filter_opportunities(stmt, filters: dict, origin):
    _check_filters(filters)
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
        # Codes are stored as JSON lists; the quoted code is matched in their text (codes are [a-z_], and
        # autoescape keeps "_" from acting as a wildcard).
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


def shift_conditions(filters: dict) -> list:
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
