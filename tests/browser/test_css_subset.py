"""The NL Design System CSS the pages get (web/build_css.py: the rules and tokens they use) draws them exactly as the
whole vendored CSS did: a phone screenshot of each volunteer's page with the built file and one with the built file
swapped for the two full vendored files (same order) are the same pixels."""
from pathlib import Path

import pytest

from tests.browser.conftest import PHONE
from tests.browser.support import log_in
from tests.browser.test_volunteer_app import _complete_volunteer

pytestmark = pytest.mark.browser

VENDOR = Path(__file__).resolve().parents[2] / "web" / "static" / "vendor"
FULL_CSS = "\n".join((VENDOR / name).read_text(encoding="utf-8")
                     for name in ("utrecht/component-library.css", "voorbeeld/theme.css"))


def _screenshot(page, url: str, *, full_css: bool) -> bytes:
    if full_css:
        page.route("**/static/build/nl-design-system.css*",
                   lambda route: route.fulfill(status=200, content_type="text/css", body=FULL_CSS))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    shot = page.screenshot(full_page=True, animations="disabled", caret="hide")
    page.unroute("**/static/build/nl-design-system.css*")
    return shot


@pytest.fixture
def phone_without_worker(chromium):
    """A phone without the service worker: it would answer the stylesheet from its cache, past the swap."""
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True,
                                   locale="nl-NL", service_workers="block")
    yield context.new_page()
    context.close()


def test_the_pages_look_the_same_with_only_the_css_they_use(live_server, phone_without_worker):
    phone = phone_without_worker
    base_url, app = live_server
    email, _ = _complete_volunteer(app)
    for path in ("/", "/inloggen", "/meedoen"):
        assert _screenshot(phone, base_url + path, full_css=False) == _screenshot(
            phone, base_url + path, full_css=True), path
    log_in(phone, base_url, email)
    phone.wait_for_url(lambda url: "/inloggen" not in url)
    for path in ("/mijn", "/voor-jou", "/mijn/profiel", "/aanbod"):
        assert _screenshot(phone, base_url + path, full_css=False) == _screenshot(
            phone, base_url + path, full_css=True), path
