"""Milestones: what a volunteer has achieved, in their language."""
from flask_jwt_extended import current_user
from marshmallow import fields

from backend.appreciation import operations as appreciation
from mobile_api.blueprint import Blueprint
from mobile_api.problems import request_locale
from mobile_api.schemas import Schema, page_of

blp = Blueprint("appreciation", __name__, description="Milestones")


class MilestoneSchema(Schema):
    code = fields.String(required=True, metadata={"description": "e.g. first_engagement, hours_25, years_1"})
    achieved_at = fields.DateTime(required=True)
    title = fields.Method("localised_title", required=True)

    def localised_title(self, award):
        return appreciation.milestone_title(award.code, request_locale())


MilestonePage = page_of(MilestoneSchema, "MilestonePage")


@blp.page("/me/milestones", ("authenticated",), MilestonePage)
def my_milestones(args):
    """My milestones, oldest first, with their title in my language."""
    return appreciation.list_milestones(current_user, **args)
