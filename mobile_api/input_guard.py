"""Text the database or the rest of the code cannot hold is refused at the door, before any view, limiter or schema
sees it: NUL characters (PostgreSQL text cannot store them), lone UTF-16 surrogates (not encodable as UTF-8) and
JSON nested deeper than any request needs (Python's parser recurses). One check for every path segment, query
parameter and JSON string (keys included), so no field can forget it.
"""
from __future__ import annotations

import json

from flask import Flask, request

from backend.i18n import N_, Msg, add_messages
from mobile_api.problems import problem

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
                    # The key itself is the field name: report it in a form that can be shown and stored.
                    name = f"{where}.{key!r}" if where else repr(key)
                    errors.setdefault(name, []).append(reason)
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


def _check_request():
    if not request.path.startswith("/api/"):
        return None
    for value in (request.view_args or {}).values():
        if isinstance(value, str) and unstorable_text(value):
            return problem(404)
    errors: dict[str, list] = {}
    for key, values in request.args.lists():
        reasons = [unstorable_text(key)] + [unstorable_text(v) for v in values]
        for reason in filter(None, reasons):
            errors.setdefault(key if not unstorable_text(key) else repr(key), []).append(reason)
    if request.is_json and request.content_length != 0:
        try:
            body = json.loads(request.get_data(cache=True))
        except RecursionError:
            return problem(400, detail="detail.json_too_deep", limit=MAX_JSON_DEPTH)
        except ValueError:
            body = None  # not JSON: the schema's parser answers that (400)
        if _depth(body) > MAX_JSON_DEPTH:
            return problem(400, detail="detail.json_too_deep", limit=MAX_JSON_DEPTH)
        _json_errors(body, "", errors)
    if errors:
        return problem(422, "validation-error", "detail.validation", errors=errors)
    return None


def register_input_guard(app: Flask) -> None:
    # First of all before-request functions: the rate limiter's keys and the views read the same input.
    app.before_request_funcs.setdefault(None, []).insert(0, _check_request)
