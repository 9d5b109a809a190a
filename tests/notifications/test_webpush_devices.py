"""Registering a browser's web push subscription through the API: what is accepted, and precise errors (per
field, in the reader's language) for everything else, which change nothing."""
import base64

import pytest

from backend.config import vapid_public_key
from tests.notifications.webpush_support import FakeBrowser, b64url, push_service, subscribe  # noqa: F401
from tests.support import register


def _post(client, person, body, **headers):
    return client.post("/api/v1/me/devices", json=body, token=person.token, headers=headers)


def _body(browser, **changes):
    subscription = browser.subscription()
    keys = {**subscription["keys"], **changes.pop("keys", {})}
    return {"provider": "webpush", "platform": "web", "subscription": {**subscription, "keys": keys, **changes}}


def _devices(client, person):
    return client.get("/api/v1/me/devices", token=person.token).get_json()["items"]


def test_a_subscription_is_registered_refreshed_moved_and_removed(client, app, push_service):
    browser = FakeBrowser(push_service)
    anna, bram = register(client), register(client)
    first = subscribe(client, anna, browser)
    again = subscribe(client, anna, browser)
    assert first["id"] == again["id"] and [d["token"] for d in _devices(client, anna)] == [browser.endpoint]

    subscribe(client, bram, browser)  # someone else logged in in this browser: the pushes are theirs now
    assert _devices(client, anna) == [] and len(_devices(client, bram)) == 1

    r = client.delete("/api/v1/me/devices", json={"token": browser.endpoint}, token=bram.token)
    assert r.status_code == 204 and _devices(client, bram) == []


NOT_A_POINT = b64url(b"\x04" + b"\x01" * 64)


@pytest.mark.parametrize("change, field, text", [
    ({"endpoint": "http://fcm.googleapis.com/fcm/send/abc"}, "subscription.endpoint",
     "The endpoint must be an https:// address."),
    ({"endpoint": "https://evil.example/push"}, "subscription.endpoint",
     "This is not the address of a push service we deliver to."),
    ({"endpoint": "https://localhost.evil.example/push"}, "subscription.endpoint",
     "This is not the address of a push service we deliver to."),
    ({"endpoint": "https://user:pw@localhost/push"}, "subscription.endpoint",
     "This is not the address of a push service we deliver to."),
    ({"endpoint": "https://localhost:notaport/push"}, "subscription.endpoint",
     "This is not the address of a push service we deliver to."),
    ({"keys": {"p256dh": b64url(b"\x04" + b"\x01" * 10)}}, "subscription.keys.p256dh",
     "This is not a P-256 public key (65 bytes, base64url)."),
    ({"keys": {"p256dh": NOT_A_POINT}}, "subscription.keys.p256dh",
     "This is not a P-256 public key (65 bytes, base64url)."),
    ({"keys": {"auth": b64url(b"x" * 15)}}, "subscription.keys.auth",
     "This is not a 16-byte authentication secret (base64url)."),
    ({"keys": {"auth": "%%%"}}, "subscription.keys.auth",
     "This is not a 16-byte authentication secret (base64url)."),
])
def test_a_bad_subscription_is_refused_per_field_and_nothing_is_kept(client, app, push_service, change, field, text):
    person = register(client)
    r = _post(client, person, _body(FakeBrowser(push_service), **change), **{"Accept-Language": "en"})
    assert r.status_code == 400 and r.mimetype == "application/problem+json"
    assert r.get_json()["errors"] == {field: [text]}
    assert _devices(client, person) == []


@pytest.mark.parametrize("body, errors", [
    ({"provider": "webpush", "platform": "web"},
     {"subscription": ["Web push needs the browser's subscription (endpoint and keys)."]}),
    ({"provider": "webpush", "platform": "android", "token": "ExponentPushToken[abc]", "subscription": "BROWSER"},
     {"token": ["Leave this out: it is only for Expo / FCM."],
      "platform": ["Web push comes from the web app: use platform web."]}),
    ({"provider": "expo", "platform": "web", "subscription": "BROWSER"},
     {"token": ["A push token is required for expo."], "subscription": ["Leave this out: it is only for webpush."]}),
])
def test_token_and_subscription_must_fit_the_provider(client, app, push_service, body, errors):
    person = register(client)
    if body.get("subscription") == "BROWSER":
        body["subscription"] = FakeBrowser(push_service).subscription()
    r = _post(client, person, body, **{"Accept-Language": "en"})
    assert r.status_code == 400, r.get_json()
    assert r.get_json()["errors"] == errors
    assert _devices(client, person) == []


def test_the_shape_is_checked_too(client, app, push_service):
    person = register(client)
    browser = FakeBrowser(push_service)
    too_long = _body(browser, endpoint=browser.endpoint + "x" * 1000)
    unknown = _body(browser, keys={"extra": "x"})
    missing = {"provider": "webpush", "platform": "web", "subscription": {"endpoint": browser.endpoint}}
    for body, field in ((too_long, "subscription.endpoint"), (unknown, "subscription.keys.extra"),
                        (missing, "subscription.keys")):
        r = _post(client, person, body)
        assert r.status_code == 400 and field in r.get_json()["errors"], r.get_json()
    assert _devices(client, person) == []


def test_errors_are_in_dutch_by_default(client, app, push_service):
    person = register(client)
    r = _post(client, person, _body(FakeBrowser(push_service), endpoint="https://evil.example/push"))
    assert r.get_json()["errors"] == {
        "subscription.endpoint": ["Dit is geen adres van een pushdienst waar wij naartoe sturen."]}


def test_the_default_push_hosts_are_the_browsers_push_services(client, app):
    person = register(client)
    browser_keys = {"p256dh": b64url(base64.urlsafe_b64decode(
        "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM=")),
        "auth": b64url(b"0123456789abcdef")}
    for endpoint in ("https://fcm.googleapis.com/fcm/send/dGVzdA", "https://updates.push.services.mozilla.com/wpush/v2/x",
                     "https://web.push.apple.com/QGx"):
        r = _post(client, person, {"provider": "webpush", "platform": "web",
                                   "subscription": {"endpoint": endpoint, "keys": browser_keys}})
        assert r.status_code == 201, r.get_json()
    assert _post(client, person, {"provider": "webpush", "platform": "web", "subscription": {
        "endpoint": "http://localhost/push", "keys": browser_keys}}).status_code == 400
    assert len(_devices(client, person)) == 3


def test_the_vapid_public_key_is_public_and_matches_the_configured_private_key(client, app, push_service):
    r = client.get("/api/v1/push/vapid-public-key")
    assert r.status_code == 200
    key = r.get_json()["public_key"]
    assert key == vapid_public_key(app.extensions["doemee_config"]["VAPID_PRIVATE_KEY"])
    assert len(base64.urlsafe_b64decode(key + "=")) == 65


def test_without_web_push_the_key_is_a_404_problem(client, app):
    r = client.get("/api/v1/push/vapid-public-key", headers={"Accept-Language": "en"})
    assert r.status_code == 404 and r.mimetype == "application/problem+json"
    assert r.get_json()["detail"] == "Web push is not set up on this server."
