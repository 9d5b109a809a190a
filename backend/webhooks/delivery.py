"""Sending webhook deliveries: claim what is due, sign, POST, record the outcome; retry with backoff; switch an
endpoint off after WEBHOOK_DISABLE_AFTER failed attempts in a row and tell its owners.

    claim (one short transaction)  ->  send (no transaction open)  ->  finish (one short transaction)

A claimed row stays ``pending`` with its ``next_attempt_at`` moved to the end of a lease: a worker that dies while
sending loses nothing, another claims the row once the lease has passed (at least once: receivers dedupe on the
``webhook-id`` header, the delivery's id, which stays the same on every attempt). Signatures follow the Standard
Webhooks specification (the ``standardwebhooks`` library): ``v1,<base64 HMAC-SHA256 of "id.timestamp.body">``,
one per valid secret, so that during a rotation's overlap both the old and the new secret verify.
"""
from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import requests
import sqlalchemy as sa
from flask import current_app
from standardwebhooks import Webhook

from backend.extensions import db
from backend.models_base import utcnow
from backend.notifications.outbox import enqueue
from backend.notifications.relay import backoff_seconds
from backend.webhooks.models import WebhookDelivery, WebhookEndpoint
from backend.webhooks import urls
from backend.webhooks.urls import UnsafeUrl

log = logging.getLogger("doemee.webhooks")
LEASE = timedelta(minutes=2)
BATCH = 50
TIMEOUT = (3.05, 10.0)

_users = sa.table("users", sa.column("id", sa.Uuid), sa.column("locale", sa.String))
_members = sa.table("organisation_members", sa.column("organisation_id", sa.Uuid), sa.column("user_id", sa.Uuid),
                    sa.column("status", sa.String))
_grants = sa.table("role_grants", sa.column("user_id", sa.Uuid), sa.column("role", sa.String),
                   sa.column("municipality_id", sa.Uuid))


@dataclass(frozen=True)
class Claimed:
    id: uuid.UUID
    endpoint_id: uuid.UUID
    payload: dict
    attempts: int
    url: str
    secrets: tuple[str, ...]


def _config():
    return current_app.extensions["doemee_config"]


def claim(now: datetime) -> list[Claimed]:
    rows = db.session.execute(
        sa.select(WebhookDelivery.id, WebhookDelivery.endpoint_id, WebhookDelivery.payload, WebhookDelivery.attempts,
                  WebhookEndpoint.url, WebhookEndpoint.secret, WebhookEndpoint.previous_secret,
                  WebhookEndpoint.previous_secret_until)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .where(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now,
               WebhookEndpoint.enabled.is_(True))
        .order_by(WebhookDelivery.next_attempt_at).limit(BATCH)
        .with_for_update(of=WebhookDelivery, skip_locked=True)).all()
    if rows:
        db.session.execute(sa.update(WebhookDelivery).where(WebhookDelivery.id.in_([r.id for r in rows]))
                           .values(attempts=WebhookDelivery.attempts + 1, next_attempt_at=now + LEASE))
    db.session.commit()
    return [Claimed(r.id, r.endpoint_id, r.payload, r.attempts + 1, r.url, _valid_secrets(r, now)) for r in rows]


def _valid_secrets(row, now: datetime) -> tuple[str, ...]:
    overlap = row.previous_secret and row.previous_secret_until and row.previous_secret_until > now
    return (row.secret, row.previous_secret) if overlap else (row.secret,)


def signed_headers(message_id: str, body: str, secrets: tuple[str, ...], now: datetime) -> dict:
    signatures = " ".join(Webhook(secret).sign(message_id, now, body) for secret in secrets)
    return {"webhook-id": message_id, "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": signatures, "content-type": "application/json"}


def send(item: Claimed, now: datetime) -> tuple[int | None, str | None]:
    """POST one delivery; (status code, error) where error is None on a 2xx answer."""
    try:
        # Resolved and checked once; the connection goes to this address (urls.post), not to a second lookup.
        address = urls.checked_address(item.url, allow_loopback=_config()["WEBHOOK_ALLOW_LOOPBACK"])
    except UnsafeUrl:
        return None, "refused: the address is not public"
    body = json.dumps(item.payload, separators=(",", ":"), sort_keys=True)
    headers = signed_headers(f"msg_{item.id.hex}", body, item.secrets, now)
    try:
        answer = urls.post(item.url, address, data=body.encode(), headers=headers, timeout=TIMEOUT)
    except requests.RequestException as exc:
        return None, type(exc).__name__
    if 200 <= answer.status_code < 300:
        return answer.status_code, None
    return answer.status_code, f"HTTP {answer.status_code}"


def finish(item: Claimed, code: int | None, error: str | None, now: datetime) -> bool:
    """Record the outcome; True when it switched the endpoint off."""
    config = _config()
    values: dict = {"last_status_code": code, "last_error": error}
    if error is None:
        values |= {"status": "delivered", "delivered_at": now}
    elif item.attempts >= config["RELAY_MAX_ATTEMPTS"]:
        values |= {"status": "failed"}
    else:
        values |= {"next_attempt_at": now + timedelta(seconds=backoff_seconds(item.attempts, config))}
    # Only a row still under our claim (same attempt): a worker too slow does not overwrite a later one's outcome.
    db.session.execute(sa.update(WebhookDelivery).where(WebhookDelivery.id == item.id,
                                                        WebhookDelivery.attempts == item.attempts).values(values))
    endpoint = db.session.get(WebhookEndpoint, item.endpoint_id, with_for_update=True)
    if endpoint is None:
        return False
    if error is None:
        endpoint.consecutive_failures = 0
        return False
    endpoint.consecutive_failures += 1
    if endpoint.enabled and endpoint.consecutive_failures >= config["WEBHOOK_DISABLE_AFTER"]:
        endpoint.enabled, endpoint.disabled_at = False, now
        _tell_owners(endpoint, now)
        return True
    return False


def release(item: Claimed, now: datetime) -> None:
    """Give a claimed row back untried (its endpoint was switched off meanwhile): it waits until switched on."""
    db.session.execute(sa.update(WebhookDelivery).where(WebhookDelivery.id == item.id,
                                                        WebhookDelivery.attempts == item.attempts)
                       .values(attempts=item.attempts - 1, next_attempt_at=now))


def _owners(endpoint: WebhookEndpoint) -> list:
    if endpoint.organisation_id is not None:
        who = sa.select(_members.c.user_id).where(_members.c.organisation_id == endpoint.organisation_id,
                                                  _members.c.status == "active")
    else:
        who = sa.select(_grants.c.user_id).where(_grants.c.role == "municipality_staff",
                                                 _grants.c.municipality_id == endpoint.municipality_id)
    return db.session.execute(sa.select(_users.c.id, _users.c.locale).where(_users.c.id.in_(who))).all()


def _tell_owners(endpoint: WebhookEndpoint, now: datetime) -> None:
    for user_id, locale in _owners(endpoint):
        enqueue(f"webhook:{endpoint.id}:disabled:{now.isoformat()}:{user_id}", user_id=user_id, channel="email",
                template="webhook_disabled", locale=locale,
                payload={"endpoint_id": str(endpoint.id), "url": endpoint.url,
                         "failures": endpoint.consecutive_failures})
    log.warning("webhook endpoint %s switched off after %d failed attempts", endpoint.id,
                endpoint.consecutive_failures)


def deliver_once() -> dict:
    now = utcnow()
    batch = claim(now)
    counts = {"delivered": 0, "failed": 0}
    switched_off = set()
    for item in batch:
        if item.endpoint_id in switched_off:
            release(item, now)
        else:
            code, error = send(item, now)
            if finish(item, code, error, utcnow()):
                switched_off.add(item.endpoint_id)
            counts["failed" if error else "delivered"] += 1
        db.session.commit()
    return counts | {"claimed": len(batch)}


def forget_old(now: datetime) -> int:
    """The delivery log keeps finished rows for OUTBOX_RETENTION_DAYS, like the outbox. (A finished row's
    next_attempt_at is its last attempt: one range of the (status, next_attempt_at) index per status.)"""
    cutoff = now - timedelta(days=_config()["OUTBOX_RETENTION_DAYS"])
    return sum(db.session.execute(sa.delete(WebhookDelivery).where(WebhookDelivery.status == status,
                                                                   WebhookDelivery.next_attempt_at < cutoff)).rowcount
               for status in ("delivered", "failed"))


def deliver_due() -> str:
    """The job ``webhook-delivery`` (every few seconds, on any number of workers at once)."""
    totals = {"delivered": 0, "failed": 0, "forgotten": forget_old(utcnow())}
    db.session.commit()
    while True:
        counts = deliver_once()
        totals = {name: totals[name] + counts.get(name, 0) for name in totals}
        if counts["claimed"] == 0:
            return ", ".join(f"{n} {name}" for name, n in totals.items() if n) or "nothing due"
