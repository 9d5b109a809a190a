"""Webhook endpoints of organisations and municipalities: register (the secret is shown once), change, rotate the
secret, read the delivery log. Deliveries are signed per the Standard Webhooks specification."""
from flask_jwt_extended import current_user
from marshmallow import fields

from backend.webhooks import operations as webhooks
from backend.webhooks.schemas import EndpointInSchema, EndpointPatchSchema
from mobile_api.auth import access
from mobile_api.blueprint import Blueprint
from mobile_api.schemas import Schema, page_of

blp = Blueprint("webhooks", __name__, description="Webhooks: signed messages to your own systems")

# Coordinators hold no role of their own (a membership): who manages which endpoint is the operations' check.
OWNERS = ("authenticated",)


class EndpointSchema(Schema):
    id = fields.UUID(required=True)
    organisation_id = fields.UUID(allow_none=True, required=True)
    municipality_id = fields.UUID(allow_none=True, required=True)
    url = fields.String(required=True)
    event_types = fields.List(fields.String(), required=True)
    enabled = fields.Boolean(required=True)
    consecutive_failures = fields.Integer(required=True, metadata={"description": "failed attempts in a row"})
    disabled_at = fields.DateTime(allow_none=True, required=True)
    previous_secret_until = fields.DateTime(allow_none=True, required=True,
                                            metadata={"description": "the old secret signs too until then"})
    created_at = fields.DateTime(required=True)


class EndpointWithSecretSchema(EndpointSchema):
    secret = fields.String(required=True, metadata={"description": "whsec_...: shown this once, keep it safe"})


class EndpointListSchema(Schema):
    items = fields.List(fields.Nested(EndpointSchema), required=True)


class DeliverySchema(Schema):
    id = fields.UUID(required=True, metadata={"description": "sent as webhook-id msg_<id without dashes>"})
    event_type = fields.String(required=True)
    payload = fields.Dict(required=True, metadata={"description": "the body sent"})
    status = fields.String(required=True, metadata={"description": "pending, delivered or failed"})
    attempts = fields.Integer(required=True)
    next_attempt_at = fields.DateTime(required=True)
    last_status_code = fields.Integer(allow_none=True, required=True)
    last_error = fields.String(allow_none=True, required=True)
    created_at = fields.DateTime(required=True)
    delivered_at = fields.DateTime(allow_none=True, required=True)


DeliveryPage = page_of(DeliverySchema, "WebhookDeliveryPage")


@blp.route("/organisations/<uuid:organisation_id>/webhook-endpoints", methods=["POST"])
@access("authenticated")
@blp.arguments(EndpointInSchema)
@blp.response(201, EndpointWithSecretSchema)
def create_organisation_endpoint(data, organisation_id):
    """Register a webhook endpoint of your organisation (coordinators)."""
    return webhooks.create_for_organisation(current_user, organisation_id, data)


@blp.route("/organisations/<uuid:organisation_id>/webhook-endpoints", methods=["GET"])
@access("authenticated")
@blp.response(200, EndpointListSchema)
def list_organisation_endpoints(organisation_id):
    """Your organisation's webhook endpoints (without their secrets)."""
    return {"items": webhooks.organisation_endpoints(current_user, organisation_id)}


@blp.route("/municipalities/<slug>/webhook-endpoints", methods=["POST"])
@access("municipality_staff", "admin")
@blp.arguments(EndpointInSchema)
@blp.response(201, EndpointWithSecretSchema)
def create_municipality_endpoint(data, slug):
    """Register a webhook endpoint of your municipality (its staff)."""
    return webhooks.create_for_municipality(current_user, slug, data)


@blp.route("/municipalities/<slug>/webhook-endpoints", methods=["GET"])
@access("municipality_staff", "admin")
@blp.response(200, EndpointListSchema)
def list_municipality_endpoints(slug):
    """Your municipality's webhook endpoints (without their secrets)."""
    return {"items": webhooks.municipality_endpoints(current_user, slug)}


@blp.route("/webhook-endpoints/<uuid:endpoint_id>", methods=["GET"])
@access(*OWNERS)
@blp.response(200, EndpointSchema)
def get_endpoint(endpoint_id):
    """One endpoint you manage."""
    return webhooks.get_endpoint(current_user, endpoint_id)


@blp.route("/webhook-endpoints/<uuid:endpoint_id>", methods=["PATCH"])
@access(*OWNERS)
@blp.arguments(EndpointPatchSchema)
@blp.response(200, EndpointSchema)
def update_endpoint(changes, endpoint_id):
    """Change the address or the events, or switch the endpoint on again after it was switched off."""
    return webhooks.update_endpoint(current_user, endpoint_id, changes)


@blp.route("/webhook-endpoints/<uuid:endpoint_id>", methods=["DELETE"])
@access(*OWNERS)
@blp.response(204)
def delete_endpoint(endpoint_id):
    """Remove an endpoint and its delivery log."""
    webhooks.delete_endpoint(current_user, endpoint_id)


@blp.route("/webhook-endpoints/<uuid:endpoint_id>/secret-rotations", methods=["POST"])
@access(*OWNERS)
@blp.response(201, EndpointWithSecretSchema)
def rotate_secret(endpoint_id):
    """A new secret, shown once; the old one keeps signing too until previous_secret_until."""
    return webhooks.rotate_secret(current_user, endpoint_id)


@blp.page("/webhook-endpoints/<uuid:endpoint_id>/deliveries", OWNERS, DeliveryPage)
def list_deliveries(args, endpoint_id):
    """The endpoint's delivery log, newest first: status, attempts, last error."""
    return webhooks.list_deliveries(current_user, endpoint_id, **args)
