"""Reflow (WCAG 1.4.10 and issue 22): on a phone, with the text at 200%, the header of a person with many roles takes
at most a quarter of the screen (the main menu folds behind "Menu", the brand "DoeMee Maassluis" stays on one line;
it took 690 of 844 px before, then 246), and the menu opens and closes
with its button; nothing scrolls sideways at 200% text on the phone, nor at 320 px wide (WCAG 1.4.10); axe-core
finds no violation either way."""
import pytest

from tests.accounts.factories import staff_member
from tests.browser.support import check, log_in, open_menu
from tests.support import ApiClient, make_role

pytestmark = pytest.mark.browser


def test_the_header_takes_at_most_a_quarter_of_a_phone_at_200_percent_text(live_server, phone):
    base_url, app = live_server
    client = ApiClient(app)
    cli = app.test_cli_runner()
    person = staff_member(client, cli)
    make_role(cli, person, "coordinator")
    page = phone
    log_in(page, base_url, person.email)
    page.goto(base_url + "/mijn")
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    height = page.evaluate("document.querySelector('.doemee-header').getBoundingClientRect().height")
    assert height <= 844 / 4, height
    brand = page.evaluate("(e => [e.getBoundingClientRect().height, parseFloat(getComputedStyle(e).fontSize)])"
                          "(document.querySelector('.doemee-brand > span'))")
    assert brand[0] < 2 * brand[1], brand  # one line
    assert page.get_by_role("link", name="Dashboard").count() == 0  # folded away
    check(page, "120-phone-header-at-200-percent-text")

    open_menu(page)
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    assert menu.get_by_role("link", name="Dashboard").is_visible()
    assert page.get_by_role("button", name="Menu").get_attribute("aria-expanded") == "true"
    check(page)
    page.get_by_role("button", name="Menu").click()
    assert page.get_by_role("navigation", name="Hoofdmenu").count() == 0 or not menu.is_visible()

    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # 200% text: nothing sideways
    page.evaluate("document.documentElement.style.fontSize = ''")
    page.set_viewport_size({"width": 320, "height": 640})  # WCAG 1.4.10: 320 CSS px
    open_menu(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
