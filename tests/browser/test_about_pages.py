"""A visitor without an account follows the footer's links on a phone: contact, privacy and the accessibility
statement; axe-core finds no WCAG 2.1 A/AA violation on any of them."""
import pytest

from tests.browser.support import check

pytestmark = pytest.mark.browser


def test_a_visitor_finds_the_accessibility_statement_from_the_footer(live_server, phone):
    base_url, _app = live_server
    page = phone
    page.goto(base_url + "/")
    check(page, "01-landing")
    footer = page.get_by_role("navigation", name="Over DoeMee")
    footer.get_by_role("link", name="Toegankelijkheidsverklaring").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Toegankelijkheidsverklaring"
    check(page, "90-accessibility-statement")
    page.get_by_role("link", name="Zo bereik je ons").click()
    assert page.get_by_role("link", name="14 010").get_attribute("href") == "tel:14010"
    check(page, "91-contact")
    page.get_by_role("navigation", name="Over DoeMee").get_by_role("link", name="Privacyverklaring").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Privacyverklaring"
    check(page, "92-privacy")
