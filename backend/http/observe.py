"""The first and the last step of every request of either surface: its id, its metrics and its log line.

- ``begin`` (before everything else): the request id is the client's ``X-Request-ID`` when it is short and made of
  safe characters (letters, digits, ``.``, ``_``, ``:``, ``-``; at most 64), otherwise a new one; the clock starts.
- ``note_user``: the unit of work (backend/http/unit_of_work.py) says who is asking, once the surface's policy knew.
- ``finish`` (after everything else, the security headers included): ``X-Request-ID`` on the answer; the request
  counted by method, route and status with its duration (backend/observability/metrics.py); one log line
  (``doemee.request``) with the request id, method, route, status, duration and user id. The route is the URL rule
  (``/api/v1/shifts/<uuid:shift_id>/sign-up``), never the path asked for, which may carry a code or a search.
"""
from __future__ import annotations

import logging
import re
import time
import uuid

from flask import g, request

from backend.observability.metrics import REQUEST_SECONDS, REQUESTS

log = logging.getLogger("doemee.request")

REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
UNMATCHED = "<unmatched>"  # the route of a request no rule matched (a 404): one label, whatever was asked
# A client may send any method name; the metric's labels stay a fixed set.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def begin() -> None:
    # g lives as long as the app context, which the test client may reuse across requests: set every field anew.
    g.request_started = time.perf_counter()
    given = request.headers.get("X-Request-ID", "")
    g.request_id = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
    g.request_user_id = None


def note_user(user) -> None:
    """Who is asking (a User, or None), for the log line: only the id."""
    g.request_user_id = str(user.id) if user is not None else None


def finish(response):
    request_id = g.get("request_id") or uuid.uuid4().hex
    response.headers["X-Request-ID"] = request_id
    seconds = time.perf_counter() - g.get("request_started", time.perf_counter())
    method = request.method if request.method in METHODS else "OTHER"
    route = request.url_rule.rule if request.url_rule is not None else UNMATCHED
    REQUESTS.labels(method, route, str(response.status_code)).inc()
    REQUEST_SECONDS.labels(method, route).observe(seconds)
    duration_ms = round(seconds * 1000, 1)
    log.info("%s %s %s %.1f ms", method, route, response.status_code, duration_ms,
             extra={"request_id": request_id, "method": method, "route": route, "status": response.status_code,
                    "duration_ms": duration_ms, "user_id": g.get("request_user_id")})
    return response
