"""The API's schema pieces: pagination, the problem document, and the references to a place, an organisation or
a skill that many answers carry (one schema each, so that they read alike everywhere). The strict base schema and
bounded fields are backend.schemas' (the input schemas live with their feature, backend/<feature>/schemas.py); they
are named here too, for the response schemas."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from backend.errors import InvalidInput
from backend.schemas import Schema, text

MAX_PAGE_SIZE = 100


class FormerQueryKeys(Schema):
    """A query schema whose keys were renamed to camelCase in API 1.1 (Dutch API Design Rules,
    /core/query-keys-camel-case): the former snake_case key (the field's own name) is still accepted during 1.1
    and refused from 1.2 on. The document names only the new key."""

    @ma.pre_load
    def _former_keys(self, data, **kwargs):
        former = self._renamed()
        if not any(key in former for key in data):
            return data
        return {former.get(key, key): data[key] for key in data}

    def in_query_keys(self, error: InvalidInput) -> InvalidInput:
        """An operation's refusal names the fields as the operation knows them (within_km): name the query keys."""
        error.errors = {self._renamed().get(name, name): reasons for name, reasons in error.errors.items()}
        return error

    def _renamed(self) -> dict[str, str]:
        return {name: field.data_key for name, field in self.fields.items() if field.data_key == _camel(name)}


def _camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(word.title() for word in rest)


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


class InvalidParam(Schema):
    """One reason why a field of the request was refused (Dutch API Design Rules, invalid-params)."""

    name = fields.String(required=True, metadata={"description": "the field: its dotted path in the body or query"})
    reason = fields.String(required=True, metadata={"description": "why, in the language of the answer"})


class ProblemSchema(Schema):
    """RFC 9457 problem details. Invalid input (status 400) names the fields in invalid-params and in errors."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    invalid_params = fields.List(fields.Nested(InvalidParam), data_key="invalid-params",
                                 metadata={"description": "invalid input: one entry per field and reason"})
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()),
                         metadata={"description": "invalid input: the same reasons keyed by field (dotted path)"})


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
