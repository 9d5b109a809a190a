"""One error shape: RFC 9457 problem+json, in Dutch or English by Accept-Language. Never a stack trace."""
from __future__ import annotations

import logging

import sqlalchemy as sa

from flask import Flask, current_app, json, request
from werkzeug.exceptions import HTTPException

from backend.errors import DomainError
from backend.extensions import db
from backend.i18n import LOCALES, Msg, translate, translate_field_message

log = logging.getLogger("doemee.errors")

PROBLEM_TYPE_BASE = "https://doemee.nl/problems/"
_SLUG_BY_STATUS = {
    400: "bad-request", 401: "unauthorized", 403: "forbidden", 404: "not-found", 405: "method-not-allowed",
    409: "conflict", 412: "precondition-failed", 413: "payload-too-large", 415: "unsupported-media-type",
    422: "validation-error", 429: "too-many-requests", 500: "internal-error", 503: "service-unavailable",
}


def request_locale() -> str:
    default = current_app.extensions["doemee_config"]["DEFAULT_LOCALE"]
    return request.accept_languages.best_match(LOCALES, default=default) or default


def problem(status: int, slug: str | None = None, detail: str | None = None, *, errors: dict | None = None,
            headers: dict | None = None, **params):
    locale = request_locale()
    slug = slug or _SLUG_BY_STATUS.get(status, "bad-request")
    body = {
        "type": PROBLEM_TYPE_BASE + slug,
        "title": translate(slug, locale),
        "status": status,
        "detail": translate(detail, locale, **params) if detail else translate(slug, locale),
    }
    if errors:
        body["errors"] = {field: [translate_field_message(m, locale) for m in msgs] for field, msgs in errors.items()}
    response = current_app.response_class(json.dumps(body), status=status, mimetype="application/problem+json")
    response.headers["Content-Language"] = locale
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def flatten_messages(messages, prefix: str = "") -> dict[str, list]:
    """webargs/marshmallow nest messages by location and field; the API reports dotted field paths."""
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
        # A Msg (raised by a schema's validator) is translated with the rest, in problem().
        out.setdefault(prefix or "_schema", []).extend(messages)
    elif isinstance(messages, list):
        for item in messages:
            out.update(flatten_messages(item, prefix))
    else:
        out.setdefault(prefix or "_schema", []).append(str(messages))
    return out


def _web_page(status: int, exc: Exception | None = None):
    """Outside /api a person is looking: the web layer (if installed) renders an HTML page instead."""
    render = current_app.extensions.get("doemee_web_error_page")
    if render is None or request.path.startswith("/api/"):
        return None
    return render(status, exc)


def _handle_domain_error(exc: DomainError):
    page = _web_page(exc.status, exc)
    if page is not None:
        return page
    return problem(exc.status, exc.slug, exc.detail, errors=exc.errors, **exc.params)


def _handle_http_exception(exc: HTTPException):
    status = exc.code or 500
    page = _web_page(status if status < 500 else 500, exc)
    if page is not None:
        return page
    if status == 422:
        messages = (getattr(exc, "data", None) or {}).get("messages", {})
        return problem(422, "validation-error", "detail.validation", errors=flatten_messages(messages))
    if status == 413:
        return problem(413, detail="detail.body_too_large",
                       limit=current_app.extensions["doemee_config"]["MAX_REQUEST_BYTES"])
    if status == 429:
        return problem(429, detail="detail.rate_limited", headers=_retry_after(exc))
    if status == 415:
        return problem(415, detail="detail.not_json")
    if status == 400 and ("JSON" in (exc.description or "") or "Invalid JSON body." in str(getattr(exc, "data", ""))):
        return problem(400, detail="detail.malformed_json")
    headers = {}
    if status == 405 and hasattr(exc, "valid_methods") and exc.valid_methods:
        headers["Allow"] = ", ".join(exc.valid_methods)
    if status >= 500:
        return problem(500, "internal-error")
    return problem(status, headers=headers)


def _retry_after(exc) -> dict:
    limit = getattr(exc, "limit", None)
    seconds = 60
    if limit is not None and getattr(limit, "limit", None) is not None:
        seconds = int(limit.limit.get_expiry())
    return {"Retry-After": str(seconds)}


def _handle_unexpected(exc: Exception):
    if isinstance(exc, HTTPException):
        return _handle_http_exception(exc)
    if isinstance(exc, sa.exc.OperationalError):
        # The database is busy or away (a restarting server, no connection left, a lock held too long): the
        # request did nothing and may be repeated, which is a 503 with Retry-After, not a bug (500).
        from backend.diagnosis import explain

        log.warning("%s %s: %s", request.method, request.url_rule, explain(exc))
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001 - the session may be unusable; the response must still go out
            pass
        return problem(503, "service-unavailable", headers={"Retry-After": "5"})
    # The type and where it happened are enough to find it; the message may contain personal data.
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    where = f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}" if tb else "?"
    log.error("unhandled %s at %s on %s %s", type(exc).__name__, where, request.method, request.url_rule)
    try:
        db.session.rollback()
    except Exception:  # the session may be unusable; the response must still go out
        pass
    return _web_page(500, exc) or problem(500, "internal-error")


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(DomainError, _handle_domain_error)
    app.register_error_handler(HTTPException, _handle_http_exception)
    app.register_error_handler(Exception, _handle_unexpected)
