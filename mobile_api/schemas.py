"""The API's schema pieces: pagination, the problem document, and the references to a place, an organisation or
a skill that many answers carry (one schema each, so that they read alike everywhere). The strict base schema and
bounded fields are backend.schemas' (the input schemas live with their feature, backend/<feature>/schemas.py); they
are named here too, for the response schemas."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from backend.schemas import Schema, text

MAX_PAGE_SIZE = 100


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


class MunicipalityRef(Schema):
    """A municipality as other answers name it."""

    slug = fields.String(required=True)
    name = fields.String(required=True)


class NeighbourhoodRef(Schema):
    """A neighbourhood (buurt) as other answers name it, with its district (wijk); never its centroid."""

    slug = fields.String(required=True)
    name = fields.String(required=True)
    district = fields.String(required=True)


class FocusNeighbourhoodRef(NeighbourhoodRef):
    """A neighbourhood with whether it is a focus neighbourhood (aandachtsbuurt)."""

    is_focus = fields.Boolean(required=True)


class ApproximateLocation(Schema):
    """Latitude and longitude of an approximate place."""

    latitude = fields.Float(required=True)
    longitude = fields.Float(required=True)


class OrganisationRef(Schema):
    """The organisation behind an activity."""

    id = fields.UUID(required=True)
    name = fields.String(allow_none=True, required=True)


class Registration(Schema):
    """What the municipality decided about a registration (an organisation, a shop): verified, or turned down with
    a reason its people read."""

    verified = fields.Boolean(required=True)
    verified_at = fields.DateTime(allow_none=True, required=True)
    rejected_at = fields.DateTime(allow_none=True, metadata={"description": "the municipality turned it down"})
    rejection_reason = fields.String(allow_none=True, metadata={"description": "why, in the staff member's words"})


class ShiftTimes(Schema):
    """When a shift is and how many people it takes, as every answer about a shift gives it."""

    starts_at = fields.DateTime(required=True)
    ends_at = fields.DateTime(required=True)
    capacity = fields.Integer(required=True)


class SkillLevelRef(Schema):
    """A skill code with the level a volunteer gave it."""

    code = fields.String(required=True)
    level = fields.Integer(required=True)
