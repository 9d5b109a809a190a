"""A coordinator's week at a desktop (1280x800), in a real browser: register the organisation, wait for the
municipality, draft a regular vacancy with a weekly rule (its dates previewed), publish it, see a volunteer sign up,
invite a candidate, show the check-in code at the door, approve the hours. The volunteers act through the API (their
phones). axe-core finds no WCAG 2.1 A/AA violation on any page on the way; screenshots for docs/screenshots/."""
import re
from datetime import datetime, timezone

import pytest

from tests.browser.support import check
from tests.support import ApiClient, login, make_role, register, volunteer

pytestmark = pytest.mark.browser

PASSWORD = "lange-wandeling-langs-de-waterweg"
# Monday 19 October 2026, 11:00 in Maassluis; the week summer time ends.
MONDAY = datetime(2026, 10, 19, 9, 0, tzinfo=timezone.utc)


def _join(page, base_url, email):
    page.goto(base_url + "/meedoen")
    page.get_by_label("Je naam").fill("Carla Jansen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Kies een wachtwoord").fill(PASSWORD)
    page.get_by_label("Ik heb de privacyverklaring gelezen en ga ermee akkoord").check()
    page.get_by_role("button", name="Meedoen").click()


def test_a_coordinator_fills_a_weekly_shift_and_approves_the_hours(live_server, desktop, time_machine):
    time_machine.move_to(MONDAY, tick=True)
    base_url, app = live_server
    api = ApiClient(app)
    page = desktop

    _join(page, base_url, "carla.coordinator@example.org")
    page.goto(base_url + "/organisatie")
    check(page, "20-org-none")
    page.get_by_role("link", name="Een nieuwe organisatie aanmelden").click()
    page.get_by_label("Naam van de organisatie").fill("Voedselbank Maassluis")
    page.get_by_label("Wat doet je organisatie?").fill("Pakketten voor wie het nodig heeft.")
    check(page, "21-org-register")
    page.get_by_role("button", name="Aanmelden").click()
    assert "Wachten op verificatie door de gemeente" in page.inner_text("main")
    check(page, "22-org-waiting")
    org_id = re.search(r"/organisatie/([0-9a-f-]{36})", page.url).group(1)

    # the municipality verifies the organisation (its own portal; here the API)
    staff = register(api)
    make_role(app.test_cli_runner(), staff, "municipality_staff", "maassluis")
    token = login(api, staff.email, staff.password)["access_token"]
    assert api.put(f"/api/v1/organisations/{org_id}/verification", token=token).status_code == 200

    page.goto(base_url + f"/organisatie/{org_id}")
    page.get_by_role("link", name="Nieuwe vacature").first.click()
    page.get_by_label("Titel").fill("Pakketten uitdelen")
    page.get_by_label("Omschrijving").fill("Op woensdag delen we pakketten uit.")
    page.get_by_label("Categorie").select_option("groceries")
    page.get_by_label("Boodschappen doen").first.check()
    page.get_by_label("Postcode van de plek").fill("3144 BA")
    page.get_by_label("Vast: elke week, met een weekrooster").check()
    page.get_by_label("woensdag").check()
    page.get_by_label("Van", exact=True).fill("10:00")
    page.get_by_label("Tot", exact=True).fill("12:00")
    page.get_by_label("Plaatsen per dienst").fill("2")
    page.get_by_label("Weken vooruit").fill("2")
    page.get_by_label("Eerste dag").fill("2026-10-19")
    page.get_by_role("button", name="Data tonen").click()
    preview = page.inner_text("main")
    assert "Diensten die deze planning maakt: 2" in preview
    assert "wo 21 okt 2026, 10:00-12:00" in preview and "wo 28 okt 2026, 10:00-12:00" in preview
    check(page, "23-org-vacancy-preview")
    page.get_by_role("button", name="Opslaan").click()
    assert "De vacature is als concept opgeslagen." in page.inner_text("main")
    page.get_by_role("button", name="Publiceren").click()
    assert "De vacature is gepubliceerd." in page.inner_text("main")
    check(page, "24-org-vacancy")
    shift_link = page.get_by_role("link", name=re.compile("wo 21 okt 2026"))
    shift_id = shift_link.get_attribute("href").rsplit("/", 1)[1]

    # a volunteer signs up on their phone; another one fits well and is a candidate
    bram = volunteer(api)
    assert api.post(f"/api/v1/shifts/{shift_id}/signups", token=bram.token).status_code == 201
    anna = volunteer(api, skills=[{"code": "groceries", "level": 2}],
                     availability=[{"weekday": "wed", "start": "09:00", "end": "13:00"}])
    shift_link.click()
    roster = page.inner_text("main")
    assert "Geaccepteerd" in roster and "1 van 2 plaatsen bezet" in roster
    check(page, "25-org-shift-candidates")
    page.get_by_role("button", name="Uitnodigen Anna").click()
    assert "Uitgenodigd" in page.inner_text("main")
    assert api.get("/api/v1/me/engagements", token=anna.token).get_json()["items"][0]["status"] == "invited"

    # at the door, Wednesday 09:55: the code full screen; Bram checks in with it
    time_machine.move_to(datetime(2026, 10, 21, 7, 55, tzinfo=timezone.utc), tick=True)
    page.get_by_role("link", name="Incheckcode tonen").click()
    code = page.locator(".doemee-door__code").inner_text().strip()
    assert re.fullmatch(r"[2-9A-Z]{6}", code)
    check(page, "26-org-checkin-code")
    bram_token = login(api, bram.email)["access_token"]  # two days on: a fresh token
    r = api.post(f"/api/v1/shifts/{shift_id}/checkin", json={"code": code}, token=bram_token)
    assert r.status_code == 200 and r.get_json()["status"] == "checked_in"

    # after the shift: approve the hours, with the minutes corrected
    time_machine.move_to(datetime(2026, 10, 21, 10, 30, tzinfo=timezone.utc), tick=True)
    page.goto(base_url + f"/organisatie/diensten/{shift_id}")
    assert "Ingecheckt" in page.inner_text("main")
    minutes = page.get_by_label(re.compile("^Minuten "))
    assert minutes.input_value() == "120"
    minutes.fill("110")
    check(page, "27-org-hours")
    page.get_by_role("button", name="Aangevinkte uren goedkeuren").click()
    assert "De uren zijn goedgekeurd." in page.inner_text("main")
    check(page)
    page.goto(base_url + f"/organisatie/{org_id}")
    check(page, "28-org-dashboard")
    assert page.console_errors == []


def test_a_neighbourhood_team_posts_for_a_resident_and_the_accepted_volunteer_gets_the_address(
        live_server, desktop, time_machine):
    from types import SimpleNamespace

    time_machine.move_to(MONDAY, tick=True)
    base_url, app = live_server
    api = ApiClient(app)
    page = desktop
    email = "wijkteam.noord@example.org"
    _join(page, base_url, email)
    make_role(app.test_cli_runner(), SimpleNamespace(email=email), "intermediary", "maassluis")

    page.goto(base_url + "/organisatie/hulpvragen")
    check(page, "29-help-none")
    page.get_by_role("link", name="Een hulpvraag plaatsen voor een bewoner").click()
    page.get_by_label("Voornaam van de bewoner").fill("Henk")
    page.get_by_label("Wat is er nodig, in een paar woorden").fill("Boodschappen halen")
    page.get_by_label("Omschrijving").fill("Brood, melk en fruit bij de supermarkt om de hoek.")
    page.get_by_label("Datum").fill("2026-10-22")
    page.get_by_label("Van", exact=True).fill("10:00")
    page.get_by_label("Tot", exact=True).fill("12:00")
    page.get_by_label("Straat").fill("Geheimstraat")
    page.get_by_label("Huisnummer").fill("12")
    page.get_by_label("Postcode", exact=True).fill("3144 BA")
    page.get_by_label("Mondeling", exact=True).check()
    page.get_by_label(re.compile("^De bewoner gaat ermee akkoord")).check()
    check(page, "30-help-post")
    page.get_by_role("button", name="Hulpvraag plaatsen").click()
    assert "De hulpvraag staat online." in page.inner_text("main")
    request_id = re.search(r"/hulpvragen/([0-9a-f-]{36})", page.url).group(1)

    anna = volunteer(api)
    assert api.post(f"/api/v1/help-requests/{request_id}/offers", token=anna.token).status_code == 201
    assert api.get(f"/api/v1/help-requests/{request_id}/address", token=anna.token).status_code == 404
    page.reload()
    check(page, "31-help-offers")
    page.get_by_role("button", name=re.compile("accepteren voor de bewoner")).click()
    assert "De vrijwilliger ziet nu het adres." in page.inner_text("main")
    check(page)
    address = api.get(f"/api/v1/help-requests/{request_id}/address", token=anna.token)
    assert address.status_code == 200 and address.get_json()["house_number"] == "12"
    page.goto(base_url + "/organisatie/hulpvragen")
    assert "Boodschappen halen" in page.inner_text("main")
    check(page, "32-help-list")
    assert page.console_errors == []
