"""Idempotency-Key for unsafe requests (draft-ietf-httpapi-idempotency-key-header).

A phone on a flaky connection retries a POST it never saw answered. With the same ``Idempotency-Key`` (per
user) the retry gets the first response again instead of doing the work twice; the same key with another body
is a 422. The key row is written in the request's own transaction, so a key exists only for work that happened,
and the unique index makes a simultaneous duplicate wait for the first and then replay it.
"""
from __future__ import annotations

import hashlib
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, g, request
from flask_jwt_extended import get_current_user
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


def _applies() -> bool:
    return request.method in ("POST", "PATCH") and HEADER in request.headers


def _user():
    try:
        return get_current_user()
    except RuntimeError:  # a public route: no user, so no key scope
        return None


def begin():
    """Before the view: return a replayed response, raise on misuse, or reserve the key (None)."""
    g.idempotency_row = None
    if not _applies():
        return None
    user = _user()
    if user is None:
        return None
    key = request.headers[HEADER].strip()
    if not key or len(key) > 100 or not key.isprintable():
        raise InvalidInput("detail.validation", errors={HEADER: [Msg("field.idempotency_key")]})
    fingerprint = hashlib.sha256(request.method.encode() + b" " + request.path.encode() + b"\n"
                                 + request.get_data()).hexdigest()
    existing = _find(user.id, key)
    if existing is not None:
        return _replay(existing, fingerprint)
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
        return _replay(existing, fingerprint)
    g.idempotency_row = row
    return None


def finish(response) -> None:
    """After the view, in the same transaction: keep the response for replays (server errors are not kept)."""
    row = getattr(g, "idempotency_row", None)
    if row is None:
        return
    row.status_code = response.status_code
    row.response_body = response.get_data(as_text=True)


def _find(user_id, key):
    return db.session.scalar(sa.select(IdempotencyKey).where(
        IdempotencyKey.user_id == user_id, IdempotencyKey.key == key, IdempotencyKey.expires_at > utcnow()))


def _replay(row: IdempotencyKey, fingerprint: str):
    if row.body_hash != fingerprint:
        raise InvalidInput("detail.idempotency_mismatch")
    if row.status_code is None:
        raise Conflict("detail.idempotency_in_progress")
    response = current_app.response_class(row.response_body, status=row.status_code, mimetype="application/json")
    response.headers["Idempotent-Replayed"] = "true"
    return response
