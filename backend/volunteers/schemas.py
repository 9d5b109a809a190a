"""The input of the volunteer's profile (shape only): the API's JSON (PUT and PATCH /me/profile) and each step of
the profile's web pages are loaded through ProfileInSchema. The rules (known codes, slots that do not overlap,
a postcode DoeMee serves, only staff mark a VOG valid) are the operations' (backend.volunteers.operations)."""
from __future__ import annotations

from marshmallow import fields, validate

from backend.schemas import Schema, text
from backend.volunteers.models import PREFERENCES
from backend.volunteers.operations import WEEKDAYS

TIME = validate.Regexp(r"^([01][0-9]|2[0-4]):[0-5][0-9]$", error="Use HH:MM (00:00-24:00).")


class SkillLevelSchema(Schema):
    code = text(40, required=True)
    level = fields.Integer(load_default=1, validate=validate.Range(1, 3),
                           metadata={"description": "1 beginner, 2 experienced, 3 expert"})


class SlotSchema(Schema):
    weekday = fields.String(required=True, validate=validate.OneOf(WEEKDAYS))
    start = fields.String(required=True, validate=TIME, metadata={"description": "HH:MM, Europe/Amsterdam"})
    end = fields.String(required=True, validate=TIME, metadata={"description": "HH:MM, exclusive, up to 24:00"})


class ExceptionSchema(Schema):
    date = fields.Date(required=True)
    start = fields.String(load_default=None, allow_none=True, validate=TIME)
    end = fields.String(load_default=None, allow_none=True, validate=TIME)
    available = fields.Boolean(load_default=False,
                               metadata={"description": "false: not available then; true: extra available"})


class ProfileInSchema(Schema):
    display_name = text(80, min_length=1)
    postcode = text(10, min_length=1, metadata={"description": "e.g. 3144 BA; only neighbourhood is derived"})
    travel_radius_km = fields.Float(validate=validate.Range(0, 100), allow_nan=False)
    languages = fields.List(text(3), validate=validate.Length(max=20))
    skills = fields.List(fields.Nested(SkillLevelSchema), validate=validate.Length(max=60))
    interests = fields.List(text(30), validate=validate.Length(max=30))
    availability = fields.List(fields.Nested(SlotSchema), validate=validate.Length(max=70))
    availability_exceptions = fields.List(fields.Nested(ExceptionSchema), validate=validate.Length(max=200))
    preference = fields.String(validate=validate.OneOf(PREFERENCES))
    max_commitments_per_month = fields.Integer(validate=validate.Range(0, 100))
    paused = fields.Boolean()
    birth_year = fields.Integer(allow_none=True, validate=validate.Range(1900, 2020))
    vog_status = fields.String(validate=validate.OneOf(["none", "requested", "valid"]),
                               metadata={"description": "a volunteer may say 'requested'; only staff set 'valid'"})
