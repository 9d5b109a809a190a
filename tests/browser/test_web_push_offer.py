"""The "reminders on this phone?" offer in a real browser: shown after a sign-up where the browser can do push
(Chromium can), accessible, and a tap ends in a clear answer. Whether headless Chromium reaches a real push
service is not up to us, so either answer ("done" or "did not work") is accepted; the subscription itself is
tested through the test client (tests/notifications/test_volunteer_push.py)."""
import uuid
from types import MappingProxyType

import pytest

from backend.config import new_vapid_keys
from tests.browser.support import check, log_in
from tests.browser.test_volunteer_app import _complete_volunteer, _shift_and_campaign

pytestmark = pytest.mark.browser


@pytest.fixture
def web_push_on(live_server, monkeypatch):
    _base_url, app = live_server
    config = {**app.extensions["doemee_config"], "VAPID_PRIVATE_KEY": new_vapid_keys()[0]}
    monkeypatch.setitem(app.extensions, "doemee_config", MappingProxyType(config))


def test_after_signing_up_the_phone_offers_reminders_and_answers_a_tap(live_server, phone, web_push_on):
    base_url, app = live_server
    page = phone
    email, volunteer_id = _complete_volunteer(app)
    title, _code = _shift_and_campaign(app, uuid.UUID(str(volunteer_id)))
    log_in(page, base_url, email)
    page.goto(base_url + "/aanbod")
    page.get_by_role("link", name=title).first.click()
    page.get_by_role("button", name="Aanmelden").first.click()
    assert "Je bent aangemeld. Bedankt!" in page.inner_text("main")

    button = page.get_by_role("button", name="Ja, herinner mij op deze telefoon")
    button.wait_for(state="visible")
    assert page.get_by_role("heading", name="Herinneringen op deze telefoon?").is_visible()
    assert button.bounding_box()["height"] >= 44
    check(page, "15b-remind-on-this-phone")

    page.context.grant_permissions(["notifications"], origin=base_url)
    button.click()
    status = page.locator("[data-push-status]")
    page.wait_for_function("document.querySelector('[data-push-status]').textContent.length > 0", timeout=20000)
    assert status.inner_text() in ("Klaar: deze telefoon herinnert je eraan. Je kunt dit aanpassen bij je meldingen.",
                                   "Dat lukte niet. Probeer het later nog eens, of krijg de herinneringen per e-mail.")
    check(page)
    # Chromium itself logs that its incognito profile (Playwright's) has no Push API; our script logs nothing.
    assert [e for e in page.console_errors
            if not e.startswith("Failed to load resource") and "does not support the Push API" not in e] == []
