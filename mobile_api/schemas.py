"""Shared schema pieces: strict base schema, bounded fields, pagination and the problem document."""
from __future__ import annotations

import datetime as dt

import marshmallow as ma
from marshmallow import fields, validate

from backend.i18n import N_, Msg, add_messages

MAX_PAGE_SIZE = 100
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

    Every schema of the API derives from this one, so the rules for numbers and dates below hold for every field
    without each field saying so: integers are strict, dates and times stay within MIN_YEAR..MAX_YEAR.
    """

    class Meta:
        unknown = ma.RAISE
        ordered = True

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
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


class PageArgs(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_PAGE_SIZE),
                           metadata={"description": f"items per page (at most {MAX_PAGE_SIZE})"})
    cursor = text(500, load_default=None, metadata={"description": "next_cursor of the previous page"})


def page_of(item_schema: type[ma.Schema], name: str) -> type[ma.Schema]:
    return type(name, (Schema,), {
        "items": fields.List(fields.Nested(item_schema), required=True),
        "next_cursor": fields.String(allow_none=True, required=True,
                                     metadata={"description": "pass as cursor for the next page; null at the end"}),
    })


def as_page(result) -> dict:
    items, next_cursor = result
    return {"items": items, "next_cursor": next_cursor}


class ProblemSchema(Schema):
    """RFC 9457 problem details."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()),
                         metadata={"description": "per-field messages, keyed by dotted field path"})
