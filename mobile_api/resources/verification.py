"""The municipality's administration through the API (the same operations as the pages at /gemeente): the
verification queue, turning organisations, shops and a campaign's gifts down with a reason, intermediaries'
applications, and who is staff of the municipality or works for one of its shops."""
from flask_jwt_extended import current_user
from marshmallow import fields

from backend.campaigns import gifts, merchant_review
from backend.organisations import intermediaries, staff_roles, verification
from backend.organisations.schemas import DecisionReasonSchema, IntermediaryApplicationInSchema, StaffMemberInSchema
from mobile_api.auth import access
from mobile_api.blueprint import Blueprint
from mobile_api.resources.campaigns import GiftSchema
from mobile_api.resources.merchants import MerchantSchema
from mobile_api.resources.organisations import OrganisationSchema
from mobile_api.schemas import Schema

blp = Blueprint("verification", __name__, description="The municipality's verification queue, applications and roles")


class StaffPersonSchema(Schema):
    user_id = fields.UUID(attribute="id", required=True)
    display_name = fields.String(required=True)
    email = fields.String(required=True)


class IntermediaryApplicationSchema(Schema):
    id = fields.UUID(required=True)
    municipality_id = fields.UUID(required=True)
    organisation_name = fields.String(required=True)
    job_title = fields.String(required=True)
    motivation = fields.String(required=True)
    status = fields.String(required=True, metadata={"description": "pending, approved or rejected"})
    decision_reason = fields.String(allow_none=True, required=True)
    decided_at = fields.DateTime(allow_none=True, required=True)
    created_at = fields.DateTime(required=True)


class PendingIntermediaryApplicationSchema(IntermediaryApplicationSchema):
    applicant = fields.Nested(StaffPersonSchema, required=True)


class IntermediaryApplicationListSchema(Schema):
    items = fields.List(fields.Nested(IntermediaryApplicationSchema), required=True)


class VerificationQueueSchema(Schema):
    organisations = fields.List(fields.Nested(OrganisationSchema), required=True)
    intermediary_applications = fields.List(fields.Nested(PendingIntermediaryApplicationSchema), required=True)
    merchants = fields.List(fields.Nested(MerchantSchema), required=True)


class StaffListSchema(Schema):
    items = fields.List(fields.Nested(StaffPersonSchema), required=True)


@blp.endpoint("/municipalities/<slug>/verification-queue", "GET", ("municipality_staff", "admin"),
              (200, VerificationQueueSchema))
def verification_queue(slug):
    """What waits for the municipality, oldest first, with what was submitted (staff of this municipality)."""
    pending = intermediaries.pending_applications(current_user, slug)
    return {"organisations": verification.pending_organisations(current_user, slug),
            "intermediary_applications": [{**_attributes(a), "applicant": u} for a, u in pending],
            "merchants": merchant_review.pending_merchants(current_user, slug)}


def _attributes(application) -> dict:
    return {name: getattr(application, name) for name in IntermediaryApplicationSchema().fields}


def _rejection(rule: str, answer: type, endpoint: str, reject, doc: str) -> None:
    """POST <rule>: staff of the municipality turn something down with a reason (DecisionReasonSchema) that the
    people it concerns read; the answer is the thing as it is now."""
    def view(data, **values):
        (value,) = values.values()
        return reject(current_user, value, data["reason"])

    view.__name__ = view.__qualname__ = endpoint
    view.__doc__ = doc
    blp.route(rule, methods=["POST"])(access("municipality_staff", "admin")(
        blp.arguments(DecisionReasonSchema)(blp.response(200, answer)(view))))


_rejection("/organisations/<uuid:organisation_id>/rejection", OrganisationSchema, "reject_organisation",
           verification.reject_organisation,
           "Turn a registered organisation down with a reason its coordinators read (staff of its municipality).")
_rejection("/merchants/<uuid:merchant_id>/rejection", MerchantSchema, "reject_merchant",
           merchant_review.reject_merchant,
           "Turn a shop down with a reason its people read (staff of its municipality).")
_rejection("/intermediary-applications/<uuid:application_id>/rejection", IntermediaryApplicationSchema,
           "reject_intermediary", intermediaries.reject_application,
           "Turn the application down with a reason the applicant reads.")
_rejection("/gifts/<uuid:gift_id>/rejection", GiftSchema, "reject_gift", gifts.reject_gift,
           "Turn a pending gift of a curated campaign down with a reason its shop reads (staff of the campaign).")
blp.delegate("/gifts/<uuid:gift_id>/approval", "POST", ("municipality_staff", "admin"), (200, GiftSchema),
             "approve_gift", gifts.approve_gift,
             "Approve a pending gift of a curated campaign: volunteers can choose it (staff of the campaign).")


@blp.endpoint("/merchants/<uuid:merchant_id>/staff/<uuid:user_id>", "DELETE", ("municipality_staff", "admin"), (204,))
def remove_merchant_staff(merchant_id, user_id):
    """Unlink an account from a shop; it loses the merchant role when it works for no other shop."""
    merchant_review.remove_merchant_staff(current_user, merchant_id, user_id)


@blp.endpoint("/intermediary-applications", "POST", "authenticated", (201, IntermediaryApplicationSchema),
              IntermediaryApplicationInSchema)
def apply_as_intermediary(data):
    """Ask the municipality to let me post requests for help on residents' behalf (one open application)."""
    return intermediaries.apply_as_intermediary(current_user, **data)


@blp.endpoint("/me/intermediary-applications", "GET", "authenticated", (200, IntermediaryApplicationListSchema))
def my_intermediary_applications():
    """My applications, the latest first, with the municipality's decision and its reason."""
    return {"items": intermediaries.my_applications(current_user)}


blp.delegate("/intermediary-applications/<uuid:application_id>/approval", "POST", ("municipality_staff", "admin"),
             (200, IntermediaryApplicationSchema), "approve_intermediary", intermediaries.approve_application,
             "Approve: the applicant gets the intermediary role for this municipality.")


@blp.endpoint("/municipalities/<slug>/staff", "GET", ("municipality_staff", "admin"), (200, StaffListSchema))
def list_staff(slug):
    """The municipality's staff (staff of this municipality)."""
    return {"items": staff_roles.list_staff(current_user, slug)}


@blp.endpoint("/municipalities/<slug>/staff", "POST", ("municipality_staff", "admin"), (201, StaffPersonSchema),
              StaffMemberInSchema)
def grant_staff(data, slug):
    """Make an existing account staff of this municipality (idempotent)."""
    return staff_roles.grant_staff(current_user, slug, data["email"])


@blp.endpoint("/municipalities/<slug>/staff/<uuid:user_id>", "DELETE", ("municipality_staff", "admin"), (204,))
def revoke_staff(slug, user_id):
    """Take the staff role away (never one's own)."""
    staff_roles.revoke_staff(current_user, slug, user_id)
