"""Ria asks for help on her phone (390x844), in a real browser: from the landing page's link she joins, fills in
the form, a volunteer (a second browser of his own) offers, Ria chooses him, he then sees her address, and Ria
closes the request with thanks. axe-core finds no WCAG 2.1 A/AA violation on any new page; screenshots for
docs/screenshots/."""
from datetime import datetime, timezone

import pytest

from tests.browser.conftest import CHROMIUM, PHONE  # noqa: F401 (the phone's size)
from tests.browser.support import check
from tests.support import ApiClient, register

pytestmark = pytest.mark.browser

PASSWORD = "lange-wandeling-langs-de-waterweg"
MONDAY = datetime(2026, 10, 19, 9, 0, tzinfo=timezone.utc)
STREET = "Verborgenlaan"


def _volunteer_phone(chromium, base_url, email):
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True,
                                   locale="nl-NL", bypass_csp=True)
    page = context.new_page()
    page.goto(base_url + "/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    return context, page


def test_ria_asks_for_help_chooses_a_volunteer_and_says_thank_you(live_server, phone, chromium, time_machine):
    time_machine.move_to(MONDAY, tick=True)
    base_url, app = live_server
    api = ApiClient(app)
    kees = register(api, display_name="Kees Verhoef", password=PASSWORD)
    assert api.put("/api/v1/me/profile", json={"postcode": "3144 BA"}, token=kees.token).status_code == 201

    ria = phone
    ria.goto(base_url + "/")
    ria.get_by_role("link", name="Vraag het hier.").click()
    assert "/inloggen" in ria.url  # first join (or log in), then the form
    ria.get_by_role("link", name="Meedoen").last.click()
    ria.get_by_label("Je naam").fill("Ria de Boer")
    ria.get_by_label("E-mailadres").fill("ria.deboer@example.org")
    ria.get_by_label("Kies een wachtwoord").fill(PASSWORD)
    ria.get_by_label("Ik wil (ook) hulp kunnen vragen").check()
    ria.get_by_label("Ik heb de privacyverklaring gelezen en ga ermee akkoord").check()
    ria.get_by_role("button", name="Meedoen").click()

    assert ria.url.startswith(base_url + "/mijn/hulpvragen/nieuw")
    assert ria.get_by_role("heading", level=1).inner_text() == "Hulp vragen"
    check(ria, "70-ask-form")
    ria.get_by_role("button", name="Hulp vragen").click()  # nothing filled in: the form comes back with help
    assert "Kijk dit even na" in ria.inner_text("main")
    check(ria, "71-ask-form-errors")
    ria.get_by_label("Boodschappen of een klein boodschapje").check()
    ria.get_by_label("In een paar woorden: wat heb je nodig?").fill("Boodschappen van de Jumbo")
    ria.get_by_label("Vertel er iets meer over").fill("Een tas met melk, brood en fruit.")
    ria.get_by_label("Op een dag en tijd die ik kies").check()
    ria.get_by_label("Dag", exact=True).fill("2026-10-22")
    ria.get_by_label("Van", exact=True).fill("10:00")
    ria.get_by_label("Tot", exact=True).fill("12:00")
    ria.get_by_label("Straat").fill(STREET)
    ria.get_by_label("Huisnummer").fill("12")
    ria.get_by_label("Postcode").fill("3144 BA")
    ria.get_by_label("In DoeMee (mijn telefoonnummer blijft geheim)").check()
    ria.get_by_role("button", name="Hulp vragen").click()
    assert "Je hulpvraag staat in DoeMee." in ria.inner_text("main")
    check(ria, "72-ask-posted")
    request_path = ria.url.split("?")[0].removeprefix(base_url)
    request_id = request_path.rsplit("/", 1)[1]

    context, helper = _volunteer_phone(chromium, base_url, kees.email)
    try:
        helper.goto(base_url + f"/hulpvragen/{request_id}")
        assert STREET not in helper.inner_text("main")
        helper.get_by_role("button", name="Ik wil helpen").click()

        ria.goto(base_url + request_path)
        assert "Kees" in ria.inner_text("main") and "Verhoef" not in ria.inner_text("main")
        check(ria, "73-ask-offers")
        ria.get_by_role("button", name="Kies Kees").click()
        assert "Je hebt je helper gekozen." in ria.inner_text("main")
        check(ria, "74-ask-chosen")

        helper.goto(base_url + f"/hulpvragen/{request_id}")
        assert f"{STREET} 12" in helper.inner_text("main")
    finally:
        context.close()

    ria.get_by_role("button", name="Ik ben geholpen: bedank Kees").click()
    assert "Dank je wel! Je hulpvraag is gesloten" in ria.inner_text("main")
    check(ria, "75-ask-thanked")
    ria.get_by_role("link", name="Mijn hulpvragen").first.click()
    assert "Boodschappen van de Jumbo" in ria.inner_text("main")
    check(ria, "76-ask-mine")
    ria.goto(base_url + "/mijn")
    assert "Voor jou" not in ria.inner_text("body")
    check(ria, "77-resident-home")
    assert [e for e in ria.console_errors if "status of 422" not in e] == []  # the form shown again
