"""Favourites (vacancies kept for later) and saved searches with an alert for new vacancies that fit."""
from flask_jwt_extended import current_user
from marshmallow import fields

from backend.saved import operations as saved
from backend.saved.schemas import FavouriteInSchema, SavedSearchInSchema, SavedSearchPatchSchema
from mobile_api.blueprint import Blueprint
from mobile_api.schemas import Schema

blp = Blueprint("favourites", __name__, description="Favourites and saved searches with alerts")


class FavouriteSchema(Schema):
    opportunity_id = fields.UUID(required=True)
    title = fields.String(required=True)
    organisation = fields.String(allow_none=True, required=True)
    is_open = fields.Boolean(required=True, data_key="open",
                             metadata={"description": "false: closed, paused or filled since it was saved"})
    saved_at = fields.DateTime(required=True)


class FavouriteListSchema(Schema):
    items = fields.List(fields.Nested(FavouriteSchema), required=True)


class SavedSearchSchema(Schema):
    id = fields.UUID(required=True)
    name = fields.String(required=True)
    municipality_id = fields.UUID(required=True)
    filters = fields.Dict(keys=fields.String(), required=True, metadata={"description": "the filters given"})
    frequency = fields.String(required=True, metadata={"description": "weekly, daily or off"})
    channel = fields.String(required=True, metadata={"description": "email or push"})
    checked_until = fields.DateTime(required=True, metadata={
        "description": "vacancies published after this moment are new to the next alert"})
    created_at = fields.DateTime(required=True)


class SavedSearchListSchema(Schema):
    items = fields.List(fields.Nested(SavedSearchSchema), required=True)


@blp.endpoint("/me/favourites", "GET", "authenticated", (200, FavouriteListSchema))
def list_favourites():
    """My favourites.

    The vacancies and initiative tasks I saved, open ones first; one that closed since is marked not open."""
    return {"items": saved.list_favourites(current_user)}


@blp.endpoint("/me/favourites", "POST", "authenticated", (201, FavouriteSchema), FavouriteInSchema)
def add_favourite(data):
    """Save a vacancy.

    Keep an open vacancy or initiative task in my favourites (saving it again changes nothing)."""
    return saved.add_favourite(current_user, data["opportunity_id"])


@blp.endpoint("/me/favourites/<uuid:opportunity_id>", "DELETE", "authenticated", (204,))
def remove_favourite(opportunity_id):
    """Remove a favourite.

    Take a vacancy out of my favourites; one I did not save is not found."""
    saved.remove_favourite(current_user, opportunity_id)


@blp.endpoint("/me/saved-searches", "GET", "authenticated", (200, SavedSearchListSchema))
def list_saved_searches():
    """My saved searches.

    The searches I saved, with how often their alerts come and on which channel."""
    return {"items": saved.list_saved_searches(current_user)}


@blp.endpoint("/me/saved-searches", "POST", "authenticated", (201, SavedSearchSchema), SavedSearchInSchema)
def create_saved_search(data):
    """Save a search.

    Save the open list's filters with a name: new vacancies that fit come weekly (or daily) by e-mail or push.
    Only vacancies published from now on count as new."""
    return saved.create_saved_search(current_user, data)


@blp.endpoint("/me/saved-searches/<uuid:search_id>", "PATCH", "authenticated", (200, SavedSearchSchema),
              SavedSearchPatchSchema)
def update_saved_search(data, search_id):
    """Change a saved search.

    Rename it, or change how often (weekly, daily, off) and how (email, push) its alerts come."""
    return saved.update_saved_search(current_user, search_id, data)


@blp.endpoint("/me/saved-searches/<uuid:search_id>", "DELETE", "authenticated", (204,))
def delete_saved_search(search_id):
    """Delete a saved search.

    The search and its alerts are gone; one that is not mine is not found."""
    saved.delete_saved_search(current_user, search_id)


@blp.endpoint("/saved-searches/stop/<token>", "POST", "public", (200, SavedSearchSchema))
def stop_alerts(token):
    """Stop a saved search's alerts.

    One tap from an alert: its signed stop token is the only credential. The search stays, with frequency off."""
    return saved.stop_alerts(token)
