"""Reading forms through the operation's own input schema, and the operations' per-field errors in the page's language.

One contract per operation: the schema in ``backend/<feature>/schemas.py`` says what shape is valid, for the API's
JSON and for the form alike. ``load_form`` turns the posted form (a MultiDict of strings) into the schema's dict
shape and loads it; a field that is wrong gets the same message the API would report for it, in the page's
language. Views stay thin: ``load_form`` -> one operation -> render (``field_errors`` for what the operation
refuses).

How a form maps to the schema:
- a field's form name is its dotted path (``address.street``) unless ``names`` gives another (``street``); the same
  mapping names the errors on the way back;
- an empty (or blank) field is missing, as if the JSON had left it out;
- a Boolean is a checkbox: ticked ("on", "1", "yes", "true") is true, absent is false;
- a List is every value posted under its name (``getlist``), blanks dropped;
- a Nested schema is read field by field (its fields' names are prefixed, or renamed); it is left out when none of
  them was filled in, unless it is required;
- ``convert`` reads fields the form writes otherwise than the JSON (euros for cents, a date and a time for a
  moment): path -> function(form) returning the value for the schema, or None for missing; raising
  ``Unreadable(message)`` reports a form-only message under that field;
- ``values`` are fixed values the view adds (e.g. the municipality of the page), by path.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

import marshmallow as ma
from flask import request
from flask_babel import get_locale
from marshmallow import fields

from backend.i18n import translate, translate_field_message
from backend.schemas import field_messages

TICKED = ("on", "1", "yes", "true")


class Unreadable(ValueError):
    """A form-only format error (e.g. "twelve euros"), with the sentence to show under the field."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def text(name: str, max_length: int, *, strip: bool = True) -> str:
    value = request.form.get(name, "")
    value = value.strip() if strip else value
    return value[:max_length]


def checked(name: str) -> bool:
    return request.form.get(name) in TICKED


def load_form(schema: ma.Schema | type[ma.Schema], *, names: Mapping[str, str] | None = None,
              convert: Mapping[str, Callable[[Any], Any]] | None = None, values: Mapping[str, Any] | None = None,
              form=None) -> tuple[dict, dict[str, list[str]]]:
    """(the loaded data, {}) or ({}, {form field: [sentence, ...]}) for a form that does not fit the schema."""
    schema = schema() if isinstance(schema, type) else schema
    form = request.form if form is None else form
    names, convert, values = dict(names or {}), dict(convert or {}), dict(values or {})
    unreadable: dict[str, list[str]] = {}
    raw = _read(schema, "", form, names, convert, values, unreadable)
    try:
        data = schema.load(raw)
    except ma.ValidationError as exc:
        locale = str(get_locale())
        errors = {_form_name(path, names): [translate_field_message(m, locale) for m in messages]
                  for path, messages in field_messages(exc.messages).items() if path not in unreadable}
        return {}, {**_renamed(unreadable, names), **errors}
    if unreadable:
        return {}, _renamed(unreadable, names)
    return data, {}


def _read(schema: ma.Schema, prefix: str, form, names, convert, values, unreadable) -> dict:
    raw: dict = {}
    for key, field in schema.fields.items():
        if field.dump_only:
            continue
        path = f"{prefix}{field.data_key or key}"
        if path in values:
            raw[field.data_key or key] = values[path]
            continue
        value = _value(field, path, form, names, convert, values, unreadable)
        if value is not None:
            raw[field.data_key or key] = value
    return raw


def _value(field: fields.Field, path: str, form, names, convert, values, unreadable):
    if path in convert:
        try:
            return convert[path](form)
        except Unreadable as exc:
            unreadable[path] = [exc.message]
            return None
    name = names.get(path, path)
    if isinstance(field, fields.Nested) and not field.many:
        nested = _read(field.schema, f"{path}.", form, names, convert, values, unreadable)
        filled = {k: v for k, v in nested.items() if v is not False}
        return nested if filled or field.required else None
    if isinstance(field, fields.Boolean):
        return form.get(name, "").strip().lower() in TICKED
    if isinstance(field, fields.List):
        items = [item.strip() for item in form.getlist(name) if item.strip()]
        return items or None
    value = form.get(name, "").strip()
    return value or None


def _form_name(path: str, names: Mapping[str, str]) -> str:
    """The form field an error belongs to: the field's own name, or that of the nearest renamed parent."""
    probe = path
    while probe:
        if probe in names:
            return names[probe]
        probe = probe.rpartition(".")[0]
    return path


def _renamed(errors: dict[str, list[str]], names: Mapping[str, str]) -> dict[str, list[str]]:
    return {_form_name(path, names): messages for path, messages in errors.items()}


def field_errors(exc, rename: dict[str, str] | None = None) -> dict[str, list[str]]:
    """{form field: [sentence, ...]} from a DomainError; errors without a field go under "_form"."""
    locale = str(get_locale())
    out: dict[str, list[str]] = {}
    for field, messages in (getattr(exc, "errors", None) or {}).items():
        key = _form_name(field, rename or {})
        out.setdefault(key, []).extend(translate_field_message(m, locale) for m in messages)
    if not out:
        out["_form"] = [translate(exc.detail, locale, **exc.params)]
    return out
