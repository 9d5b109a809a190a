"""Municipalities, neighbourhoods and postcode lookup."""
from flask_jwt_extended import current_user
from marshmallow import fields

from backend.places import operations as places
from backend.places.schemas import NeighbourhoodCreateSchema, NeighbourhoodPatchSchema
from mobile_api.blueprint import Blueprint
from mobile_api.schemas import FocusNeighbourhoodRef, MunicipalityRef, NeighbourhoodRef, Schema, page_of, text

blp = Blueprint("places", __name__, description="Municipalities, neighbourhoods and postcodes")


class PostcodeAreaSchema(Schema):
    pc4 = fields.String(required=True)
    letters_from = fields.String(required=True)
    letters_to = fields.String(required=True)


class NeighbourhoodSchema(NeighbourhoodRef):
    latitude = fields.Float(required=True)
    longitude = fields.Float(required=True)
    is_focus = fields.Boolean(required=True)
    focus_weight = fields.Float(required=True)
    postcode_areas = fields.List(fields.Nested(PostcodeAreaSchema), dump_only=True)


class PostcodeQuery(Schema):
    postcode = text(20, required=True, metadata={"description": "a Dutch postcode, e.g. 3142 AB"})


class PlacementSchema(Schema):
    postcode = fields.String(required=True)
    municipality = fields.Nested(MunicipalityRef, required=True)
    neighbourhood = fields.Nested(FocusNeighbourhoodRef, required=True)
    approximate_location = fields.Method("location", required=True)

    def location(self, placement):
        return {"latitude": placement.latitude, "longitude": placement.longitude}


MunicipalityPage = page_of(MunicipalityRef, "MunicipalityPage")
NeighbourhoodPage = page_of(NeighbourhoodSchema, "NeighbourhoodPage")


@blp.page("/municipalities", ("public",), MunicipalityPage)
def list_municipalities(args):
    """The municipalities DoeMee serves."""
    return places.list_municipalities(**args)


@blp.page("/municipalities/<slug>/neighbourhoods", ("public",), NeighbourhoodPage)
def list_neighbourhoods(args, slug):
    """A municipality's neighbourhoods (buurten) with their district (wijk), centroid, focus flag and postcodes."""
    return places.list_neighbourhoods(slug, **args)


@blp.endpoint("/municipalities/<slug>/neighbourhoods", "POST", ("municipality_staff", "admin"),
              (201, NeighbourhoodSchema), NeighbourhoodCreateSchema)
def create_neighbourhood(data, slug):
    """Add a neighbourhood (staff of this municipality)."""
    return places.create_neighbourhood(current_user, slug, data)


@blp.endpoint("/municipalities/<slug>/neighbourhoods/<hood>", "PATCH", ("municipality_staff", "admin"),
              (200, NeighbourhoodSchema), NeighbourhoodPatchSchema)
def update_neighbourhood(data, slug, hood):
    """Change a neighbourhood's name, centroid or focus weight (staff of this municipality)."""
    return places.update_neighbourhood(current_user, slug, hood, data)


@blp.endpoint("/postcode-lookup", "GET", "public", (200, PlacementSchema), PostcodeQuery, query=True)
def postcode_lookup(args):
    """Where a postcode lies: municipality, neighbourhood and the neighbourhood's centroid (never closer)."""
    return places.resolve_postcode(args["postcode"])
