"""The input of the neighbourhoods' operations (shape only), for the API's JSON and the staff's web form alike; who
may change them, and the slug taken, are the operations' (backend.places.operations)."""
from __future__ import annotations

from marshmallow import fields, validate

from backend.schemas import Schema, text


class NeighbourhoodCreateSchema(Schema):
    slug = text(80, min_length=1, required=True, validate=validate.Regexp(r"^[a-z0-9-]+$"))
    name = text(120, min_length=1, required=True)
    district = text(120, min_length=1, required=True)
    latitude = fields.Float(required=True, validate=validate.Range(-90, 90), allow_nan=False)
    longitude = fields.Float(required=True, validate=validate.Range(-180, 180), allow_nan=False)
    is_focus = fields.Boolean(load_default=False)
    focus_weight = fields.Float(load_default=1.0, validate=validate.Range(0.1, 10), allow_nan=False)


class NeighbourhoodPatchSchema(Schema):
    name = text(120, min_length=1)
    district = text(120, min_length=1)
    latitude = fields.Float(validate=validate.Range(-90, 90), allow_nan=False)
    longitude = fields.Float(validate=validate.Range(-180, 180), allow_nan=False)
    is_focus = fields.Boolean()
    focus_weight = fields.Float(validate=validate.Range(0.1, 10), allow_nan=False)
