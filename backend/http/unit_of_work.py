"""A view is one unit of work: one commit when it returns (after its answer was made, so that an Idempotency-Key
replay is stored in the same transaction), a rollback when it raises. Both surfaces' access decorators
(mobile_api.auth.access, web.access.page) wrap their views with it; each gives the idempotency rules of its kind of
answer (backend.http.idempotency.KeyUse) and says who is asking (also for the request's log line: observe).
"""
from __future__ import annotations

import functools
from typing import Callable

from flask import current_app

from backend.extensions import db
from backend.http import idempotency, observe


def unit_of_work(view, *, key_use: idempotency.KeyUse, user: Callable[[], object], reads_only: bool = False):
    """``reads_only``: the view writes nothing (nothing to commit, no key to keep); the session is closed at
    teardown."""

    @functools.wraps(view)
    def run(*args, **kwargs):
        try:
            asking = user()
            observe.note_user(asking)
            if reads_only:
                return current_app.make_response(view(*args, **kwargs))
            replay = idempotency.begin(asking, key_use)
            if replay is not None:
                db.session.rollback()  # nothing was done; the key row was read, not written
                return replay
            response = current_app.make_response(view(*args, **kwargs))
            idempotency.finish(response)
            db.session.commit()
            return response
        except BaseException:
            db.session.rollback()
            raise

    return run
