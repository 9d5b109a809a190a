"""Reading forms: bounded text fields, and the operations' per-field errors in the page's language.

Views stay thin: read the fields here, call one operation, render. The operations check the rules and say what is
wrong per field (``InvalidInput.errors``); ``field_errors`` turns that into sentences for the form.
"""
from __future__ import annotations

from flask import request
from flask_babel import get_locale

from backend.i18n import translate, translate_field_message


def text(name: str, max_length: int, *, strip: bool = True) -> str:
    value = request.form.get(name, "")
    value = value.strip() if strip else value
    return value[:max_length]


def checked(name: str) -> bool:
    return request.form.get(name) in ("on", "1", "yes", "true")


def field_errors(exc, rename: dict[str, str] | None = None) -> dict[str, list[str]]:
    """{form field: [sentence, ...]} from a DomainError; errors without a field go under "_form"."""
    locale = str(get_locale())
    out: dict[str, list[str]] = {}
    for field, messages in (getattr(exc, "errors", None) or {}).items():
        key = (rename or {}).get(field, field)
        out.setdefault(key, []).extend(translate_field_message(m, locale) for m in messages)
    if not out:
        out["_form"] = [translate(exc.detail, locale, **exc.params)]
    return out
