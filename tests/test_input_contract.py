"""One input contract: every web form and its API twin refuse the same bad input, with the same message per field,
and store nothing.

Each row of the table names a web form (its URL and the good fields a person would type), the API endpoint that
does the same (and its good JSON body), who posts, which table must not grow, and bad inputs as changes to both.
Both surfaces answer in the same language (the page's), so comparing the sentences compares the message ids
behind them.
"""
from __future__ import annotations

import base64
import html
import os
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace
from typing import Callable

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from backend.accounts.models import User
from backend.campaigns.models import Campaign, Gift, GiftClaim, MerchantStaff
from backend.conversations.models import Message
from backend.engagements.models import Engagement
from backend.extensions import db
from backend.jobs.models import Download
from backend.notifications.models import DeviceToken, OutboxMessage
from backend.opportunities.models import HelpRequest, Opportunity, Shift
from backend.saved.models import Favourite, SavedSearch
from backend.organisations.models import IntermediaryApplication, Organisation, OrganisationMember
from tests import factories
from tests.campaigns.helpers import claim, create_campaign, offer, shop, staff_member
from tests.engagements.hours_setup import waiting_hours
from tests.support import PASSWORD, login, make_role, privacy_version, volunteer
from tests.web_support import Browser, new_email, text

pytestmark = pytest.mark.any_hour  # the same at any hour: the clock runs leave it to the real-hour run

MONDAY = datetime(2026, 10, 19, 9, 0, tzinfo=timezone.utc)
CAMPAIGN_DAY = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
MISSING = object()  # a field left out of the JSON body (a blank field of the form is missing, too)


@dataclass
class Poster:
    """One person on both surfaces: a signed-in browser and an API token."""

    browser: Browser
    token: str
    extra: dict = field(default_factory=dict)


def _person(app, client, cli, role: str | None = None, municipality: str | None = None) -> Poster:
    browser = Browser(app, language="en")
    email = browser.register(name="Wijkteam Noord", locale="en")
    if role:
        make_role(cli, SimpleNamespace(email=email), role, municipality)
    return Poster(browser, login(client, email, PASSWORD)["access_token"], {"email": email})


def _staff(app, client, cli) -> Poster:
    return _person(app, client, cli, "municipality_staff", "maassluis")


def _intermediary(app, client, cli) -> Poster:
    poster = _person(app, client, cli, "intermediary", "maassluis")
    poster.extra["version"] = privacy_version(client)
    return poster


@dataclass
class Twin:
    name: str
    moment: datetime
    who: Callable
    # what must not change: a table whose rows are counted, or a function (client, poster) -> state
    table: type | Callable
    web_path: str
    web_form: Callable[[Poster], dict]
    api_path: str
    api_body: Callable[[Poster], dict]
    # the API's field -> the form's, where they differ
    rename: dict[str, str]
    # (changes to the form, changes to the JSON body, the fields that must be refused)
    bad: list[tuple[dict, dict, set[str]]]
    # the page that shows the form, where it is not the form's own URL
    form_page: str | None = None
    api_method: str = "POST"
    # the good input is accepted once per person (or per thing): the web's good input comes from a second one
    once: bool = False
    # the web's answer to the good input: a redirect, or (a page that says it was done, push.js's call) 200 or 204
    done: int = 303
    # the web's errors per field: the page's summary, or (push.js's call) the JSON answer's
    read_web: Callable | None = None
    # a search: the form is the page's query string (GET), the API's input its query string
    web_method: str = "POST"


def _help_form(poster: Poster) -> dict:
    return {"resident_first_name": "Henk", "title": "Boodschappen halen", "description": "Een tas vol",
            "category": "groceries", "urgency": "normal", "day": "2026-10-22", "start": "10:00", "end": "12:00",
            "street": "Geheimstraat", "house_number": "12", "postcode": "3144 BA", "consent": "on",
            "consent_version": poster.extra["version"], "consent_method": "verbal"}


def _help_body(poster: Poster) -> dict:
    return {"category": "groceries", "title": "Boodschappen halen", "description": "Een tas vol",
            "window_start": "2026-10-22T10:00:00+02:00", "window_end": "2026-10-22T12:00:00+02:00",
            "urgency": "normal", "address": {"street": "Geheimstraat", "house_number": "12", "postcode": "3144 BA"},
            "resident_first_name": "Henk",
            "consent": {"given": True, "text_version": poster.extra["version"], "method": "verbal"}}


def _resident(app, client, cli) -> Poster:
    """Joined on the web to ask for help (the resident role comes with it)."""
    browser = Browser(app, language="en")
    email = browser.register(name="Ria Jansen", locale="en", wants_help=True)
    return Poster(browser, login(client, email, PASSWORD)["access_token"], {"email": email})


def _ask_form(poster: Poster) -> dict:
    return {"category": "groceries", "title": "Boodschappen halen", "description": "Een tas vol", "when": "moment",
            "day": "2026-10-22", "start": "10:00", "end": "12:00", "urgency": "normal", "street": "Geheimstraat",
            "house_number": "12", "postcode": "3144 BA", "contact": "phone", "phone": "06 1234 5678"}


def _ask_body(poster: Poster) -> dict:
    return {"category": "groceries", "title": "Boodschappen halen", "description": "Een tas vol",
            "window_start": "2026-10-22T10:00:00+02:00", "window_end": "2026-10-22T12:00:00+02:00",
            "urgency": "normal", "address": {"street": "Geheimstraat", "house_number": "12", "postcode": "3144 BA"},
            "contact": "phone", "phone": "06 1234 5678"}


def _campaign_form(poster: Poster) -> dict:
    return {"name": "Maassluis bedankt 2026", "year": "2026", "opens_at": "2026-11-25T09:00",
            "closes_at": "2026-12-20T17:00", "redeem_until": "2027-01-15T17:00", "budget": "20,00",
            "message": "Dank je wel voor je inzet!", "everyone": "on", "action": "save"}


def _campaign_body(poster: Poster) -> dict:
    return {"municipality": "maassluis", "name": "Maassluis bedankt 2026", "year": 2026,
            "opens_at": "2026-11-25T09:00:00+01:00", "closes_at": "2026-12-20T17:00:00+01:00",
            "redeem_until": "2027-01-15T17:00:00+01:00", "budget_per_volunteer_cents": 2000,
            "message": "Dank je wel voor je inzet!", "eligibility": {"everyone": True}}


def _organisation_form(poster: Poster) -> dict:
    return {"name": "Buurthuis De Kapel", "description": "Inloop op dinsdag", "website": "https://kapel.example"}


def _organisation_body(poster: Poster) -> dict:
    return {**_organisation_form(poster), "municipality": "maassluis"}


def _asker(app, client, cli) -> Poster:
    """A volunteer with a question about a published vacancy of a verified organisation."""
    from backend.extensions import db
    from tests import factories

    poster = _person(app, client, cli)
    poster.extra["opp"] = str(factories.opportunity(db.session, factories.organisation(db.session)).id)
    db.session.commit()  # the test's savepoint: a refused request's rollback must not take the vacancy with it
    return poster


def _coordinator(app, client, cli) -> Poster:
    """A coordinator of a new (unverified) organisation, which may draft vacancies, with one of them drafted."""
    poster = _person(app, client, cli)
    r = client.post("/api/v1/organisations", token=poster.token,
                    json={"name": "Buurthuis De Kapel", "municipality": "maassluis"})
    poster.extra["org"] = r.get_json()["id"]
    token = login(client, poster.extra["email"], PASSWORD)["access_token"]
    poster.token = token  # the coordinator role came with the organisation
    poster.extra["me"] = client.get("/api/v1/me", token=token).get_json()["id"]
    r = client.post(f"/api/v1/organisations/{poster.extra['org']}/opportunities", token=token,
                    json={"title": "Koffie schenken", "category": "events", "postcode": "3144 BA"})
    assert r.status_code == 201, r.get_json()
    poster.extra["opp"] = r.get_json()["id"]
    return poster


def _vacancy_form(poster: Poster) -> dict:
    return {"title": "Jeugdtraining", "description": "Op het veld", "category": "sports", "postcode": "3144 BA",
            "commitment": "regular", "weekdays": "tue", "rule_start": "18:00", "rule_end": "20:00",
            "rule_capacity": "3", "rule_weeks": "2", "rule_starting": "2026-10-19", "action": "save",
            "place_name": "Sportpark Dijkpolder", "place_street": "Laan van Bol'es 2",
            "contact_person": poster.extra["me"], "contact_channel": "phone", "contact_phone": "06 1234 5678"}


def _vacancy_body(poster: Poster) -> dict:
    return {"title": "Jeugdtraining", "description": "Op het veld", "category": "sports", "postcode": "3144 BA",
            "commitment": "regular", "recurrence": {"weekdays": ["tue"], "start": "18:00", "end": "20:00",
                                                    "capacity": 3, "weeks": 2, "starting": "2026-10-19"},
            "place": {"name": "Sportpark Dijkpolder", "street": "Laan van Bol'es 2"},
            "contact": {"person_id": poster.extra["me"], "channel": "phone", "phone": "06 1234 5678"}}


def _volunteer_on_shift(app, client, cli) -> Poster:
    """A volunteer (with a profile) signed up for a shift of a published vacancy."""
    from tests.opportunities.helpers import organisation, shift, vacancy

    poster = _person(app, client, cli)
    assert client.put("/api/v1/me/profile", json={"postcode": "3144 BA"}, token=poster.token).status_code == 201
    poster.token = login(client, poster.extra["email"], PASSWORD)["access_token"]  # now a volunteer
    coordinator, org_id = organisation(client, cli)
    opening = shift(client, coordinator, vacancy(client, coordinator, org_id)["id"])
    r = client.post(f"/api/v1/shifts/{opening['id']}/signups", token=poster.token)
    assert r.status_code == 201, r.get_json()
    poster.extra["eng"] = r.get_json()["id"]
    return poster


def _contact_choice(client, poster: Poster):
    found = client.get(f"/api/v1/engagements/{poster.extra['eng']}", token=poster.token).get_json()
    return found["contact_channel"], found["contact_phone"]


def _shift_form(poster: Poster) -> dict:
    return {"shift_date": "2026-10-21", "shift_start": "10:00", "shift_end": "12:00", "shift_capacity": "2"}


def _shift_body(poster: Poster) -> dict:
    return {"starts_at": "2026-10-21T10:00:00+02:00", "ends_at": "2026-10-21T12:00:00+02:00", "capacity": 2}


RULE_NAMES = {"recurrence": "commitment", "recurrence.weekdays": "weekdays", "recurrence.start": "rule_start",
              "recurrence.end": "rule_end", "recurrence.capacity": "rule_capacity", "recurrence.weeks": "rule_weeks",
              "recurrence.starting": "rule_starting"}
VACANCY_NAMES = {**RULE_NAMES, "place": "place_street", "place.street": "place_street",
                 "place.latitude": "place_latitude", "place.longitude": "place_longitude",
                 "contact.person_id": "contact_person", "contact.channel": "contact_channel",
                 "contact.phone": "contact_phone"}
RULE_FIELDS = {"recurrence.weekdays", "recurrence.start", "recurrence.end", "recurrence.capacity", "recurrence.weeks",
               "recurrence.starting"}
NO_RULE = {"weekdays": None, "rule_start": None, "rule_end": None, "rule_capacity": None, "rule_weeks": None,
           "rule_starting": None}

def _volunteer(app, client, cli) -> Poster:
    poster = _person(app, client, cli)
    r = client.put("/api/v1/me/profile", json={"postcode": "3144 BA"}, token=poster.token)
    assert r.status_code == 201, r.get_json()
    return poster


def _profile(client, poster: Poster) -> dict:
    return client.get("/api/v1/me/profile", token=poster.token).get_json()


def _profile_step(step: str, form: dict, body: dict, rename: dict, bad: list) -> Twin:
    """A step of the profile's pages and the API's PATCH of the same fields."""
    return Twin(f"profile {step}", MONDAY, _volunteer, _profile, f"/mijn/profiel/{step}", lambda poster: dict(form),
                "/api/v1/me/profile", lambda poster: dict(body), rename, bad, api_method="PATCH")


def _shop(app, client, cli) -> Poster:
    """The owner of a verified shop, and a campaign of its municipality that accepts gifts."""
    staff = staff_member(client, cli)
    campaign = create_campaign(client, staff)
    merchant, owner = shop(client, cli, staff)
    browser = Browser(app, language="en")
    assert browser.login(owner.email).status_code == 303
    return Poster(browser, owner.token, {"cid": campaign["id"], "merchant": merchant["id"]})


def _gift_form(poster: Poster) -> dict:
    return {"title": "Appeltaart", "description": "Een hele taart", "value": "15,50", "stock": "10"}


def _gift_body(poster: Poster) -> dict:
    return {"merchant_id": poster.extra["merchant"], "title": "Appeltaart", "description": "Een hele taart",
            "value_cents": 1550, "stock": 10}


def _org_to_decide(app, client, cli) -> Poster:
    """Staff of Maassluis, and an organisation of Maassluis waiting for their decision."""
    poster = _staff(app, client, cli)
    applicant = _person(app, client, cli)
    r = client.post("/api/v1/organisations", json={"name": "Voedselbank Maassluis", "municipality": "maassluis"},
                    token=applicant.token)
    poster.extra["org"] = r.get_json()["id"]
    return poster


def _decision(client, poster: Poster):
    return client.get(f"/api/v1/organisations/{poster.extra['org']}").get_json()["rejected_at"]


def _neighbourhoods(client, poster: Poster) -> list:
    return client.get("/api/v1/municipalities/maassluis/neighbourhoods?limit=100").get_json()["items"]


def _staff_with_campaign(app, client, cli) -> Poster:
    """Staff of Maassluis with a campaign of theirs, whose letters a task can make."""
    poster = _staff(app, client, cli)
    r = client.post("/api/v1/campaigns", json=_campaign_body(poster), token=poster.token)
    poster.extra["campaign"] = r.get_json()["id"]
    return poster


def _shop_to_staff(app, client, cli) -> Poster:
    """Staff of Maassluis, and a shop of Maassluis to add people to."""
    poster = _staff(app, client, cli)
    r = client.post("/api/v1/merchants", json={"municipality": "maassluis", "name": "Bakkerij Het Hoofd"},
                    token=poster.token)
    poster.extra["merchant"] = r.get_json()["id"]
    return poster


def _guest(app, client, cli) -> Poster:
    """Someone without an account, who has the privacy statement's current version on the join form."""
    return Poster(Browser(app, language="en"), None, {"version": privacy_version(client)})


def _join_form(poster: Poster) -> dict:
    return {"display_name": "Anna", "email": new_email(), "password": PASSWORD, "locale": "nl", "privacy": "on",
            "privacy_version": poster.extra["version"]}


def _join_body(poster: Poster) -> dict:
    return {"display_name": "Anna", "email": new_email(), "password": PASSWORD, "locale": "nl",
            "accepted_privacy_version": poster.extra["version"]}


def _nothing_stored(client, poster: Poster) -> None:
    """A search stores nothing."""


def _old_password_works(client, poster: Poster) -> int:
    return client.post("/api/v1/auth/login", json={"email": poster.extra["email"], "password": PASSWORD}).status_code


def _reset_asked(app, client, cli) -> Poster:
    """Someone who asked for a reset link, with the token it carries."""
    poster = _person(app, client, cli)
    assert client.post("/api/v1/auth/password-reset", json={"email": poster.extra["email"]}).status_code == 202
    user_id = db.session.scalar(sa.select(User.id).where(User.email == poster.extra["email"]))
    poster.extra["token"] = db.session.scalar(sa.select(OutboxMessage.payload).where(
        OutboxMessage.user_id == user_id, OutboxMessage.template == "password_reset"))["token"]
    return poster


def _redeeming_shop(app, client, cli) -> Poster:
    """A shop's owner, and two vouchers of its gift that volunteers chose."""
    poster = _shop(app, client, cli)
    gift = offer(client, SimpleNamespace(token=poster.token), poster.extra["cid"], poster.extra["merchant"])
    poster.extra["codes"] = [claim(client, volunteer(client), poster.extra["cid"], gift["id"]).get_json()["voucher_code"]
                             for _ in range(2)]
    return poster


def _redeemed(client, poster: Poster) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(GiftClaim).where(GiftClaim.redeemed_at.is_not(None)))


def _at_the_door(app, client, cli) -> Poster:
    """A volunteer accepted for a shift that starts in ten minutes: check-in is open."""
    poster = _person(app, client, cli)
    user_id = db.session.scalar(sa.select(User.id).where(User.email == poster.extra["email"]))
    org = factories.organisation(db.session)
    opp = factories.opportunity(db.session, org)
    shift = factories.shift(db.session, opp, starts_at=MONDAY + timedelta(minutes=10))
    engagement = factories.engagement(db.session, volunteer_id=user_id, opp=opp, shift=shift)
    poster.extra.update(shift=shift.id, engagement=engagement.id, code=shift.checkin_code)
    return poster


def _engagement_status(client, poster: Poster) -> str:
    return db.session.scalar(sa.select(Engagement.status).where(Engagement.id == poster.extra["engagement"])
                             .execution_options(populate_existing=True))


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _subscription() -> dict:
    """A browser's web push subscription at a push service the server accepts, with real keys."""
    point = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return {"endpoint": f"https://fcm.googleapis.com/fcm/send/{uuid.uuid4().hex}",
            "keys": {"p256dh": _b64url(point), "auth": _b64url(os.urandom(16))}}


def _push_form(poster: Poster) -> dict:
    subscription = _subscription()
    return {"endpoint": subscription["endpoint"], **subscription["keys"]}


def _json_errors(response) -> dict[str, list[str]]:
    return response.get_json()["errors"]


# The hours entries the hours list's twin approves: the API one, the form the other (each is approved once).
HOURS_API = uuid.UUID("6f1c0a52-0000-4000-8000-00000000a001")
HOURS_WEB = uuid.UUID("6f1c0a52-0000-4000-8000-00000000b002")


def _hours_to_approve(app, client, cli) -> Poster:
    """A coordinator whose organisation has two volunteers' hours waiting, of a shift that ended on Saturday."""
    from backend.extensions import db

    poster = _coordinator(app, client, cli)
    waiting_hours(db.session, db.session.get(Opportunity, uuid.UUID(poster.extra["opp"])),
                  starts_at=MONDAY.replace(day=17), names=("Anna de Vries", "Bram de Groot"),
                  ids=(HOURS_API, HOURS_WEB))
    db.session.commit()  # to the test's savepoint
    return poster


def _searcher(app, client, cli) -> Poster:
    """Someone with a saved search (to change)."""
    poster = _person(app, client, cli)
    r = client.post("/api/v1/me/saved-searches", json={"municipality": "maassluis", "name": "Alles"},
                    token=poster.token)
    poster.extra["search"] = r.get_json()["id"]
    return poster


def _my_searches(client, poster: Poster) -> list:
    items = client.get("/api/v1/me/saved-searches", token=poster.token).get_json()["items"]
    return [(item["name"], item["frequency"], item["channel"]) for item in items]


SEARCH_NAMES = {"filters.near": "near", "filters.within_km": "afstand", "filters.weekdays": "weekdays"}


def _waiting(client, poster: Poster) -> list:
    items = client.get(f"/api/v1/organisations/{poster.extra['org']}/waiting-hours", token=poster.token)
    return [(item["id"], item["minutes"]) for item in items.get_json()["items"]]


TWINS = [
    Twin("saved search", MONDAY, _person, SavedSearch, "/mijn/zoekopdrachten/nieuw",
         lambda poster: {"near": "3144", "afstand": "5", "weekdays": "tue", "name": "Dinsdag dichtbij",
                         "frequency": "weekly", "channel": "email"},
         "/api/v1/me/saved-searches",
         lambda poster: {"municipality": "maassluis", "name": "Dinsdag dichtbij", "frequency": "weekly",
                         "channel": "email", "filters": {"near": "3144", "within_km": 5, "weekdays": ["tue"]}},
         SEARCH_NAMES,
         [({"name": ""}, {"name": MISSING}, {"name"}),
          ({"name": "n" * 81}, {"name": "n" * 81}, {"name"}),
          ({"frequency": "hourly"}, {"frequency": "hourly"}, {"frequency"}),
          ({"afstand": "7"}, {"filters.within_km": 7}, {"filters.within_km"}),
          ({"weekdays": "someday"}, {"filters.weekdays": ["someday"]}, {"filters.weekdays"}),
          ({"near": "Atlantis"}, {"filters.near": "Atlantis"}, {"filters.near"}),
          ({"near": None}, {"filters.near": MISSING}, {"filters.within_km"})]),
    Twin("changing a saved search", MONDAY, _searcher, _my_searches, "/mijn/zoekopdrachten/{search}",
         lambda poster: {"name": "Alles, elke dag", "frequency": "daily", "channel": "push"},
         "/api/v1/me/saved-searches/{search}",
         lambda poster: {"name": "Alles, elke dag", "frequency": "daily", "channel": "push"}, {},
         [({"frequency": "hourly"}, {"frequency": "hourly"}, {"frequency"}),
          ({"channel": "fax"}, {"channel": "fax"}, {"channel"}),
          ({"name": "n" * 81}, {"name": "n" * 81}, {"name"})],
         form_page="/mijn/bewaard", api_method="PATCH"),
    Twin("favourite", MONDAY, _asker, Favourite, "/mijn/bewaard",
         lambda poster: {"opportunity_id": poster.extra["opp"]}, "/api/v1/me/favourites",
         lambda poster: {"opportunity_id": poster.extra["opp"]}, {},
         [({"opportunity_id": "abc"}, {"opportunity_id": "abc"}, {"opportunity_id"}),
          ({"opportunity_id": None}, {"opportunity_id": MISSING}, {"opportunity_id"})], once=True),
    _profile_step("postcode", {"postcode": "3144 BA"}, {"postcode": "3144 BA"}, {},
                  [({"postcode": "9999 ZZ"}, {"postcode": "9999 ZZ"}, {"postcode"}),
                   ({"postcode": ""}, {"postcode": ""}, {"postcode"}),
                   ({"postcode": "3144 BA 3144 BA"}, {"postcode": "3144 BA 3144 BA"}, {"postcode"})]),
    _profile_step("radius", {"travel_radius_km": "5"}, {"travel_radius_km": 5}, {},
                  [({"travel_radius_km": "ver"}, {"travel_radius_km": "ver"}, {"travel_radius_km"}),
                   ({"travel_radius_km": "101"}, {"travel_radius_km": 101}, {"travel_radius_km"})]),
    _profile_step("skills", {"skills": ["cooking", "groceries"]},
                  {"skills": [{"code": "cooking"}, {"code": "groceries"}]}, {"skills.code": "skills"},
                  [({"skills": ["cooking", "zingen"]}, {"skills": [{"code": "cooking"}, {"code": "zingen"}]},
                    {"skills.code"}),
                   ({"skills": "k" * 41}, {"skills": [{"code": "k" * 41}]}, {"skills.code"})]),
    _profile_step("languages", {"languages": "nl"}, {"languages": ["nl"]}, {},
                  [({"languages": "xx"}, {"languages": ["xx"]}, {"languages"}),
                   ({"languages": "nlx!"}, {"languages": ["nlx!"]}, {"languages"})]),
    _profile_step("availability", {"slot_tue_evening": "on"},
                  {"availability": [{"weekday": "tue", "start": "18:00", "end": "22:00"}]},
                  {"availability_exceptions.date": "exception_date"},
                  [({"exception_date": "morgen"}, {"availability_exceptions": [{"date": "morgen"}]},
                    {"availability_exceptions.date"}),
                   ({"exception_date": "2001-01-01"}, {"availability_exceptions": [{"date": "2001-01-01"}]},
                    {"availability_exceptions.date"})]),
    _profile_step("preference", {"preference": "regular", "max_commitments_per_month": "2"},
                  {"preference": "regular", "max_commitments_per_month": 2}, {},
                  [({"preference": "soms"}, {"preference": "soms"}, {"preference"}),
                   ({"max_commitments_per_month": "101"}, {"max_commitments_per_month": 101},
                    {"max_commitments_per_month"}),
                   ({"max_commitments_per_month": "twee"}, {"max_commitments_per_month": "twee"},
                    {"max_commitments_per_month"})]),

    Twin("help request for a resident", MONDAY, _intermediary, HelpRequest,
         "/organisatie/hulpvragen/nieuw", _help_form, "/api/v1/help-requests", _help_body,
         {"window_start": "start", "window_end": "end", "address.postcode": "postcode",
          "address.house_number": "house_number", "address.street": "street", "consent.given": "consent",
          "consent.text_version": "consent", "consent.method": "consent_method"},
         [({"resident_first_name": "Henk de Vries"}, {"resident_first_name": "Henk de Vries"},
           {"resident_first_name"}),
          ({"resident_first_name": ""}, {"resident_first_name": MISSING}, {"resident_first_name"}),
          ({"consent": None}, {"consent.given": False}, {"consent.given"}),
          ({"consent_method": "telepathy"}, {"consent.method": "telepathy"}, {"consent.method"}),
          ({"consent_method": None}, {"consent.method": MISSING}, {"consent.method"}),
          ({"consent_version": "2001-01"}, {"consent.text_version": "2001-01"}, {"consent.text_version"}),
          ({"title": ""}, {"title": MISSING}, {"title"}),
          ({"title": "x" * 121}, {"title": "x" * 121}, {"title"}),
          ({"description": "   "}, {"description": MISSING}, {"description"}),
          ({"category": "gardening"}, {"category": "gardening"}, {"category"}),
          ({"urgency": "yesterday"}, {"urgency": "yesterday"}, {"urgency"}),
          ({"house_number": "twaalf"}, {"address.house_number": "twaalf"}, {"address.house_number"}),
          ({"street": ""}, {"address.street": MISSING}, {"address.street"}),
          ({"postcode": "9999 ZZ"}, {"address.postcode": "9999 ZZ"}, {"address.postcode"}),
          ({"phone": "12345"}, {"phone": "12345"}, {"phone"}),
          ({"notes": "n" * 301}, {"notes": "n" * 301}, {"notes"}),
          ({"end": "09:00"}, {"window_end": "2026-10-22T09:00:00+02:00"}, {"window_end"}),
          ({"day": "2026-10-18"}, {"window_start": "2026-10-18T10:00:00+02:00",
                                   "window_end": "2026-10-18T12:00:00+02:00"}, {"window_start"}),
          ({"start": ""}, {"window_start": MISSING}, {"window_start"})]),
    Twin("a resident asks for help", MONDAY, _resident, HelpRequest,
         "/mijn/hulpvragen/nieuw", _ask_form, "/api/v1/help-requests", _ask_body,
         {"window_start": "start", "window_end": "end", "address.postcode": "postcode",
          "address.house_number": "house_number", "address.street": "street", "flexible": "when"},
         [({"contact": "pigeon"}, {"contact": "pigeon"}, {"contact"}),
          ({"phone": ""}, {"phone": MISSING}, {"phone"}),
          ({"phone": "12345"}, {"phone": "12345"}, {"phone"}),
          ({"category": "gardening"}, {"category": "gardening"}, {"category"}),
          ({"category": ""}, {"category": MISSING}, {"category"}),
          ({"urgency": "yesterday"}, {"urgency": "yesterday"}, {"urgency"}),
          ({"title": ""}, {"title": MISSING}, {"title"}),
          ({"start": ""}, {"window_start": MISSING}, {"window_start"}),
          ({"day": "", "start": "", "end": ""}, {"window_start": MISSING, "window_end": MISSING},
           {"window_start", "window_end"}),
          ({"day": "2026-10-18"}, {"window_start": "2026-10-18T10:00:00+02:00",
                                   "window_end": "2026-10-18T12:00:00+02:00"}, {"window_start"}),
          ({"postcode": "9999 ZZ"}, {"address.postcode": "9999 ZZ"}, {"address.postcode"}),
          ({"house_number": "twaalf"}, {"address.house_number": "twaalf"}, {"address.house_number"})]),
    Twin("thank-you campaign", CAMPAIGN_DAY, _staff, Campaign,
         "/gemeente/acties/nieuw", _campaign_form, "/api/v1/campaigns", _campaign_body,
         {"budget_per_volunteer_cents": "budget", "eligibility": "everyone", "eligibility.everyone": "everyone",
          "eligibility.min_approved_hours": "min_hours", "eligibility.period_start": "period_start",
          "eligibility.period_end": "period_end", "eligibility.registered_before": "registered_before"},
         [({"budget": "1000,01"}, {"budget_per_volunteer_cents": 100_001}, {"budget_per_volunteer_cents"}),
          ({"name": ""}, {"name": MISSING}, {"name"}),
          ({"name": "n" * 121}, {"name": "n" * 121}, {"name"}),
          ({"year": "1999"}, {"year": 1999}, {"year"}),
          ({"year": "twee"}, {"year": "twee"}, {"year"}),
          ({"budget": ""}, {"budget_per_volunteer_cents": MISSING}, {"budget_per_volunteer_cents"}),
          ({"closes_at": "2026-11-24T09:00"}, {"closes_at": "2026-11-24T09:00:00+01:00"}, {"closes_at"}),
          ({"everyone": None}, {"eligibility": {}}, {"eligibility"}),
          ({"min_hours": "10"}, {"eligibility": {"everyone": True, "min_approved_hours": 10}},
           {"eligibility.everyone"}),
          ({"everyone": None, "min_hours": "0"}, {"eligibility": {"min_approved_hours": 0}},
           {"eligibility.min_approved_hours"}),
          ({"everyone": None, "min_hours": "10"}, {"eligibility": {"min_approved_hours": 10}},
           {"eligibility.period_start"}),
          ({"everyone": None, "min_hours": "10", "period_start": "2026-10-01", "period_end": "2026-09-01"},
           {"eligibility": {"min_approved_hours": 10, "period_start": "2026-10-01", "period_end": "2026-09-01"}},
           {"eligibility.period_end"}),
          ({"registered_before": "morgen"}, {"eligibility": {"everyone": True, "registered_before": "morgen"}},
           {"eligibility.registered_before"}),
          ({"message": "m" * 2001}, {"message": "m" * 2001}, {"message"}),
          ({"budget": "10000"}, {"budget_per_volunteer_cents": 1_000_000}, {"budget_per_volunteer_cents"}),
          ({"budget": "0"}, {"budget_per_volunteer_cents": 0}, {"budget_per_volunteer_cents"})]),
    Twin("organisation", MONDAY, _person, Organisation,
         "/organisatie/nieuw", _organisation_form, "/api/v1/organisations", _organisation_body, {},
         [({"website": "javascript:alert(1)"}, {"website": "javascript:alert(1)"}, {"website"}),
          ({"website": "https://" + "k" * 200 + ".example"}, {"website": "https://" + "k" * 200 + ".example"},
           {"website"}),
          ({"name": ""}, {"name": MISSING}, {"name"}),
          ({"name": "n" * 121}, {"name": "n" * 121}, {"name"}),
          ({"description": "d" * 5001}, {"description": "d" * 5001}, {"description"}),
          ({"website": "data:text/html,<script>alert(1)</script>"},
           {"website": "data:text/html,<script>alert(1)</script>"}, {"website"}),
          ({"website": "kapel.nl"}, {"website": "kapel.nl"}, {"website"})]),
    Twin("vacancy", MONDAY, _coordinator, Opportunity,
         "/organisatie/{org}/vacatures/nieuw", _vacancy_form, "/api/v1/organisations/{org}/opportunities",
         _vacancy_body, VACANCY_NAMES,
         [({"title": ""}, {"title": MISSING}, {"title"}),
          ({"title": "t" * 121}, {"title": "t" * 121}, {"title"}),
          ({"description": "d" * 5001}, {"description": "d" * 5001}, {"description"}),
          ({"category": "juggling"}, {"category": "juggling"}, {"category"}),
          ({"postcode": ""}, {"postcode": MISSING}, {"postcode"}),
          ({"postcode": "9999 ZZ"}, {"postcode": "9999 ZZ"}, {"postcode"}),
          ({"remote": "on"}, {"remote": True}, {"postcode", "place"}),
          ({"remote": "on", "postcode": None}, {"remote": True, "postcode": MISSING}, {"place"}),
          ({"place_street": "s" * 121}, {"place.street": "s" * 121}, {"place.street"}),
          ({"place_latitude": "51.9"}, {"place.latitude": 51.9}, {"place.latitude"}),
          ({"place_latitude": "91", "place_longitude": "4.2"}, {"place.latitude": 91, "place.longitude": 4.2},
           {"place.latitude"}),
          ({"place_longitude": "oost"}, {"place.longitude": "oost"}, {"place.longitude"}),
          ({"contact_person": "00000000-0000-4000-8000-000000000000"},
           {"contact.person_id": "00000000-0000-4000-8000-000000000000"}, {"contact.person_id"}),
          ({"contact_channel": "fax"}, {"contact.channel": "fax"}, {"contact.channel"}),
          ({"contact_phone": "12345"}, {"contact.phone": "12345"}, {"contact.phone"}),
          ({"contact_phone": ""}, {"contact.phone": MISSING}, {"contact.phone"}),
          ({"required_skills": "juggling"}, {"required_skills": ["juggling"]}, {"required_skills"}),
          ({"languages": "xx"}, {"languages": ["xx"]}, {"languages"}),
          ({"min_age": "101"}, {"min_age": 101}, {"min_age"}),
          ({"min_age": "oud"}, {"min_age": "oud"}, {"min_age"}),
          (NO_RULE, {"recurrence": {}}, RULE_FIELDS),
          ({"rule_end": "17:00"}, {"recurrence.end": "17:00"}, {"recurrence.end"}),
          ({"rule_start": "25:00"}, {"recurrence.start": "25:00"}, {"recurrence.start"}),
          ({"rule_capacity": "0"}, {"recurrence.capacity": 0}, {"recurrence.capacity"}),
          ({"rule_weeks": "27"}, {"recurrence.weeks": 27}, {"recurrence.weeks"}),
          ({"rule_starting": "maandag"}, {"recurrence.starting": "maandag"}, {"recurrence.starting"}),
          ({"weekdays": "someday"}, {"recurrence.weekdays": ["someday"]}, {"recurrence.weekdays"})]),
    Twin("contact channel", MONDAY, _volunteer_on_shift, _contact_choice,
         "/mijn/inzet/{eng}/contact", lambda poster: {"contact_channel": "phone", "contact_phone": "06 1234 5678"},
         "/api/v1/engagements/{eng}/contact", lambda poster: {"channel": "phone", "phone": "06 1234 5678"},
         {"channel": "contact_channel", "phone": "contact_phone"},
         [({"contact_channel": "fax"}, {"channel": "fax"}, {"channel"}),
          ({"contact_phone": "12345"}, {"phone": "12345"}, {"phone"}),
          ({"contact_phone": "6" * 21}, {"phone": "6" * 21}, {"phone"})],
         form_page="/mijn/inzet/{eng}", api_method="PUT"),
    Twin("shift", MONDAY, _coordinator, Shift,
         "/organisatie/vacatures/{opp}/diensten", _shift_form, "/api/v1/opportunities/{opp}/shifts", _shift_body,
         {"starts_at": "shift_start", "ends_at": "shift_end", "capacity": "shift_capacity"},
         [({"shift_capacity": "0"}, {"capacity": 0}, {"capacity"}),
          ({"shift_capacity": "1001"}, {"capacity": 1001}, {"capacity"}),
          ({"shift_capacity": ""}, {"capacity": MISSING}, {"capacity"}),
          ({"shift_capacity": "twee"}, {"capacity": "twee"}, {"capacity"}),
          ({"shift_end": "09:00"}, {"ends_at": "2026-10-21T09:00:00+02:00"}, {"ends_at"}),
          ({"shift_date": "2026-10-18"}, {"starts_at": "2026-10-18T10:00:00+02:00",
                                          "ends_at": "2026-10-18T12:00:00+02:00"}, {"starts_at"}),
          ({"shift_start": ""}, {"starts_at": MISSING}, {"starts_at"})],
         form_page="/organisatie/vacatures/{opp}"),
    Twin("gift", CAMPAIGN_DAY, _shop, Gift,
         "/winkel/cadeaus/{cid}/{merchant}/nieuw", _gift_form, "/api/v1/campaigns/{cid}/gifts", _gift_body,
         {"value_cents": "value"},
         [({"title": ""}, {"title": MISSING}, {"title"}),
          ({"title": "t" * 121}, {"title": "t" * 121}, {"title"}),
          ({"description": "d" * 2001}, {"description": "d" * 2001}, {"description"}),
          ({"value": "25,01"}, {"value_cents": 2501}, {"value_cents"}),
          ({"value": "0"}, {"value_cents": 0}, {"value_cents"}),
          ({"value": ""}, {"value_cents": MISSING}, {"value_cents"}),
          ({"stock": "0"}, {"stock": 0}, {"stock"}),
          ({"stock": "100001"}, {"stock": 100_001}, {"stock"}),
          ({"stock": "veel"}, {"stock": "veel"}, {"stock"})]),
    Twin("coordinator invitation", MONDAY, _coordinator, OrganisationMember,
         "/organisatie/{org}/coordinatoren", lambda poster: {"email": "collega@example.org"},
         "/api/v1/organisations/{org}/coordinators", lambda poster: {"email": "collega@example.org"}, {},
         [({"email": "geen-adres"}, {"email": "geen-adres"}, {"email"}),
          ({"email": ""}, {"email": MISSING}, {"email"}),
          ({"email": "a" * 250 + "@example.org"}, {"email": "a" * 250 + "@example.org"}, {"email"})],
         form_page="/organisatie/{org}"),
    Twin("intermediary application", MONDAY, _person, IntermediaryApplication,
         "/organisatie/hulpvragen/aanmelden",
         lambda poster: {"municipality": "maassluis", "organisation_name": "Wijkteam Noord", "job_title": "Wijkcoach",
                         "motivation": "Ouderen in de Koningshoek"},
         "/api/v1/intermediary-applications",
         lambda poster: {"municipality": "maassluis", "organisation_name": "Wijkteam Noord", "job_title": "Wijkcoach",
                         "motivation": "Ouderen in de Koningshoek"}, {},
         [({"organisation_name": ""}, {"organisation_name": MISSING}, {"organisation_name"}),
          ({"organisation_name": "o" * 121}, {"organisation_name": "o" * 121}, {"organisation_name"}),
          ({"job_title": "j" * 81}, {"job_title": "j" * 81}, {"job_title"}),
          ({"motivation": ""}, {"motivation": MISSING}, {"motivation"}),
          ({"motivation": "m" * 1001}, {"motivation": "m" * 1001}, {"motivation"})], once=True),
    Twin("turning an organisation down", MONDAY, _org_to_decide, _decision,
         "/gemeente/verificatie/organisatie/{org}/afwijzen", lambda poster: {"reason": "Geen vrijwilligerswerk"},
         "/api/v1/organisations/{org}/rejection", lambda poster: {"reason": "Geen vrijwilligerswerk"},
         {"reason": "reason-organisatie-{org}"},
         [({"reason": ""}, {"reason": MISSING}, {"reason"}),
          ({"reason": "r" * 501}, {"reason": "r" * 501}, {"reason"})],
         form_page="/gemeente/verificatie", once=True),
    Twin("neighbourhood", MONDAY, _staff, _neighbourhoods,
         "/gemeente/wijken/balkon", lambda poster: {"gemeente": "maassluis", "name": "Het Balkon", "is_focus": "on"},
         "/api/v1/municipalities/maassluis/neighbourhoods/balkon",
         lambda poster: {"name": "Het Balkon", "is_focus": True}, {"name": "name-balkon"},
         [({"name": ""}, {"name": ""}, {"name"}),
          ({"name": "n" * 121}, {"name": "n" * 121}, {"name"})],
         form_page="/gemeente/wijken", api_method="PATCH"),
    Twin("notification preferences", MONDAY, _person, lambda client, poster: client.get(
             "/api/v1/me/notification-preferences", token=poster.token).get_json(),
         "/mijn/meldingen", lambda poster: {"channel_reminders": "push", "channel_updates": "email", "quiet": "on",
                                            "quiet_start": "22:00", "quiet_end": "07:00"},
         "/api/v1/me/notification-preferences",
         lambda poster: {"channels": {"reminders": "push", "updates": "email"},
                         "quiet_hours": {"start": "22:00", "end": "07:00"}, "daily_digest": False}, {},
         [({"channel_updates": "fax"}, {"channels": {"reminders": "push", "updates": "fax"}}, {"channels.updates.value"}),
          ({"quiet_start": "25:00"}, {"quiet_hours.start": "25:00"}, {"quiet_hours.start"}),
          ({"quiet_end": ""}, {"quiet_hours.end": MISSING}, {"quiet_hours.end"})], api_method="PUT"),
    Twin("municipality staff", MONDAY, _staff, lambda client, poster: client.get(
             "/api/v1/municipalities/maassluis/staff", token=poster.token).get_json(),
         "/gemeente/rollen/medewerkers", lambda poster: {"gemeente": "maassluis", "email": poster.extra["email"]},
         "/api/v1/municipalities/maassluis/staff", lambda poster: {"email": poster.extra["email"]}, {},
         [({"email": "geen-adres"}, {"email": "geen-adres"}, {"email"}),
          ({"email": ""}, {"email": MISSING}, {"email"}),
          ({"email": "nobody@example.org"}, {"email": "nobody@example.org"}, {"email"})],
         form_page="/gemeente/rollen"),
    Twin("a question about a vacancy", MONDAY, _asker, Message,
         "/berichten/vacature/{opp}", lambda poster: {"body": "Is er parkeerplek?"},
         "/api/v1/conversations/vacancies/{opp}/messages", lambda poster: {"body": "Is er parkeerplek?"}, {},
         [({"body": ""}, {"body": MISSING}, {"body"}),
          ({"body": "   "}, {"body": "   "}, {"body"}),
          ({"body": "b" * 2001}, {"body": "b" * 2001}, {"body"})],
         form_page="/berichten"),  # the asking page leads to the thread once the API asked first
    Twin("approving hours", MONDAY, _hours_to_approve, _waiting,
         "/organisatie/{org}/uren", lambda poster: {"hours": str(HOURS_WEB), f"duration-{HOURS_WEB}": "2:00"},
         "/api/v1/organisations/{org}/waiting-hours/approval",
         lambda poster: {"hours": [str(HOURS_API)], "corrections": {str(HOURS_API): "2:00"}},
         {f"corrections.{HOURS_API}.value": f"duration-{HOURS_WEB}"},
         [({f"duration-{HOURS_WEB}": "2:75"}, {f"corrections.{HOURS_API}": "2:75"},
           {f"corrections.{HOURS_API}.value"}),
          ({f"duration-{HOURS_WEB}": "twee uur"}, {f"corrections.{HOURS_API}": "twee uur"},
           {f"corrections.{HOURS_API}.value"}),
          ({f"duration-{HOURS_WEB}": "24:01"}, {f"corrections.{HOURS_API}": "24:01"},
           {f"corrections.{HOURS_API}.value"}),
          ({f"duration-{HOURS_WEB}": "0:00"}, {f"corrections.{HOURS_API}": "0:00"},
           {f"corrections.{HOURS_API}.value"}),
          ({"hours": None}, {"hours": MISSING}, {"hours"}),
          ({"hours": "geen-id"}, {"hours": ["geen-id"]}, {"hours"})]),
    Twin("shop staff", CAMPAIGN_DAY, _shop_to_staff, MerchantStaff,
         "/gemeente/rollen/winkels/{merchant}", lambda poster: {"gemeente": "maassluis",
                                                                f"email-{poster.extra['merchant']}": poster.extra["email"]},
         "/api/v1/merchants/{merchant}/staff", lambda poster: {"email": poster.extra["email"]},
         {"email": "email-{merchant}"},
         [({"email-{merchant}": "geen-adres"}, {"email": "geen-adres"}, {"email"}),
          ({"email-{merchant}": ""}, {"email": MISSING}, {"email"}),
          ({"email-{merchant}": "nobody@example.org"}, {"email": "nobody@example.org"}, {"email"})],
         form_page="/gemeente/rollen", once=True),
    Twin("joining", MONDAY, _guest, User, "/meedoen", _join_form, "/api/v1/auth/register", _join_body,
         {"accepted_privacy_version": "privacy"},
         [({"email": "geen-adres"}, {"email": "geen-adres"}, {"email"}),
          ({"email": ""}, {"email": MISSING}, {"email"}),
          ({"display_name": ""}, {"display_name": MISSING}, {"display_name"}),
          ({"display_name": "n" * 81}, {"display_name": "n" * 81}, {"display_name"}),
          ({"password": "kort"}, {"password": "kort"}, {"password"}),
          ({"password": "p" * 129}, {"password": "p" * 129}, {"password"}),
          ({"locale": "xx"}, {"locale": "xx"}, {"locale"}),
          ({"privacy_version": "2001-01"}, {"accepted_privacy_version": "2001-01"}, {"accepted_privacy_version"})]),
    Twin("password change", MONDAY, _person, _old_password_works, "/mijn/wachtwoord",
         lambda poster: {"current_password": PASSWORD, "new_password": "een-nieuwe-lange-zin"},
         "/api/v1/auth/password", lambda poster: {"current_password": PASSWORD, "new_password": "een-nieuwe-lange-zin"},
         {}, [({"current_password": "niet-mijn-wachtwoord"}, {"current_password": "niet-mijn-wachtwoord"},
               {"current_password"}),
              ({"current_password": ""}, {"current_password": MISSING}, {"current_password"}),
              ({"new_password": "kort"}, {"new_password": "kort"}, {"new_password"}),
              ({"new_password": ""}, {"new_password": MISSING}, {"new_password"}),
              ({"new_password": "n" * 129}, {"new_password": "n" * 129}, {"new_password"})], once=True),
    Twin("forgotten password", MONDAY, _person, OutboxMessage, "/wachtwoord-vergeten",
         lambda poster: {"email": poster.extra["email"]}, "/api/v1/auth/password-reset",
         lambda poster: {"email": poster.extra["email"]}, {},
         [({"email": "geen-adres"}, {"email": "geen-adres"}, {"email"}),
          ({"email": ""}, {"email": MISSING}, {"email"}),
          ({"email": "a" * 250 + "@example.org"}, {"email": "a" * 250 + "@example.org"}, {"email"})], done=200),
    Twin("new password from the reset link", MONDAY, _reset_asked, _old_password_works, "/reset",
         lambda poster: {"token": poster.extra["token"], "new_password": "een-nieuwe-lange-zin"},
         "/api/v1/auth/password-reset/confirm",
         lambda poster: {"token": poster.extra["token"], "new_password": "een-nieuwe-lange-zin"}, {},
         [({"token": "verlopen"}, {"token": "verlopen"}, {"token"}),
          ({"token": ""}, {"token": MISSING}, {"token"}),
          ({"new_password": "kort"}, {"new_password": "kort"}, {"new_password"}),
          ({"new_password": ""}, {"new_password": MISSING}, {"new_password"})], once=True, done=200),
    Twin("voucher at the shop", CAMPAIGN_DAY, _redeeming_shop, _redeemed, "/winkel/inwisselen",
         lambda poster: {"code": poster.extra["codes"][1]}, "/api/v1/merchant/redemptions",
         lambda poster: {"code": poster.extra["codes"][0]}, {},
         [({"code": ""}, {"code": MISSING}, {"code"}),
          ({"code": "C" * 41}, {"code": "C" * 41}, {"code"})], form_page="/winkel", done=200),
    Twin("check-in at the door", MONDAY, _at_the_door, _engagement_status, "/mijn/inzet/{engagement}/inchecken",
         lambda poster: {"code": poster.extra["code"]}, "/api/v1/shifts/{shift}/checkin",
         lambda poster: {"code": poster.extra["code"]}, {},
         [({"code": "ZZZZZZ"}, {"code": "ZZZZZZ"}, {"code"}),
          ({"code": ""}, {"code": MISSING}, {"code"}),
          ({"code": "C" * 13}, {"code": "C" * 13}, {"code"})], form_page="/mijn/inzet/{engagement}", once=True),
    Twin("push on this phone", MONDAY, _person, DeviceToken, "/mijn/meldingen/deze-telefoon", _push_form,
         "/api/v1/me/devices", lambda poster: {"provider": "webpush", "platform": "web",
                                               "subscription": _subscription()},
         {"subscription.endpoint": "endpoint", "subscription.keys.p256dh": "p256dh",
          "subscription.keys.auth": "auth"},
         [({"endpoint": "https://push.evil.example/x"}, {"subscription.endpoint": "https://push.evil.example/x"},
           {"subscription.endpoint"}),
          ({"endpoint": "https://fcm.googleapis.com/" + "x" * 1000},
           {"subscription.endpoint": "https://fcm.googleapis.com/" + "x" * 1000}, {"subscription.endpoint"}),
          ({"auth": "kort"}, {"subscription.keys.auth": "kort"}, {"subscription.keys.auth"}),
          ({"p256dh": ""}, {"subscription.keys.p256dh": MISSING}, {"subscription.keys.p256dh"})],
         form_page="/mijn/meldingen", done=204, read_web=_json_errors),
    Twin("a campaign's letters made by a task", CAMPAIGN_DAY, _staff_with_campaign, Download,
         "/gemeente/acties/{campaign}/brieven.pdf", lambda poster: {"vorm": "code"},
         "/api/v1/campaigns/{campaign}/files", lambda poster: {"file": "letters_pdf", "layout": "code"},
         {"layout": "vorm"},
         [({"vorm": "poster"}, {"layout": "poster"}, {"layout"}),
          ({"vorm": "b" * 300}, {"layout": "b" * 300}, {"layout"})],
         form_page="/gemeente/acties/{campaign}/brieven"),
    Twin("logging in", MONDAY, _person, _nothing_stored, "/inloggen",
         lambda poster: {"email": poster.extra["email"], "password": PASSWORD}, "/api/v1/auth/login",
         lambda poster: {"email": poster.extra["email"], "password": PASSWORD}, {},
         [({"email": ""}, {"email": MISSING}, {"email"}),
          ({"password": ""}, {"password": MISSING}, {"password"}),
          ({"email": "a" * 250 + "@example.org"}, {"email": "a" * 250 + "@example.org"}, {"email"}),
          ({"password": "p" * 129}, {"password": "p" * 129}, {"password"})]),
    Twin("the open search", MONDAY, _guest, _nothing_stored, "/vacatures",
         lambda poster: {"near": "3144 BA", "afstand": "5", "weekdays": "tue", "day_part": "afternoon"},
         "/api/v1/opportunities/search",
         lambda poster: {"near": "3144 BA", "withinKm": 5, "weekdays": ["tue"], "dayPart": "afternoon"},
         {"withinKm": "afstand", "dayPart": "day_part"},
         [({"near": "9999 ZZ"}, {"near": "9999 ZZ"}, {"near"}),
          ({"afstand": "3"}, {"withinKm": 3}, {"withinKm"}),
          ({"near": None}, {"near": MISSING}, {"withinKm"}),  # a distance needs a place to measure from
          ({"weekdays": "someday"}, {"weekdays": ["someday"]}, {"weekdays"}),
          ({"day_part": "night"}, {"dayPart": "night"}, {"dayPart"}),
          ({"near": "n" * 61}, {"near": "n" * 61}, {"near"}),
          ({"page": "0"}, {"page": 0}, {"page"})],
         api_method="GET", web_method="GET", done=200),
]

# The summary at the top of a form page links each message to its field.
_ERROR = re.compile(r'<a class="utrecht-link" href="#([\w.-]+)">(.*?)</a>', re.S)


def _changed(body: dict, changes: dict) -> dict:
    """The body with changes by dotted path (``address.postcode``); MISSING leaves a field out."""
    body = {key: (dict(value) if isinstance(value, dict) else value) for key, value in body.items()}
    for path, value in changes.items():
        *parents, name = path.split(".")
        target = body
        for parent in parents:
            target = target[parent]
        if value is MISSING:
            target.pop(name, None)
        else:
            target[name] = value
    return body


def web_errors(response) -> dict[str, list[str]]:
    """The per-field messages of a form page, as its summary of errors lists them (each linked to its field)."""
    found: dict[str, list[str]] = {}
    for name, message in _ERROR.findall(response.get_data(as_text=True)):
        found.setdefault(name, []).append(html.unescape(message.strip()))
    return found


def _by_field(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """An item of a list (``required_skills.0``) is reported at its list, as the form shows it."""
    out: dict[str, list[str]] = {}
    for path, messages in errors.items():
        out.setdefault(".".join(p for p in path.split(".") if not p.isdigit()), []).extend(messages)
    return out


def _web(twin: Twin, poster: Poster, form: dict):
    """The form as the page takes it: posted (with the token of the page that shows it), or a search's query."""
    path = twin.web_path.format(**poster.extra)
    if twin.web_method == "GET":
        return poster.browser.get(path, query_string=form)
    return poster.browser.post(path, form, form_from=twin.form_page and twin.form_page.format(**poster.extra))


def _api(twin: Twin, client, poster: Poster, body: dict, **kwargs):
    """The body as the API takes it: JSON, or a search's query string."""
    given = {"query_string": body} if twin.api_method == "GET" else {"json": body}
    return client.open(twin.api_method, twin.api_path.format(**poster.extra), token=poster.token, **given, **kwargs)


def _state(db_session, client, twin: Twin, poster: Poster):
    if isinstance(twin.table, type):
        return db_session.scalar(sa.select(sa.func.count()).select_from(twin.table))
    return twin.table(client, poster)


CASES = [pytest.param(twin, bad, id=f"{twin.name}-{i}") for twin in TWINS for i, bad in enumerate(twin.bad)]


@pytest.mark.parametrize("twin,bad", CASES)
def test_both_surfaces_refuse_the_same_bad_input_with_the_same_messages(app, client, cli, db_session,
                                                                        time_machine, twin, bad):
    time_machine.move_to(twin.moment, tick=False)
    poster = twin.who(app, client, cli)
    form_changes, body_changes, refused = bad
    before = _state(db_session, client, twin, poster)

    form_changes = {name.format(**poster.extra): value for name, value in form_changes.items()}
    form = {name: value for name, value in {**twin.web_form(poster), **form_changes}.items() if value is not None}
    page = _web(twin, poster, form)
    assert page.status_code == 422, text(page)[:2000]
    web = (twin.read_web or web_errors)(page)
    # the API in the page's language (a person's pages speak their account's language; push.js's call the browser's)
    lang = re.search(r'<html lang="(\w+)"', page.get_data(as_text=True))
    language = lang.group(1) if lang else poster.browser.language
    answer = _api(twin, client, poster, _changed(twin.api_body(poster), body_changes),
                  headers={"Accept-Language": language})
    assert answer.status_code == 400 and answer.mimetype == "application/problem+json", answer.get_json()
    api = _by_field(answer.get_json()["errors"])
    assert set(api) == refused
    assert {name: web.get(twin.rename.get(name, name).format(**poster.extra)) for name in api} == api
    assert _state(db_session, client, twin, poster) == before


@pytest.mark.parametrize("twin", TWINS, ids=[twin.name for twin in TWINS])
def test_the_good_input_of_the_table_is_accepted_by_both(app, client, cli, db_session, time_machine, twin):
    """The table's good input is good: a refusal above comes from the bad field alone."""
    time_machine.move_to(twin.moment, tick=False)
    poster = twin.who(app, client, cli)
    before = _state(db_session, client, twin, poster)
    answer = _api(twin, client, poster, twin.api_body(poster))
    assert answer.status_code in (200, 201, 202, 204), answer.get_data(as_text=True)
    if twin.table is Campaign:  # one campaign at a time: the form's may not overlap the API's
        cancelled = client.post(f"/api/v1/campaigns/{answer.get_json()['id']}/cancellation", token=poster.token)
        assert cancelled.status_code == 200
    if twin.once:
        poster = twin.who(app, client, cli)
    page = _web(twin, poster, twin.web_form(poster))
    assert page.status_code == twin.done, text(page)[:2000]
    if isinstance(twin.table, type) and twin.table is not OrganisationMember:  # no account: nothing is stored
        assert _state(db_session, client, twin, poster) == before + 2


# --- a filter is input too: "Voor jou" (the page's query) and GET /me/recommendations load it through one schema ---

FOR_YOU_NAMES = {"kind": "soort", "withinKm": "afstand", "day": "dag", "dayPart": "dagdeel"}


@pytest.mark.parametrize("query,refused", [
    ({"withinKm": "ver"}, {"withinKm"}), ({"withinKm": "0"}, {"withinKm"}), ({"dayPart": "nacht"}, {"dayPart"}),
    ({"kind": "klus", "day": "zondag"}, {"kind", "day"})], ids=["distance", "no-distance", "part", "kind-day"])
def test_the_for_you_filter_is_refused_alike_by_the_page_and_the_api(app, client, cli, db_session, time_machine,
                                                                      query, refused):
    from urllib.parse import urlencode

    time_machine.move_to(MONDAY, tick=False)
    poster = _volunteer(app, client, cli)
    page = poster.browser.get("/voor-jou?" + urlencode({FOR_YOU_NAMES[k]: v for k, v in query.items()}))
    assert page.status_code == 422, text(page)[:2000]
    answer = client.get("/api/v1/me/recommendations?" + urlencode(query), token=poster.token,
                        headers={"Accept-Language": poster.browser.language})
    assert answer.status_code == 400 and answer.mimetype == "application/problem+json", answer.get_json()
    api = answer.get_json()["errors"]
    assert set(api) == refused
    assert {name: web_errors(page).get(FOR_YOU_NAMES[name]) for name in api} == api
    good = {"kind": "vacancy", "withinKm": "2", "day": "tue", "dayPart": "afternoon"}
    page = poster.browser.get("/voor-jou?" + urlencode({FOR_YOU_NAMES[k]: v for k, v in good.items()}))
    assert page.status_code == 200
    assert client.get("/api/v1/me/recommendations?" + urlencode(good), token=poster.token).status_code == 200
