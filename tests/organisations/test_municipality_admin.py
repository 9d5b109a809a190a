"""The municipality's staff pages beside the dashboard: the verification queue (organisations, intermediaries,
shops: what they submitted, approve, or turn down with a reason the applicant reads), the neighbourhoods (name and
focus flag) and the roles (staff by e-mail address, people of a shop). Staff of Vlaardingen see and change nothing
of Maassluis; every form needs its CSRF token; bad input changes nothing."""
from __future__ import annotations

import re
import uuid

import pytest
import sqlalchemy as sa

from backend.accounts.models import RoleGrant, User
from backend.campaigns.models import Merchant, MerchantStaff
from backend.organisations.models import IntermediaryApplication, Organisation
from backend.places.models import Neighbourhood
from tests.accounts.factories import staff_browser, staff_member
from tests.campaigns.helpers import shop
from tests.support import register
from tests.web_support import Browser, text

PAGES = ("/gemeente/verificatie", "/gemeente/wijken", "/gemeente/rollen")


def _organisation(client, municipality="maassluis", name="Voedselbank Maassluis", language="nl"):
    coordinator = register(client, display_name="Carla Coordinator", locale=language)
    r = client.post("/api/v1/organisations", json={
        "name": name, "description": "Pakketten voor wie het nodig heeft.", "website": "https://voedselbank.example",
        "municipality": municipality}, token=coordinator.token)
    assert r.status_code == 201, r.get_json()
    return r.get_json()["id"], coordinator


def _browser_of(app, person, language="nl"):
    browser = Browser(app, language=language)
    assert browser.login(person.email).status_code == 303
    return browser


def _hood(db_session, slug, municipality="maassluis"):
    return db_session.scalar(sa.select(Neighbourhood).join(Neighbourhood.municipality).where(
        Neighbourhood.slug == slug, Neighbourhood.municipality.has(slug=municipality)))


# --- access -----------------------------------------------------------------------------------------------------

def test_only_staff_open_the_pages_and_the_dashboard_links_them(app, client, cli):
    anonymous, plain = Browser(app), Browser(app)
    plain.register()
    for path in PAGES:
        assert anonymous.get(path).status_code == 302
        assert plain.get(path).status_code == 403
    staff = staff_browser(app, client, cli)
    html = staff.get("/gemeente").get_data(as_text=True)
    for path in PAGES:
        assert f'href="{path}?gemeente=maassluis"' in html
        r = staff.get(path)
        assert r.status_code == 200, path
        assert 'aria-current="page"' in r.get_data(as_text=True)


@pytest.mark.parametrize("language,titles", [
    ("nl", ("Verificatie", "Buurten", "Rollen")), ("en", ("Verification", "Neighbourhoods", "Roles"))])
def test_the_pages_speak_both_languages(app, client, cli, language, titles):
    staff = staff_browser(app, client, cli, language=language)
    for path, title in zip(PAGES, titles):
        r = staff.get(path)
        assert f"<h1 class=\"utrecht-heading-1\">{title}</h1>" in r.get_data(as_text=True), (path, title)


# --- verification -----------------------------------------------------------------------------------------------

def test_staff_verify_an_organisation_with_what_it_submitted(app, client, cli, db_session):
    org_id, coordinator = _organisation(client)
    staff = staff_browser(app, client, cli)
    queue = text(staff.get("/gemeente/verificatie"))
    assert "Voedselbank Maassluis" in queue and "Pakketten voor wie het nodig heeft." in queue
    assert "https://voedselbank.example" in queue
    r = staff.post(f"/gemeente/verificatie/organisatie/{org_id}/goedkeuren", {"gemeente": "maassluis"},
                   form_from="/gemeente/verificatie")
    assert r.status_code == 303
    assert "Goedgekeurd." in text(staff.get(r.headers["Location"]))
    assert client.get(f"/api/v1/organisations/{org_id}").get_json()["verified"] is True
    assert "Voedselbank Maassluis" not in text(staff.get("/gemeente/verificatie"))
    # the coordinator no longer waits
    page = text(_browser_of(app, coordinator).get("/organisatie"))
    assert "Wachten op verificatie" not in page


@pytest.mark.parametrize("language,missing,too_long,shown", [
    ("nl", "Verplicht veld ontbreekt.", "Lengte moet tussen 1 en 500 liggen.",
     "Niet geverifieerd door de gemeente: Geen vrijwilligerswerk"),
    ("en", "Missing data for required field.", "Length must be between 1 and 500.",
     "Not verified by the municipality: Geen vrijwilligerswerk")])
def test_turning_an_organisation_down_needs_a_reason_the_coordinator_reads(app, client, cli, db_session, language,
                                                                           missing, too_long, shown):
    org_id, coordinator = _organisation(client, language=language)
    staff = staff_browser(app, client, cli, language=language)
    for reason in ("", "   ", "x" * 501):
        r = staff.post(f"/gemeente/verificatie/organisatie/{org_id}/afwijzen", {"gemeente": "maassluis",
                       "reason": reason}, form_from="/gemeente/verificatie")
        assert r.status_code == 422
        assert (too_long if reason.strip() else missing) in text(r)
        assert f'href="#reason-organisatie-{org_id}"' in r.get_data(as_text=True)
        org = db_session.get(Organisation, uuid.UUID(org_id))
        db_session.refresh(org)
        assert org.rejected_at is None and org.verified_at is None
    r = staff.post(f"/gemeente/verificatie/organisatie/{org_id}/afwijzen",
                   {"gemeente": "maassluis", "reason": "Geen vrijwilligerswerk"}, form_from="/gemeente/verificatie")
    assert r.status_code == 303
    assert "Voedselbank Maassluis" not in text(staff.get("/gemeente/verificatie"))
    assert shown in text(_browser_of(app, coordinator, language).get("/organisatie"))
    # decided once: turning it down again is refused
    r = staff.post(f"/gemeente/verificatie/organisatie/{org_id}/afwijzen",
                   {"gemeente": "maassluis", "reason": "Nog eens"}, form_from="/gemeente/verificatie")
    assert r.status_code == 409


def test_an_intermediary_applies_and_is_approved(app, client, cli, db_session):
    worker = Browser(app)
    worker.register(name="Wendy Wijkteam")
    assert worker.get("/organisatie/hulpvragen").status_code == 403
    # bad input: nothing is sent
    r = worker.post("/organisatie/hulpvragen/aanmelden", {"municipality": "maassluis", "organisation_name": "",
                                                           "job_title": "Wijkcoach", "motivation": "Ouderen"})
    assert r.status_code == 422 and "Verplicht veld ontbreekt." in text(r)  # the API's messages
    r = worker.post("/organisatie/hulpvragen/aanmelden", {"municipality": "maassluis", "organisation_name": "Wijkteam",
                                                           "job_title": "Wijkcoach", "motivation": "x" * 1001})
    assert r.status_code == 422 and "Lengte moet tussen 1 en 1000 liggen." in text(r)
    assert db_session.scalar(sa.select(sa.func.count()).select_from(IntermediaryApplication)) == 0
    r = worker.post("/organisatie/hulpvragen/aanmelden", {
        "municipality": "maassluis", "organisation_name": "Wijkteam Maassluis West", "job_title": "Wijkcoach",
        "motivation": "Ouderen in de Koningshoek die boodschappen nodig hebben."})
    assert r.status_code == 303
    assert "Wachten op de gemeente." in text(worker.get("/organisatie/hulpvragen/aanmelden"))
    again = worker.post("/organisatie/hulpvragen/aanmelden", {
        "municipality": "maassluis", "organisation_name": "Wijkteam", "job_title": "Coach", "motivation": "Idem"})
    assert again.status_code == 422 and "Je hebt al een aanvraag die op de gemeente wacht." in text(again)

    staff = staff_browser(app, client, cli)
    queue = staff.get("/gemeente/verificatie")
    assert "Wendy Wijkteam" in text(queue) and "Wijkteam Maassluis West" in text(queue)
    assert "Ouderen in de Koningshoek" in text(queue)
    [application_id] = re.findall(r"/gemeente/verificatie/intermediair/([0-9a-f-]{36})/goedkeuren",
                                  queue.get_data(as_text=True))
    r = staff.post(f"/gemeente/verificatie/intermediair/{application_id}/goedkeuren", {"gemeente": "maassluis"},
                   form_from="/gemeente/verificatie")
    assert r.status_code == 303
    assert worker.get("/organisatie/hulpvragen").status_code == 200  # may post for residents now
    assert "Goedgekeurd" in text(worker.get("/organisatie/hulpvragen/aanmelden"))


def test_an_intermediary_turned_down_reads_why_in_english(app, client, cli):
    worker = Browser(app, language="en")
    worker.register(name="Willem Welzijn", locale="en")
    worker.post("/organisatie/hulpvragen/aanmelden", {"municipality": "maassluis", "organisation_name": "Welzijn",
                                                       "job_title": "Coach", "motivation": "Iedereen"})
    staff = staff_browser(app, client, cli)
    html = staff.get("/gemeente/verificatie").get_data(as_text=True)
    [application_id] = re.findall(r"/gemeente/verificatie/intermediair/([0-9a-f-]{36})/afwijzen", html)
    r = staff.post(f"/gemeente/verificatie/intermediair/{application_id}/afwijzen",
                   {"gemeente": "maassluis", "reason": "Onbekend bij het wijkteam"}, form_from="/gemeente/verificatie")
    assert r.status_code == 303
    page = text(worker.get("/organisatie/hulpvragen/aanmelden"))
    assert "Not approved. The municipality's reason: Onbekend bij het wijkteam" in page
    assert worker.get("/organisatie/hulpvragen").status_code == 403


def test_staff_verify_or_turn_down_shops(app, client, cli, db_session):
    staff = staff_browser(app, client, cli)
    bakery, baker = shop(client, cli, staff.person, verify=False)
    florist, _florist = shop(client, cli, staff.person, name="Bloemen Bep", verify=False)
    queue = text(staff.get("/gemeente/verificatie"))
    assert "Bakkerij Het Hoofd" in queue and "12345678" in queue and "Hoogstraat 1, Maassluis" in queue
    assert staff.post(f"/gemeente/verificatie/winkel/{bakery['id']}/goedkeuren", {"gemeente": "maassluis"},
                      form_from="/gemeente/verificatie").status_code == 303
    assert staff.post(f"/gemeente/verificatie/winkel/{florist['id']}/afwijzen",
                      {"gemeente": "maassluis", "reason": "Geen winkel in Maassluis"},
                      form_from="/gemeente/verificatie").status_code == 303
    assert db_session.get(Merchant, uuid.UUID(bakery["id"])).verified_at is not None
    # the shop's own people read the answer (their shops, through the API)
    shops = client.get("/api/v1/merchant/shops", token=_florist.token).get_json()["items"]
    assert shops[0]["verified"] is False and shops[0]["rejection_reason"] == "Geen winkel in Maassluis"
    assert client.get("/api/v1/merchant/shops", token=baker.token).get_json()["items"][0]["verified"] is True
    queue = text(staff.get("/gemeente/verificatie"))
    assert "Bakkerij Het Hoofd" not in queue and "Bloemen Bep" not in queue


# --- neighbourhoods ---------------------------------------------------------------------------------------------

def test_staff_rename_a_neighbourhood_and_flag_it_as_focus(app, client, cli, db_session):
    staff = staff_browser(app, client, cli)
    page = staff.get("/gemeente/wijken")
    assert "Kapelpolder" in text(page) and 'id="name-balkon"' in page.get_data(as_text=True)
    assert _hood(db_session, "balkon").is_focus is False
    r = staff.post("/gemeente/wijken/balkon", {"gemeente": "maassluis", "name": "Het Balkon", "is_focus": "on"},
                   form_from="/gemeente/wijken")
    assert r.status_code == 303
    hood = _hood(db_session, "balkon")
    db_session.refresh(hood)
    assert (hood.name, hood.is_focus) == ("Het Balkon", True)
    assert "De buurt is opgeslagen." in text(staff.get(r.headers["Location"]))
    # unticked: no longer a focus neighbourhood
    staff.post("/gemeente/wijken/balkon", {"gemeente": "maassluis", "name": "Het Balkon"}, form_from="/gemeente/wijken")
    db_session.refresh(hood)
    assert hood.is_focus is False


@pytest.mark.parametrize("name", ["", "   ", "x" * 121])
def test_a_bad_neighbourhood_name_changes_nothing(app, client, cli, db_session, name):
    staff = staff_browser(app, client, cli, language="en")
    r = staff.post("/gemeente/wijken/balkon", {"gemeente": "maassluis", "name": name, "is_focus": "on"},
                   form_from="/gemeente/wijken")
    assert r.status_code == 422 and "Length must be between 1 and 120." in text(r)  # as the API says it
    assert 'href="#name-balkon"' in r.get_data(as_text=True)
    hood = _hood(db_session, "balkon")
    db_session.refresh(hood)
    assert (hood.name, hood.is_focus) == ("Balkon", False)


# --- roles ------------------------------------------------------------------------------------------------------

def test_staff_grant_and_take_away_the_staff_role(app, client, cli, db_session):
    staff = staff_browser(app, client, cli)
    colleague = Browser(app)
    email = colleague.register(name="Cees Collega")
    assert colleague.get("/gemeente").status_code == 403
    r = staff.post("/gemeente/rollen/medewerkers", {"gemeente": "maassluis", "email": "nobody@example.org"},
                   form_from="/gemeente/rollen")
    assert r.status_code == 422 and "Geen DoeMee-account met dit e-mailadres" in text(r)
    r = staff.post("/gemeente/rollen/medewerkers", {"gemeente": "maassluis", "email": email.upper()},
                   form_from="/gemeente/rollen")
    assert r.status_code == 303
    assert colleague.get("/gemeente/verificatie").status_code == 200
    page = staff.get("/gemeente/rollen")
    assert "Cees Collega" in text(page)
    user_id = db_session.scalar(sa.select(User.id).where(User.email == email))
    # nobody takes away their own role (there is no button for it either)
    own = staff.post(f"/gemeente/rollen/medewerkers/{staff.person.id}/intrekken", {"gemeente": "maassluis"},
                     form_from="/gemeente/rollen")
    assert own.status_code == 409
    assert f"/gemeente/rollen/medewerkers/{staff.person.id}/intrekken" not in page.get_data(as_text=True)
    r = staff.post(f"/gemeente/rollen/medewerkers/{user_id}/intrekken", {"gemeente": "maassluis"},
                   form_from="/gemeente/rollen")
    assert r.status_code == 303
    assert colleague.get("/gemeente/verificatie").status_code == 403


def test_staff_tie_an_account_to_a_shop_and_untie_it(app, client, cli, db_session):
    staff = staff_browser(app, client, cli)
    bakery, owner = shop(client, cli, staff.person)
    helper = Browser(app)
    email = helper.register(name="Henk Hulp")
    assert helper.get("/winkel").status_code == 403
    page = text(staff.get("/gemeente/rollen"))
    assert "Bakkerij Het Hoofd" in page
    r = staff.post(f"/gemeente/rollen/winkels/{bakery['id']}", {"gemeente": "maassluis",
                   f"email-{bakery['id']}": email}, form_from="/gemeente/rollen")
    assert r.status_code == 303
    assert helper.get("/winkel").status_code == 200
    assert "Henk Hulp" in text(staff.get("/gemeente/rollen"))
    user_id = db_session.scalar(sa.select(User.id).where(User.email == email))
    r = staff.post(f"/gemeente/rollen/winkels/{bakery['id']}/{user_id}/intrekken", {"gemeente": "maassluis"},
                   form_from="/gemeente/rollen")
    assert r.status_code == 303
    assert helper.get("/winkel").status_code == 403
    assert db_session.scalar(sa.select(RoleGrant.id).where(RoleGrant.user_id == user_id,
                                                           RoleGrant.role == "merchant")) is None
    # a bad address changes nothing
    r = staff.post(f"/gemeente/rollen/winkels/{bakery['id']}", {"gemeente": "maassluis",
                   f"email-{bakery['id']}": "nobody@example.org"}, form_from="/gemeente/rollen")
    assert r.status_code == 422
    assert db_session.scalar(sa.select(sa.func.count()).select_from(MerchantStaff)) == 1  # the owner only


# --- tenants and CSRF -------------------------------------------------------------------------------------------

def test_staff_of_vlaardingen_see_and_change_nothing_of_maassluis(app, client, cli, db_session):
    org_id, _coordinator = _organisation(client)
    maassluis_staff = staff_member(client, cli, "maassluis")
    bakery, owner = shop(client, cli, maassluis_staff, verify=False)
    other = staff_browser(app, client, cli, "vlaardingen")
    # their own pages show only Vlaardingen
    assert "Voedselbank Maassluis" not in text(other.get("/gemeente/verificatie"))
    assert "Bakkerij Het Hoofd" not in text(other.get("/gemeente/rollen"))
    assert "Kapelpolder" not in text(other.get("/gemeente/wijken"))
    for path in PAGES:
        assert other.get(f"{path}?gemeente=maassluis").status_code == 403, path
    owner_id = db_session.scalar(sa.select(User.id).where(User.email == owner.email))
    attempts = [
        (f"/gemeente/verificatie/organisatie/{org_id}/goedkeuren", {}),
        (f"/gemeente/verificatie/organisatie/{org_id}/afwijzen", {"reason": "Nee"}),
        (f"/gemeente/verificatie/winkel/{bakery['id']}/goedkeuren", {}),
        (f"/gemeente/verificatie/winkel/{bakery['id']}/afwijzen", {"reason": "Nee"}),
        ("/gemeente/wijken/balkon", {"name": "Gekaapt", "is_focus": "on"}),
        ("/gemeente/rollen/medewerkers", {"email": other.person.email}),
        (f"/gemeente/rollen/medewerkers/{maassluis_staff.id}/intrekken", {}),
        (f"/gemeente/rollen/winkels/{bakery['id']}", {f"email-{bakery['id']}": other.person.email}),
        (f"/gemeente/rollen/winkels/{bakery['id']}/{owner_id}/intrekken", {}),
    ]
    for gemeente in ("vlaardingen", "maassluis"):
        for path, data in attempts:
            if gemeente == "vlaardingen" and path == "/gemeente/rollen/medewerkers":
                continue  # making someone staff of Vlaardingen is their right
            r = other.post(path, {"gemeente": gemeente, **data}, form_from="/gemeente/verificatie")
            assert r.status_code in (403, 404), (path, gemeente, r.status_code)
    db_session.expire_all()
    org = db_session.get(Organisation, uuid.UUID(org_id))
    merchant = db_session.get(Merchant, uuid.UUID(bakery["id"]))
    assert org.verified_at is None and org.rejected_at is None
    assert merchant.verified_at is None and merchant.rejected_at is None
    hood = _hood(db_session, "balkon")
    assert (hood.name, hood.is_focus) == ("Balkon", False)
    maassluis = db_session.scalar(sa.select(Neighbourhood.municipality_id).where(Neighbourhood.id == hood.id))
    assert db_session.scalar(sa.select(RoleGrant.id).join(User, User.id == RoleGrant.user_id).where(
        User.email == other.person.email, RoleGrant.municipality_id == maassluis)) is None
    assert db_session.scalar(sa.select(sa.func.count()).select_from(MerchantStaff)) == 1
    assert db_session.scalar(sa.select(RoleGrant.id).where(
        RoleGrant.user_id == uuid.UUID(maassluis_staff.id), RoleGrant.role == "municipality_staff")) is not None


def test_every_form_needs_its_csrf_token(app, client, cli, db_session):
    org_id, _coordinator = _organisation(client)
    staff = staff_browser(app, client, cli)
    for path, data in [(f"/gemeente/verificatie/organisatie/{org_id}/goedkeuren", {}),
                       (f"/gemeente/verificatie/organisatie/{org_id}/afwijzen", {"reason": "Nee"}),
                       ("/gemeente/wijken/balkon", {"name": "Gekaapt", "is_focus": "on"}),
                       ("/gemeente/rollen/medewerkers", {"email": "x@example.org"})]:
        r = staff.post(path, {"gemeente": "maassluis", **data}, csrf=False)
        assert r.status_code == 400, path
        r = staff.post(path, {"gemeente": "maassluis", "csrf_token": "forged", **data}, csrf=False)
        assert r.status_code == 400, path
    db_session.expire_all()
    org = db_session.get(Organisation, uuid.UUID(org_id))
    assert org.verified_at is None and org.rejected_at is None
    assert _hood(db_session, "balkon").name == "Balkon"
    for path in PAGES:
        assert 'name="csrf_token"' in staff.get(path).get_data(as_text=True)
