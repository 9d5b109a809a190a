"""Real-browser tests: Playwright driving Debian's Chromium (no browser download) against the app served on
127.0.0.1 from a fresh, migrated PostgreSQL database of its own, with a real SMTP server for the e-mailed links.

Skipped, with the command to fix it, when /usr/bin/chromium is missing. Screenshots are written when
DOEMEE_SCREENSHOTS names a directory (`make screenshots` writes docs/screenshots/).
"""
from __future__ import annotations

import os
import threading

import pytest

from tests.notifications.conftest import free_port, running_smtp

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: `apt-get install chromium` to run the browser tests")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def smtp():
    yield from running_smtp()


@pytest.fixture(scope="session")
def live_server(smtp, new_database):
    """The whole app (pages and API) on a free port of 127.0.0.1, in a thread; yields (base_url, app)."""
    from werkzeug.serving import make_server

    from doemee.app import create_app
    from backend.extensions import db
    from tests.conftest import app_config

    _mailbox, smtp_port = smtp
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    app = create_app(app_config(new_database(), SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_port, SMTP_TIMEOUT=5.0,
                                PUBLIC_BASE_URL=base_url))
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base_url, app
    server.shutdown()
    thread.join(5)
    server.server_close()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _fresh_rate_limits(request):
    """Every browser test starts with the live server's throttles empty, as a test on the test client does: the
    tests share one server and one client address (127.0.0.1), and together they register and log in more people
    in a minute than the throttles let one address do. The throttles themselves are tested in tests/http."""
    if "live_server" in request.fixturenames:
        from backend.extensions import limiter

        _base_url, app = request.getfixturevalue("live_server")
        with app.app_context():
            limiter.reset()
    yield


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def phone(chromium):
    """A fresh phone-sized browser context (its own cookies); CSP bypassed only so that axe can be injected."""
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True,
                                   locale="nl-NL", bypass_csp=True)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture
def desktop(chromium):
    """A fresh desktop-sized browser context (1280x800), for the staff's and the organisations' pages."""
    context = chromium.new_context(viewport=DESKTOP, device_scale_factor=1, locale="nl-NL", bypass_csp=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.console_errors = errors
    yield page
    context.close()
