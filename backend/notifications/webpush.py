"""Web push (RFC 8030) to browsers' push services, with VAPID (RFC 8292) and an encrypted payload (RFC 8291).

pywebpush encrypts each message to the subscription's keys (``Content-Encoding: aes128gcm``) and sends it over
the relay's shared ``requests.Session``, with the same timeouts as the other providers. The push service answers
201; 404 or 410 means the subscription is gone (the browser unsubscribed, or the person cleared the site's data),
so it is deleted; 429 and 5xx are retried by the outbox with backoff, like Expo and FCM.
"""
from __future__ import annotations

import functools
import json
import time
from urllib.parse import urlsplit

import requests

from backend.config import vapid_subject
from backend.notifications.outcomes import Failed, Outcome, Rerouted, Retry, Sent
from backend.notifications.push import PushItem, PushResult, _combine, _http_problem, _timeouts, http_session

_GONE = {404, 410}
_VAPID_LIFETIME = 12 * 3600  # push services refuse a VAPID token valid for more than 24 hours


@functools.lru_cache(maxsize=4)
def _vapid(private_key: str):
    from py_vapid import Vapid  # imported on first use: web workers that never send need none of it

    return Vapid.from_raw(private_key.encode("ascii"))


def _vapid_headers(endpoint: str, config) -> dict:
    url = urlsplit(endpoint)
    claims = {"sub": vapid_subject(config), "aud": f"{url.scheme}://{url.netloc}",
              "exp": int(time.time()) + _VAPID_LIFETIME}
    return _vapid(config["VAPID_PRIVATE_KEY"]).sign(claims)


def push_payload(item: PushItem) -> bytes:
    """What the service worker shows (title, body), where a tap leads (a page of the app) and the message key as
    the notification's tag, so that a message delivered twice replaces itself instead of showing twice."""
    engagement, page = item.data.get("engagement_id"), item.data.get("url")
    # A notice that names its page (a conversation's) opens it; the service worker keeps it on this site.
    url = page if isinstance(page, str) and page.startswith("/") else f"/mijn/inzet/{engagement}" if engagement else "/"
    return json.dumps({"title": item.title, "body": item.body, "url": url, "tag": item.data.get("key")},
                      ensure_ascii=False).encode("utf-8")


def send_webpush(items: list[PushItem], config) -> PushResult:
    dead: set[str] = set()
    per_item = [(item, _send_one(item, config, dead)) for item in items]
    return PushResult(_combine(per_item), dead)


def _send_one(item: PushItem, config, dead: set) -> Outcome:
    from pywebpush import WebPusher, WebPushException  # (it imports aiohttp: only where web push is sent)

    # Outside the try: a problem with our own key must never be blamed on (and delete) the subscription.
    headers = {**_vapid_headers(item.token, config), "Urgency": "high" if item.urgent else "normal"}
    try:
        pusher = WebPusher({"endpoint": item.token, "keys": item.keys}, requests_session=http_session())
        response = pusher.send(push_payload(item), headers,
                               ttl=config["WEBPUSH_TTL_SECONDS"], content_encoding="aes128gcm",
                               timeout=_timeouts(config))
    except requests.RequestException as exc:
        return Retry(type(exc).__name__)
    except (WebPushException, ValueError):
        # Keys that cannot be encrypted to (checked at registration, so hardly ever): the subscription is useless.
        dead.add(item.token)
        return Rerouted("web push keys unusable")
    if response.status_code in (200, 201, 202):
        return Sent()
    if response.status_code in _GONE:
        dead.add(item.token)
        return Rerouted(f"HTTP {response.status_code}")
    if response.status_code in (401, 403):
        # Our VAPID key is refused: a configuration problem (e.g. the key was replaced) that retrying cannot fix.
        return Failed(f"HTTP {response.status_code}")
    return _http_problem(response)
