"""Requests for help (hulpvragen): posted by residents or intermediaries, answered by volunteers nearby."""
from flask_jwt_extended import current_user
from marshmallow import fields

from backend.help import nearby, offers, posted, requests as help_requests, thanks
from backend.help.schemas import HelpRequestInSchema
from mobile_api import conditional
from mobile_api.auth import access
from mobile_api.blueprint import Blueprint
from mobile_api.schemas import NeighbourhoodRef, PageArgs, Schema, SkillLevelRef, page_of

blp = Blueprint("help", __name__, url_prefix="/help-requests", description="Requests for help from neighbours")


class HelpMyOfferSchema(Schema):
    id = fields.UUID(required=True)
    status = fields.String(required=True)
    created_at = fields.DateTime(required=True)


class HelpOfferSchema(Schema):
    id = fields.UUID(required=True)
    status = fields.String(required=True)
    first_name = fields.String(required=True)
    neighbourhood = fields.Nested(NeighbourhoodRef, allow_none=True, required=True)
    relevant_skills = fields.List(fields.Nested(SkillLevelRef), required=True)
    created_at = fields.DateTime(required=True)


class HelpConsentSchema(Schema):
    text_version = fields.String(required=True)
    recorded_at = fields.DateTime(required=True)
    method = fields.String(allow_none=True, required=True, metadata={
        "description": "verbal, written, phone or email (null: posted before the method was asked)"})


class HelpRequestSchema(Schema):
    """Volunteers get the common fields plus distance_km and my_offer; the owner (resident or intermediary) gets
    the common fields plus the owner fields. Never the address (see /address), never who asked."""

    id = fields.UUID(required=True)
    category = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    window_start = fields.DateTime(required=True)
    window_end = fields.DateTime(required=True)
    recurring = fields.Boolean(required=True)
    urgency = fields.String(required=True)
    status = fields.String(required=True, metadata={"description": "published, filled or closed"})
    required_skills = fields.List(fields.String(), required=True)
    languages = fields.List(fields.String(), required=True)
    neighbourhood = fields.Nested(NeighbourhoodRef, required=True)
    created_at = fields.DateTime(required=True)
    # volunteers
    distance_km = fields.Float(metadata={"description": "between neighbourhood centroids, 0.1 km steps"})
    my_offer = fields.Nested(HelpMyOfferSchema, allow_none=True)
    # owner
    posted_on_behalf = fields.Boolean()
    resident_first_name = fields.String(allow_none=True)
    consent = fields.Nested(HelpConsentSchema, allow_none=True)
    matched_at = fields.DateTime(allow_none=True)
    accepted_offer_id = fields.UUID(allow_none=True)
    offers = fields.List(fields.Nested(HelpOfferSchema), metadata={"description": "the latest 50; all via /offers"})


class HelpAcceptResultSchema(Schema):
    offer = fields.Nested(HelpOfferSchema, required=True)
    help_request_status = fields.String(required=True)
    overlap_warning = fields.Boolean(required=True, metadata={
        "description": "the volunteer has another accepted engagement overlapping this window (not an error)"})


class HelpAddressSchema(Schema):
    street = fields.String(required=True)
    house_number = fields.String(required=True)
    postcode = fields.String(required=True)
    notes = fields.String(required=True)
    phone = fields.String(required=True, allow_none=True,
                          metadata={"description": "+31..., only if the neighbour shared it; null otherwise"})


class MyHelpRequestSchema(Schema):
    id = fields.UUID(required=True)
    title = fields.String(required=True)
    resident_first_name = fields.String(allow_none=True, required=True,
                                        metadata={"description": "set when an intermediary posted it"})
    status = fields.String(required=True, metadata={"description": "published, filled or closed"})
    window_start = fields.DateTime(required=True)
    window_end = fields.DateTime(required=True)
    created_at = fields.DateTime(required=True)
    offers = fields.Integer(required=True, metadata={"description": "open offers waiting for an answer"})
    matched = fields.Boolean(required=True)
    waiting_too_long = fields.Boolean(required=True, metadata={
        "description": "open, nobody accepted, posted more than 48 hours ago (listed first)"})


class MyHelpRequestListSchema(Schema):
    items = fields.List(fields.Nested(MyHelpRequestSchema), required=True, metadata={
        "description": f"at most {posted.MAX_LISTED}: the unmatched ones waiting too long first, then newest first"})


HelpRequestPage = page_of(HelpRequestSchema, "HelpRequestPage")
HelpOfferPage = page_of(HelpOfferSchema, "HelpOfferPage")
_dump_page = HelpRequestPage().dump


@blp.route("", methods=["POST"])
@access("resident", "intermediary")
@blp.arguments(HelpRequestInSchema)
@blp.response(201, HelpRequestSchema)
def create_help_request(data):
    """Ask for help (resident), or post on a resident's behalf with their consent (verified intermediary)."""
    return help_requests.create_help_request(current_user, data)


@blp.conditional_list("", "volunteer", PageArgs, HelpRequestPage)
def list_help_requests(args):
    """Open requests near me (my municipality, within my travel radius), soonest first."""
    found = nearby.nearby_page(current_user, limit=args["limit"], cursor=args["cursor"],
                               known_versions=conditional.known_versions())
    # Mine alone (my offers, my distances, without my own requests): never kept by a shared cache.
    return conditional.page_answer(found, _dump_page, private=True, vary=("Authorization",))


@blp.route("/mine", methods=["GET"])
@access("resident", "intermediary")
@blp.response(200, MyHelpRequestListSchema)
def list_my_help_requests():
    """The requests I asked for (resident) or posted on a resident's behalf (intermediary)."""
    return {"items": posted.my_posted_requests(current_user)}


blp.delegate("/<uuid:help_request_id>", "GET", ("authenticated",), (200, HelpRequestSchema), "get_help_request",
             help_requests.get_help_request, "One request: the owner's full view with offers, or a volunteer's view.")


blp.delegate("/<uuid:help_request_id>/cancel", "POST", ("authenticated",), (200, HelpRequestSchema),
             "cancel_help_request", help_requests.cancel_help_request,
             "Close my request; everyone who offered (or was accepted) is told.")


blp.delegate("/<uuid:help_request_id>/close-with-thanks", "POST", ("authenticated",), (200, HelpRequestSchema),
             "thank_and_close_help_request", thanks.thank_and_close,
             "I was helped: close my request and thank the volunteer I accepted (their help counts as completed).")


blp.delegate("/<uuid:help_request_id>/address", "GET", ("authenticated",), (200, HelpAddressSchema), "get_address",
             help_requests.reveal_address,
             "The address: for the owner, and for the accepted volunteer (each look is audited). 404 for anyone else.")


blp.delegate("/<uuid:help_request_id>/offers", "POST", ("volunteer",), (201, HelpMyOfferSchema), "offer_help",
             offers.offer_help, "Offer to help (one offer per volunteer and request).")


@blp.page("/<uuid:help_request_id>/offers", ("authenticated",), HelpOfferPage)
def list_offers(args, help_request_id):
    """Who offered to help with my request: first name, neighbourhood, relevant skills."""
    return offers.list_offers(current_user, help_request_id, **args)


@blp.route("/<uuid:help_request_id>/offers/<uuid:engagement_id>/withdraw", methods=["POST"])
@access("volunteer")
@blp.response(200, HelpMyOfferSchema)
def withdraw_offer(help_request_id, engagement_id):
    """Withdraw my offer (also after being accepted: the request then opens again)."""
    return offers.withdraw_offer(current_user, help_request_id, engagement_id)


@blp.route("/<uuid:help_request_id>/offers/<uuid:engagement_id>/accept", methods=["POST"])
@access("authenticated")
@blp.response(200, HelpAcceptResultSchema)
def accept_offer(help_request_id, engagement_id):
    """Choose this volunteer; the other offers are closed politely."""
    return offers.accept_offer(current_user, help_request_id, engagement_id)
