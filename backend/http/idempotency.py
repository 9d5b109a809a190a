"""Idempotency-Key for unsafe requests of both surfaces (draft-ietf-httpapi-idempotency-key-header).

A phone on a flaky connection retries a request it never saw answered (the app's POSTs; a check-in typed at the
door while offline, sent later by the page's script). With the same ``Idempotency-Key`` (per user) the retry gets
the first answer again instead of doing the work twice; the same key with another request is refused (422), a key
still being handled is a 409. The key row is written in the request's own transaction, so a key exists only for
work that happened, and the unique index makes a simultaneous duplicate wait for the first and then replay it.

What is kept and how a replay looks is the surface's (``KeyUse``): the API keeps its JSON answer, a page keeps
the redirect to its outcome and forgets the key of anything else (an error page changed nothing).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

import sqlalchemy as sa
from flask import g, request
from sqlalchemy.exc import IntegrityError

from backend.engagements.models import IdempotencyKey
from backend.errors import Conflict, InvalidInput
from backend.extensions import db
from backend.i18n import N_, Msg, add_messages
from backend.models_base import utcnow

HEADER = "Idempotency-Key"
KEEP_FOR = timedelta(hours=24)

add_messages({
    "detail.idempotency_mismatch": N_("This Idempotency-Key was used for a different request."),
    "detail.idempotency_in_progress": N_("A request with this Idempotency-Key is still being processed."),
    "field.idempotency_key": N_("Use 1 to 100 visible characters."),
})


@dataclass(frozen=True)
class KeyUse:
    """How a surface uses the key."""

    methods: tuple[str, ...]
    fingerprint: Callable[[], str]  # what "the same request" means (a hash)
    outcome: Callable[[object], tuple[int, str] | None]  # (status, body) to keep of an answer; None: forget the key
    replay: Callable[[int, str], object]  # the kept (status, body) -> the answer again


def begin(user, use: KeyUse):
    """Before the view: return a replayed answer, raise on misuse, or reserve the key (None)."""
    g.doemee_idempotency = None
    if request.method not in use.methods or HEADER not in request.headers or user is None:
        return None
    key = request.headers[HEADER].strip()
    if not key or len(key) > 100 or not key.isprintable():
        raise InvalidInput("detail.validation", errors={HEADER: [Msg("field.idempotency_key")]})
    fingerprint = use.fingerprint()
    existing = _find(user.id, key)
    if existing is not None:
        return _replay(existing, fingerprint, use)
    row = IdempotencyKey(user_id=user.id, key=key, method=request.method, path=request.path[:300],
                         body_hash=fingerprint, expires_at=utcnow() + KEEP_FOR)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        # A simultaneous request with the same key committed first: answer as it did.
        existing = _find(user.id, key)
        if existing is None:
            raise Conflict("detail.idempotency_in_progress") from None
        return _replay(existing, fingerprint, use)
    g.doemee_idempotency = (row, use)
    return None


def finish(response) -> None:
    """After the view, in its transaction: keep what a replay answers, or forget the key."""
    held = g.pop("doemee_idempotency", None)
    if held is None:
        return
    row, use = held
    outcome = use.outcome(response)
    if outcome is None:
        db.session.delete(row)
    else:
        row.status_code, row.response_body = outcome


def _find(user_id, key):
    return db.session.scalar(sa.select(IdempotencyKey).where(
        IdempotencyKey.user_id == user_id, IdempotencyKey.key == key, IdempotencyKey.expires_at > utcnow()))


def _replay(row: IdempotencyKey, fingerprint: str, use: KeyUse):
    if row.body_hash != fingerprint or row.method != request.method or row.path != request.path[:300]:
        raise InvalidInput("detail.idempotency_mismatch")
    if row.status_code is None:
        raise Conflict("detail.idempotency_in_progress")
    response = use.replay(row.status_code, row.response_body)
    response.headers["Idempotent-Replayed"] = "true"
    return response
