"""Requests for help (hulpvragen): posting, what volunteers see, offers, accepting one, the address reveal,
cancelling, export and erasure.

Privacy rules, enforced here and nowhere else:
- a volunteer sees a request as its neighbourhood and an approximate distance between neighbourhood centroids;
  never the address, never who asked;
- the address is shown to the owner (the resident who asked, or the intermediary who posted) and to exactly one
  volunteer: the accepted one, while the request is matched; every reveal to a volunteer is audited;
- to anyone else the address does not exist (404, the same answer as for a request that does not exist).

Every change to a request locks its row (SELECT ... FOR UPDATE), so that offers, accepts, withdrawals and
cancellations of one request happen one after the other even on many web workers.
"""
from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backend.accounts.models import User
from backend.accounts.privacy import current_statement
from backend.audit.operations import record
from backend.engagements.clashes import accepted_overlaps
from backend.engagements.models import Engagement
from backend.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from backend.extensions import db
from backend.help import messages  # noqa: F401  (registers the message keys)
from backend.help.models import HelpRequest, HelpRequestAddress
from backend.i18n import Msg
from backend.models_base import utcnow
from backend.notifications.outbox import enqueue
from backend.opportunities.models import Opportunity
from backend.pagination import page
from backend.places.models import Neighbourhood
from backend.places.geo import haversine_km
from backend.places.operations import resolve_postcode
from backend.taxonomy import taxonomy
from backend.volunteers.models import Skill, VolunteerProfile

MAX_WINDOW_DAYS = 31
HOUSE_NUMBER = re.compile(r"^[0-9]{1,5}( ?[A-Za-z]{1,2}| ?-[0-9A-Za-z]{1,4})?$")
# Phones' clocks drift; a window that "starts now" may arrive a few minutes late.
CLOCK_GRACE = timedelta(minutes=5)
# The skill a category usually needs, used when the poster names none.
CATEGORY_SKILL = {"groceries": "groceries", "odd_jobs": "odd_jobs", "company": "companionship",
                  "transport": "driving", "digital_help": "digital_help", "paperwork": "paperwork",
                  "respite_care": "respite_care"}
OPEN_OFFER = "applied"
# Engagement statuses in which the accepted volunteer still has the request (and so its address).
HOLDS_REQUEST = ("accepted", "checked_in")
OFFERS_IN_FULL_VIEW = 50


# --- posting --------------------------------------------------------------------------------------------------

def create_help_request(user: User, data: dict) -> dict:
    """Post a request for help, as the resident or as an intermediary on the resident's behalf."""
    on_behalf = "consent" in data or "resident_first_name" in data or not user.has_role("resident")
    errors: dict[str, list] = {}
    placement = None
    try:
        placement = resolve_postcode(data["address"]["postcode"], field="address.postcode")
    except InvalidInput as exc:
        errors.update(exc.errors)
    if not HOUSE_NUMBER.match(data["address"]["house_number"].strip()):
        errors["address.house_number"] = [Msg("field.house_number")]
    _check_window(data["window_start"], data["window_end"], errors)
    skills = data.get("required_skills") or [CATEGORY_SKILL[data["category"]]]
    _check_codes(skills, data.get("languages", []), errors)
    if on_behalf:
        _check_consent(data, errors)
    if errors:
        raise InvalidInput("detail.validation", errors=errors)
    if on_behalf and not user.has_role("intermediary", placement.municipality.id):
        raise Forbidden("detail.not_intermediary_here")

    now = utcnow()
    hood = placement.neighbourhood
    opportunity = Opportunity(
        id=uuid.uuid4(), municipality_id=placement.municipality.id, kind="help_request", title=data["title"].strip(),
        description=data["description"].strip(), category=data["category"], required_skills=skills,
        languages=data.get("languages", []), neighbourhood_id=hood.id, latitude=hood.latitude,
        longitude=hood.longitude,
        # Postcode and house number together are the address; the full postcode stays with the address only.
        postcode=None,
        commitment="regular" if data["recurring"] else "one_off", status="published", created_by=user.id,
        published_at=now)
    request = HelpRequest(
        id=uuid.uuid4(), opportunity_id=opportunity.id, requester_id=None if on_behalf else user.id,
        intermediary_id=user.id if on_behalf else None,
        resident_first_name=data["resident_first_name"].strip() if on_behalf else None,
        consent_text_version=data["consent"]["text_version"] if on_behalf else None,
        consent_recorded_at=now if on_behalf else None,
        window_start=data["window_start"].astimezone(timezone.utc),
        window_end=data["window_end"].astimezone(timezone.utc), recurring=data["recurring"],
        urgency=data["urgency"])
    address = HelpRequestAddress(help_request_id=request.id, street=data["address"]["street"].strip(),
                                 house_number=data["address"]["house_number"].strip(),
                                 postcode=placement.postcode, notes=(data.get("notes") or "").strip())
    db.session.add(opportunity)
    db.session.flush()  # the opportunity before the request that points at it
    db.session.add_all([request, address])
    db.session.flush()
    record("help_request.created", actor_id=user.id, subject_id=request.requester_id, object_type="help_request",
           object_id=request.id, on_behalf=on_behalf)
    return _owner_view(request, opportunity)


def _check_window(start: datetime, end: datetime, errors: dict) -> None:
    if start < utcnow() - CLOCK_GRACE:
        errors.setdefault("window_start", []).append(Msg("field.window_in_past"))
    if end <= start:
        errors.setdefault("window_end", []).append(Msg("field.time_inverted"))
    elif end - start > timedelta(days=MAX_WINDOW_DAYS):
        errors.setdefault("window_end", []).append(Msg("field.window_too_long", days=MAX_WINDOW_DAYS))


def _check_codes(skills: list[str], languages: list[str], errors: dict) -> None:
    known = set(db.session.scalars(sa.select(Skill.code).where(Skill.active.is_(True))))
    for field, codes, allowed, key in (("required_skills", skills, known, "field.unknown_skill"),
                                       ("languages", languages, set(taxonomy()["languages"]),
                                        "field.unknown_language")):
        seen = set()
        for i, code in enumerate(codes):
            if code not in allowed:
                errors.setdefault(f"{field}.{i}", []).append(Msg(key, code=code))
            elif code in seen:
                errors.setdefault(f"{field}.{i}", []).append(Msg("field.duplicate", value=code))
            seen.add(code)


def _check_consent(data: dict, errors: dict) -> None:
    name = (data.get("resident_first_name") or "").strip()
    if not name:
        errors.setdefault("resident_first_name", []).append(Msg("field.first_name_required"))
    elif len(name.split()) > 1:
        # First name only: a surname with an address would identify the resident beyond what helping needs.
        errors.setdefault("resident_first_name", []).append(Msg("field.first_name_only"))
    consent = data.get("consent")
    if consent is None:
        errors.setdefault("consent", []).append(Msg("field.consent_required"))
        return
    if consent["given"] is not True:
        errors.setdefault("consent.given", []).append(Msg("field.consent_not_given"))
    current = current_statement()["version"]
    if consent["text_version"] != current:
        errors.setdefault("consent.text_version", []).append(Msg("field.consent_outdated", current=current))


# --- reading --------------------------------------------------------------------------------------------------

def list_nearby(user: User, *, limit: int, cursor: str | None) -> tuple[list[dict], str | None]:
    """Open requests in the volunteer's municipality whose neighbourhood lies within their travel radius,
    soonest first."""
    profile = _profile_of(user)
    in_reach = _neighbourhoods_in_reach(profile)
    stmt = (sa.select(HelpRequest).join(Opportunity, Opportunity.id == HelpRequest.opportunity_id)
            .where(Opportunity.kind == "help_request", Opportunity.status == "published",
                   Opportunity.municipality_id == profile.municipality_id,
                   Opportunity.neighbourhood_id.in_(list(in_reach)), HelpRequest.window_end > utcnow(),
                   _not_owned_by(user)))
    requests, next_cursor = page(stmt, [HelpRequest.window_start, HelpRequest.id], [datetime, uuid.UUID],
                                 limit=limit, cursor=cursor, key=lambda r: [r.window_start, r.id])
    opportunities = _opportunities_of(requests)
    mine = _my_offers(user, opportunities.keys())
    views = [_volunteer_view(r, opportunities[r.opportunity_id], profile, mine.get(r.opportunity_id))
             for r in requests]
    return views, next_cursor


def get_help_request(user: User, help_request_id) -> dict:
    request, opportunity = _load(help_request_id)
    if _is_owner(user, request):
        return _owner_view(request, opportunity)
    profile = _visible_to_volunteer(user, request, opportunity)
    return _volunteer_view(request, opportunity, profile, _my_offers(user, [opportunity.id]).get(opportunity.id))


def list_offers(user: User, help_request_id, *, limit: int, cursor: str | None):
    request, opportunity = _load(help_request_id)
    _require_owner(user, request, opportunity)
    stmt = sa.select(Engagement).where(Engagement.opportunity_id == opportunity.id, Engagement.shift_id.is_(None))
    offers, next_cursor = page(stmt, [Engagement.created_at, Engagement.id], [datetime, uuid.UUID], limit=limit,
                               cursor=cursor, key=lambda e: [e.created_at, e.id])
    return [_offer_view(e, opportunity) for e in offers], next_cursor


def reveal_address(user: User, help_request_id) -> HelpRequestAddress:
    """The address, to its owner and to the accepted volunteer (audited); to anyone else it does not exist."""
    not_found = NotFound("detail.not_found", what="Address")
    request = db.session.get(HelpRequest, _as_uuid(help_request_id)) if _as_uuid(help_request_id) else None
    if request is None:
        raise not_found
    address = db.session.get(HelpRequestAddress, request.id)
    if _is_owner(user, request):
        return address
    if not _is_accepted_volunteer(user, request):
        raise not_found
    record("help_request.address_revealed", actor_id=user.id, object_type="help_request", object_id=request.id)
    return address


def _is_accepted_volunteer(user: User, request: HelpRequest) -> bool:
    opportunity = db.session.get(Opportunity, request.opportunity_id)
    if opportunity.status != "filled" or request.accepted_engagement_id is None:
        return False
    engagement = db.session.get(Engagement, request.accepted_engagement_id)
    return engagement is not None and engagement.volunteer_id == user.id and engagement.status in HOLDS_REQUEST


# --- offers ---------------------------------------------------------------------------------------------------

def offer_help(user: User, help_request_id) -> Engagement:
    request, opportunity = _load(help_request_id, lock=True)
    if _is_owner(user, request):
        raise RuleViolation("detail.help_own_request")
    _visible_to_volunteer(user, request, opportunity)
    _require_open(request, opportunity)
    now = utcnow()
    engagement = db.session.scalar(sa.select(Engagement).where(
        Engagement.volunteer_id == user.id, Engagement.opportunity_id == opportunity.id,
        Engagement.shift_id.is_(None)))
    if engagement is not None and engagement.status != "withdrawn":
        raise Conflict("detail.help_offer_exists")
    if engagement is not None:
        # A withdrawn offer may be renewed: the same row, so that there is never a second offer per volunteer.
        engagement.status, engagement.status_changed_at = OPEN_OFFER, now
    else:
        engagement = Engagement(id=uuid.uuid4(), volunteer_id=user.id, opportunity_id=opportunity.id, shift_id=None,
                                status=OPEN_OFFER, status_changed_at=now)
        try:
            with db.session.begin_nested():
                db.session.add(engagement)
        except IntegrityError:
            # The unique index on (volunteer, opportunity) caught a simultaneous second offer.
            raise Conflict("detail.help_offer_exists") from None
    db.session.flush()
    _tell_owner(request, "help_offer_received", f"help:{request.id}:offer:{engagement.id}:received:{now.isoformat()}",
                engagement_id=engagement.id)
    record("help_request.offered", actor_id=user.id, object_type="help_request", object_id=request.id)
    return engagement


def withdraw_offer(user: User, help_request_id, engagement_id) -> Engagement:
    request, opportunity = _load(help_request_id, lock=True)
    engagement = _offer_of(opportunity, engagement_id)
    if engagement.volunteer_id != user.id:
        raise NotFound("detail.not_found", what="Offer")
    if engagement.status not in (OPEN_OFFER, "accepted"):
        raise RuleViolation("detail.help_offer_not_open")
    now = utcnow()
    if engagement.status == "accepted":
        _reopen(request, opportunity)
        _tell_owner(request, "help_volunteer_withdrew", f"help:{request.id}:offer:{engagement.id}:withdrew",
                    engagement_id=engagement.id)
    engagement.status, engagement.status_changed_at = "withdrawn", now
    record("help_request.offer_withdrawn", actor_id=user.id, object_type="help_request", object_id=request.id)
    return engagement


def accept_offer(user: User, help_request_id, engagement_id) -> dict:
    """Choose one volunteer: their offer is accepted, every other open offer is closed (politely told), the
    request is filled. Says whether the volunteer already has something else at that time (a warning only)."""
    request, opportunity = _load(help_request_id, lock=True)
    _require_owner(user, request, opportunity)
    if request.accepted_engagement_id is not None:
        raise RuleViolation("detail.help_request_matched")
    _require_open(request, opportunity)
    engagement = _offer_of(opportunity, engagement_id)
    if engagement.status != OPEN_OFFER:
        raise RuleViolation("detail.help_offer_not_open")

    now = utcnow()
    engagement.status, engagement.status_changed_at = "accepted", now
    others = db.session.scalars(sa.select(Engagement).where(
        Engagement.opportunity_id == opportunity.id, Engagement.shift_id.is_(None),
        Engagement.status == OPEN_OFFER, Engagement.id != engagement.id))
    for other in others:
        other.status, other.status_changed_at = "closed", now
        _tell_volunteer(other, request, "offer_closed", f"help:{request.id}:offer:{other.id}:closed")
    _tell_volunteer(engagement, request, "offer_accepted", f"help:{request.id}:offer:{engagement.id}:accepted")
    opportunity.status = "filled"
    request.accepted_engagement_id, request.matched_at = engagement.id, now
    record("help_request.offer_accepted", actor_id=user.id, subject_id=engagement.volunteer_id,
           object_type="help_request", object_id=request.id)
    db.session.flush()
    clashes = accepted_overlaps(engagement.volunteer_id, request.window_start, request.window_end,
                                exclude_engagement_id=engagement.id)
    return {"offer": _offer_view(engagement, opportunity), "help_request_status": opportunity.status,
            "overlap_warning": bool(clashes)}


def cancel_help_request(user: User, help_request_id) -> dict:
    """The owner closes the request; everyone who offered or was accepted hears of it."""
    request, opportunity = _load(help_request_id, lock=True)
    _require_owner(user, request, opportunity)
    if opportunity.status == "closed":
        raise RuleViolation("detail.help_request_not_open")
    if request.window_end <= utcnow():
        raise RuleViolation("detail.help_request_over")
    _close(request, opportunity)
    record("help_request.cancelled", actor_id=user.id, object_type="help_request", object_id=request.id)
    return _owner_view(request, opportunity)


def _close(request: HelpRequest, opportunity: Opportunity) -> None:
    now = utcnow()
    for engagement in db.session.scalars(sa.select(Engagement).where(
            Engagement.opportunity_id == opportunity.id, Engagement.shift_id.is_(None),
            Engagement.status.in_((OPEN_OFFER, *HOLDS_REQUEST)))):
        engagement.status, engagement.status_changed_at = "closed", now
        _tell_volunteer(engagement, request, "help_request_cancelled", f"help:{request.id}:cancelled:{engagement.id}")
    opportunity.status = "closed"


def _reopen(request: HelpRequest, opportunity: Opportunity) -> None:
    """The accepted volunteer is gone: the request is open again (if its window has not passed)."""
    request.accepted_engagement_id, request.matched_at = None, None
    opportunity.status = "published" if request.window_end > utcnow() else "closed"


# --- helpers: loading, permissions, views ---------------------------------------------------------------------

def _as_uuid(value) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _load(help_request_id, *, lock: bool = False) -> tuple[HelpRequest, Opportunity]:
    key = _as_uuid(help_request_id)
    stmt = sa.select(HelpRequest).where(HelpRequest.id == key)
    if lock:
        # The request row is where every change to this request queues; populate_existing so that what we
        # read after waiting for the lock is the committed state, not what the session had cached.
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    request = db.session.scalar(stmt) if key else None
    if request is None:
        raise NotFound("detail.not_found", what="Help request")
    opportunity = db.session.scalar(sa.select(Opportunity).where(Opportunity.id == request.opportunity_id)
                                    .execution_options(populate_existing=lock))
    return request, opportunity


def _is_owner(user: User, request: HelpRequest) -> bool:
    return user.id in {request.requester_id, request.intermediary_id} - {None}


def _require_owner(user: User, request: HelpRequest, opportunity: Opportunity) -> None:
    if _is_owner(user, request):
        return
    _visible_to_volunteer(user, request, opportunity)  # 404 for whoever cannot even see the request
    raise Forbidden("detail.help_owner_only")


def _require_open(request: HelpRequest, opportunity: Opportunity) -> None:
    if opportunity.status != "published":
        raise RuleViolation("detail.help_request_not_open")
    if request.window_end <= utcnow():
        raise RuleViolation("detail.help_request_over")


def _profile_of(user: User) -> VolunteerProfile:
    profile = db.session.get(VolunteerProfile, user.id)
    if profile is None:
        raise NotFound("detail.no_profile")
    return profile


def _visible_to_volunteer(user: User, request: HelpRequest, opportunity: Opportunity) -> VolunteerProfile:
    """A volunteer of the same municipality sees an open request; one who offered keeps seeing it."""
    not_found = NotFound("detail.not_found", what="Help request")
    profile = db.session.get(VolunteerProfile, user.id)
    if profile is None or profile.municipality_id != opportunity.municipality_id:
        raise not_found
    if opportunity.status == "published" and request.window_end > utcnow():
        return profile
    if _my_offers(user, [opportunity.id]):
        return profile
    raise not_found


def _not_owned_by(user: User):
    return sa.and_(sa.or_(HelpRequest.requester_id.is_(None), HelpRequest.requester_id != user.id),
                   sa.or_(HelpRequest.intermediary_id.is_(None), HelpRequest.intermediary_id != user.id))


def _neighbourhoods_in_reach(profile: VolunteerProfile) -> set:
    # A municipality has tens of neighbourhoods: measuring them here keeps the request query an indexed IN.
    hoods = db.session.execute(sa.select(Neighbourhood.id, Neighbourhood.latitude, Neighbourhood.longitude)
                               .where(Neighbourhood.municipality_id == profile.municipality_id))
    return {h.id for h in hoods
            if haversine_km(profile.latitude, profile.longitude, h.latitude, h.longitude)
            <= profile.travel_radius_km}


def _opportunities_of(requests: list[HelpRequest]) -> dict:
    ids = [r.opportunity_id for r in requests]
    if not ids:
        return {}
    return {o.id: o for o in db.session.scalars(sa.select(Opportunity).where(Opportunity.id.in_(ids)))}


def _my_offers(user: User, opportunity_ids) -> dict:
    ids = list(opportunity_ids)
    if not ids:
        return {}
    return {e.opportunity_id: e for e in db.session.scalars(sa.select(Engagement).where(
        Engagement.volunteer_id == user.id, Engagement.opportunity_id.in_(ids), Engagement.shift_id.is_(None)))}


def _offer_of(opportunity: Opportunity, engagement_id) -> Engagement:
    key = _as_uuid(engagement_id)
    engagement = db.session.get(Engagement, key) if key else None
    if engagement is None or engagement.opportunity_id != opportunity.id or engagement.shift_id is not None:
        raise NotFound("detail.not_found", what="Offer")
    return engagement


def _common_view(request: HelpRequest, opportunity: Opportunity) -> dict:
    hood = opportunity.neighbourhood
    return {"id": request.id, "category": opportunity.category, "title": opportunity.title,
            "description": opportunity.description, "window_start": request.window_start,
            "window_end": request.window_end, "recurring": request.recurring, "urgency": request.urgency,
            "status": opportunity.status, "required_skills": opportunity.required_skills,
            "languages": opportunity.languages,
            "neighbourhood": {"slug": hood.slug, "name": hood.name, "district": hood.district},
            "created_at": request.created_at}


def _volunteer_view(request, opportunity, profile: VolunteerProfile, my_offer: Engagement | None) -> dict:
    view = _common_view(request, opportunity)
    view["distance_km"] = round(haversine_km(profile.latitude, profile.longitude, opportunity.latitude,
                                            opportunity.longitude), 1)
    view["my_offer"] = _my_offer_view(my_offer) if my_offer else None
    return view


def _my_offer_view(engagement: Engagement) -> dict:
    return {"id": engagement.id, "status": engagement.status, "created_at": engagement.created_at}


def _owner_view(request: HelpRequest, opportunity: Opportunity) -> dict:
    view = _common_view(request, opportunity)
    offers = db.session.scalars(sa.select(Engagement).where(
        Engagement.opportunity_id == opportunity.id, Engagement.shift_id.is_(None))
        .order_by(Engagement.created_at.desc(), Engagement.id).limit(OFFERS_IN_FULL_VIEW))
    view.update({
        "posted_on_behalf": request.intermediary_id is not None,
        "resident_first_name": request.resident_first_name,
        "consent": ({"text_version": request.consent_text_version, "recorded_at": request.consent_recorded_at}
                    if request.consent_text_version else None),
        "matched_at": request.matched_at,
        "accepted_offer_id": request.accepted_engagement_id,
        "offers": [_offer_view(e, opportunity) for e in offers],
    })
    return view


def _offer_view(engagement: Engagement, opportunity: Opportunity) -> dict:
    """What the requester learns about a volunteer who offers: first name, neighbourhood, relevant skills."""
    volunteer = db.session.get(User, engagement.volunteer_id)
    profile = db.session.get(VolunteerProfile, engagement.volunteer_id)
    skills = [] if profile is None else [
        {"code": s.skill_code, "level": s.level} for s in profile.skills if s.skill_code in opportunity.required_skills]
    hood = profile.neighbourhood if profile else None
    return {"id": engagement.id, "status": engagement.status,
            "first_name": volunteer.first_name,
            "neighbourhood": {"slug": hood.slug, "name": hood.name, "district": hood.district} if hood else None,
            "relevant_skills": skills, "created_at": engagement.created_at}


# --- notices --------------------------------------------------------------------------------------------------

def _tell_volunteer(engagement: Engagement, request: HelpRequest, template: str, key: str) -> None:
    volunteer = db.session.get(User, engagement.volunteer_id)
    enqueue(key, user_id=volunteer.id, channel="any", template=template, locale=volunteer.locale,
            payload={"help_request_id": str(request.id), "engagement_id": str(engagement.id),
                     "window_start": request.window_start.isoformat()})


def _tell_owner(request: HelpRequest, template: str, key: str, *, engagement_id) -> None:
    owner = db.session.get(User, request.requester_id or request.intermediary_id)
    if owner is None:
        return
    enqueue(key, user_id=owner.id, channel="any", template=template, locale=owner.locale,
            payload={"help_request_id": str(request.id), "engagement_id": str(engagement_id)})


# --- data rights ----------------------------------------------------------------------------------------------

def export_help_requests(user: User) -> dict:
    """A resident's own requests with their address (it is their data). An intermediary's posted requests
    without the resident's first name and address: those are the resident's data, not the intermediary's, and
    an export must not hand one person's data to another. The volunteer's own offers, without any address."""
    asked = db.session.scalars(sa.select(HelpRequest).where(HelpRequest.requester_id == user.id)
                               .order_by(HelpRequest.created_at))
    posted = db.session.scalars(sa.select(HelpRequest).where(HelpRequest.intermediary_id == user.id)
                                .order_by(HelpRequest.created_at))
    offers = db.session.execute(
        sa.select(Engagement, HelpRequest).join(HelpRequest, HelpRequest.opportunity_id == Engagement.opportunity_id)
        .where(Engagement.volunteer_id == user.id, Engagement.shift_id.is_(None)).order_by(Engagement.created_at))
    return {
        "asked": [_export_request(r, with_address=True) for r in asked],
        "posted_for_residents": [
            {**_export_request(r, with_address=False), "consent_text_version": r.consent_text_version,
             "consent_recorded_at": r.consent_recorded_at.isoformat()} for r in posted],
        "offers": [{"help_request_id": str(r.id), "status": e.status, "created_at": e.created_at.isoformat()}
                   for e, r in offers],
    }


def _export_request(request: HelpRequest, *, with_address: bool) -> dict:
    opportunity = db.session.get(Opportunity, request.opportunity_id)
    data = {"id": str(request.id), "category": opportunity.category, "title": opportunity.title,
            "description": opportunity.description, "status": opportunity.status,
            "window_start": request.window_start.isoformat(), "window_end": request.window_end.isoformat(),
            "urgency": request.urgency, "recurring": request.recurring, "created_at": request.created_at.isoformat()}
    if with_address:
        address = db.session.get(HelpRequestAddress, request.id)
        data["address"] = {"street": address.street, "house_number": address.house_number,
                           "postcode": address.postcode, "notes": address.notes}
    return data



def forget_erased_user(user: User) -> None:
    """Erasure hook: the person's help requests go with them, and a request they had been accepted to help with
    opens again.

    The foreign keys alone fall short: deleting a help request leaves its opportunity (title, description)
    behind, and a request an intermediary posted would lose its only owner (intermediary_id SET NULL breaks the
    someone_asks check).
    """
    session = db.session
    with session.no_autoflush:
        _forget_requests_of(session, user.id)
        _reopen_requests_helped_by(session, user.id)



def _forget_requests_of(session: Session, user_id) -> None:
    owned = list(session.scalars(sa.select(HelpRequest).where(sa.or_(
        HelpRequest.requester_id == user_id,
        sa.and_(HelpRequest.intermediary_id == user_id, HelpRequest.requester_id.is_(None))))))
    if not owned:
        return
    for request in owned:
        # Nothing is changed on rows about to go (the flush would update deleted rows); volunteers are told.
        for engagement in session.scalars(sa.select(Engagement).where(
                Engagement.opportunity_id == request.opportunity_id, Engagement.shift_id.is_(None),
                Engagement.status.in_((OPEN_OFFER, *HOLDS_REQUEST)))):
            if request.window_end > utcnow():
                _tell_volunteer(engagement, request, "help_request_cancelled",
                                f"help:{request.id}:cancelled:{engagement.id}")
    # Cascades to the request, its address and every offer on it.
    session.execute(sa.delete(Opportunity).where(Opportunity.id.in_([r.opportunity_id for r in owned]))
                    .execution_options(synchronize_session=False))
    for request in owned:
        session.expunge(request)


def _reopen_requests_helped_by(session: Session, user_id) -> None:
    helped = session.scalars(sa.select(HelpRequest).join(
        Engagement, Engagement.id == HelpRequest.accepted_engagement_id).where(
        Engagement.volunteer_id == user_id, Engagement.status.in_(HOLDS_REQUEST)))
    for request in helped:
        opportunity = session.get(Opportunity, request.opportunity_id)
        engagement_id = request.accepted_engagement_id
        if opportunity.status == "filled":
            _reopen(request, opportunity)
            _tell_owner(request, "help_volunteer_withdrew", f"help:{request.id}:offer:{engagement_id}:erased",
                        engagement_id=engagement_id)
