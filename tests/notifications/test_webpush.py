"""Web push through a local push service: the relay's request carries TTL, aes128gcm and a VAPID signature; the
phone can decrypt the message; a subscription the service says is gone is removed; 503 is retried with backoff."""
from datetime import datetime, timedelta, timezone

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from werkzeug import Response

from backend.models_base import utcnow
from tests.notifications.helpers import message, relay, row
from tests.notifications.webpush_support import FakeBrowser, push_service, subscribe, unb64url  # noqa: F401
from tests.support import register

START = datetime(2026, 6, 10, 10, 0, tzinfo=timezone.utc)  # noon in Amsterdam: no quiet hours


def _pushes(push_service, browser) -> list:
    """What reached this browser's endpoint (the shared test server may still log a late request of another
    test's provider that was made to hang)."""
    return [request for request, _response in push_service.log if request.path == browser.path]


def _vapid_public_key(client):
    r = client.get("/api/v1/push/vapid-public-key")
    assert r.status_code == 200
    return r.get_json()["public_key"]


def test_the_phone_gets_the_message_encrypted_to_its_keys_and_signed_with_vapid(client, app, push_service,
                                                                                  mailbox, db_session):
    browser = FakeBrowser(push_service)
    push_service.expect_request(browser.path, method="POST").respond_with_data("", status=201)
    person = register(client, email="webpush@example.org")
    device = subscribe(client, person, browser)
    assert (device["provider"], device["platform"], device["token"]) == ("webpush", "web", browser.endpoint)
    key = message(db_session, person, template="waitlist_promoted",
                  payload={"starts_at": "2026-06-13T08:00:00+00:00", "engagement_id": "e1"})

    assert relay(app) == 1

    [request] = _pushes(push_service, browser)
    assert request.headers["TTL"] == "86400"
    assert request.headers["Content-Encoding"] == "aes128gcm"
    assert request.headers["Urgency"] == "normal"
    scheme, _, params = request.headers["Authorization"].partition(" ")
    vapid = dict(part.split("=", 1) for part in params.split(","))
    assert scheme == "vapid" and vapid["k"] == _vapid_public_key(client)
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(vapid["k"]))
    claims = jwt.decode(vapid["t"], public, algorithms=["ES256"], audience=push_service.url_for("").rstrip("/"))
    assert claims["sub"] == "mailto:noreply@doemee.invalid"
    assert 0 < claims["exp"] - utcnow().timestamp() <= 24 * 3600
    assert browser.decrypt(request.data) == {
        "title": "Je bent van de wachtlijst af",
        "body": "Er is een plek voor je vrijgekomen: zaterdag 13 juni om 10:00.",
        "url": "/mijn/inzet/e1", "tag": key}
    assert b"wachtlijst" not in request.data  # only the phone can read it
    assert row(db_session, key).status == "sent"
    assert mailbox.to("webpush@example.org") == []


def test_an_urgent_message_asks_the_push_service_to_wake_the_phone(client, app, push_service, db_session):
    browser = FakeBrowser(push_service)
    push_service.expect_request(browser.path, method="POST").respond_with_data("", status=201)
    person = register(client)
    subscribe(client, person, browser)
    message(db_session, person, template="shift_reminder", priority="urgent")

    assert relay(app) == 1

    [request] = _pushes(push_service, browser)
    assert request.headers["Urgency"] == "high"


@pytest.mark.parametrize("status", [410, 404])
def test_a_subscription_the_push_service_says_is_gone_is_removed_and_the_message_goes_by_mail(
        client, app, push_service, mailbox, db_session, status):
    browser = FakeBrowser(push_service)
    push_service.expect_request(browser.path, method="POST").respond_with_data("gone", status=status)
    person = register(client, email=f"unsubscribed{status}@example.org")
    subscribe(client, person, browser)
    key = message(db_session, person, template="waitlist_promoted")

    relay(app)

    assert client.get("/api/v1/me/devices", token=person.token).get_json()["items"] == []
    assert len(_pushes(push_service, browser)) == 1
    assert len(mailbox.to(f"unsubscribed{status}@example.org")) == 1  # rerouted at once
    assert row(db_session, key).status == "sent"


def test_503_is_retried_with_backoff_and_then_delivered(client, app, push_service, db_session, settings,
                                                         time_machine):
    time_machine.move_to(START, tick=False)
    settings(RELAY_BACKOFF_SECONDS=60.0)
    browser = FakeBrowser(push_service)
    push_service.expect_ordered_request(browser.path, method="POST").respond_with_data("busy", status=503)
    push_service.expect_ordered_request(browser.path, method="POST").respond_with_response(
        Response("slow down", status=429, headers={"Retry-After": "600"}))
    push_service.expect_ordered_request(browser.path, method="POST").respond_with_data("", status=201)
    person = register(client)
    subscribe(client, person, browser)
    key = message(db_session, person, template="waitlist_promoted")

    relay(app)
    r = row(db_session, key)
    assert (r.status, r.attempts, r.last_error) == ("pending", 1, "HTTP 503")
    assert 30 <= (r.next_attempt_at - utcnow()).total_seconds() <= 60
    assert relay(app) == 0 and len(_pushes(push_service, browser)) == 1  # not due yet

    time_machine.move_to(r.next_attempt_at, tick=False)
    relay(app)
    r = row(db_session, key)
    assert (r.status, r.attempts, r.last_error) == ("pending", 2, "HTTP 429")
    assert r.next_attempt_at == utcnow() + timedelta(seconds=600)  # the push service's Retry-After

    time_machine.move_to(r.next_attempt_at, tick=False)
    assert relay(app) == 1
    assert row(db_session, key).status == "sent" and len(_pushes(push_service, browser)) == 3
    assert len(client.get("/api/v1/me/devices", token=person.token).get_json()["items"]) == 1  # kept


def test_a_message_for_a_phone_with_expo_and_web_push_reaches_both(client, app, push_service, expo, db_session):
    from tests.notifications.helpers import EXPO_PATH, add_device, expo_messages, expo_ok

    expo.expect_request(EXPO_PATH, method="POST").respond_with_handler(expo_ok)
    browser = FakeBrowser(push_service)
    push_service.expect_request(browser.path, method="POST").respond_with_data("", status=201)
    person = register(client)
    subscribe(client, person, browser)
    add_device(client, person)
    key = message(db_session, person, template="waitlist_promoted")

    assert relay(app) == 1

    assert [m["data"]["key"] for m in expo_messages(expo)] == [key]
    assert len(_pushes(push_service, browser)) == 1


def test_without_a_vapid_key_web_push_is_a_log_line(client, app, push_service, db_session, settings, caplog):
    browser = FakeBrowser(push_service)
    person = register(client)
    subscribe(client, person, browser)
    settings(VAPID_PRIVATE_KEY=None)
    key = message(db_session, person, template="waitlist_promoted")

    with caplog.at_level("INFO", logger="doemee.relay"):
        assert relay(app) == 1

    assert _pushes(push_service, browser) == []
    assert f"message={row(db_session, key).id} channel=push" in caplog.text
    assert client.get("/api/v1/push/vapid-public-key").status_code == 404
