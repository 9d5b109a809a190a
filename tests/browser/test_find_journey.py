"""A visitor without an account on a phone (issue 22): finds a vacancy near a postcode on Tuesday afternoons, sees
how to share it, joins from it and lands back on it; no page of the way scrolls sideways at 320 px wide; axe-core
finds no WCAG 2.1 A/AA violation."""
from datetime import timedelta

import pytest

from tests.browser.support import check, fits_320, next_tuesday_afternoon
from tests.opportunities.helpers import organisation, shift, vacancy
from tests.support import PASSWORD, ApiClient

pytestmark = pytest.mark.browser


def test_a_visitor_finds_shares_and_joins_from_a_vacancy(live_server, phone):
    base_url, app = live_server
    client = ApiClient(app)
    coordinator, org_id = organisation(client, app.test_cli_runner(), name="Buurthuis De Kapel")
    coffee = vacancy(client, coordinator, org_id, title="Koffie en een praatje", postcode="3144 AB")
    shift(client, coordinator, coffee["id"], starts_at=next_tuesday_afternoon(), hours=3)
    other = vacancy(client, coordinator, org_id, title="Fietsen repareren", postcode="3146 CD")
    shift(client, coordinator, other["id"], starts_at=next_tuesday_afternoon() + timedelta(days=4, hours=-4))

    page = phone
    page.goto(base_url + "/vacatures")
    check(page, "93-open-list")
    fits_320(page)
    page.get_by_label("In de buurt van (postcode of buurt)").fill("3144 BA")
    page.get_by_label("Afstand").select_option("5")
    page.get_by_label("Dinsdag").check()
    page.get_by_label("Deel van de dag").select_option("afternoon")
    page.get_by_role("button", name="Zoeken").click()
    assert "1 gevonden" in page.inner_text("main")
    check(page)
    page.get_by_role("link", name="Koffie en een praatje").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Koffie en een praatje"
    assert page.get_by_role("link", name="Stuur via WhatsApp").count() == 1
    assert page.get_by_label("Of kopieer de link").input_value() == f"{base_url}/vacatures/{coffee['id']}"
    check(page, "94-open-vacancy")
    fits_320(page)

    page.get_by_role("link", name="Doe mee met DoeMee").click()
    page.get_by_label("Je naam").fill("Ria Bakker")
    page.get_by_label("E-mailadres").fill("ria.bakker@example.org")
    page.get_by_label("Kies een wachtwoord").fill(PASSWORD)
    page.get_by_label("Ik heb de privacyverklaring gelezen en ga ermee akkoord").check()
    page.get_by_role("button", name="Meedoen").click()
    assert page.url == f"{base_url}/aanbod/{coffee['id']}"  # back on the vacancy, now to sign up
    assert page.get_by_role("heading", level=1).inner_text() == "Koffie en een praatje"
    check(page)
