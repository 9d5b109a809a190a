"""A browser's side of web push for the tests: a real key pair and auth secret (what PushManager.subscribe()
makes), so that what the relay sends can be decrypted as the phone would (RFC 8291, with http_ece)."""
from __future__ import annotations

import base64
import json
import os
import uuid

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from backend.config import new_vapid_keys


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class FakeBrowser:
    """One browser's push subscription at the fake push service."""

    def __init__(self, push_service):
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.path = f"/wpush/{uuid.uuid4().hex}"
        self.endpoint = push_service.url_for(self.path)

    @property
    def p256dh(self) -> str:
        return b64url(self.private_key.public_key().public_bytes(serialization.Encoding.X962,
                                                                 serialization.PublicFormat.UncompressedPoint))

    def subscription(self) -> dict:
        """As ``PushSubscription.toJSON()`` gives it."""
        return {"endpoint": self.endpoint, "expirationTime": None,
                "keys": {"p256dh": self.p256dh, "auth": b64url(self.auth)}}

    def decrypt(self, body: bytes) -> dict:
        return json.loads(http_ece.decrypt(body, private_key=self.private_key, auth_secret=self.auth,
                                           version="aes128gcm"))


@pytest.fixture
def push_service(httpserver, settings):
    """pytest-httpserver as a browser's push service, the only host subscriptions may point at; web push on, with
    a fresh VAPID key."""
    private, _public = new_vapid_keys()
    settings(VAPID_PRIVATE_KEY=private, WEBPUSH_HOSTS=("localhost", "127.0.0.1"), PUSH_CONNECT_TIMEOUT=2.0,
             PUSH_READ_TIMEOUT=2.0)
    return httpserver


def subscribe(client, person, browser: FakeBrowser):
    r = client.post("/api/v1/me/devices", json={"provider": "webpush", "platform": "web",
                                                "subscription": browser.subscription()}, token=person.token)
    assert r.status_code == 201, r.get_json()
    return r.get_json()
