"""Fixtures for the web pages: a browser-like client (cookies, CSRF tokens read from the forms) and the
notification tests' real SMTP server, for links that arrive by e-mail."""
from __future__ import annotations

import pytest

from tests.notifications.conftest import _smtp_server, mailbox, settings  # noqa: F401  (fixtures)
from tests.web.support import Browser


@pytest.fixture
def browser(app):
    return Browser(app)


@pytest.fixture
def other_browser(app):
    return Browser(app)
