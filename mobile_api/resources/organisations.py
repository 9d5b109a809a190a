"""Organisations that work with volunteers: registration, verification by the municipality, coordinators."""
from flask_jwt_extended import current_user
from marshmallow import fields

from backend.organisations import operations as organisations
from backend.organisations.schemas import InviteSchema, OrganisationInSchema
from mobile_api.blueprint import Blueprint
from mobile_api.schemas import PageArgs, Registration, Schema, page_of, text

blp = Blueprint("organisations", __name__, url_prefix="/organisations",
                description="Organisations and their coordinators")


class OrganisationSchema(Registration):
    id = fields.UUID(required=True)
    name = fields.String(required=True)
    description = fields.String(required=True)
    website = fields.String(allow_none=True, required=True)


class OrganisationListArgs(PageArgs):
    municipality = text(60, metadata={"description": "slug"})
    verified = fields.Boolean(metadata={"description": "only verified (true) or only unverified (false) ones"})


class InvitedSchema(Schema):
    email = fields.String(required=True, metadata={"description": "as understood (lower case)"})


class CoordinatorSchema(Schema):
    user_id = fields.UUID(required=True)
    display_name = fields.String(required=True)
    status = fields.String(required=True, metadata={"description": "invited or active"})
    invited_at = fields.DateTime(required=True)
    accepted_at = fields.DateTime(allow_none=True, required=True)


class CoordinatorListSchema(Schema):
    items = fields.List(fields.Nested(CoordinatorSchema), required=True)


OrganisationPage = page_of(OrganisationSchema, "OrganisationPage")


@blp.endpoint("", "POST", "authenticated", (201, OrganisationSchema), OrganisationInSchema)
def create_organisation(data):
    """Register an organisation; you become its coordinator. It can publish once the municipality verified it."""
    return organisations.create_organisation(current_user, **data)


@blp.page("", ("public",), OrganisationPage, args=OrganisationListArgs)
def list_organisations(args):
    """Organisations, by name; filter by municipality (slug) and verification."""
    return organisations.list_organisations(**{"municipality": None, "verified": None, **args})


@blp.endpoint("/<uuid:organisation_id>", "GET", "public", (200, OrganisationSchema))
def get_organisation(organisation_id):
    """An organisation's public page."""
    return organisations.get_organisation(organisation_id)


@blp.endpoint("/<uuid:organisation_id>/verification", "PUT", ("municipality_staff", "admin"), (200, OrganisationSchema))
def verify(organisation_id):
    """Verify the organisation (staff of its municipality); it can then publish vacancies."""
    return organisations.set_verified(current_user, organisation_id, True)


@blp.endpoint("/<uuid:organisation_id>/verification", "DELETE", ("municipality_staff", "admin"),
              (200, OrganisationSchema))
def revoke_verification(organisation_id):
    """Withdraw the verification (staff of its municipality); published vacancies stay, new ones cannot go out."""
    return organisations.set_verified(current_user, organisation_id, False)


@blp.endpoint("/<uuid:organisation_id>/coordinators", "GET", ("coordinator", "admin"), (200, CoordinatorListSchema))
def list_coordinators(organisation_id):
    """The organisation's coordinators and open invitations (its coordinators only)."""
    return {"items": organisations.list_coordinators(current_user, organisation_id)}


@blp.endpoint("/<uuid:organisation_id>/coordinators", "POST", ("coordinator", "admin"), (202, InvitedSchema),
              InviteSchema)
def invite_coordinator(data, organisation_id):
    """Invite someone by e-mail to co-coordinate. The answer is the same whether or not the address has an
    account; only an existing account gets the invitation."""
    return {"email": organisations.invite_coordinator(current_user, organisation_id, data["email"])}


@blp.endpoint("/<uuid:organisation_id>/coordinators/me/accept", "POST", "authenticated", (200, CoordinatorSchema))
def accept_invitation(organisation_id):
    """Accept an invitation to co-coordinate this organisation."""
    member = organisations.accept_invitation(current_user, organisation_id)
    return {"user_id": member.user_id, "display_name": current_user.display_name, "status": member.status,
            "invited_at": member.created_at, "accepted_at": member.accepted_at}


@blp.endpoint("/<uuid:organisation_id>/coordinators/<uuid:user_id>", "DELETE", ("coordinator", "admin"), (204,))
def remove_coordinator(organisation_id, user_id):
    """Remove a coordinator or withdraw an invitation; the last active coordinator cannot be removed."""
    organisations.remove_coordinator(current_user, organisation_id, user_id)
