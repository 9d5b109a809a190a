"""The open search of /vacatures as an API: the same filters (by place, distance, weekday, part of the day, kind,
category, commitment), loaded through the web's schema (backend.opportunities.schemas.SearchInSchema) with the
query keys in camelCase, and the same operation (backend.opportunities.search), so the page and the API accept
and refuse the same things. Open to anyone, as the page is: nothing personal is in it."""
from flask import current_app
from marshmallow import fields

from backend.errors import InvalidInput
from backend.models_base import utcnow
from backend.opportunities import search
from backend.opportunities.schemas import SearchInSchema
from mobile_api.blueprint import Blueprint
from mobile_api.schemas import Schema, text

blp = Blueprint("opportunity_search", __name__, description="The open search of vacancies and initiative tasks")


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


# What the query's keys mean, for the OpenAPI document (the web's schema describes only some of them).
_MEANING = {"kind": "vacancy (of an organisation) or initiative_task (of residents)",
            "category": "one of the taxonomy's interests, e.g. nature",
            "weekdays": "only with a shift on one of these days (mon ... sun; repeat the key for more)",
            "day_part": "only with a shift in this part of the day (local time)",
            "commitment": "one_off (now and then) or regular", "sort": "date (the next shift first) or distance",
            "page": "the page of the results, from 1"}


class SearchArgs(SearchInSchema):
    """SearchInSchema with camelCase query keys (Logius API Design Rules) and the municipality the page takes
    from its address."""

    municipality = text(60, load_default=None, metadata={
        "description": "slug of the municipality, e.g. maassluis; by default the one the web pages show"})

    def on_bind_field(self, field_name, field_obj):
        field_obj.data_key = camel(field_obj.data_key or field_name)
        if field_name in _MEANING and "description" not in field_obj.metadata:
            field_obj.metadata = {**field_obj.metadata, "description": _MEANING[field_name]}


class FoundShiftSchema(Schema):
    id = fields.UUID(required=True)
    starts_at = fields.DateTime(required=True)
    ends_at = fields.DateTime(required=True)
    free_places = fields.Integer(required=True)


class FoundSchema(Schema):
    id = fields.UUID(required=True)
    kind = fields.String(required=True, metadata={"description": "vacancy or initiative_task"})
    title = fields.String(required=True)
    description = fields.String(required=True)
    category = fields.String(required=True)
    commitment = fields.String(required=True)
    remote = fields.Boolean(required=True, metadata={"description": "at home or online"})
    organisation_id = fields.UUID(required=True, allow_none=True)
    organisation = fields.String(required=True, allow_none=True, metadata={"description": "its name"})
    neighbourhood = fields.String(required=True, allow_none=True)
    postcode4 = fields.String(required=True, allow_none=True, metadata={"description": "the area, never a street"})
    published_at = fields.DateTime(required=True, allow_none=True)
    distance_km = fields.Float(required=True, allow_none=True, metadata={"description": "from near, when given"})
    next_shifts = fields.List(fields.Nested(FoundShiftSchema), required=True)


class SearchResultSchema(Schema):
    items = fields.List(fields.Nested(FoundSchema), required=True)
    total = fields.Integer(required=True, metadata={"description": "how many fit, on all pages"})
    page = fields.Integer(required=True)
    pages = fields.Integer(required=True)


@blp.endpoint("/opportunities/search", "GET", "public", (200, SearchResultSchema), SearchArgs, query=True)
def search_opportunities(args):
    """Search the open vacancies.

    The open vacancies and initiative tasks of a municipality, as the public page /vacatures finds them: near a
    postcode or neighbourhood (``near``, with ``withinKm``), on ``weekdays`` and a ``dayPart``, by ``kind``,
    ``category`` and ``commitment``, sorted by date or distance, a page at a time (``page``)."""
    municipality = args.pop("municipality") or current_app.extensions["doemee_config"]["WEB_MUNICIPALITY"]
    try:
        return search.search(municipality, args, now=utcnow())
    except InvalidInput as exc:  # the operation names the schema's fields; the query names them in camelCase
        raise InvalidInput(exc.detail, errors={camel(k): v for k, v in exc.errors.items()}, **exc.params) from None
