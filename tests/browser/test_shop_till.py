"""The shop's till on a phone (390x844) in a real browser: the shop types a volunteer's voucher code and reads
"valid: hand over the gift", types it again and reads "already redeemed at <time>". axe-core finds no WCAG 2.1
A/AA violation on either page.

The campaign is Vlaardingen's: the volunteer app's browser test runs Maassluis's (one per municipality at a time)
in the same live server."""
import pytest

from tests.browser.support import check
from tests.support import PASSWORD, ApiClient, volunteer

pytestmark = pytest.mark.browser


def _voucher_and_shop(app) -> tuple[str, str]:
    from tests.campaigns.helpers import claim, create_campaign, offer, shop, staff_member

    client, cli = ApiClient(app), app.test_cli_runner()
    staff = staff_member(client, cli, "vlaardingen")
    campaign = create_campaign(client, staff, municipality="vlaardingen", name="Vlaardingen bedankt")
    merchant, owner = shop(client, cli, staff, name="Bakkerij De Haven", municipality="vlaardingen")
    gift = offer(client, owner, campaign["id"], merchant["id"], title="Krentenbollen", value=1250, stock=5)
    person = volunteer(client, postcode="3131 AA")
    r = claim(client, person, campaign["id"], gift["id"])
    assert r.status_code == 201, r.get_json()
    return r.get_json()["voucher_code"], owner.email


def test_a_shop_redeems_a_typed_voucher_code_on_a_phone(live_server, phone):
    base_url, app = live_server
    page = phone
    code, email = _voucher_and_shop(app)

    page.goto(base_url + "/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.goto(base_url + "/winkel")
    assert page.get_by_role("heading", level=1).inner_text() == "Je winkel"
    check(page, "40-shop-till")

    page.get_by_label("Code van de waardebon").fill(code)
    page.get_by_role("button", name="Controleren en inwisselen").click()
    assert page.get_by_role("status").get_by_role("heading").inner_text() == "Geldig: geef het cadeau mee"
    assert "De gemeente vergoedt: €\xa012,50" in page.inner_text("main")
    check(page, "41-shop-valid")

    page.get_by_label("Code van de waardebon").fill(code)
    page.get_by_role("button", name="Controleren en inwisselen").click()
    assert page.get_by_role("alert").get_by_role("heading").inner_text().startswith("Al ingewisseld op 20")
    check(page, "42-shop-already-redeemed")
