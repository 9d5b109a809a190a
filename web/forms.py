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
- ``values`` are fixed values the view adds (e.g. the municipality of the page), by path;
- ``blank`` says what a field left blank stands for where that is not "missing", by path: None (JSON null, e.g.
  "no minimum age" on an edit form), "" (a text emptied), [] (no box ticked), or {} for a Nested schema that must
  be filled in (its fields are then each "missing").
"""
from __future__ import annotations

import uuid
from datetime import date, datetime, time
from typing import Any, Callable, Mapping

import marshmallow as ma
from flask import abort, request
from flask_babel import get_locale, gettext
from marshmallow import fields

from backend.errors import InvalidInput
from backend.i18n import translate, translate_field_message
from backend.localtime import local_zone
from backend.schemas import field_messages

TICKED = ("on", "1", "yes", "true")


class Unreadable(ValueError):
    """A form-only format error (e.g. "twelve euros"), with the sentence to show under the field."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def local_moment(day_field: str, clock_field: str):
    """A converter for ``load_form``: the form's date and clock time (local to the municipality) as the schema's
    moment, ISO 8601 with its offset; None (missing) when either is blank."""
    def read(form) -> str | None:
        day, clock = form.get(day_field, "").strip(), form.get(clock_field, "").strip()
        if not day or not clock:
            return None
        try:
            return datetime.combine(date.fromisoformat(day), time.fromisoformat(clock),
                                    tzinfo=local_zone()).isoformat()
        except ValueError:
            raise Unreadable(gettext("Give a date and a time.")) from None
    return read


def text(name: str, max_length: int, *, strip: bool = True) -> str:
    value = request.form.get(name, "")
    value = value.strip() if strip else value
    return value[:max_length]


def checked(name: str) -> bool:
    return request.form.get(name) in TICKED


def form_uuid(name: str) -> uuid.UUID | None:
    """A form's id field (a chosen shop, gift, ...); None when it is not a UUID."""
    try:
        return uuid.UUID(request.form.get(name, ""))
    except ValueError:
        return None


def uuid_or_404(value: str) -> uuid.UUID:
    """An id in the URL: one that is not a UUID is simply not found."""
    try:
        return uuid.UUID(value)
    except ValueError:
        abort(404)


class _Reading:
    """One form being read: where its values come from, and the form-only errors found on the way."""

    def __init__(self, form, names, convert, values, blank):
        self.form, self.names, self.convert, self.values, self.blank = form, names, convert, values, blank
        self.unreadable: dict[str, list[str]] = {}


_MISSING = object()


def load_form(schema: ma.Schema | type[ma.Schema], *, names: Mapping[str, str] | None = None,
              convert: Mapping[str, Callable[[Any], Any]] | None = None, values: Mapping[str, Any] | None = None,
              blank: Mapping[str, Any] | None = None, form=None) -> tuple[dict, dict[str, list[str]]]:
    """(the loaded data, {}), or (what was typed, in the schema's shape, {form field: [sentence, ...]}) for a form
    that does not fit the schema: the page re-shows the form with what was typed and the errors."""
    schema = schema() if isinstance(schema, type) else schema
    reading = _Reading(request.form if form is None else form, dict(names or {}), dict(convert or {}),
                       dict(values or {}), dict(blank or {}))
    raw = _read(schema, "", reading)
    try:
        data = schema.load(raw)
    except ma.ValidationError as exc:
        locale = str(get_locale())
        errors = _renamed(reading.unreadable, reading.names)
        for path, messages in field_messages(exc.messages).items():
            if path not in reading.unreadable:
                errors.setdefault(_form_name(path, reading.names), []).extend(
                    translate_field_message(m, locale) for m in messages)
        return raw, errors
    if reading.unreadable:
        return raw, _renamed(reading.unreadable, reading.names)
    return data, {}


def _read(schema: ma.Schema, prefix: str, reading: _Reading) -> dict:
    raw: dict = {}
    for key, field in schema.fields.items():
        if field.dump_only:
            continue
        path = f"{prefix}{field.data_key or key}"
        if path in reading.values:
            value = reading.values[path]
        else:
            value = _value(field, path, reading)
            if value is _MISSING:
                value = reading.blank.get(path, _MISSING)
        if value is not _MISSING:
            raw[field.data_key or key] = value
    return raw


def _value(field: fields.Field, path: str, reading: _Reading):
    """The field's value for the schema, or _MISSING."""
    form = reading.form
    if path in reading.convert:
        try:
            value = reading.convert[path](form)
        except Unreadable as exc:
            reading.unreadable[path] = [exc.message]
            return _MISSING
        return _MISSING if value is None else value
    name = reading.names.get(path, path)
    if isinstance(field, fields.Nested) and not field.many:
        nested = _read(field.schema, f"{path}.", reading)
        filled = any(v is not False for v in nested.values())
        return nested if filled or (field.required and path not in reading.blank) else _MISSING
    if isinstance(field, fields.Boolean):
        return form.get(name, "").strip().lower() in TICKED
    if isinstance(field, fields.List):
        items = [item.strip() for item in form.getlist(name) if item.strip()]
        return items or _MISSING
    value = form.get(name, "").strip()
    return value or _MISSING


def _form_name(path: str, names: Mapping[str, str]) -> str:
    """The form field an error belongs to: the field's own name, or that of the nearest renamed parent; an item
    of a list (``required_skills.2``) belongs to the list."""
    path = ".".join(part for part in path.split(".") if not part.isdigit())
    probe = path
    while probe:
        if probe in names:
            return names[probe]
        probe = probe.rpartition(".")[0]
    return path


def _renamed(errors: dict[str, list[str]], names: Mapping[str, str]) -> dict[str, list[str]]:
    return {_form_name(path, names): messages for path, messages in errors.items()}


def attempt(errors: dict, operation: Callable[[], object], rename: dict[str, str] | None = None) -> dict:
    """Run ``operation`` when the form was read without errors. The errors to show again with the form: the form's
    own, or the operation's refusal (InvalidInput) named as the form names its fields; none when it was done."""
    if errors:
        return errors
    try:
        operation()
    except InvalidInput as exc:
        return field_errors(exc, rename)
    return {}


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
