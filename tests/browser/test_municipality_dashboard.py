"""The municipality's dashboard in a real browser: staff of Maassluis open /gemeente, choose a neighbourhood, and
axe-core finds no WCAG 2.1 A/AA violation (tables, the charts hidden from screen readers, the period form)."""
import pytest

from tests.browser.support import check
from tests.support import PASSWORD, ApiClient, volunteer

pytestmark = pytest.mark.browser


def test_staff_read_the_dashboard(live_server, phone):
    from tests.campaigns.helpers import staff_member

    base_url, app = live_server
    client = ApiClient(app)
    staff = staff_member(client, app.test_cli_runner())
    for _ in range(6):
        volunteer(client, postcode="3144 BA")
    page = phone
    page.goto(base_url + "/inloggen")
    page.get_by_label("E-mailadres").fill(staff.email)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.goto(base_url + "/gemeente")
    assert page.get_by_role("heading", level=1).inner_text() == "Dashboard van de gemeente"
    check(page, "43-municipality-dashboard")

    # two levels: a wijk first (the buurten follow it, without JavaScript), then one of its buurten
    assert page.get_by_label("Buurt in", exact=False).count() == 0
    page.get_by_label("Wijk", exact=True).select_option("Kapelpolder")
    page.get_by_role("button", name="Toon").click()
    assert "wijk=Kapelpolder" in page.url
    funnel = page.get_by_role("table", name="Van aanmelding tot actieve vrijwilliger")
    assert funnel.get_by_role("row", name="Wijk Kapelpolder").count() == 1
    assert funnel.get_by_role("row", name="Vogelbuurt").count() == 0
    assert funnel.get_by_role("row", name="Koningshoek").inner_text().split()[-1] == "0"  # 0 shows as 0
    check(page, "130-dashboard-one-wijk")

    buurt = page.get_by_label("Buurt in Kapelpolder")
    assert buurt.locator("option").all_inner_texts() == [
        "Alle buurten van deze wijk", "Balkon", "Componistenbuurt", "Kapelpolder", "Koningshoek"]
    buurt.select_option("balkon")
    page.get_by_role("button", name="Toon").click()
    assert "buurt=balkon" in page.url
    assert funnel.get_by_role("row", name="Balkon").count() == 1
    assert funnel.get_by_role("row", name="Koningshoek").count() == 0
    check(page, "131-dashboard-one-buurt")
