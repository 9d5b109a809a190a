"""Shared schema pieces: strict base schema, bounded fields, pagination and the problem document."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

MAX_PAGE_SIZE = 100


class Schema(ma.Schema):
    """Unknown fields are an error (the default in marshmallow 4, said here so it stays that way)."""

    class Meta:
        unknown = ma.RAISE
        ordered = True


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
