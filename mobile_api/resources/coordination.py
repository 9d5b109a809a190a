"""What coordinators do on the organisation's pages that the other resources did not offer yet: correct the
organisation's public profile, tick off at the door a volunteer who came without a phone, and approve a shift's
hours at once. The same operations
as web.views.organisation and web.views.organisation_shifts; the access checks are theirs (a coordinator of
another organisation gets 403 or 404, here as on the web)."""
from flask_jwt_extended import current_user
from marshmallow import fields

from backend.engagements import coordination
from backend.engagements.schemas import HoursApprovalSchema
from backend.organisations.schemas import OrganisationProfileSchema
from mobile_api.blueprint import Blueprint
from mobile_api.resources.engagements import HoursSchema
from mobile_api.resources.organisations import OrganisationSchema
from mobile_api.schemas import Schema

blp = Blueprint("coordination", __name__, description="Coordinators: the organisation's profile and the door")


class DoorCheckInSchema(Schema):
    id = fields.UUID(required=True)
    shift_id = fields.UUID(required=True)
    status = fields.String(required=True, metadata={"description": "checked_in"})
    checked_in_at = fields.DateTime(required=True)


class ApprovedHoursSchema(Schema):
    items = fields.List(fields.Nested(HoursSchema), required=True)


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


@blp.endpoint("/shifts/<uuid:shift_id>/hours-approval", "POST", ("coordinator", "admin"), (200, ApprovedHoursSchema),
              HoursApprovalSchema)
def approve_shift_hours(data, shift_id):
    """Approve a shift's hours at once.

    Approve the proposed hours entries of one shift together, each with its proposed time or a correction
    (coordinators of the shift's organisation); all or nothing: one entry that cannot be approved (of another
    shift, approved already) refuses them all."""
    decisions = [(hours_id, data["corrections"].get(hours_id)) for hours_id in data["hours"]]
    return {"items": coordination.approve_hours_in_bulk(current_user, shift_id, decisions)}
