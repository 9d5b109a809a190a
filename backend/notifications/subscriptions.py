"""Checking a browser's web push subscription (the JSON of a PushSubscription) before we keep it.

The endpoint is a URL the relay will POST to, so it must be one of the browsers' push services (configurable,
``DOEMEE_WEBPUSH_HOSTS``) over https: nobody can aim the relay at a host of their choosing. The keys must be what
RFC 8291 encrypts to: the browser's P-256 public key and a 16-byte authentication secret.
"""
from __future__ import annotations

import base64
import binascii
from urllib.parse import urlsplit

from backend.errors import InvalidInput
from backend.i18n import Msg

LOOPBACK = ("127.0.0.1", "localhost", "::1")  # plain http only here (a push service on the same machine: tests)
MAX_ENDPOINT = 1000  # the length of device_tokens.token


def webpush_subscription(token, platform: str, subscription: dict | None, config) -> tuple[str, dict]:
    """(endpoint, {"p256dh", "auth"}) of a valid subscription, or InvalidInput naming every wrong field."""
    errors: dict = {}
    if token:
        errors["token"] = [Msg("field.notifications.only_for", provider="Expo / FCM")]
    if platform != "web":
        errors["platform"] = [Msg("field.notifications.webpush_platform")]
    if not subscription:
        errors["subscription"] = [Msg("field.notifications.subscription_required")]
        raise InvalidInput("detail.validation", errors=errors)
    endpoint = (subscription.get("endpoint") or "").strip()
    keys = subscription.get("keys") or {}
    if len(endpoint) > MAX_ENDPOINT:
        errors["subscription.endpoint"] = [Msg("field.notifications.endpoint_too_long", max=MAX_ENDPOINT)]
    elif problem := _endpoint_problem(endpoint, config["WEBPUSH_HOSTS"]):
        errors["subscription.endpoint"] = [Msg(problem)]
    if not _is_p256_point(keys.get("p256dh") or ""):
        errors["subscription.keys.p256dh"] = [Msg("field.notifications.p256dh_invalid")]
    if len(_decoded(keys.get("auth") or "") or b"") != 16:
        errors["subscription.keys.auth"] = [Msg("field.notifications.auth_invalid")]
    if errors:
        raise InvalidInput("detail.validation", errors=errors)
    return endpoint, {"p256dh": keys["p256dh"].strip(), "auth": keys["auth"].strip()}


def _endpoint_problem(endpoint: str, allowed_hosts) -> str | None:
    try:
        parts = urlsplit(endpoint)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        return "field.notifications.endpoint_unknown"
    if parts.scheme != "https" and not (parts.scheme == "http" and host in LOOPBACK):
        return "field.notifications.endpoint_insecure"
    if parts.username or parts.password or not any(host == h or host.endswith("." + h) for h in allowed_hosts):
        return "field.notifications.endpoint_unknown"
    return None


def _decoded(text: str) -> bytes | None:
    text = text.strip()
    if not text or len(text) > 200:
        return None
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None


def _is_p256_point(text: str) -> bool:
    from cryptography.hazmat.primitives.asymmetric import ec

    raw = _decoded(text)
    if raw is None or len(raw) != 65 or raw[0] != 4:
        return False
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
    except ValueError:
        return False
    return True
