"""Every failure of a request, whichever surface it reached, as one ``Failure`` (a status, a problem slug, a message
key with its parameters, field errors, headers), rendered by the surface the request belongs to: problem+json
under /api/, an HTML page everywhere else. The surfaces register their renderer (``register_surface``); nothing
here knows how either looks.

Domain errors carry their status; HTTP errors (404, 405, 413, 422 from the schemas, 429 from the limiter) map to
theirs; a database that is busy or away is a 503 with Retry-After (the request did nothing and may be repeated);
anything else is a 500 whose type and place are logged, never its message (it may hold personal data).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Callable

import sqlalchemy as sa
from flask import Flask, current_app, g, request
from werkzeug.exceptions import HTTPException

from backend.errors import DomainError
from backend.extensions import db
from backend.i18n import Msg

log = logging.getLogger("doemee.errors")

_SLUG_BY_STATUS = {
    400: "bad-request", 401: "unauthorized", 403: "forbidden", 404: "not-found", 405: "method-not-allowed",
    409: "conflict", 412: "precondition-failed", 413: "payload-too-large", 415: "unsupported-media-type",
    422: "validation-error", 429: "too-many-requests", 500: "internal-error", 503: "service-unavailable",
}


@dataclass(frozen=True)
class Failure:
    status: int
    slug: str
    detail: str | None = None  # a message key (backend.i18n); None: the slug's own text
    params: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)  # field -> [message keys or Msg]
    headers: dict = field(default_factory=dict)
    domain: bool = False  # a domain error: its detail is meant for the person (a page shows it)


@dataclass(frozen=True)
class Surface:
    name: str
    owns: Callable[[], bool]  # does the current request belong to this surface?
    render: Callable[[Failure], object]  # a Failure -> a response


def slug_for(status: int) -> str:
    return _SLUG_BY_STATUS.get(status, "bad-request")


def register_surface(app: Flask, name: str, owns: Callable[[], bool], render: Callable[[Failure], object]) -> None:
    """A surface claims the requests ``owns`` says are its own, and renders their failures. Surfaces are asked in
    the order they were registered; the first that owns a request has it."""
    app.extensions.setdefault("doemee_surfaces", []).append(Surface(name, owns, render))


def current_surface() -> str | None:
    surface = _surface()
    return surface.name if surface else None


def _surface() -> Surface | None:
    cached = g.get("doemee_surface")
    if cached is not None and cached[0] is request._get_current_object():
        return cached[1]
    found = next((s for s in current_app.extensions.get("doemee_surfaces", []) if s.owns()), None)
    g.doemee_surface = (request._get_current_object(), found)
    return found


def flatten_messages(messages, prefix: str = "") -> dict[str, list]:
    """webargs/marshmallow nest messages by location and field; a failure names dotted field paths."""
    out: dict[str, list] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            if prefix == "" and key in ("json", "query", "path", "headers", "form", "files"):
                out.update(flatten_messages(value, ""))
                continue
            name = f"{prefix}.{key}" if prefix else str(key)
            if key == "_schema":
                name = prefix or "_schema"
            out.update(flatten_messages(value, name))
    elif isinstance(messages, list) and messages and all(isinstance(m, (str, Msg)) for m in messages):
        out.setdefault(prefix or "_schema", []).extend(messages)
    elif isinstance(messages, list):
        for item in messages:
            out.update(flatten_messages(item, prefix))
    else:
        out.setdefault(prefix or "_schema", []).append(str(messages))
    return out


def failure_of(exc: BaseException) -> Failure:
    if isinstance(exc, DomainError):
        return Failure(exc.status, exc.slug, exc.detail, dict(exc.params), dict(exc.errors),
                       dict(getattr(exc, "headers", {})), domain=True)
    if isinstance(exc, HTTPException):
        return _http_failure(exc)
    if isinstance(exc, sa.exc.OperationalError):
        return Failure(503, "service-unavailable", headers={"Retry-After": "5"})
    return Failure(500, "internal-error")


def _http_failure(exc: HTTPException) -> Failure:
    status = exc.code or 500
    if status == 422:
        messages = (getattr(exc, "data", None) or {}).get("messages", {})
        return Failure(422, "validation-error", "detail.validation", errors=flatten_messages(messages))
    if status == 413:
        return Failure(413, slug_for(413), "detail.body_too_large",
                       {"limit": current_app.extensions["doemee_config"]["MAX_REQUEST_BYTES"]})
    if status == 429:
        return Failure(429, slug_for(429), "detail.rate_limited", headers=_retry_after(exc))
    if status == 415:
        return Failure(415, slug_for(415), "detail.not_json")
    if status == 400 and ("JSON" in (exc.description or "") or "Invalid JSON body." in str(getattr(exc, "data", ""))):
        return Failure(400, slug_for(400), "detail.malformed_json")
    if status == 405 and getattr(exc, "valid_methods", None):
        return Failure(405, slug_for(405), headers={"Allow": ", ".join(exc.valid_methods)})
    if status >= 500:
        return Failure(500, "internal-error")
    return Failure(status, slug_for(status))


def _retry_after(exc) -> dict:
    limit = getattr(exc, "limit", None)
    seconds = 60
    if limit is not None and getattr(limit, "limit", None) is not None:
        seconds = int(limit.limit.get_expiry())
    return {"Retry-After": str(seconds)}


def _log_unexpected(exc: BaseException) -> None:
    if isinstance(exc, sa.exc.OperationalError):
        from backend.diagnosis import explain

        log.warning("%s %s: %s", request.method, request.url_rule, explain(exc))
        return
    # The type and where it happened are enough to find it; the message may contain personal data.
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    where = f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}" if tb else "?"
    log.error("unhandled %s at %s on %s %s", type(exc).__name__, where, request.method, request.url_rule)


def render(failure: Failure):
    surface = _surface()
    if surface is None:
        return current_app.response_class(failure.slug, status=failure.status, mimetype="text/plain",
                                          headers=failure.headers)
    return surface.render(failure)


def _handle(exc: BaseException):
    if not isinstance(exc, (DomainError, HTTPException)):
        _log_unexpected(exc)
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001 - the session may be unusable; the response must still go out
            pass
    return render(failure_of(exc))


def register_error_handling(app: Flask) -> None:
    app.register_error_handler(DomainError, _handle)
    app.register_error_handler(HTTPException, _handle)
    app.register_error_handler(Exception, _handle)
