"""Municipalities, neighbourhoods and postcode lookup."""
from flask_jwt_extended import current_user
from marshmallow import fields

from backend.places import operations as places
from backend.places.schemas import NeighbourhoodCreateSchema, NeighbourhoodPatchSchema
from mobile_api.auth import access
from mobile_api.blueprint import Blueprint
from mobile_api.schemas import PageArgs, Schema, as_page, page_of, text

blp = Blueprint("places", __name__, description="Municipalities, neighbourhoods and postcodes")


class MunicipalitySchema(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)


class PostcodeAreaSchema(Schema):
    pc4 = fields.String(required=True)
    letters_from = fields.String(required=True)
    letters_to = fields.String(required=True)


class NeighbourhoodSchema(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    district = fields.String(required=True)
    latitude = fields.Float(required=True)
    longitude = fields.Float(required=True)
    is_focus = fields.Boolean(required=True)
    focus_weight = fields.Float(required=True)
    postcode_areas = fields.List(fields.Nested(PostcodeAreaSchema), dump_only=True)


class PostcodeQuery(Schema):
    postcode = text(20, required=True)


class NeighbourhoodRefSchema(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    district = fields.String(required=True)
    is_focus = fields.Boolean(required=True)


class PlacementSchema(Schema):
    postcode = fields.String(required=True)
    municipality = fields.Nested(MunicipalitySchema, required=True)
    neighbourhood = fields.Nested(NeighbourhoodRefSchema, required=True)
    approximate_location = fields.Method("location", required=True)

    def location(self, placement):
        return {"latitude": placement.latitude, "longitude": placement.longitude}


MunicipalityPage = page_of(MunicipalitySchema, "MunicipalityPage")
NeighbourhoodPage = page_of(NeighbourhoodSchema, "NeighbourhoodPage")


@blp.route("/municipalities", methods=["GET"])
@access("public")
@blp.arguments(PageArgs, location="query")
@blp.response(200, MunicipalityPage)
def list_municipalities(args):
    """The municipalities DoeMee serves."""
    return as_page(places.list_municipalities(limit=args["limit"], cursor=args["cursor"]))


@blp.route("/municipalities/<slug>/neighbourhoods", methods=["GET"])
@access("public")
@blp.arguments(PageArgs, location="query")
@blp.response(200, NeighbourhoodPage)
def list_neighbourhoods(args, slug):
    """A municipality's neighbourhoods (buurten) with their district (wijk), centroid, focus flag and postcodes."""
    return as_page(places.list_neighbourhoods(slug, limit=args["limit"], cursor=args["cursor"]))


@blp.route("/municipalities/<slug>/neighbourhoods", methods=["POST"])
@access("municipality_staff", "admin")
@blp.arguments(NeighbourhoodCreateSchema)
@blp.response(201, NeighbourhoodSchema)
def create_neighbourhood(data, slug):
    """Add a neighbourhood (staff of this municipality)."""
    return places.create_neighbourhood(current_user, slug, data)


@blp.route("/municipalities/<slug>/neighbourhoods/<hood>", methods=["PATCH"])
@access("municipality_staff", "admin")
@blp.arguments(NeighbourhoodPatchSchema)
@blp.response(200, NeighbourhoodSchema)
def update_neighbourhood(data, slug, hood):
    """Change a neighbourhood's name, centroid or focus weight (staff of this municipality)."""
    return places.update_neighbourhood(current_user, slug, hood, data)


@blp.route("/postcode-lookup", methods=["GET"])
@access("public")
@blp.arguments(PostcodeQuery, location="query")
@blp.response(200, PlacementSchema)
def postcode_lookup(args):
    """Where a postcode lies: municipality, neighbourhood and the neighbourhood's centroid (never closer)."""
    return places.resolve_postcode(args["postcode"])
