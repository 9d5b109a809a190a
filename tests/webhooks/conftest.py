"""Fixtures for the webhook tests: a local receiver (pytest-httpserver) that DoeMee may send to."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

HOOK_PATH = "/hooks/doemee"
# A Wednesday afternoon: nothing here depends on the hour, but the signatures' timestamps are checked by the
# receiver against its own clock (5 minutes tolerance), so the clock is pinned in every test.
START = datetime(2026, 11, 18, 13, 0, tzinfo=timezone.utc)


@pytest.fixture
def receiver(httpserver, settings):
    """pytest-httpserver as a subscriber's system; loopback endpoints allowed (WEBHOOK_ALLOW_LOOPBACK)."""
    settings(WEBHOOK_ALLOW_LOOPBACK=True)
    return httpserver


@pytest.fixture
def pinned(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine
