"""The base of every input schema (shape only; the operations check the rules): a strict schema that refuses
unknown fields, bounded strings, strict integers and dates within a sane range.

Each feature keeps the schemas of its operations' input in ``backend/<feature>/schemas.py``; both surfaces load
through them: the API loads the JSON body, the web loads the form (web/forms.py ``load_form``). So the two accept
and refuse the same things, with the same message per field (``field_messages``).
"""
from __future__ import annotations

import datetime as dt

import marshmallow as ma
from marshmallow import fields

from backend.i18n import N_, Msg, add_messages

# Dates and times the API accepts: wide enough for any birth, shift or campaign, narrow enough that converting to
# UTC (up to 14 hours either way) or adding weeks of a rule never leaves Python's datetime range.
MIN_YEAR, MAX_YEAR = 1900, 2999

add_messages({"field.year_range": N_("Use a year from {min} to {max}.")})


class StrictInteger(fields.Integer):
    """An integer is an integer: 1.5 (or 1.0, or true) in a JSON body is refused, not rounded. Query strings
    ("5") still parse."""

    def _validated(self, value):
        if isinstance(value, (bool, float)):
            raise self.make_error("invalid")
        return super()._validated(value)


def _year_in_range(value) -> None:
    if isinstance(value, (dt.date, dt.datetime)) and not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ma.ValidationError(Msg("field.year_range", min=MIN_YEAR, max=MAX_YEAR))


class Schema(ma.Schema):
    """Unknown fields are an error (the default in marshmallow 4, said here so it stays that way).

    Every input schema derives from this one, so the rules for numbers and dates below hold for every field
    without each field saying so: integers are strict, dates and times stay within MIN_YEAR..MAX_YEAR.
    """

    class Meta:
        unknown = ma.RAISE
        ordered = True

    def on_bind_field(self, _field_name: str, field_obj: fields.Field) -> None:
        _harden(field_obj)


def _harden(field_obj: fields.Field) -> None:
    if type(field_obj) is fields.Integer:
        field_obj.__class__ = StrictInteger
    elif isinstance(field_obj, (fields.Date, fields.DateTime)) and _year_in_range not in field_obj.validators:
        field_obj.validators = [*field_obj.validators, _year_in_range]
    for inner in _inner_fields(field_obj):
        _harden(inner)


def _inner_fields(field_obj: fields.Field) -> list[fields.Field]:
    if isinstance(field_obj, fields.List):
        return [field_obj.inner]
    if isinstance(field_obj, fields.Tuple):
        return list(field_obj.tuple_fields)
    if isinstance(field_obj, fields.Dict):
        return [f for f in (field_obj.key_field, field_obj.value_field) if f is not None]
    return []


def text(max_length: int, *, min_length: int = 0, validate=None, **kwargs) -> fields.String:
    """A string with a bounded length (every string the API accepts is bounded)."""
    validators = [ma.validate.Length(min=min_length, max=max_length)]
    if validate is not None:
        validators.append(validate)
    return fields.String(validate=validators, **kwargs)


def field_messages(messages, prefix: str = "") -> dict[str, list]:
    """A ValidationError's nested messages as {dotted field path: [message, ...]}, the shape both surfaces report
    (``address.postcode``, ``required_skills.0``; errors of the whole schema under the path of its field)."""
    out: dict[str, list] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            if key == "_schema":
                name = prefix or "_schema"
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            for path, found in field_messages(value, name).items():
                out.setdefault(path, []).extend(found)
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        out.setdefault(prefix or "_schema", []).extend(messages)
    elif isinstance(messages, list):
        for item in messages:
            for path, found in field_messages(item, prefix).items():
                out.setdefault(path, []).extend(found)
    else:
        out.setdefault(prefix or "_schema", []).append(str(messages))
    return out
