"""The input of the vacancies' and shifts' operations (shape only), for the API's JSON and the coordinators' web
forms alike. The rules (known codes, a place or remote, a weekly rule only for a regular vacancy, its times in
order) are the operations' (backend.opportunities.operations)."""
from __future__ import annotations

from marshmallow import fields, validate

from backend.opportunities.models import COMMITMENTS, CONTACT_CHANNELS
from backend.opportunities.recurrence import WEEKDAYS
from backend.schemas import Schema, text

TIME = validate.Regexp(r"^([01][0-9]|2[0-3]):[0-5][0-9]$", error="Use HH:MM (00:00-23:59).")
CODE_LIST = dict(validate=validate.Length(max=20))


class WeeklyRuleSchema(Schema):
    weekdays = fields.List(fields.String(validate=validate.OneOf(WEEKDAYS)), required=True,
                           validate=validate.Length(min=1, max=7))
    start = fields.String(required=True, validate=TIME, metadata={"description": "HH:MM, Europe/Amsterdam"})
    end = fields.String(required=True, validate=TIME, metadata={"description": "HH:MM, Europe/Amsterdam"})
    capacity = fields.Integer(required=True, validate=validate.Range(1, 1000))
    weeks = fields.Integer(required=True, validate=validate.Range(1, 26),
                           metadata={"description": "how many weeks ahead shifts are generated"})
    starting = fields.Date(required=True, metadata={"description": "first day of the rule"})


class PlaceSchema(Schema):
    """Where volunteers go: an address of the organisation; its postcode is the vacancy's."""
    name = text(120, metadata={"description": "e.g. Buurthuis De Lijster"})
    street = text(120, min_length=1, required=True, metadata={"description": "street and number"})
    directions = text(300, metadata={"description": "e.g. the side entrance, ring twice"})
    latitude = fields.Float(allow_none=True, allow_nan=False, validate=validate.Range(-90, 90),
                            metadata={"description": "with longitude: the map link points at it exactly"})
    longitude = fields.Float(allow_none=True, allow_nan=False, validate=validate.Range(-180, 180))


class VacancyContactSchema(Schema):
    person_id = fields.UUID(required=True, metadata={"description": "one of the organisation's coordinators"})
    channel = fields.String(required=True, validate=validate.OneOf(CONTACT_CHANNELS))
    phone = text(20, allow_none=True, metadata={"description": "a Dutch number, for channel phone"})


class VacancyPatchSchema(Schema):
    title = text(120, min_length=1)
    description = text(5000)
    category = text(30, metadata={"description": "one of the taxonomy's interests"})
    required_skills = fields.List(text(40), **CODE_LIST)
    nice_skills = fields.List(text(40), **CODE_LIST)
    postcode = text(10, allow_none=True, metadata={"description": "only its neighbourhood is kept public"})
    remote = fields.Boolean(metadata={"description": "at home or online: no place"})
    place = fields.Nested(PlaceSchema, allow_none=True, metadata={"description": "null: none (yet)"})
    contact = fields.Nested(VacancyContactSchema, allow_none=True, metadata={"description": "the contact person"})
    max_distance_km = fields.Float(allow_none=True, allow_nan=False, validate=validate.Range(0, 100))
    requires_vog = fields.Boolean()
    min_age = fields.Integer(allow_none=True, validate=validate.Range(0, 100))
    languages = fields.List(text(3), **CODE_LIST)
    commitment = fields.String(validate=validate.OneOf(COMMITMENTS))
    recurrence = fields.Nested(WeeklyRuleSchema, allow_none=True,
                               metadata={"description": "weekly rule of a regular vacancy"})


class VacancyInSchema(VacancyPatchSchema):
    title = text(120, min_length=1, required=True)
    category = text(30, required=True, metadata={"description": "one of the taxonomy's interests"})


class ShiftInSchema(Schema):
    starts_at = fields.DateTime(required=True, metadata={"description": "ISO 8601 with offset"})
    ends_at = fields.DateTime(required=True, metadata={"description": "ISO 8601 with offset"})
    capacity = fields.Integer(required=True, validate=validate.Range(max=1000))


class ShiftPatchSchema(Schema):
    starts_at = fields.DateTime(metadata={"description": "ISO 8601 with offset"})
    ends_at = fields.DateTime(metadata={"description": "ISO 8601 with offset"})
    capacity = fields.Integer(validate=validate.Range(max=1000))


DAY_PARTS = ("morning", "afternoon", "evening")
SORTS = ("date", "distance")


class SearchInSchema(Schema):
    """What a visitor searches the open vacancies and initiatives by (the query string of the open list)."""

    near = text(60, load_default=None, metadata={"description": "a postcode (3144 or 3144 BA) or a neighbourhood"})
    within_km = fields.Integer(load_default=None, validate=validate.OneOf((1, 2, 5, 10, 25)),
                               metadata={"description": "needs near"})
    kind = fields.String(load_default=None, validate=validate.OneOf(("vacancy", "initiative_task")))
    category = text(30, load_default=None)
    weekdays = fields.List(fields.String(validate=validate.OneOf(WEEKDAYS)), load_default=list,
                           validate=validate.Length(max=7))
    day_part = fields.String(load_default=None, validate=validate.OneOf(DAY_PARTS))
    commitment = fields.String(load_default=None, validate=validate.OneOf(COMMITMENTS))
    sort = fields.String(load_default="date", validate=validate.OneOf(SORTS))
    page = fields.Integer(load_default=1, validate=validate.Range(1, 500))
