"""The requests for help a volunteer sees nearby, a page at a time, and the page's version (its ETag).

Cost: three statements: where the volunteer is (four columns of the profile, not the profile with its skills and
slots) with, in the same row, what the version is made of; the neighbourhoods in reach; the page with each
request's opportunity and my offer on it. A caller whose version is still current pays the first one only.

The rule: a page's version changes whenever the page would. It is a digest of

- the question: who asks (their own requests are left out, their offers shown), the cursor and the page size;
- the volunteer's place: municipality, centroid and travel radius (which neighbourhoods are in reach, distances);
- the municipality's ``demand_token`` (backend.recommendations.markers: it changes in the same transaction as
  any opportunity or help request there, through the ORM or a bulk statement; every request listed is one of
  this municipality's);
- every neighbourhood of the municipality as shown and measured (id, slug, name, district, centroid, updated_at);
- every offer of mine (id, request, status, when made): the "my offer" of each request;

followed by the moment until which the page stays the same while the data does: the earliest end of a window on
the page or of the first request after it (a request leaves the list when its window ends; none enters by the
clock). The version is read before the page: a change committed in between makes the next check differ, so a
page is at worst labelled older than it is, never newer. Nothing is remembered between requests.
"""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from backend.accounts.models import User
from backend.engagements.models import Engagement
from backend.errors import NotFound
from backend.extensions import db
from backend.help.common import neighbourhoods_in_reach, not_owned_by
from backend.help.results import volunteer_view
from backend.models_base import utcnow
from backend.opportunities import listing_version
from backend.opportunities.listing import ListingPage
from backend.opportunities.models import HelpRequest, Opportunity
from backend.pagination import page_and_following
from backend.places.models import Neighbourhood
from backend.volunteers.models import VolunteerProfile

# Separators of the aggregated strings: between fields of one row, between rows (no name holds either).
_FIELD, _ROW = "\x1f", "\x1e"


def nearby_page(user: User, *, limit: int, cursor: str | None, known_versions=()) -> ListingPage:
    """Open requests in the volunteer's municipality whose neighbourhood lies within their travel radius, soonest
    first, with the page's version; ``items`` is None when a version the caller holds is still current."""
    now = utcnow()
    profile = db.session.execute(_place_and_version(user.id)).one_or_none()
    if profile is None:
        raise NotFound("detail.no_profile")
    current = listing_version.digest(("help_requests", str(user.id), limit, cursor), _data(profile))
    for known in known_versions:
        if listing_version.is_current(known, current, now):
            return ListingPage(None, None, known)

    in_reach = neighbourhoods_in_reach(profile)
    mine = sa.and_(Engagement.opportunity_id == Opportunity.id, Engagement.volunteer_id == user.id,
                   Engagement.shift_id.is_(None))  # at most one (a unique index)
    stmt = (sa.select(HelpRequest, Opportunity, Engagement)
            .join(Opportunity, Opportunity.id == HelpRequest.opportunity_id)
            .outerjoin(Engagement, mine)
            .options(joinedload(Opportunity.neighbourhood))  # shown with each request
            .where(Opportunity.kind == "help_request", Opportunity.status == "published",
                   Opportunity.municipality_id == profile.municipality_id,
                   Opportunity.neighbourhood_id.in_(list(in_reach)), HelpRequest.window_end > now,
                   not_owned_by(user)))
    rows, next_cursor, following = page_and_following(
        stmt, [HelpRequest.window_start, HelpRequest.id], [datetime, uuid.UUID], limit=limit, cursor=cursor,
        key=lambda r: [r.HelpRequest.window_start, r.HelpRequest.id], rows=True)
    # Whether there is a next page depends on the first request after this one: it may leave first.
    ends = [r.HelpRequest.window_end for r in (*rows, *([following] if following is not None else []))]
    views = [volunteer_view(r.HelpRequest, r.Opportunity, profile, r.Engagement) for r in rows]
    return ListingPage(views, next_cursor, listing_version.version(current, min(ends, default=None)))


def _joined(*columns):
    out = sa.cast(columns[0], sa.String)
    for column in columns[1:]:
        out = out.concat(_FIELD).concat(sa.func.coalesce(sa.cast(column, sa.String), ""))
    return out


def _place_and_version(user_id) -> sa.Select:
    hoods = sa.select(sa.func.aggregate_strings(_joined(
        Neighbourhood.id, Neighbourhood.slug, Neighbourhood.name, Neighbourhood.district, Neighbourhood.latitude,
        Neighbourhood.longitude, Neighbourhood.updated_at), _ROW)).where(
        Neighbourhood.municipality_id == VolunteerProfile.municipality_id).scalar_subquery()
    offers = sa.select(sa.func.aggregate_strings(_joined(
        Engagement.id, Engagement.opportunity_id, Engagement.status, Engagement.created_at), _ROW)).where(
        Engagement.volunteer_id == VolunteerProfile.user_id, Engagement.shift_id.is_(None)).scalar_subquery()
    return (sa.select(VolunteerProfile.municipality_id, VolunteerProfile.latitude, VolunteerProfile.longitude,
                      VolunteerProfile.travel_radius_km,
                      listing_version.demand_token(VolunteerProfile.municipality_id).label("demand_token"),
                      hoods.label("hoods"), offers.label("offers"))
            .where(VolunteerProfile.user_id == user_id))


def _data(profile) -> tuple:
    """What the version is made of, in an order of its own (the databases aggregate rows in any order)."""
    return (profile.municipality_id, profile.latitude, profile.longitude, profile.travel_radius_km,
            profile.demand_token, sorted((profile.hoods or "").split(_ROW)), sorted((profile.offers or "").split(_ROW)))
