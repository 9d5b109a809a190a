"""What the help operations return: a request as a volunteer sees it, as its owner sees it (with the latest
offers), an offer as the owner sees it, and the result of accepting one. Small frozen dataclasses over the models;
each surface decides how they look (mobile_api: marshmallow)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from backend.accounts.models import User
from backend.engagements.models import Engagement
from backend.extensions import db
from backend.opportunities.models import HelpRequest, Opportunity
from backend.places.geo import haversine_km
from backend.places.models import Neighbourhood
from backend.read_through import read_through
from backend.volunteers.models import VolunteerProfile

OFFERS_IN_FULL_VIEW = 50


@dataclass(frozen=True)
class SkillLevel:
    code: str
    level: int


@dataclass(frozen=True)
class OfferInfo:
    """What the requester learns about a volunteer who offers: first name, neighbourhood, relevant skills."""

    engagement: Engagement
    first_name: str
    neighbourhood: Neighbourhood | None
    relevant_skills: tuple[SkillLevel, ...]

    id, status, created_at = read_through("engagement", "id", "status", "created_at")


@dataclass(frozen=True)
class Consent:
    text_version: str
    recorded_at: datetime
    method: str | None  # one of CONSENT_METHODS; None for requests posted before the method was asked


@dataclass(frozen=True)
class HelpRequestInfo:
    """A request as everyone who may see it sees it: never the address, never who asked."""

    request: HelpRequest
    opportunity: Opportunity

    id, window_start, window_end, recurring = read_through("request", "id", "window_start", "window_end", "recurring")
    urgency, created_at = read_through("request", "urgency", "created_at")
    category, title, description, status = read_through("opportunity", "category", "title", "description", "status")
    required_skills, languages, neighbourhood = read_through("opportunity", "required_skills", "languages",
                                                             "neighbourhood")


@dataclass(frozen=True)
class VolunteerView(HelpRequestInfo):
    """Plus how far away it is (between neighbourhood centroids) and the volunteer's own offer, if any."""

    distance_km: float = 0.0
    my_offer: Engagement | None = None


@dataclass(frozen=True)
class OwnerView(HelpRequestInfo):
    """Plus what only the resident who asked (or the intermediary who posted) sees: consent, match, offers."""

    offers: tuple[OfferInfo, ...] = ()

    posted_on_behalf = property(lambda self: self.request.intermediary_id is not None)
    resident_first_name, matched_at = read_through("request", "resident_first_name", "matched_at")
    accepted_offer_id = property(lambda self: self.request.accepted_engagement_id)

    @property
    def consent(self) -> Consent | None:
        if not self.request.consent_text_version:
            return None
        return Consent(self.request.consent_text_version, self.request.consent_recorded_at,
                       self.request.consent_method)


@dataclass(frozen=True)
class AcceptResult:
    offer: OfferInfo
    help_request_status: str
    overlap_warning: bool  # the volunteer has another accepted engagement in this window (not an error)


def volunteer_view(request: HelpRequest, opportunity: Opportunity, profile: VolunteerProfile,
                   my_offer: Engagement | None) -> VolunteerView:
    distance = round(haversine_km(profile.latitude, profile.longitude, opportunity.latitude, opportunity.longitude), 1)
    return VolunteerView(request, opportunity, distance, my_offer)


def owner_view(request: HelpRequest, opportunity: Opportunity) -> OwnerView:
    offers = list(db.session.scalars(sa.select(Engagement).where(
        Engagement.opportunity_id == opportunity.id, Engagement.shift_id.is_(None))
        .order_by(Engagement.created_at.desc(), Engagement.id).limit(OFFERS_IN_FULL_VIEW)))
    return OwnerView(request, opportunity, tuple(describe_offers(offers, opportunity)))


def describe_offers(engagements: list[Engagement], opportunity: Opportunity) -> list[OfferInfo]:
    """The offers with their volunteers' first names, neighbourhoods and relevant skills: one query for the
    people (skills and neighbourhoods loaded alongside), whatever the number of offers."""
    ids = {e.volunteer_id for e in engagements}
    people = {} if not ids else {user.id: (user, profile) for user, profile in db.session.execute(
        sa.select(User, VolunteerProfile).outerjoin(VolunteerProfile, VolunteerProfile.user_id == User.id)
        .where(User.id.in_(ids)))}  # the profile's neighbourhood and skills load eagerly (see its model)
    out = []
    for e in engagements:
        user, profile = people[e.volunteer_id]
        skills = () if profile is None else tuple(
            SkillLevel(s.skill_code, s.level) for s in profile.skills if s.skill_code in opportunity.required_skills)
        out.append(OfferInfo(e, user.first_name, profile.neighbourhood if profile else None, skills))
    return out
