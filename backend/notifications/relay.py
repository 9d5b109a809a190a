"""The outbox relay: claim due messages, apply the person's preferences, send, record the outcome.

    claim (one short transaction)  ->  plan and send (no transaction open)  ->  finish (one short transaction)

Claiming: on PostgreSQL ``SELECT ... FOR UPDATE SKIP LOCKED`` lets any number of relays take disjoint batches;
a claimed row becomes ``sending`` with a lease, and its ``next_attempt_at`` is set to the lease's end, so that
"due" is one range condition on the (status, next_attempt_at) index for fresh rows and expired leases alike.
A relay that dies mid-batch therefore loses nothing: once the lease has passed, another relay claims the rows
again. Finishing only touches rows still under this relay's lease, so a relay that was too slow cannot
overwrite what a later claimant did. (That slow relay may still have delivered: delivery is at least once, and
receivers dedupe on the message key, which travels with every message.)

The job ``outbox-delivery`` (backend/jobs/definitions.py) runs ``deliver_due`` every few seconds on the job
engine's workers; several sweeps at once each take their own batches.
"""
from __future__ import annotations

import logging
import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from backend.extensions import db
from backend.localtime import local_zone
from backend.models_base import utcnow
from backend.notifications import preferences as rules
from backend.notifications.mail import MailItem, send_mails
from backend.notifications.models import DeviceToken, NotificationPreference, OutboxMessage
from backend.notifications.outcomes import Deferred, Failed, Rerouted, Retry, Sent
from backend.notifications.push import PushItem, send_expo, send_fcm
from backend.notifications.webpush import send_webpush
from backend.notifications.digest import DIGEST_TEMPLATE, fold_into_digests
from backend.notifications.render import render

# The relay reads only the address book of the accounts table; it names the columns instead of importing the
# accounts feature, so that notifications stay below every feature (see backend/__init__.py).
_accounts = sa.table("users", sa.column("id", sa.Uuid), sa.column("email", sa.String),
                     sa.column("display_name", sa.String))

log = logging.getLogger("doemee.relay")


@dataclass(frozen=True)
class Claimed:
    """A snapshot of a claimed row (plain values: the relay holds no ORM state between transactions)."""

    id: uuid.UUID
    dedupe_key: str
    user_id: uuid.UUID | None
    channel: str
    template: str
    locale: str
    payload: dict
    priority: str
    attempts: int


@dataclass
class Batch:
    messages: list[Claimed]
    lease_until: datetime


def _config():
    return current_app.extensions["doemee_config"]


# --- claim --------------------------------------------------------------------------------------------------------

_CLAIM_COLUMNS = (OutboxMessage.id, OutboxMessage.dedupe_key, OutboxMessage.user_id, OutboxMessage.channel,
                  OutboxMessage.template, OutboxMessage.locale, OutboxMessage.payload, OutboxMessage.priority,
                  OutboxMessage.attempts)


def claim(limit: int | None = None) -> Batch:
    """Take up to ``limit`` due messages under a lease, and commit."""
    config = _config()
    now = utcnow()
    lease_until = now + timedelta(seconds=config["RELAY_LEASE_SECONDS"])
    limit = limit or config["RELAY_BATCH_SIZE"]
    # Expired leases first, then fresh messages: one status per query, so that each is an ordered range scan of
    # the (status, next_attempt_at) index that stops at the limit (an IN over both statuses sorts every due row).
    rows = []
    for status in ("sending", "pending"):
        if len(rows) < limit:
            rows += db.session.execute(
                sa.select(*_CLAIM_COLUMNS)
                .where(OutboxMessage.status == status, OutboxMessage.next_attempt_at <= now)
                .order_by(OutboxMessage.next_attempt_at)
                .limit(limit - len(rows))
                .with_for_update(skip_locked=True)).all()
    worn_out = [r.id for r in rows if r.attempts >= config["RELAY_MAX_ATTEMPTS"]]
    messages = [Claimed(**r._asdict()) for r in rows if r.attempts < config["RELAY_MAX_ATTEMPTS"]]
    if worn_out:  # leases that expired after the last allowed attempt: a relay kept dying on them
        db.session.execute(sa.update(OutboxMessage).where(OutboxMessage.id.in_(worn_out))
                           .values(status="dead", lease_until=None, last_error="lease expired on last attempt"))
    if messages:
        db.session.execute(sa.update(OutboxMessage).where(OutboxMessage.id.in_([m.id for m in messages]))
                           .values(status="sending", lease_until=lease_until, next_attempt_at=lease_until,
                                   attempts=OutboxMessage.attempts + 1))
    db.session.commit()
    return Batch([_counted(m) for m in messages], lease_until)


def _counted(m: Claimed) -> Claimed:
    return Claimed(**{**m.__dict__, "attempts": m.attempts + 1})


# --- plan ---------------------------------------------------------------------------------------------------------

@dataclass
class Recipient:
    email: str
    display_name: str
    prefs: rules.Prefs
    devices: list


@dataclass
class Plan:
    outcomes: dict  # message id -> outcome decided without sending (off, quiet hours)
    fold: list      # messages to fold into the person's daily digest
    push: list      # PushItem
    mail: list      # MailItem


def _recipients(user_ids: set, config) -> dict:
    if not user_ids:
        return {}
    users = db.session.execute(sa.select(_accounts.c.id, _accounts.c.email, _accounts.c.display_name)
                               .where(_accounts.c.id.in_(user_ids))).all()
    prefs = {p.user_id: p for p in db.session.scalars(
        sa.select(NotificationPreference).where(NotificationPreference.user_id.in_(user_ids)))}
    devices: dict = {}
    for d in db.session.execute(sa.select(DeviceToken.user_id, DeviceToken.token, DeviceToken.provider,
                                          DeviceToken.p256dh, DeviceToken.auth)
                                .where(DeviceToken.user_id.in_(user_ids))):
        keys = {"p256dh": d.p256dh, "auth": d.auth} if d.provider == "webpush" else None
        devices.setdefault(d.user_id, []).append((d.token, d.provider, keys))
    return {u.id: Recipient(u.email, u.display_name, rules.effective(prefs.get(u.id), config), devices.get(u.id, []))
            for u in users}


def _volunteer_names(messages: list[Claimed]) -> dict:
    """Coordinators' notices name the volunteer; the payload carries only the id (looked up at sending time, so
    that a person erased meanwhile is not named)."""
    ids = set()
    for m in messages:
        try:
            ids.add(uuid.UUID(str(m.payload.get("volunteer_id"))))
        except ValueError:
            continue
    if not ids:
        return {}
    names = sa.select(_accounts.c.id, _accounts.c.display_name).where(_accounts.c.id.in_(ids))
    return {str(i): n for i, n in db.session.execute(names)}


def plan(batch: Batch, now: datetime) -> Plan:
    config = _config()
    tz = local_zone()
    recipients = _recipients({m.user_id for m in batch.messages if m.user_id}, config)
    names = _volunteer_names(batch.messages)
    result = Plan({}, [], [], [])
    for m in batch.messages:
        person = recipients.get(m.user_id)
        if person is None:
            result.outcomes[m.id] = Failed("no recipient")
            continue
        channel = rules.resolve_channel(m.channel, rules.category_of(m.template), person.prefs, bool(person.devices))
        if channel is None:
            result.outcomes[m.id] = Sent("off by preference")
            continue
        if m.priority == "low" and person.prefs.daily_digest and m.template != DIGEST_TEMPLATE:
            result.fold.append(m)
            continue
        quiet_end = None if m.priority == "urgent" else rules.quiet_until(now, person.prefs, tz)
        if quiet_end is not None:
            result.outcomes[m.id] = Deferred(quiet_end)
            continue
        extra = {"display_name": person.display_name, "volunteer_name": names.get(str(m.payload.get("volunteer_id")))}
        texts = render(m.template, m.locale, m.payload, tz=tz, base_url=config["PUBLIC_BASE_URL"], extra=extra)
        if channel == "push":
            data = {"template": m.template, "message_id": str(m.id), "key": m.dedupe_key,
                    **{k: v for k, v in m.payload.items() if k != "token"}}
            result.push += [PushItem(m.id, token, texts.push_title, texts.push_body, data | {"_provider": provider},
                                     keys, m.priority == "urgent") for token, provider, keys in person.devices]
        else:
            result.mail.append(MailItem(m.id, m.dedupe_key, person.email, m.locale, texts.subject, texts.text,
                                        texts.html))
    return result


# --- send ---------------------------------------------------------------------------------------------------------

def _log_delivery(message_id, channel: str, template: str) -> Sent:
    # Development delivery: no provider configured. Never the address, the name or the payload.
    log.info("notification delivered (log only): template=%s message=%s channel=%s", template, message_id, channel)
    return Sent("logged")


# Per provider: is it set up (else delivery is a log line), and who sends.
_PROVIDERS = {"expo": lambda c: c["PUSH_EXPO_URL"], "fcm": lambda c: c["PUSH_FCM_URL"],
              "webpush": lambda c: c["VAPID_PRIVATE_KEY"]}
_SENDERS = {"expo": send_expo, "fcm": send_fcm, "webpush": send_webpush}


def send(planned: Plan, templates: dict) -> tuple[dict, set]:
    """Send what the plan says; returns (outcome per message id, tokens to delete)."""
    config = _config()
    outcomes: dict = {}
    dead: set = set()
    by_provider: dict = {"expo": [], "fcm": [], "webpush": []}
    for item in planned.push:
        provider = item.data.pop("_provider")
        by_provider[provider].append(item)
    for provider, items in by_provider.items():
        if not items:
            continue
        configured, sender = _PROVIDERS[provider](config), _SENDERS[provider]
        if not configured:
            for item in items:
                outcomes[item.message_id] = _log_delivery(item.message_id, "push", templates[item.message_id])
            continue
        result = sender(items, config)
        _merge(outcomes, result.outcomes)
        dead |= result.dead_tokens
    if planned.mail:
        if config["SMTP_HOST"]:
            outcomes.update(send_mails(planned.mail, config))
        else:
            for item in planned.mail:
                outcomes[item.message_id] = _log_delivery(item.message_id, "email", templates[item.message_id])
    return outcomes, dead


def _merge(outcomes: dict, more: dict) -> None:
    # A person with an Expo and an FCM device: delivered if either provider took it.
    for message_id, outcome in more.items():
        if not isinstance(outcomes.get(message_id), Sent):
            outcomes[message_id] = outcome


# --- finish -------------------------------------------------------------------------------------------------------

def backoff_seconds(attempt: int, config) -> float:
    """Exponential backoff with "equal jitter": half the delay fixed, half random, so that retries after an
    outage do not all arrive at the provider in the same second."""
    delay = min(config["RELAY_BACKOFF_MAX_SECONDS"], config["RELAY_BACKOFF_SECONDS"] * 2 ** (attempt - 1))
    return delay / 2 + random.uniform(0, delay / 2)


def finish(batch: Batch, outcomes: dict, dead_tokens: set, now: datetime) -> dict:
    """Record every outcome on rows still under our lease; delete dead tokens; commit. Returns counts."""
    config = _config()
    mine = sa.and_(OutboxMessage.status == "sending", OutboxMessage.lease_until == batch.lease_until)
    counts = {"sent": 0, "retry": 0, "dead": 0, "deferred": 0, "folded": 0}
    sent = [mid for mid, o in outcomes.items() if isinstance(o, Sent)]
    if sent:
        db.session.execute(sa.update(OutboxMessage).where(OutboxMessage.id.in_(sent), mine)
                           .values(status="sent", sent_at=now, lease_until=None, last_error=None))
        counts["sent"] = len(sent)
    attempts = {m.id: m.attempts for m in batch.messages}
    for message_id, outcome in outcomes.items():
        if isinstance(outcome, Sent):
            continue
        values, kind = _row_update(outcome, attempts[message_id], now, config)
        counts[kind] += 1
        db.session.execute(sa.update(OutboxMessage).where(OutboxMessage.id == message_id, mine).values(**values))
    if dead_tokens:
        db.session.execute(sa.delete(DeviceToken).where(DeviceToken.token.in_(dead_tokens)))
    db.session.commit()
    return counts


def _row_update(outcome, attempts: int, now: datetime, config) -> tuple[dict, str]:
    if isinstance(outcome, Deferred):
        # Quiet hours are not a failed attempt: give the attempt back.
        return {"status": "pending", "next_attempt_at": outcome.until, "lease_until": None,
                "attempts": attempts - 1}, "deferred"
    if isinstance(outcome, Rerouted):
        return {"status": "pending", "next_attempt_at": now, "lease_until": None,
                "last_error": outcome.error[:300]}, "retry"
    if isinstance(outcome, Failed) or attempts >= config["RELAY_MAX_ATTEMPTS"]:
        return {"status": "dead", "lease_until": None, "last_error": outcome.error[:300]}, "dead"
    wait = max(backoff_seconds(attempts, config), outcome.retry_after or 0)
    return {"status": "pending", "next_attempt_at": now + timedelta(seconds=wait), "lease_until": None,
            "last_error": outcome.error[:300]}, "retry"


# --- one pass, and a sweep ----------------------------------------------------------------------------------------

def relay_once(limit: int | None = None) -> dict:
    """Claim one batch, deliver it, record the outcomes. Returns counts (claimed, sent, retry, dead, ...)."""
    batch = claim(limit)
    if not batch.messages:
        return {"claimed": 0}
    now = utcnow()
    planned = plan(batch, now)
    templates = {m.id: m.template for m in batch.messages}
    outcomes, dead_tokens = send(planned, templates)
    outcomes.update(planned.outcomes)
    if planned.fold:
        fold_into_digests(batch, planned.fold, now)
    counts = finish(batch, outcomes, dead_tokens, utcnow())
    counts["folded"] = len(planned.fold)
    counts["claimed"] = len(batch.messages)
    return counts


def relay_due() -> dict:
    """Relay batch after batch until nothing is due; returns the counts summed over the batches.

    A failing batch raises (the job logs it in words and the engine records the failure): its claimed messages
    return to the queue when their lease ends, and the next sweep carries on, so nothing is lost by stopping."""
    totals: dict = {}
    while True:
        counts = relay_once()
        for name, n in counts.items():
            totals[name] = totals.get(name, 0) + n
        if counts["claimed"] == 0:
            return totals


def deliver_due() -> str:
    """The job ``outbox-delivery`` (every few seconds, on any number of workers at once)."""
    totals = relay_due()
    return ", ".join(f"{n} {name}" for name, n in totals.items() if n) or "nothing due"
