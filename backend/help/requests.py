"""Requests for help (hulpvragen): posting one (as the resident, or as an intermediary with the resident's
consent), what volunteers nearby see (the list: nearby.py), the owner's view, the address reveal and cancelling.
Offers: offers.py. The privacy rules: common.py."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from backend.accounts.models import User
from backend.accounts.privacy import current_statement
from backend.audit.operations import record
from backend.engagements.models import Engagement
from backend.errors import Forbidden, InvalidInput, NotFound, RuleViolation
from backend.extensions import db
from backend.help.common import (HOLDS_REQUEST, OPEN_OFFER, is_owner, load, my_offers, require_owner,
                                 tell_volunteer, visible_to_volunteer)
from backend.help import phone as phone_numbers
from backend.help.nearby import nearby_page
from backend.help.models import CONSENT_METHODS, HelpRequestAddress
from backend.help.results import OwnerView, VolunteerView, owner_view, volunteer_view
from backend.i18n import Msg
from backend.models_base import utcnow
from backend.opportunities.models import HelpRequest, Opportunity
from backend.places.operations import resolve_postcode
from backend.taxonomy import check_codes, taxonomy
from backend.volunteers.taxonomy_ops import active_skill_codes

MAX_WINDOW_DAYS = 31
# "Any time soon suits me": the request is open this long from the moment it is posted.
FLEXIBLE_DAYS = 14
# Phones' clocks drift; a window that "starts now" may arrive a few minutes late.
CLOCK_GRACE = timedelta(minutes=5)
# The skill a category usually needs, used when the poster names none.
CATEGORY_SKILL = {"groceries": "groceries", "odd_jobs": "odd_jobs", "company": "companionship",
                  "transport": "driving", "digital_help": "digital_help", "paperwork": "paperwork",
                  "respite_care": "respite_care"}


# --- posting --------------------------------------------------------------------------------------------------

def create_help_request(user: User, data: dict) -> OwnerView:
    """Post a request for help, as the resident or as an intermediary on the resident's behalf."""
    on_behalf = "consent" in data or "resident_first_name" in data or not user.has_role("resident")
    errors: dict[str, list] = {}
    placement = None
    try:
        placement = resolve_postcode(data["address"]["postcode"], field="address.postcode")
    except InvalidInput as exc:
        errors.update(exc.errors)
    window_start, window_end = _window(data)
    _check_window(window_start, window_end, errors)
    skills = data.get("required_skills") or [CATEGORY_SKILL[data["category"]]]
    _check_codes(skills, data.get("languages", []), errors)
    if on_behalf:
        _check_consent(data, errors)
    phone = _phone(data.get("phone"), data.get("contact"), errors)
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
        consent_method=data["consent"]["method"] if on_behalf else None,
        window_start=window_start.astimezone(timezone.utc),
        window_end=window_end.astimezone(timezone.utc), recurring=data["recurring"],
        urgency=data["urgency"])
    address = HelpRequestAddress(help_request_id=request.id, street=data["address"]["street"].strip(),
                                 house_number=data["address"]["house_number"].strip(),
                                 postcode=placement.postcode, notes=(data.get("notes") or "").strip(),
                                 phone=phone)
    db.session.add(opportunity)
    db.session.flush()  # the opportunity before the request that points at it
    db.session.add_all([request, address])
    db.session.flush()
    record("help_request.created", actor_id=user.id, subject_id=request.requester_id, object_type="help_request",
           object_id=request.id, on_behalf=on_behalf)
    return owner_view(request, opportunity)


def _window(data: dict) -> tuple[datetime, datetime]:
    if data.get("flexible"):
        now = utcnow()
        return now, now + timedelta(days=FLEXIBLE_DAYS)
    return data["window_start"], data["window_end"]


def _phone(value: str | None, contact: str | None, errors: dict) -> str | None:
    """Optional: the neighbour's number, only if they want the accepted volunteer to be able to call. One who
    chose to be reached in DoeMee keeps their number to themselves (nothing kept); one who chose the phone gives it."""
    if contact == "doemee":
        return None
    if not value or not value.strip():
        if contact == "phone":
            errors.setdefault("phone", []).append(Msg("field.phone_needed"))
        return None
    try:
        return phone_numbers.normalise(value)
    except phone_numbers.NotADutchNumber:
        errors.setdefault("phone", []).append(Msg("field.phone_dutch"))
        return None


def _check_window(start: datetime, end: datetime, errors: dict) -> None:
    if start < utcnow() - CLOCK_GRACE:
        errors.setdefault("window_start", []).append(Msg("field.window_in_past"))
    if end <= start:
        errors.setdefault("window_end", []).append(Msg("field.time_inverted"))
    elif end - start > timedelta(days=MAX_WINDOW_DAYS):
        errors.setdefault("window_end", []).append(Msg("field.window_too_long", days=MAX_WINDOW_DAYS))


def _check_codes(skills: list[str], languages: list[str], errors: dict) -> None:
    check_codes(skills, active_skill_codes(), "required_skills", "field.unknown_skill", errors)
    check_codes(languages, set(taxonomy()["languages"]), "languages", "field.unknown_language", errors)


def _check_consent(data: dict, errors: dict) -> None:
    """Posting on someone's behalf needs their first name (only: a surname with an address would identify the
    resident beyond what helping needs), their consent, given to the current privacy statement, and how the
    resident gave it. The schema checks the shape only; these rules hold for every surface."""
    name = (data.get("resident_first_name") or "").strip()
    if not name:
        errors.setdefault("resident_first_name", []).append(Msg("field.first_name_required"))
    elif len(name.split()) > 1:
        errors.setdefault("resident_first_name", []).append(Msg("field.first_name_only"))
    consent = data.get("consent")
    if consent is None:
        errors.setdefault("consent", []).append(Msg("field.consent_required"))
        return
    if consent.get("given") is not True:
        errors.setdefault("consent.given", []).append(Msg("field.consent_not_given"))
    current = current_statement()["version"]
    if consent["text_version"] != current:
        errors.setdefault("consent.text_version", []).append(Msg("field.consent_outdated", current=current))
    if consent.get("method") not in CONSENT_METHODS:
        errors.setdefault("consent.method", []).append(Msg("field.consent_method"))


# --- reading --------------------------------------------------------------------------------------------------

def list_nearby(user: User, *, limit: int, cursor: str | None) -> tuple[list[VolunteerView], str | None]:
    """Open requests in the volunteer's municipality whose neighbourhood lies within their travel radius,
    soonest first (backend.help.nearby, which also gives the page's version)."""
    found = nearby_page(user, limit=limit, cursor=cursor)
    return found.items, found.next_cursor


def get_help_request(user: User, help_request_id) -> OwnerView | VolunteerView:
    request, opportunity = load(help_request_id)
    if is_owner(user, request):
        return owner_view(request, opportunity)
    profile = visible_to_volunteer(user, request, opportunity)
    return volunteer_view(request, opportunity, profile, my_offers(user, [opportunity.id]).get(opportunity.id))


def reveal_address(user: User, help_request_id) -> HelpRequestAddress:
    """The address, to its owner and to the accepted volunteer (audited); to anyone else it does not exist."""
    not_found = NotFound("detail.not_found", what="Address")
    request = db.session.get(HelpRequest, help_request_id)
    if request is None:
        raise not_found
    address = db.session.get(HelpRequestAddress, request.id)
    if is_owner(user, request):
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


# --- cancelling -----------------------------------------------------------------------------------------------

def cancel_help_request(user: User, help_request_id) -> OwnerView:
    """The owner closes the request; everyone who offered or was accepted hears of it."""
    request, opportunity = load(help_request_id, lock=True)
    require_owner(user, request, opportunity)
    if opportunity.status == "closed":
        raise RuleViolation("detail.help_request_not_open")
    if request.window_end <= utcnow():
        raise RuleViolation("detail.help_request_over")
    _close(request, opportunity)
    record("help_request.cancelled", actor_id=user.id, object_type="help_request", object_id=request.id)
    return owner_view(request, opportunity)


def _close(request: HelpRequest, opportunity: Opportunity) -> None:
    now = utcnow()
    for engagement in db.session.scalars(sa.select(Engagement).where(
            Engagement.opportunity_id == opportunity.id, Engagement.shift_id.is_(None),
            Engagement.status.in_((OPEN_OFFER, *HOLDS_REQUEST)))):
        engagement.status, engagement.status_changed_at = "closed", now
        tell_volunteer(engagement, request, "help_request_cancelled", f"help:{request.id}:cancelled:{engagement.id}")
    opportunity.status = "closed"
