"""A volunteer on a phone (issue 22) saves a search from the open list (logging in on the way and coming back to
it) and a vacancy from its page, and finds both under "Bewaard"; no page of the way scrolls sideways at 320 px;
axe-core finds no WCAG 2.1 A/AA violation. Screenshots 100-104."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.browser.support import check, open_menu
from tests.opportunities.helpers import organisation, shift, vacancy
from tests.support import PASSWORD, ApiClient, register

pytestmark = pytest.mark.browser


def _next_tuesday_afternoon() -> datetime:
    zone = ZoneInfo("Europe/Amsterdam")
    day = datetime.now(zone).date() + timedelta(days=1)
    while day.weekday() != 1:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, 14, 0, tzinfo=zone)


def _fits_320(page) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, page.url
    page.set_viewport_size({"width": 390, "height": 844})


def test_a_volunteer_saves_a_search_and_a_vacancy(live_server, phone):
    base_url, app = live_server
    client = ApiClient(app)
    coordinator, org_id = organisation(client, app.test_cli_runner(), name="Buurthuis De Kapel")
    coffee = vacancy(client, coordinator, org_id, title="Koffie en een praatje", postcode="3144 AB")
    shift(client, coordinator, coffee["id"], starts_at=_next_tuesday_afternoon(), hours=3)
    register(client, email="els.visser@example.org", display_name="Els Visser")

    page = phone
    page.goto(base_url + "/vacatures")
    page.get_by_label("In de buurt van (postcode of buurt)").fill("3144 BA")
    page.get_by_label("Afstand").select_option("5")
    page.get_by_label("Dinsdag").check()
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="Bewaar deze zoekopdracht en stuur me nieuwe vacatures").click()

    assert "/inloggen" in page.url  # a visitor logs in first, and comes back
    page.get_by_label("E-mailadres").fill("els.visser@example.org")
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Zoekopdracht bewaren"
    assert "Je zoekt: 3144 BA, binnen 5 km, dinsdag" in page.inner_text("main")
    assert page.get_by_label("Eén keer per week").is_checked()
    check(page, "100-save-search")
    _fits_320(page)
    page.get_by_label("Naam van deze zoekopdracht").fill("Dinsdag bij mij in de buurt")
    page.get_by_label("Elke dag").check()
    page.get_by_role("button", name="Zoekopdracht bewaren").click()

    assert "Je zoekopdracht is bewaard" in page.inner_text("main")
    assert "Dinsdag bij mij in de buurt" in page.inner_text("main")
    check(page, "101-saved-search")
    _fits_320(page)

    page.goto(f"{base_url}/vacatures/{coffee['id']}")
    page.get_by_role("button", name="Bewaren").click()
    assert page.get_by_role("button", name="Bewaard").count() == 1
    check(page, "102-vacancy-saved")
    _fits_320(page)

    open_menu(page)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Bewaard").click()
    assert page.get_by_role("link", name="Koffie en een praatje").count() == 1
    check(page, "103-saved-list")
    _fits_320(page)

    page.get_by_role("button", name="Weghalen").click()
    assert "Je hebt nog geen vacatures bewaard" in page.inner_text("main")
    check(page)
