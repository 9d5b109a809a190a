"""The first steps of a volunteer on a phone, in a real browser: join, log in, home, log out, forgotten password,
reset through the e-mailed link. axe-core finds no WCAG 2.1 A/AA violation on any page on the way."""
import itertools
import os
import re

import pytest

from tests.browser.support import check, open_menu, log_in
from tests.notifications.helpers import relay, text_of

pytestmark = pytest.mark.browser

PASSWORD = "lange-wandeling-langs-de-waterweg"
NEW_PASSWORD = "een-nieuwe-zin-voor-de-haven"
_counter = itertools.count(1)



def test_join_log_in_out_and_reset_the_password_on_a_phone(live_server, phone, smtp):
    base_url, app = live_server
    mailbox, _port = smtp
    page = phone
    email = f"anna{next(_counter)}@example.org"

    page.goto(base_url + "/")
    assert page.get_by_role("heading", level=1).inner_text() == "Samen helpen in Maassluis"
    check(page, "01-landing")

    page.get_by_role("link", name="Meedoen").click()
    assert page.url == base_url + "/meedoen"
    check(page)
    # Sent without the privacy checkbox: the form comes back with the error, and is still accessible.
    page.get_by_label("Je naam").fill("Anna de Vries")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Kies een wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Meedoen").click()
    assert "Je kunt alleen meedoen als je akkoord gaat met de privacyverklaring." in page.inner_text("main")
    check(page, "03-register-error")
    page.get_by_label("Kies een wachtwoord").fill(PASSWORD)
    page.get_by_label("Ik heb de privacyverklaring gelezen en ga ermee akkoord").check()
    page.goto(base_url + "/meedoen")
    check(page, "02-register")
    page.get_by_label("Je naam").fill("Anna de Vries")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Kies een wachtwoord").fill(PASSWORD)
    page.get_by_label("Ik heb de privacyverklaring gelezen en ga ermee akkoord").check()
    page.get_by_role("button", name="Meedoen").click()

    assert page.url == base_url + "/mijn?welkom=1"
    assert page.get_by_role("heading", level=1).inner_text() == "Hallo Anna"
    check(page, "04-home")

    open_menu(page)

    page.get_by_role("button", name="Uitloggen").click()
    assert "Je bent uitgelogd." in page.inner_text("main")
    page.goto(base_url + "/mijn")
    assert page.url.startswith(base_url + "/inloggen")  # signed out for real

    log_in(page, base_url, email, "verkeerd-wachtwoord")
    assert "E-mailadres of wachtwoord klopt niet." in page.inner_text("main")
    check(page, "05-login-error")
    log_in(page, base_url, email, PASSWORD)
    assert page.url == base_url + "/mijn"
    open_menu(page)
    page.get_by_role("button", name="Uitloggen").click()

    page.goto(base_url + "/inloggen")
    check(page, "05-login")
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    check(page, "06-forgotten")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_role("button", name="Stuur de link").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Kijk in je e-mail"
    check(page, "07-reset-sent")

    relay(app)
    [mail] = mailbox.to(email)
    [link] = re.findall(r"https?://\S+/reset\?token=\S+", text_of(mail))
    assert link.startswith(base_url + "/reset?token=")
    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Kies een nieuw wachtwoord"
    check(page, "08-reset")
    page.get_by_label("Nieuw wachtwoord").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Nieuw wachtwoord opslaan").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Je wachtwoord is gewijzigd"
    check(page)
    page.get_by_role("link", name="Inloggen").first.click()
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    assert page.url == base_url + "/mijn"

    page.get_by_role("link", name="Wachtwoord wijzigen").click()
    check(page, "09-change-password")
    # Only the expected answers of the refused forms (422, 401); no script error.
    assert [e for e in page.console_errors if not e.startswith("Failed to load resource")] == []


def test_the_other_pages_in_english_have_no_violations_either(live_server, chromium):
    base_url, _app = live_server
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="en-GB", bypass_csp=True)
    page = context.new_page()
    page.set_extra_http_headers({"Accept-Language": "en"})
    for path, heading in [("/", "Help each other in Maassluis"), ("/meedoen", "Join DoeMee"),
                          ("/inloggen", "Log in"), ("/wachtwoord-vergeten", "Forgot your password?"),
                          ("/offline", "No internet connection"), ("/bestaat-niet", "Page not found"),
                          ("/reset?token=onbekend", "Choose a new password")]:
        page.goto(base_url + path)
        assert page.get_by_role("heading", level=1).inner_text() == heading
        check(page)
    context.close()


def test_the_app_installs_a_service_worker_and_shows_the_offline_page(live_server, chromium):
    """Without bypassing the Content Security Policy: nothing on the pages breaks it."""
    base_url, _app = live_server
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="nl-NL")
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(base_url + "/")
    scope = page.evaluate("navigator.serviceWorker.ready.then((registration) => registration.scope)")
    assert scope == base_url + "/"
    manifest = page.evaluate("fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())")
    assert manifest["display"] == "standalone"
    page.context.set_offline(True)
    try:
        page.goto(base_url + "/inloggen")
        assert page.get_by_role("heading", level=1).inner_text() == "Geen internetverbinding"
        screenshots = os.environ.get("DOEMEE_SCREENSHOTS")
        if screenshots:
            page.screenshot(path=os.path.join(screenshots, "10-offline.png"), full_page=True)
    finally:
        page.context.set_offline(False)
    page.goto(base_url + "/meedoen")
    assert errors == []  # e.g. "Refused to apply inline style ... Content Security Policy"
    context.close()


def test_the_language_switch_works_without_javascript(live_server, chromium):
    base_url, _app = live_server
    context = chromium.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.set_extra_http_headers({"Accept-Language": "nl"})
    page.goto(base_url + "/inloggen")
    page.get_by_role("button", name="English").click()
    assert page.url == base_url + "/inloggen"
    assert page.get_by_role("heading", level=1).inner_text() == "Log in"
    context.close()


def test_axe_does_find_violations_where_there_are_some(phone):
    """The checker itself works: a page without language, title or image text fails it."""
    from tests.browser.support import axe_violations

    phone.set_content("<html><body><img src='x.png'><input type='text'></body></html>")
    found = " ".join(axe_violations(phone))
    assert "image-alt" in found and "html-has-lang" in found and "label" in found


PAGES = ["/", "/meedoen", "/inloggen", "/wachtwoord-vergeten", "/reset?token=x", "/offline", "/bestaat-niet"]


def test_pages_reflow_at_200_percent_zoom_and_keep_44px_targets(live_server, chromium):
    """200% zoom on a 390 px phone leaves 195 CSS px: nothing may need sideways scrolling. Controls stay 44 px."""
    base_url, _app = live_server
    context = chromium.new_context(viewport={"width": 195, "height": 422}, device_scale_factor=2)
    page = context.new_page()
    for path in PAGES:
        page.goto(base_url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 200% zoom"
    context.close()

    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    for path in PAGES:
        page.goto(base_url + path)
        small = page.evaluate("""() => [...document.querySelectorAll(
                'button, input[type=text], input[type=email], input[type=password], .doemee-button, .doemee-nav__link')]
            .map((el) => [el.outerHTML.slice(0, 80), el.getBoundingClientRect()])
            .filter(([, box]) => box.height < 44 || box.width < 44)
            .map(([html, box]) => `${html} ${box.width}x${box.height}`)""")
        assert small == [], f"{path}: {small}"
    context.close()


def test_keyboard_focus_is_visible(live_server, chromium):
    base_url, _app = live_server
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base_url + "/inloggen")
    for _ in range(4):
        page.keyboard.press("Tab")
        outline = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
                                           return [document.activeElement.tagName, s.outlineStyle, s.outlineWidth]; }""")
        assert outline[1] != "none" and outline[2] != "0px", outline
    context.close()
