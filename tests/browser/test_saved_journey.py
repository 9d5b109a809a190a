"""A volunteer on a phone (issue 22) saves a search from the open list (logging in on the way and coming back to
it) and a vacancy from its page, and finds both under "Bewaard"; no page of the way scrolls sideways at 320 px;
axe-core finds no WCAG 2.1 A/AA violation. Screenshots 100-103."""
from datetime import timedelta

import pytest

from tests.browser.support import check, fits_320, next_tuesday_afternoon, open_menu
from tests.opportunities.helpers import organisation, shift, vacancy
from tests.support import PASSWORD, ApiClient, register

pytestmark = pytest.mark.browser


def test_a_volunteer_saves_a_search_and_a_vacancy(live_server, phone):
    base_url, app = live_server
    client = ApiClient(app)
    coordinator, org_id = organisation(client, app.test_cli_runner(), name="Buurthuis De Kapel")
    # On Thursdays: the open list's journey (test_find_journey, same server) counts what fits on Tuesdays.
    coffee = vacancy(client, coordinator, org_id, title="Voorlezen in de bibliotheek", postcode="3144 AB")
    shift(client, coordinator, coffee["id"], starts_at=next_tuesday_afternoon() + timedelta(days=2), hours=2)
    register(client, email="els.visser@example.org", display_name="Els Visser")

    page = phone
    page.goto(base_url + "/vacatures")
    page.get_by_label("In de buurt van (postcode of buurt)").fill("3144 BA")
    page.get_by_label("Afstand").select_option("5")
    page.get_by_label("Donderdag").check()
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="Bewaar deze zoekopdracht en stuur me nieuwe vacatures").click()

    assert "/inloggen" in page.url  # a visitor logs in first, and comes back
    page.get_by_label("E-mailadres").fill("els.visser@example.org")
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Zoekopdracht bewaren"
    assert "Je zoekt: 3144 BA, binnen 5 km, donderdag" in page.inner_text("main")
    assert page.get_by_label("Eén keer per week").is_checked()
    check(page, "100-save-search")
    fits_320(page)
    page.get_by_label("Naam van deze zoekopdracht").fill("Donderdag bij mij in de buurt")
    page.get_by_label("Elke dag").check()
    page.get_by_role("button", name="Zoekopdracht bewaren").click()

    assert "Je zoekopdracht is bewaard" in page.inner_text("main")
    assert "Donderdag bij mij in de buurt" in page.inner_text("main")
    check(page, "101-saved-search")
    fits_320(page)

    page.goto(f"{base_url}/vacatures/{coffee['id']}")
    page.get_by_role("button", name="Bewaren").click()
    assert page.get_by_role("button", name="Bewaard").count() == 1
    check(page, "102-vacancy-saved")
    fits_320(page)

    open_menu(page)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Bewaard").click()
    assert page.get_by_role("link", name="Voorlezen in de bibliotheek").count() == 1
    check(page, "103-saved-list")
    fits_320(page)

    page.get_by_role("button", name="Weghalen").click()
    assert "Je hebt nog geen vacatures bewaard" in page.inner_text("main")
    check(page)
