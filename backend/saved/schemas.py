"""The input of favourites and saved searches (shape only), for the API's JSON and the web's forms alike. The rules
(a vacancy that is open, a place we know, a distance only with a place, how many searches) are the operations'."""
from __future__ import annotations

from marshmallow import fields, validate

from backend.opportunities.schemas import SearchInSchema
from backend.saved.models import ALERT_CHANNELS, FREQUENCIES
from backend.schemas import Schema, text


class FavouriteInSchema(Schema):
    opportunity_id = fields.UUID(required=True, metadata={"description": "an open vacancy or initiative task"})


class SavedFiltersSchema(SearchInSchema):
    """The open list's filters a saved search keeps (its sort and page are the list's own)."""

    class Meta:
        exclude = ("sort", "page")


class SavedSearchPatchSchema(Schema):
    name = text(80, min_length=1, metadata={"description": "how the alert names the search"})
    frequency = fields.String(validate=validate.OneOf(FREQUENCIES),
                              metadata={"description": "weekly (the default), daily, or off (no alerts)"})
    channel = fields.String(validate=validate.OneOf(ALERT_CHANNELS),
                            metadata={"description": "email, or push (e-mail when no device is registered)"})


class SavedSearchInSchema(SavedSearchPatchSchema):
    municipality = text(60, required=True, metadata={"description": "the municipality's slug, e.g. maassluis"})
    name = text(80, min_length=1, required=True, metadata={"description": "how the alert names the search"})
    filters = fields.Nested(SavedFiltersSchema, load_default=dict,
                            metadata={"description": "the open list's filters (as the open list /vacatures takes them)"})
