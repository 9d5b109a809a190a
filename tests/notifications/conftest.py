"""Fixtures for notifications: a real SMTP server (aiosmtpd), push endpoints (pytest-httpserver), settings."""
from __future__ import annotations

import email
import email.policy
import socket
import threading
from datetime import datetime, timezone
from types import MappingProxyType

import pytest
import time_machine
from aiosmtpd.controller import Controller


class Mailbox:
    """What the local SMTP server received: parsed messages with their envelope recipients."""

    def __init__(self):
        self.messages = []
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        # Addresses starting with "unknown-" do not exist here (a permanent 550, like a real server's).
        if address.startswith("unknown-"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append((envelope.rcpt_tos, parsed))
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for rcpt, m in self.messages if address in rcpt]

    def clear(self):
        self.messages.clear()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def running_smtp():
    """A real SMTP server on 127.0.0.1 that keeps what it receives, for a session fixture to ``yield from``: it
    yields (mailbox, port) and stops when the session ends (the browser tests' ``smtp`` is this one too)."""
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield mailbox, controller.port
    finally:
        controller.stop()


@pytest.fixture(scope="session")
def _smtp_server():
    yield from running_smtp()


# A Wednesday afternoon in Amsterdam (14:00 CET), outside the default quiet hours (22:00-08:00) and digest hour.
DAYTIME = datetime(2026, 11, 18, 13, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def _daytime():
    """Deliveries are tested in the afternoon: at night the default quiet hours would hold them back. Tests of
    quiet hours, digests and retries move the clock themselves (``time_machine``), on top of this."""
    with time_machine.travel(DAYTIME, tick=True):
        yield


@pytest.fixture
def settings(app, monkeypatch):
    """Change settings for one test: ``settings(SMTP_HOST=...)``. The app reads them at each use."""
    original = app.extensions["doemee_config"]

    def change(**overrides):
        unknown = set(overrides) - set(original)
        assert not unknown, unknown
        merged = {**app.extensions["doemee_config"], **overrides}
        monkeypatch.setitem(app.extensions, "doemee_config", MappingProxyType(merged))

    return change


@pytest.fixture
def mailbox(_smtp_server, settings):
    """The local SMTP server, configured as DoeMee's SMTP host, emptied for this test."""
    box, port = _smtp_server
    box.clear()
    settings(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_TIMEOUT=5.0)
    return box


@pytest.fixture
def expo(httpserver, settings):
    """pytest-httpserver as Expo's push API; tests add handlers for /--/api/v2/push/send."""
    settings(PUSH_EXPO_URL=httpserver.url_for("").rstrip("/"), PUSH_CONNECT_TIMEOUT=2.0, PUSH_READ_TIMEOUT=2.0)
    return httpserver
