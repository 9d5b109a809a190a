"""Vacancies of organisations, their lifecycle and shifts, and the public lists volunteers browse."""
from flask_jwt_extended import current_user, get_jwt_identity, verify_jwt_in_request
from marshmallow import fields, validate

from backend.errors import InvalidInput
from backend.opportunities import listing
from backend.engagements import schedule_changes
from backend.opportunities import operations as opportunities
from backend.opportunities import shifts, whereabouts
from backend.opportunities.models import KINDS
from backend.opportunities.schemas import (ShiftInSchema, ShiftPatchSchema, VacancyInSchema, VacancyPatchSchema,
                                           WeeklyRuleSchema)
from mobile_api import conditional
from mobile_api.auth import access, bearer_session, refuse_dead_session
from mobile_api.blueprint import Blueprint
from mobile_api.plain_dump import plain_dumper
from mobile_api.schemas import (ApproximateLocation, FormerQueryKeys, NeighbourhoodRef, OrganisationRef, PageArgs,
                                Schema, ShiftTimes, page_of, text)

blp = Blueprint("opportunities", __name__, description="Vacancies, shifts and what volunteers can browse")

class WeeklyRuleOutSchema(WeeklyRuleSchema):
    starting = fields.String(required=True)


class OpportunitySchema(Schema):
    id = fields.UUID(required=True)
    kind = fields.String(required=True)
    status = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    category = fields.String(required=True)
    required_skills = fields.List(fields.String(), required=True)
    nice_skills = fields.List(fields.String(), required=True)
    remote = fields.Boolean(required=True)
    requires_vog = fields.Boolean(required=True)
    min_age = fields.Integer(allow_none=True, required=True)
    languages = fields.List(fields.String(), required=True)
    commitment = fields.String(required=True)
    max_distance_km = fields.Float(allow_none=True, required=True)
    recurrence = fields.Nested(WeeklyRuleOutSchema, allow_none=True, required=True)
    organisation = fields.Nested(OrganisationRef, allow_none=True, required=True)
    neighbourhood = fields.Nested(NeighbourhoodRef, allow_none=True, required=True)
    approximate_location = fields.Nested(ApproximateLocation, allow_none=True, required=True,
                                         metadata={"description": "the neighbourhood's centroid"})
    published_at = fields.DateTime(allow_none=True, required=True)
    distance_km = fields.Float(allow_none=True, required=True,
                               metadata={"description": "from the near location, between centroids"})


class PlaceOutSchema(Schema):
    remote = fields.Boolean(required=True, metadata={"description": "at home or online: no address"})
    name = fields.String(required=True)
    street = fields.String(required=True, metadata={"description": "street and number; empty when remote"})
    postcode = fields.String(required=True)
    city = fields.String(required=True, metadata={"description": "the municipality of the postcode"})
    directions = fields.String(required=True, metadata={"description": "how to find it, e.g. the side door"})
    latitude = fields.Float(required=True, allow_none=True)
    longitude = fields.Float(required=True, allow_none=True)
    geo_uri = fields.String(required=True, metadata={"description": "opens the phone's map app (RFC 5870)"})
    map_url = fields.String(required=True, metadata={"description": "the place on openstreetmap.org"})


class ContactOutSchema(Schema):
    first_name = fields.String(required=True)
    channel = fields.String(required=True, validate=validate.OneOf(["email", "phone"]))
    email = fields.String(required=True, allow_none=True)
    phone = fields.String(required=True, allow_none=True, metadata={"description": "+31..."})


class OpportunityDetailSchema(OpportunitySchema):
    place = fields.Nested(PlaceOutSchema, required=True, allow_none=True,
                          metadata={"description": "where volunteers go; null: not given"})


class VacancyContactOutSchema(ContactOutSchema):
    person_id = fields.UUID(required=True)


class VacancySchema(OpportunityDetailSchema):
    postcode = fields.String(allow_none=True, required=True, metadata={"description": "coordinators only"})
    contact = fields.Nested(VacancyContactOutSchema, required=True, allow_none=True,
                            metadata={"description": "the contact person (coordinators only)"})


class CoordinatorShiftSchema(ShiftTimes):
    id = fields.UUID(required=True)
    opportunity_id = fields.UUID(required=True)
    accepted_count = fields.Integer(required=True)
    status = fields.String(required=True)
    checkin_code = fields.String(required=True, metadata={"description": "shown at the door for check-in"})


class GeneratedSchema(Schema):
    created = fields.List(fields.Nested(CoordinatorShiftSchema), required=True)


class OpportunityRefSchema(Schema):
    id = fields.UUID(required=True)
    kind = fields.String(required=True)
    title = fields.String(required=True)
    category = fields.String(required=True)
    remote = fields.Boolean(required=True)


class ShiftItemSchema(ShiftTimes):
    id = fields.UUID(required=True)
    free_places = fields.Integer(required=True)
    status = fields.String(required=True)
    opportunity = fields.Nested(OpportunityRefSchema, required=True)
    organisation = fields.Nested(OrganisationRef, allow_none=True, required=True)
    neighbourhood = fields.Nested(NeighbourhoodRef, allow_none=True, required=True)
    distance_km = fields.Float(allow_none=True, required=True)


class ListingArgs(FormerQueryKeys, PageArgs):
    municipality = text(60, metadata={"description": "slug"})
    neighbourhood = text(80, metadata={"description": "slug"})
    category = text(30, metadata={"description": "an interest category code (GET /taxonomy)"})
    skill = text(40, metadata={"description": "a skill code, required or nice to have"})
    date_from = fields.Date(data_key="from", metadata={"description": "first local day (Europe/Amsterdam)"})
    date_to = fields.Date(data_key="to", metadata={"description": "last local day, inclusive"})
    near = text(20, metadata={"description": "a postcode, or 'me' for your profile's neighbourhood"})
    within_km = fields.Float(allow_nan=False, validate=validate.Range(0.1, 100), data_key="withinKm",
                             metadata={"description": "at most this many km from near (needs near)"})
    open_only = fields.Boolean(load_default=False, data_key="openOnly",
                               metadata={"description": "only shifts with a free place"})
    kind = fields.String(validate=validate.OneOf(KINDS), metadata={"description": "only activities of this kind"})


class ShiftListingArgs(ListingArgs):
    opportunity_id = fields.UUID(data_key="opportunityId",
                                 metadata={"description": "only the shifts of this opportunity"})


_LISTING_KEYS = ShiftListingArgs()
OpportunityPage = page_of(OpportunitySchema, "OpportunityPage")
ShiftPage = page_of(ShiftItemSchema, "ShiftPage")
_dump_opportunity_page = plain_dumper(OpportunityPage)
_dump_shift_page = plain_dumper(ShiftPage)


def _optional_user():
    """The caller if a valid token came along (public lists measure distance from "me" then), else None."""
    verify_jwt_in_request(optional=True)
    return current_user if get_jwt_identity() is not None else None


def _detail(opportunity, *, coordinator: bool) -> dict:
    view = listing.opportunity_view(opportunity, opportunities.organisation_name(opportunity),
                                    with_postcode=coordinator)
    found = whereabouts.whereabouts_of([opportunity.id], with_contact=coordinator)[opportunity.id]
    return {**view._asdict(), "place": found.place, "contact": found.contact if coordinator else None}


def _vacancy(opportunity) -> dict:
    return _detail(opportunity, coordinator=True)


@blp.endpoint("/organisations/<uuid:organisation_id>/opportunities", "POST", ("coordinator", "admin"),
              (201, VacancySchema), VacancyInSchema)
def create_vacancy(data, organisation_id):
    """Draft a vacancy (coordinators of the organisation). A postcode places it in its neighbourhood."""
    return _vacancy(opportunities.create_vacancy(current_user, organisation_id, data))


def _listing_caller(args) -> tuple:
    """(viewer, token session) for a list: the user only where the answer depends on who asks (near=me);
    otherwise a token's session is checked in the page statement (mobile_api.auth.bearer_session), so that a
    logged-in volunteer's list costs that one statement, and so does its 304."""
    near = args.get("near")
    if near is not None and near.strip().lower() == "me":
        viewer = _optional_user()
        return viewer, None, viewer is not None
    session = bearer_session()
    if session == ():
        refuse_dead_session()  # a token whose claims name no session
    return None, session, session is not None


def _listing(args, read_page, dump):
    """A public list's answer: ``read_page`` (listing.opportunity_page or shift_page) for the caller, dumped with
    ``dump``, or 304."""
    viewer, session, private = _listing_caller(args)
    try:
        found = read_page(viewer, args, limit=args["limit"], cursor=args["cursor"],
                          known_versions=conditional.known_versions(), session=session)
    except InvalidInput as refused:
        raise _LISTING_KEYS.in_query_keys(refused) from None
    if found.session_live is False:
        refuse_dead_session()
    # With a token the answer may depend on who asks (near=me): no shared cache may keep it.
    return conditional.page_answer(found, dump, private=private)


@blp.conditional_list("/opportunities", "public", ListingArgs, OpportunityPage)
def list_opportunities(args):
    """Published opportunities; the date and open_only filters keep those with a matching open future shift."""
    return _listing(args, listing.opportunity_page, _dump_opportunity_page)


@blp.endpoint("/opportunities/<uuid:opportunity_id>", "GET", "public", (200, OpportunityDetailSchema))
def get_opportunity(opportunity_id):
    """An opportunity (a draft only for its coordinators) with its place; who the contact person is, a volunteer
    reads on their engagement (GET /engagements/{id})."""
    opportunity = opportunities.get_visible_opportunity(_optional_user(), opportunity_id)
    return _detail(opportunity, coordinator=False)


@blp.endpoint("/opportunities/<uuid:opportunity_id>", "PATCH", ("coordinator", "admin"), (200, VacancySchema),
              VacancyPatchSchema)
def update_vacancy(data, opportunity_id):
    """Change a vacancy's fields (coordinators of its organisation; not once closed)."""
    return _vacancy(opportunities.update_vacancy(current_user, opportunity_id, data))


def _status_route(action: str, target: str, doc: str):
    @blp.route(f"/opportunities/<uuid:opportunity_id>/{action}", methods=["POST"], endpoint=action)
    @access("coordinator", "admin")
    @blp.response(200, VacancySchema)
    @blp.doc(description=doc, summary=doc.split(".")[0])
    def change(opportunity_id):
        return _vacancy(schedule_changes.change_status(current_user, opportunity_id, target))

    return change


publish = _status_route("publish", "published",
                        "Publish the vacancy (its organisation must be verified). A regular vacancy gets its shifts.")
pause = _status_route("pause", "paused", "Pause a published vacancy. It disappears from the lists.")
close = _status_route("close", "closed",
                      "Close the vacancy for good. Its future shifts are cancelled and their volunteers told.")
fill = _status_route("fill", "filled", "Mark the vacancy filled. It leaves the lists until published again.")


@blp.endpoint("/opportunities/<uuid:opportunity_id>/shifts", "POST", ("coordinator", "admin"),
              (201, CoordinatorShiftSchema), ShiftInSchema)
def create_shift(data, opportunity_id):
    """Add a shift to a vacancy (coordinators of its organisation)."""
    return shifts.create_shift(current_user, opportunity_id, **data)


@blp.endpoint("/opportunities/<uuid:opportunity_id>/shifts/generate", "POST", ("coordinator", "admin"),
              (200, GeneratedSchema))
def generate_shifts(opportunity_id):
    """Extend a regular vacancy's schedule from its weekly rule; existing shifts are kept, none doubled."""
    return {"created": shifts.generate_shifts(current_user, opportunity_id)}


@blp.conditional_list("/shifts", "public", ShiftListingArgs, ShiftPage)
def list_shifts(args):
    """Open future shifts of published opportunities, earliest first, with free places and distance."""
    return _listing(args, listing.shift_page, _dump_shift_page)


@blp.endpoint("/shifts/<uuid:shift_id>", "PATCH", ("coordinator", "admin"), (200, CoordinatorShiftSchema),
              ShiftPatchSchema)
def update_shift(data, shift_id):
    """Move a shift or change its capacity (not below the places taken); its volunteers hear of a new time."""
    return schedule_changes.update_shift(current_user, shift_id, data)


blp.delegate("/shifts/<uuid:shift_id>/cancel", "POST", ("coordinator", "admin"), (200, CoordinatorShiftSchema),
             "cancel_shift", schedule_changes.cancel_shift, "Cancel a shift; every volunteer holding a place is told.")
