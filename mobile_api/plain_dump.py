"""Dump a response schema's data without marshmallow's per-field machinery, for the lists served most.

``plain_dumper(Schema)`` reads the schema's fields once and returns a function that turns the operation's results
(frozen dataclasses, or dicts) into exactly what ``Schema().dump`` would return (the same keys, the same values:
UUIDs and strings as text, datetimes as ISO 8601, nested schemas and lists recursively). The schema stays the one
source of the OpenAPI document; a field kind not listed below is refused when the dumper is built, never guessed.
tests/api/test_plain_dump.py checks the dumpers against ``Schema().dump`` on the lists' own responses.
"""
from __future__ import annotations

from typing import Any, Callable

import marshmallow as ma
from marshmallow import fields

Dump = Callable[[Any], Any]


def _text(value):
    return value if type(value) is str else str(value)


_SCALARS: tuple[tuple[type, Dump], ...] = (
    (fields.UUID, str),
    (fields.String, _text),
    (fields.Boolean, bool),
    (fields.Integer, int),
    (fields.Float, float),
)


def plain_dumper(schema: type[ma.Schema] | ma.Schema) -> Callable[[dict], dict]:
    instance = schema() if isinstance(schema, type) else schema
    steps = [(field.data_key or name, field.attribute or name, _converter(field))
             for name, field in instance.dump_fields.items()]

    def dump(obj) -> dict:
        get = obj.__getitem__ if type(obj) is dict else obj.__getattribute__  # a page is a dict, its items results
        out = {}
        for key, attr, convert in steps:
            value = get(attr)
            out[key] = None if value is None else convert(value)
        return out

    return dump


def _converter(field: fields.Field) -> Dump:
    if isinstance(field, fields.Nested):
        if field.many:
            raise TypeError("Nested(many=True): use List(Nested(...))")
        return plain_dumper(field.schema)
    if isinstance(field, fields.List):
        inner = _converter(field.inner)
        return lambda values: [None if v is None else inner(v) for v in values]
    if type(field) is fields.Dict and field.key_field is None and field.value_field is None:
        return dict  # what marshmallow does with an untyped mapping: a copy
    if isinstance(field, fields.DateTime) and type(field) in (fields.DateTime, fields.AwareDateTime):
        if field.format not in (None, "iso", "iso8601"):
            raise TypeError(f"DateTime format {field.format!r}")
        return lambda value: value.isoformat()
    for kind, convert in _SCALARS:
        if type(field) is kind or (kind is fields.Integer and isinstance(field, fields.Integer)
                                   and not isinstance(field, fields.Decimal)):
            return convert
    raise TypeError(f"no plain dump for {type(field).__name__}")
