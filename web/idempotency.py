"""Idempotency-Key on the pages' POSTs, as the API has it (mobile_api.idempotency, same table, same 24 hours).

A check-in typed at the door while the phone was offline is sent later by the page script (web/static/js/
checkin.js) with an ``Idempotency-Key``; if a first attempt did reach us but its answer never reached the phone,
the retry must not count twice. So, per user and key: a replay gets the first answer again (the redirect to the
outcome), the same key with another form is refused, and a key still being handled is a 409.

Only answers that changed something are kept: a page action that worked answers with a redirect (303). An error
page (a wrong code, 422) changed nothing, so its key is not kept and a retry is simply handled again. Browsers
never send the header on an ordinary form post, so pages without script are not affected.
"""
from __future__ import annotations

import hashlib
from datetime import timedelta

import sqlalchemy as sa
from flask import g, redirect, request
from sqlalchemy.exc import IntegrityError

from backend.engagements.models import IdempotencyKey
from backend.extensions import db
from backend.models_base import utcnow

HEADER = "Idempotency-Key"
KEEP_FOR = timedelta(hours=24)
_REDIRECTS = (301, 302, 303)


def begin(user):
    """Before the view: a replayed answer, an error page for misuse, or None (the key is reserved, or not used)."""
    g.web_idempotency_row = None
    if request.method != "POST" or HEADER not in request.headers or user is None:
        return None
    from web.errors import error_page

    key = request.headers[HEADER].strip()
    if not key or len(key) > 100 or not key.isprintable():
        return error_page(400)
    existing = _find(user.id, key)
    if existing is not None:
        return _replay(existing)
    row = IdempotencyKey(user_id=user.id, key=key, method="POST", path=request.path[:300],
                         body_hash=_fingerprint(), expires_at=utcnow() + KEEP_FOR)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        # A simultaneous request with the same key committed first: answer as it did.
        existing = _find(user.id, key)
        return _replay(existing) if existing is not None else error_page(409)
    g.web_idempotency_row = row
    return None


def finish(response) -> None:
    """After the view, in its transaction: keep a redirect for replays; forget the key of anything else."""
    row = g.pop("web_idempotency_row", None)
    if row is None:
        return
    if response.status_code in _REDIRECTS and response.location:
        row.status_code = response.status_code
        row.response_body = response.location  # a page's outcome is where it sends the browser
    else:
        db.session.delete(row)


def _fingerprint() -> str:
    # The form's fields without its CSRF token (bound to the browser, not to what is asked).
    fields = sorted((name, value) for name, value in request.form.items(multi=True) if name != "csrf_token")
    body = "\n".join(f"{name}={value}" for name, value in fields)
    return hashlib.sha256(f"POST {request.path}\n{body}".encode()).hexdigest()


def _find(user_id, key):
    return db.session.scalar(sa.select(IdempotencyKey).where(
        IdempotencyKey.user_id == user_id, IdempotencyKey.key == key, IdempotencyKey.expires_at > utcnow()))


def _replay(row: IdempotencyKey):
    from web.errors import error_page

    if row.body_hash != _fingerprint() or row.method != "POST" or row.path != request.path[:300]:
        return error_page(422)
    if row.status_code is None:
        return error_page(409)
    response = redirect(row.response_body, code=row.status_code)
    response.headers["Idempotent-Replayed"] = "true"
    return response
