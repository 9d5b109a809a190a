"""Issue 22 on a phone (390x844) in a real browser: a new volunteer joins in counted steps (skills as grouped
checkboxes, Dutch ticked from the browser), ends with "Klaar" and sees the first matches with their reasons; then
filters "Voor jou", which asks the matcher with the filter, gets told why nothing fits and widens in one tap. Nothing
scrolls sideways at 200% text nor at 320 px; axe-core finds no violation on any page on the way.

The live server runs in real time and its database is shared by the browser tests: the vacancy is made five days
ahead at 14:00 in Maassluis, 1.3 km from the volunteer's home, a day and distance the other tests leave empty."""
import itertools
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.browser.support import check

pytestmark = pytest.mark.browser

PASSWORD = "lange-wandeling-langs-de-waterweg"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_counter = itertools.count(1)


def _vacancy(app) -> tuple[str, str]:
    """'Koffie en een praatje' five days ahead, 14:00-17:00 local, in Sluispolder Oost; its weekday code."""
    from backend.extensions import db
    from tests import factories

    local = ZoneInfo("Europe/Amsterdam")
    day = (datetime.now(local) + timedelta(days=5)).replace(hour=14, minute=0, second=0, microsecond=0)
    title = f"Koffie en een praatje {next(_counter)}"
    with app.app_context():
        org = factories.organisation(db.session, name="Huiskamer Sluispolder")
        opp = factories.opportunity(db.session, org, title=title, description="Koffie schenken en luisteren.",
                                    hood_slug="sluispolder-oost", required_skills=["cooking"])
        factories.shift(db.session, opp, starts_at=day, hours=3, capacity=4)
        db.session.commit()
    return title, DAYS[day.weekday()]


def _no_sideways_scroll(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def _join(page, base_url: str) -> None:
    page.goto(base_url + "/meedoen")
    page.get_by_label("Je naam").fill("Gerrit Bakker")
    page.get_by_label("E-mailadres").fill(f"gerrit{next(_counter)}@example.org")
    page.get_by_label("Kies een wachtwoord").fill(PASSWORD)
    page.get_by_label("Ik heb de privacyverklaring gelezen en ga ermee akkoord").check()
    page.get_by_role("button", name="Meedoen").click()
    assert page.url.startswith(base_url + "/mijn")


def test_a_new_volunteer_joins_in_steps_and_sees_the_first_matches_then_filters(live_server, phone):
    base_url, app = live_server
    title, weekday = _vacancy(app)
    page = phone
    _join(page, base_url)

    page.goto(base_url + "/mijn/profiel/postcode")
    assert page.get_by_text("Stap 1 van 6").is_visible()
    page.get_by_label("Postcode").fill("3144 BA")
    check(page, "110-join-postcode")
    page.get_by_role("button", name="Opslaan en verder").click()
    assert page.get_by_text("Stap 2 van 6").is_visible()
    page.get_by_role("button", name="Opslaan en verder").click()

    assert page.get_by_text("Stap 3 van 6").is_visible()
    practical = page.get_by_role("group", name="Praktische klussen")
    practical.get_by_label("Koken").check()
    check(page, "111-join-skills")
    _no_sideways_scroll(page, 390)
    page.get_by_role("button", name="Opslaan en verder").click()

    assert page.get_by_text("Stap 4 van 6").is_visible()
    assert page.get_by_label("Nederlands").is_checked()  # the browser asks for Dutch (nl-NL)
    check(page, "112-join-languages")
    page.get_by_role("button", name="Opslaan en verder").click()

    assert page.get_by_text("Stap 5 van 6").is_visible()
    for box in page.locator("input[name^=slot_]").all():
        box.check()
    page.get_by_role("button", name="Opslaan en verder").click()

    assert page.get_by_text("Stap 6 van 6").is_visible()
    check(page, "113-join-last-step")
    page.get_by_role("button", name="Klaar: laat zien wat bij me past").click()

    assert page.url == base_url + "/mijn/profiel/klaar"
    assert page.get_by_role("heading", level=1).inner_text() == "Klaar! Dit past bij jou"
    cards = page.locator("article.doemee-card")
    assert 1 <= cards.count() <= 3
    assert "waarom" in page.inner_text("main")
    check(page, "114-join-done")

    # "Voor jou" names the skill a card fits (the top three above depend on what other browser tests added nearby)
    page.goto(base_url + "/voor-jou")
    assert "Past bij wat je kunt: Koken" in page.inner_text("main")
    # filtered: the vacancy on that day in the afternoon
    page.get_by_label("Soort").select_option("vacancy")
    page.get_by_label("Afstand").select_option("2")
    page.get_by_label("Dag", exact=True).select_option(weekday)
    page.get_by_label("Deel van de dag").select_option("afternoon")
    page.get_by_role("button", name="Toon").click()
    assert page.get_by_role("link", name=title).is_visible()
    assert "1,3 km van huis" in page.inner_text("main")
    check(page, "115-for-you-filtered")

    # within 1 km nothing: the page says why and widens in one tap
    page.get_by_label("Afstand").select_option("1")
    page.get_by_role("button", name="Toon").click()
    main = page.inner_text("main")
    assert "Niets gevonden met deze keuze: Vacature, Binnen 1 km" in main
    assert re.search(r"Vacature: \d+\n", main) and re.search(r"Binnen 1 km: \d+\n", main), main
    check(page, "116-for-you-nothing-widen")
    page.get_by_role("link", name="Tot 2 km (").click()
    assert page.get_by_role("link", name=title).is_visible()

    # reflow: 200% text on the phone, and 320 CSS px wide (WCAG 1.4.10)
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    _no_sideways_scroll(page, 390)
    check(page, "117-for-you-200-percent")
    page.evaluate("document.documentElement.style.fontSize = ''")
    page.set_viewport_size({"width": 320, "height": 640})
    _no_sideways_scroll(page, 320)
    page.goto(base_url + "/mijn/profiel/skills")
    _no_sideways_scroll(page, 320)
    check(page, "118-join-skills-320")
