"""The list of initiatives, a page at a time, and the page's version (its ETag).

Cost: one statement for the page, whatever its size: the columns shown, with each initiative's place and number of
supporters. The version is a digest of the question (filters, cursor, page size) and of that statement's rows, all
of them and nothing but what the page shows, and whether a next page follows: it changes exactly when the page
does (a new initiative, a decision, a supporter more or less, a renamed neighbourhood ...), whoever changed the
data and however. Initiatives have no change marker, so there is no cheaper check that is never wrong: a caller
whose version is still current pays the same one statement, and is answered without the page being built.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from backend.initiatives.models import Initiative, InitiativeSupport
from backend.initiatives.operations import InitiativeInfo
from backend.models_base import utcnow
from backend.opportunities import listing_version
from backend.opportunities.listing import ListingPage
from backend.pagination import page
from backend.places.models import Municipality, Neighbourhood


@dataclass(frozen=True)
class PlaceName:
    slug: str
    name: str
    district: str | None = None


def _columns() -> tuple:
    supporters = (sa.select(sa.func.count()).select_from(InitiativeSupport)
                  .where(InitiativeSupport.initiative_id == Initiative.id).scalar_subquery())
    return (Initiative.id, Initiative.title, Initiative.description, Initiative.help_needed, Initiative.status,
            Initiative.decline_reason, Initiative.created_at, Initiative.status_changed_at,
            Municipality.slug.label("municipality_slug"), Municipality.name.label("municipality_name"),
            Neighbourhood.slug.label("hood_slug"), Neighbourhood.name.label("hood_name"),
            Neighbourhood.district.label("hood_district"), supporters.label("supporters"))


def initiative_page(*, municipality: str | None, neighbourhood: str | None, status: str | None, limit: int,
                    cursor: str | None, known_versions=()) -> ListingPage:
    """Initiatives, oldest first, with their place and number of supporters, and the page's version; ``items`` is
    None when a version the caller holds is current."""
    stmt = (sa.select(*_columns())
            .join(Municipality, Municipality.id == Initiative.municipality_id)
            .join(Neighbourhood, Neighbourhood.id == Initiative.neighbourhood_id))
    if municipality:
        stmt = stmt.where(Municipality.slug == municipality)
    if neighbourhood:
        stmt = stmt.where(Neighbourhood.slug == neighbourhood)
    if status:
        stmt = stmt.where(Initiative.status == status)
    rows, next_cursor = page(stmt, [Initiative.created_at, Initiative.id], [datetime, uuid.UUID], limit=limit,
                             cursor=cursor, key=lambda r: [r.created_at, r.id], rows=True)
    question = ("initiatives", municipality, neighbourhood, status, limit, cursor)
    current = listing_version.digest(question, (next_cursor, *(tuple(r) for r in rows)))
    now = utcnow()
    for known in known_versions:
        if listing_version.is_current(known, current, now):
            return ListingPage(None, None, known)
    items = [InitiativeInfo(r, PlaceName(r.municipality_slug, r.municipality_name),
                            PlaceName(r.hood_slug, r.hood_name, r.hood_district), r.supporters) for r in rows]
    return ListingPage(items, next_cursor, listing_version.version(current, None))
