"""What volunteers browse: published opportunities and their open future shifts, filtered and paginated.

Cost: one statement for the page, whatever its size: the columns shown (the organisation's name and the
neighbourhood joined in), and for a caller with a token whether its session is live. Resolving a ``near`` postcode
or the caller's profile adds one more. The page's version (its ETag) is a digest of the page as read (``_answer``):
a caller who sends the versions it holds (If-None-Match) pays the same statement, and no rendering, when one of
them is still current.

Distance: every location is a neighbourhood centroid, so distances are approximate by design. The filter
runs in SQL so that keyset pagination stays exact: a bounding box (plain comparisons an index can use)
narrows the rows, then the exact great-circle distance decides, computed by PostgreSQL's own math functions with
the formula of the Python function that gives the ``distance_km`` in the answer.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import lru_cache
from datetime import datetime

import sqlalchemy as sa

from backend.accounts.models import User
from backend.accounts.tokens import live_session_user, session_live_column, session_params
from backend.extensions import db
from backend.models_base import utcnow
from backend.opportunities import listing_version, messages  # noqa: F401  (messages: the message keys)
from backend.opportunities.listed import ListedOpportunity, ListedShift, OpportunityBrief, Place, Point, Ref
from backend.opportunities.models import Opportunity, Shift
from backend.organisations.models import Organisation
from backend.opportunities.listing_filters import (filter_opportunities, opportunity_filters_apply, origin_of,
                                                   shift_conditions)
from backend.pagination import decode_cursor, encode_cursor, page
from backend.places.geo import haversine_km
from backend.places.models import Neighbourhood

# --- the lists ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ListingPage:
    """A page of a list and its version (backend.opportunities.listing_version). ``items`` is None when one of the
    versions the caller already holds is still current: nothing of the page was read then."""

    items: list | None  # ListedShift or ListedOpportunity
    next_cursor: str | None
    version: str
    session_live: bool | None = None  # the token session asked about (``session=``) is live; None: not asked


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
               known_versions=(), session=None) -> ListingPage:
    """``list_shifts`` in one statement of only the columns shown, with the page's version (see ``_answer``).
    ``session``: a token's (session id, user id) to check in the same statement (``ListingPage.session_live``)."""
    origin = origin_of(viewer, filters)
    now = utcnow()
    params = {"now": now, **(session_params(session) if session is not None else {})}
    if origin is None and not shift_conditions(filters) and not opportunity_filters_apply(filters, origin):
        # The list as the app first shows it: its statement is built once (see _plain_shift_statement).
        after = decode_cursor(cursor, [datetime, uuid.UUID]) if cursor else None
        stmt = _plain_shift_statement(limit, after is not None, session is not None)
        # On the session's connection (Core): plain rows, without the ORM's result machinery (~6 % of a listing).
        found = db.session.connection().execute(
            stmt, {**params, **dict(zip(("after_start", "after_id"), after or ()))}).all()
        next_cursor = encode_cursor([found[limit - 1].starts_at, found[limit - 1].id]) if len(found) > limit else None
        rows = found[:limit]
    else:
        stmt = _shift_statement(session is not None)
        stmt = filter_opportunities(stmt, filters, origin)
        stmt = stmt.where(*shift_conditions(filters)).params(params)
        rows, next_cursor = page(stmt, [Shift.starts_at, Shift.id], [datetime, uuid.UUID], limit=limit,
                                 cursor=cursor, key=lambda r: [r.starts_at, r.id], rows=True)
    return _answer(("shifts", _question(filters), limit, cursor, origin), rows, next_cursor, known_versions,
                   session, lambda: [_shift_item(r, origin) for r in rows])


def _shift_statement(with_session: bool) -> sa.Select:
    """Open future shifts of published opportunities (bound: ``now``), with the columns shown."""
    stmt = (sa.select(*_SHIFT_COLUMNS)
            .join(Opportunity, Shift.opportunity_id == Opportunity.id)
            .outerjoin(Organisation, Opportunity.organisation_id == Organisation.id)
            .outerjoin(Neighbourhood, Opportunity.neighbourhood_id == Neighbourhood.id)
            .where(Shift.status == "open", Shift.starts_at > sa.bindparam("now", type_=Shift.starts_at.type),
                   Opportunity.status == "published"))
    if with_session:
        stmt = stmt.add_columns(session_live_column())  # the last column (see _answer)
    return stmt


@lru_cache(maxsize=256)
def _plain_shift_statement(limit: int, after: bool, with_session: bool) -> sa.Select:
    """The unfiltered shift list's statement, ordered and limited, built once per shape: every value (the clock,
    the cursor, the token's session) is bound at execution. Building a statement of this size and its cache key
    costs a worker more than sending it (~20 % of a listing request on the benchmark machine)."""
    stmt = _shift_statement(with_session)
    if after:
        stmt = stmt.where(sa.tuple_(Shift.starts_at, Shift.id) > sa.tuple_(
            sa.bindparam("after_start", type_=Shift.starts_at.type), sa.bindparam("after_id", type_=Shift.id.type)))
    # The limit is written into the SQL: see backend.pagination.page.
    return stmt.order_by(Shift.starts_at, Shift.id).limit(sa.literal_column(str(int(limit) + 1)))


def list_opportunities(viewer: User | None, filters: dict, *, limit: int, cursor: str | None):
    """Published opportunities, oldest first: (items, next cursor)."""
    found = opportunity_page(viewer, filters, limit=limit, cursor=cursor)
    return found.items, found.next_cursor


def opportunity_page(viewer: User | None, filters: dict, *, limit: int, cursor: str | None,
                     known_versions=(), session=None) -> ListingPage:
    """Published opportunities, oldest first. Date and open-place filters keep those with a matching shift."""
    origin = origin_of(viewer, filters)
    now = utcnow()
    stmt = (sa.select(*_OPPORTUNITY_COLUMNS)
            .outerjoin(Organisation, Opportunity.organisation_id == Organisation.id)
            .outerjoin(Neighbourhood, Opportunity.neighbourhood_id == Neighbourhood.id)
            .where(Opportunity.status == "published"))
    stmt = filter_opportunities(stmt, filters, origin)
    conditions = shift_conditions(filters)
    if conditions:
        matching_shift = (Shift.opportunity_id == Opportunity.id, Shift.status == "open", Shift.starts_at > now,
                          *conditions)
        stmt = stmt.where(sa.exists().where(*matching_shift))
    if session is not None:
        stmt = stmt.add_columns(session_live_column()).params(session_params(session))  # the last column
    rows, next_cursor = page(stmt, [Opportunity.created_at, Opportunity.id], [datetime, uuid.UUID], limit=limit,
                             cursor=cursor, key=lambda r: [r.created_at, r.id], rows=True)
    return _answer(("opportunities", _question(filters), limit, cursor, origin), rows, next_cursor, known_versions,
                   session, lambda: [_opportunity_item(r, r.organisation_name, _hood_of(r), origin) for r in rows])


def _session_live(session, rows: list) -> bool | None:
    if session is None:
        return None
    # An empty page has no row to carry the answer: ask on its own.
    return bool(rows[0].session_live) if rows else live_session_user(*session) is not None


def _question(filters: dict) -> tuple:
    return tuple(sorted((k, str(v)) for k, v in filters.items() if v is not None))


def _answer(question: tuple, rows: list, next_cursor: str | None, known_versions, session, render) -> ListingPage:
    """The page and its version, or only the version when the caller holds it (If-None-Match): then nothing is
    rendered. The version is a digest of the question and of the page as read: every column of every row and the
    next cursor (a token's session column, the last, left out), so it changes exactly when the answer would, and
    what is read to check it is the page itself, in the same one statement (not a summary of what changed lately,
    whose cost grew with every sign-up of the last minutes)."""
    live = _session_live(session, rows)
    shown = [tuple(r)[:-1] for r in rows] if session is not None else [tuple(r) for r in rows]
    current = listing_version.digest(question, (next_cursor, *shown))
    for known in known_versions:
        if listing_version.is_current(known, current, utcnow()):
            return ListingPage(None, None, known, live)
    return ListingPage(render(), next_cursor, listing_version.version(current, None), live)


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
