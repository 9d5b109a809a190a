"""A provider answering 500, 429 with Retry-After, or not at all: retries with backoff, then a dead letter."""
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

from werkzeug import Response

from backend.models_base import utcnow
from tests.notifications.helpers import EXPO_PATH, add_device, message, relay, row
from tests.support import pause, register

START = datetime(2026, 6, 10, 10, 0, tzinfo=timezone.utc)  # noon in Amsterdam: no quiet hours


def _person_with_phone(client):
    person = register(client)
    add_device(client, person)
    return person


def test_500_is_retried_with_growing_backoff_until_dead(client, app, expo, db_session, settings, time_machine):
    time_machine.move_to(START, tick=False)
    settings(RELAY_MAX_ATTEMPTS=3, RELAY_BACKOFF_SECONDS=60.0)
    expo.expect_request(EXPO_PATH, method="POST").respond_with_data("oops", status=500)
    key = message(db_session, _person_with_phone(client))

    waits = []
    for attempt in (1, 2):
        relay(app)
        r = row(db_session, key)
        assert (r.status, r.attempts, r.last_error) == ("pending", attempt, "HTTP 500")
        wait = (r.next_attempt_at - utcnow()).total_seconds()
        # equal jitter: between half and all of 60 s * 2^(attempt-1)
        assert 30 * 2 ** (attempt - 1) <= wait <= 60 * 2 ** (attempt - 1)
        waits.append(wait)
        assert relay(app) == 0  # not due yet: no second request
        time_machine.move_to(r.next_attempt_at, tick=False)
    relay(app)

    r = row(db_session, key)
    assert (r.status, r.attempts) == ("dead", 3)
    assert len(expo.log) == 3
    time_machine.move_to(utcnow() + timedelta(days=2), tick=False)
    relay(app)
    assert len(expo.log) == 3  # a dead letter stays dead


def test_429_retry_after_in_seconds_is_honoured(client, app, expo, db_session, settings, time_machine):
    time_machine.move_to(START, tick=False)
    settings(RELAY_BACKOFF_SECONDS=1.0)
    expo.expect_ordered_request(EXPO_PATH, method="POST").respond_with_response(
        Response("slow down", status=429, headers={"Retry-After": "600"}))
    expo.expect_ordered_request(EXPO_PATH, method="POST").respond_with_json({"data": [{"status": "ok", "id": "1"}]})
    key = message(db_session, _person_with_phone(client))

    relay(app)
    r = row(db_session, key)
    assert r.status == "pending" and r.last_error == "HTTP 429"
    assert r.next_attempt_at == START + timedelta(seconds=600)

    time_machine.move_to(START + timedelta(seconds=599), tick=False)
    relay(app)
    assert len(expo.log) == 1
    time_machine.move_to(START + timedelta(seconds=600), tick=False)
    relay(app)
    assert row(db_session, key).status == "sent"
    assert len(expo.log) == 2


def test_429_retry_after_as_http_date_is_honoured(client, app, expo, db_session, time_machine):
    time_machine.move_to(START, tick=False)
    later = START + timedelta(hours=1)
    expo.expect_request(EXPO_PATH, method="POST").respond_with_response(
        Response("", status=429, headers={"Retry-After": format_datetime(later, usegmt=True)}))
    key = message(db_session, _person_with_phone(client))
    relay(app)
    assert row(db_session, key).next_attempt_at == later


def test_provider_that_hangs_times_out_is_retried_and_dead_lettered_without_hanging_the_relay(
        client, app, expo, db_session, settings, time_machine):
    settings(PUSH_READ_TIMEOUT=0.3, RELAY_MAX_ATTEMPTS=2, RELAY_BACKOFF_SECONDS=1.0)

    def hang(request):
        pause(1.0)  # (not time.sleep: see tests.support.pause)
        return Response('{"data": [{"status": "ok"}]}', content_type="application/json")

    expo.expect_request(EXPO_PATH, method="POST").respond_with_handler(hang)
    key = message(db_session, _person_with_phone(client))

    clock = time.monotonic()
    relay(app)
    assert time.monotonic() - clock < 0.9  # gave up after the read timeout, did not wait for the answer
    r = row(db_session, key)
    assert (r.status, r.last_error) == ("pending", "ReadTimeout")

    time_machine.move_to(r.next_attempt_at + timedelta(seconds=1), tick=False)
    relay(app)
    r = row(db_session, key)
    assert (r.status, r.attempts, r.last_error) == ("dead", 2, "ReadTimeout")


def test_unreachable_smtp_server_is_retried(client, app, db_session, settings, time_machine):
    time_machine.move_to(START, tick=False)
    settings(SMTP_HOST="127.0.0.1", SMTP_PORT=1, SMTP_TIMEOUT=1.0)  # nothing listens on port 1
    key = message(db_session, register(client))
    relay(app)
    r = row(db_session, key)
    assert r.status == "pending" and r.last_error.startswith("SMTP connect")
    assert r.next_attempt_at > START


def test_refused_recipient_is_dead_at_once(client, app, mailbox, db_session):
    key = message(db_session, register(client, email="unknown-person@example.org"))
    other = message(db_session, register(client, email="known@example.org"))
    relay(app)
    r = row(db_session, key)
    assert (r.status, r.attempts, r.last_error) == ("dead", 1, "SMTP recipient refused")
    assert row(db_session, other).status == "sent"  # the same SMTP session carried on
    assert len(mailbox.to("known@example.org")) == 1
