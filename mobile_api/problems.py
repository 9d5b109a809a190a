"""One error shape for the API: RFC 9457 problem+json, in Dutch or English by Accept-Language. Never a stack trace.

Which failure gets which status and message is decided once for both surfaces (backend.http.errors); this is
only how the API shows it. One difference: invalid input (a failure with status 422, which the pages keep) answers
400 Bad Request here, as the Dutch API Design Rules require (/core/error-handling/invalid-input), with the fields
in ``invalid-params`` (a list of {name, reason}) and, as before, in ``errors`` (field -> messages)."""
from __future__ import annotations

from flask import Flask, current_app, json, request

from backend.http.errors import Failure, register_surface, slug_for
from backend.i18n import LOCALES, translate, translate_field_message

PROBLEM_TYPE_BASE = "https://doemee.nl/problems/"
# The status of invalid input in the API (Dutch API Design Rules); the pages answer it with 422.
INVALID_INPUT_STATUS = 400


def request_locale() -> str:
    default = current_app.extensions["doemee_config"]["DEFAULT_LOCALE"]
    return request.accept_languages.best_match(LOCALES, default=default) or default


def problem(status: int, slug: str | None = None, detail: str | None = None, *, errors: dict | None = None,
            headers: dict | None = None, **params):
    locale = request_locale()
    slug = slug or slug_for(status)
    body = {
        "type": PROBLEM_TYPE_BASE + slug,
        "title": translate(slug, locale),
        "status": status,
        "detail": translate(detail, locale, **params) if detail else translate(slug, locale),
    }
    if errors:
        body["errors"] = {field: [translate_field_message(m, locale) for m in msgs] for field, msgs in errors.items()}
        body["invalid-params"] = [{"name": field, "reason": reason}
                                  for field, reasons in body["errors"].items() for reason in reasons]
    response = current_app.response_class(json.dumps(body), status=status, mimetype="application/problem+json")
    response.headers["Content-Language"] = locale
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def render_failure(failure: Failure):
    """The API's renderer of the shared error handling (backend.http.errors)."""
    status = INVALID_INPUT_STATUS if failure.status == 422 else failure.status
    return problem(status, failure.slug, failure.detail, errors=failure.errors, headers=failure.headers,
                   **failure.params)


def register_renderer(app: Flask, owns) -> None:
    register_surface(app, "api", owns, render_failure)
