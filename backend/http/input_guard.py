"""Text the database or the rest of the code cannot hold is refused at the door, before any view, limiter, session
lookup or schema sees it: NUL characters (PostgreSQL text cannot store them), lone UTF-16 surrogates (not encodable
as UTF-8) and JSON nested deeper than any request needs (Python's parser recurses). One check for every request of
either surface and every part of it a view may read: the path, the query string, the headers (cookies included),
the form (names, values, file names) and JSON (strings and keys), so no field can forget it.

The refusal is a domain error like any other: the API answers 422 problem+json naming the fields, a page answers
its error page (backend.http.errors picks the surface's renderer).
"""
from __future__ import annotations

import json

from flask import request

from backend.errors import DomainError, InvalidInput, NotFound
from backend.i18n import N_, Msg, add_messages

MAX_JSON_DEPTH = 32

add_messages({
    "field.nul_character": N_("Contains a NUL character (\\u0000), which is not allowed."),
    "field.lone_surrogate": N_("Contains an invalid character (a lone UTF-16 surrogate)."),
    "detail.json_too_deep": N_("The body is nested more than {limit} levels deep."),
})


def unstorable_text(value: str) -> Msg | None:
    """Why a string cannot be accepted, or None if it can."""
    if "\x00" in value:
        return Msg("field.nul_character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return Msg("field.lone_surrogate")
    return None


def _shown(name: str) -> str:
    # A field whose name itself cannot be stored is reported in a form that can be shown and stored.
    return repr(name) if unstorable_text(name) else name


def _pairs_errors(pairs, errors: dict[str, list]) -> None:
    """(name, [values]) pairs: the query string, the form, the headers."""
    for name, values in pairs:
        for reason in filter(None, [unstorable_text(name)] + [unstorable_text(v) for v in values]):
            errors.setdefault(_shown(name), []).append(reason)


def _json_errors(value, path: str, errors: dict[str, list]) -> None:
    """Walks a parsed JSON value without recursion (its depth is already bounded, but a loop needs no stack)."""
    stack = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            reason = unstorable_text(item)
            if reason:
                errors.setdefault(where or "_schema", []).append(reason)
        elif isinstance(item, dict):
            for key, sub in item.items():
                name = f"{where}.{key}" if where else key
                reason = unstorable_text(key)
                if reason:
                    errors.setdefault(f"{where}.{key!r}" if where else repr(key), []).append(reason)
                    continue
                stack.append((sub, name))
        elif isinstance(item, list):
            stack.extend((sub, f"{where}.{i}" if where else str(i)) for i, sub in enumerate(item))


def _depth(value) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            if depth > MAX_JSON_DEPTH:
                break
            stack.extend((sub, depth + 1) for sub in (item.values() if isinstance(item, dict) else item))
    return deepest


def _too_deep() -> DomainError:
    return DomainError("detail.json_too_deep", limit=MAX_JSON_DEPTH)


def check_request() -> None:
    """before_request: raise when any part of the request holds text that cannot be accepted."""
    for value in (request.view_args or {}).values():
        if isinstance(value, str) and unstorable_text(value):
            raise NotFound()
    errors: dict[str, list] = {}
    _pairs_errors(request.args.lists(), errors)
    _pairs_errors(((name, [value]) for name, value in request.headers.items()), errors)
    if request.method not in ("GET", "HEAD", "OPTIONS") and request.mimetype in (
            "application/x-www-form-urlencoded", "multipart/form-data"):
        # Reading the form applies the request's body limit (413 for too much), as any later reader would.
        _pairs_errors(request.form.lists(), errors)
        _pairs_errors(((name, [f.filename or "" for f in files]) for name, files in request.files.lists()), errors)
    if request.is_json and request.content_length != 0:
        try:
            body = json.loads(request.get_data(cache=True))
        except RecursionError:
            raise _too_deep() from None
        except ValueError:
            body = None  # not JSON: the schema's parser answers that (400)
        if _depth(body) > MAX_JSON_DEPTH:
            raise _too_deep()
        _json_errors(body, "", errors)
    if errors:
        raise InvalidInput("detail.validation", errors=errors)
