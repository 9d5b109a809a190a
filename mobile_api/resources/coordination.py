"""What coordinators do on the organisation's pages that the other resources did not offer yet: correct the
organisation's public profile, and tick off at the door a volunteer who came without a phone. The same operations
as web.views.organisation and web.views.organisation_shifts; the access checks are theirs (a coordinator of
another organisation gets 403 or 404, here as on the web)."""
from flask_jwt_extended import current_user
from marshmallow import fields

from backend.engagements import coordination
from backend.organisations.schemas import OrganisationProfileSchema
from mobile_api.blueprint import Blueprint
from mobile_api.resources.organisations import OrganisationSchema
from mobile_api.schemas import Schema

blp = Blueprint("coordination", __name__, description="Coordinators: the organisation's profile and the door")


class DoorCheckInSchema(Schema):
    id = fields.UUID(required=True)
    shift_id = fields.UUID(required=True)
    status = fields.String(required=True, metadata={"description": "checked_in"})
    checked_in_at = fields.DateTime(required=True)


@blp.endpoint("/organisations/<uuid:organisation_id>/profile", "PUT", ("coordinator", "admin"), (200, OrganisationSchema),
              OrganisationProfileSchema)
def update_profile(data, organisation_id):
    """Change the organisation's profile.

    Its description and website, as the public pages show them (coordinators of the organisation). The name
    stays as the municipality verified it."""
    return coordination.update_profile(current_user, organisation_id, **data)


@blp.endpoint("/engagements/<uuid:engagement_id>/door-check-in", "POST", ("coordinator", "admin"), (200, DoorCheckInSchema))
def check_in_at_door(engagement_id):
    """Check a volunteer in at the door.

    A coordinator of the shift's organisation ticks off an accepted volunteer who came without a phone: the same
    check-in as with the shift's code (proposed hours included), only in the check-in window."""
    return coordination.check_in_at_door(current_user, engagement_id)
