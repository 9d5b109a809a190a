"""A municipality's single sign-on (OpenID Connect) for its staff and coordinators: its staff set the provider;
the client secret goes in and is never shown back. Logging in with it is the web's (web/views/sso.py)."""
from flask_jwt_extended import current_user
from marshmallow import fields

from backend.sso import operations as sso
from backend.sso.schemas import ProviderInSchema
from mobile_api.auth import access
from mobile_api.blueprint import Blueprint
from mobile_api.schemas import Schema

blp = Blueprint("sso", __name__, description="Single sign-on: a municipality's own identity provider")


class ProviderSchema(Schema):
    id = fields.UUID(required=True)
    municipality_id = fields.UUID(required=True)
    display_name = fields.String(required=True, metadata={"description": 'the login button: "Inloggen met ..."'})
    issuer = fields.String(required=True)
    client_id = fields.String(required=True)
    email_domains = fields.List(fields.String(), required=True)
    enabled = fields.Boolean(required=True)
    updated_at = fields.DateTime(required=True)


@blp.route("/municipalities/<slug>/sso-provider", methods=["PUT"])
@access("municipality_staff", "admin")
@blp.arguments(ProviderInSchema)
@blp.response(200, ProviderSchema)
def set_provider(data, slug):
    """Set the municipality's identity provider.

    Replaces what was set before. The issuer must be https and publicly reachable; each e-mail domain belongs to
    one municipality at most. The client secret is stored and never shown back."""
    return sso.configure(current_user, slug, data)


@blp.route("/municipalities/<slug>/sso-provider", methods=["GET"])
@access("municipality_staff", "admin")
@blp.response(200, ProviderSchema)
def get_provider(slug):
    """The municipality's identity provider.

    Everything that was set except the client secret."""
    return sso.get_provider(current_user, slug)


@blp.route("/municipalities/<slug>/sso-provider", methods=["DELETE"])
@access("municipality_staff", "admin")
@blp.response(204)
def remove_provider(slug):
    """Remove the municipality's identity provider.

    Its staff and coordinators log in with their DoeMee password again."""
    sso.remove_provider(current_user, slug)
