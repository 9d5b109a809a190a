"""What the help operations share: loading a request (locked for changes), who may see or change it, and the
notices to its owner and its volunteers.

Privacy rules, enforced in this package and nowhere else:
- a volunteer sees a request as its neighbourhood and an approximate distance between neighbourhood centroids;
  never the address, never who asked;
- the address is shown to the owner (the resident who asked, or the intermediary who posted) and to exactly one
  volunteer: the accepted one, while the request is matched; every reveal to a volunteer is audited;
- to anyone else the address does not exist (404, the same answer as for a request that does not exist).

Every change to a request locks its row (SELECT ... FOR UPDATE), so that offers, accepts, withdrawals and
cancellations of one request happen one after the other even on many web workers.
"""
from __future__ import annotations

import sqlalchemy as sa

from backend.accounts.models import User
from backend.engagements.models import Engagement
from backend.errors import Forbidden, NotFound, RuleViolation
from backend.extensions import db
from backend.help import messages  # noqa: F401  (registers the message keys)
from backend.models_base import utcnow
from backend.notifications.outbox import enqueue
from backend.opportunities.models import HelpRequest, Opportunity
from backend.places.geo import haversine_km
from backend.places.models import Neighbourhood
from backend.volunteers.models import VolunteerProfile

OPEN_OFFER = "applied"
# Engagement statuses in which the accepted volunteer still has the request (and so its address).
HOLDS_REQUEST = ("accepted", "checked_in")


def load(help_request_id, *, lock: bool = False) -> tuple[HelpRequest, Opportunity]:
    stmt = sa.select(HelpRequest).where(HelpRequest.id == help_request_id)
    if lock:
        # The request row is where every change to this request queues; populate_existing so that what we
        # read after waiting for the lock is the committed state, not what the session had cached.
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    request = db.session.scalar(stmt)
    if request is None:
        raise NotFound("detail.not_found", what="Help request")
    opportunity = db.session.scalar(sa.select(Opportunity).where(Opportunity.id == request.opportunity_id)
                                    .execution_options(populate_existing=lock))
    return request, opportunity


def is_owner(user: User, request: HelpRequest) -> bool:
    return user.id in {request.requester_id, request.intermediary_id} - {None}


def require_owner(user: User, request: HelpRequest, opportunity: Opportunity) -> None:
    if is_owner(user, request):
        return
    visible_to_volunteer(user, request, opportunity)  # 404 for whoever cannot even see the request
    raise Forbidden("detail.help_owner_only")


def require_open(request: HelpRequest, opportunity: Opportunity) -> None:
    if opportunity.status != "published":
        raise RuleViolation("detail.help_request_not_open")
    if request.window_end <= utcnow():
        raise RuleViolation("detail.help_request_over")


def visible_to_volunteer(user: User, request: HelpRequest, opportunity: Opportunity) -> VolunteerProfile:
    """A volunteer of the same municipality sees an open request; one who offered keeps seeing it."""
    not_found = NotFound("detail.not_found", what="Help request")
    profile = db.session.get(VolunteerProfile, user.id)
    if profile is None or profile.municipality_id != opportunity.municipality_id:
        raise not_found
    if opportunity.status == "published" and request.window_end > utcnow():
        return profile
    if my_offers(user, [opportunity.id]):
        return profile
    raise not_found


def not_owned_by(user: User):
    return sa.and_(sa.or_(HelpRequest.requester_id.is_(None), HelpRequest.requester_id != user.id),
                   sa.or_(HelpRequest.intermediary_id.is_(None), HelpRequest.intermediary_id != user.id))


def neighbourhoods_in_reach(profile) -> set:
    """``profile``: anything with municipality_id, latitude, longitude and travel_radius_km."""
    # A municipality has tens of neighbourhoods: measuring them here keeps the request query an indexed IN.
    hoods = db.session.execute(sa.select(Neighbourhood.id, Neighbourhood.latitude, Neighbourhood.longitude)
                               .where(Neighbourhood.municipality_id == profile.municipality_id))
    return {h.id for h in hoods
            if haversine_km(profile.latitude, profile.longitude, h.latitude, h.longitude)
            <= profile.travel_radius_km}


def my_offers(user: User, opportunity_ids) -> dict:
    ids = list(opportunity_ids)
    if not ids:
        return {}
    return {e.opportunity_id: e for e in db.session.scalars(sa.select(Engagement).where(
        Engagement.volunteer_id == user.id, Engagement.opportunity_id.in_(ids), Engagement.shift_id.is_(None)))}


def offer_of(opportunity: Opportunity, engagement_id) -> Engagement:
    engagement = db.session.get(Engagement, engagement_id)
    if engagement is None or engagement.opportunity_id != opportunity.id or engagement.shift_id is not None:
        raise NotFound("detail.not_found", what="Offer")
    return engagement


def reopen(request: HelpRequest, opportunity: Opportunity) -> None:
    """The accepted volunteer is gone: the request is open again (if its window has not passed)."""
    request.accepted_engagement_id, request.matched_at = None, None
    opportunity.status = "published" if request.window_end > utcnow() else "closed"


def tell_volunteer(engagement: Engagement, request: HelpRequest, template: str, key: str) -> None:
    volunteer = db.session.get(User, engagement.volunteer_id)
    enqueue(key, user_id=volunteer.id, channel="any", template=template, locale=volunteer.locale,
            payload={"help_request_id": str(request.id), "engagement_id": str(engagement.id),
                     "window_start": request.window_start.isoformat()})


def tell_owner(request: HelpRequest, template: str, key: str, *, engagement_id) -> None:
    owner = db.session.get(User, request.requester_id or request.intermediary_id)
    if owner is None:
        return
    enqueue(key, user_id=owner.id, channel="any", template=template, locale=owner.locale,
            payload={"help_request_id": str(request.id), "engagement_id": str(engagement_id)})
