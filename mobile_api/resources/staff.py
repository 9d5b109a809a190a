"""Municipality staff and admin actions on people: VOG status, roles."""
from flask_jwt_extended import current_user
from marshmallow import fields, validate

from backend.accounts import operations as accounts
from backend.accounts.models import ROLES
from backend.places.operations import get_municipality
from backend.volunteers import operations as profiles
from mobile_api.blueprint import Blueprint
from mobile_api.resources.auth import AccountSchema
from mobile_api.schemas import Schema, text

blp = Blueprint("staff", __name__, description="Staff and admin actions")


class VogInSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(["none", "requested", "valid"]))
    valid_until = fields.Date(load_default=None, allow_none=True)


class VogOutSchema(Schema):
    volunteer_id = fields.UUID(required=True)
    status = fields.String(required=True)
    valid_until = fields.Date(allow_none=True, required=True)


class RoleGrantSchema(Schema):
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    municipality = text(60, load_default=None, allow_none=True, metadata={"description": "slug, for staff roles"})


@blp.endpoint("/volunteers/<uuid:volunteer_id>/vog", "PUT", ("municipality_staff", "admin"), (200, VogOutSchema),
              VogInSchema)
def set_vog(data, volunteer_id):
    """Record a volunteer's VOG status and end date (staff of the volunteer's municipality; no document)."""
    profile = profiles.set_vog(current_user, volunteer_id, **data)
    return {"volunteer_id": profile.user_id, "status": profile.vog_status, "valid_until": profile.vog_valid_until}


@blp.endpoint("/admin/users/<uuid:user_id>/roles", "POST", "admin", (200, AccountSchema), RoleGrantSchema)
def grant_role(data, user_id):
    """Give a user a role (admin only); municipality staff need the municipality's slug."""
    user = accounts.get_user(user_id)
    municipality_id = get_municipality(data["municipality"]).id if data["municipality"] else None
    accounts.grant_role(user, data["role"], municipality_id, actor_id=current_user.id)
    return user
