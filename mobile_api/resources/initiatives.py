"""Resident initiatives (bewonersinitiatieven): propose, support, the municipality's decision, tasks."""
from flask_jwt_extended import current_user
from marshmallow import fields, validate

from backend.initiatives import listing, operations as initiatives
from backend.initiatives.models import STATUSES
from mobile_api import conditional
from mobile_api.blueprint import Blueprint
from mobile_api.schemas import MunicipalityRef, NeighbourhoodRef, PageArgs, Schema, ShiftTimes, page_of, text

blp = Blueprint("initiatives", __name__, url_prefix="/initiatives", description="Resident initiatives")

SLUG = validate.Regexp(r"^[a-z0-9-]+$", error="Use lower-case letters, digits and hyphens.")


class InitiativeInSchema(Schema):
    title = text(120, min_length=1, required=True)
    description = text(4000, min_length=1, required=True)
    help_needed = text(2000, load_default="", metadata={"description": "what kind of help would make it happen"})
    postcode = text(10, min_length=1, metadata={"description": "where it happens; or neighbourhood"})
    neighbourhood = text(80, min_length=1, validate=SLUG, metadata={"description": "neighbourhood slug"})
    municipality = text(60, min_length=1, validate=SLUG, metadata={
        "description": "municipality slug of the neighbourhood; default: that of my volunteer profile"})


class InitiativeSchema(Schema):
    id = fields.UUID(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    help_needed = fields.String(required=True)
    status = fields.String(required=True)
    decline_reason = fields.String(allow_none=True, required=True)
    municipality = fields.Nested(MunicipalityRef, required=True)
    neighbourhood = fields.Nested(NeighbourhoodRef, required=True)
    support_count = fields.Integer(required=True)
    created_at = fields.DateTime(required=True)
    status_changed_at = fields.DateTime(allow_none=True, required=True)


class InitiativeQuery(PageArgs):
    municipality = text(60, validate=SLUG, load_default=None, metadata={"description": "municipality slug"})
    neighbourhood = text(80, validate=SLUG, load_default=None, metadata={"description": "neighbourhood slug"})
    status = fields.String(validate=validate.OneOf(STATUSES), load_default=None,
                           metadata={"description": "only the initiatives with this status"})


class StatusInSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    reason = text(2000, load_default=None, allow_none=True, metadata={"description": "required when declined"})


class TaskInSchema(Schema):
    title = text(120, min_length=1, required=True)
    description = text(2000, load_default="")
    category = text(30, required=True, validate=validate.Regexp(r"^[a-z_]+$", error="Use a category code."))
    required_skills = fields.List(text(40), validate=validate.Length(max=10), load_default=list)
    starts_at = fields.AwareDateTime(required=True, metadata={"description": "ISO 8601 with offset"})
    ends_at = fields.AwareDateTime(required=True, metadata={"description": "ISO 8601 with offset"})
    capacity = fields.Integer(required=True, validate=validate.Range(1, 500))


class TaskShiftSchema(ShiftTimes):
    id = fields.UUID(required=True, metadata={"description": "sign up with POST /api/v1/shifts/{id}/signups"})
    accepted_count = fields.Integer(required=True)


class TaskSchema(Schema):
    id = fields.UUID(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    category = fields.String(required=True)
    required_skills = fields.List(fields.String(), required=True)
    status = fields.String(required=True)
    shift = fields.Nested(TaskShiftSchema, allow_none=True, required=True)
    created_at = fields.DateTime(required=True)


InitiativePage = page_of(InitiativeSchema, "InitiativePage")
TaskPage = page_of(TaskSchema, "InitiativeTaskPage")
_dump_page = InitiativePage().dump


@blp.endpoint("", "POST", "authenticated", (201, InitiativeSchema), InitiativeInSchema)
def propose_initiative(data):
    """Propose an initiative for a neighbourhood; the municipality's staff hear of it."""
    return initiatives.propose_initiative(current_user, data)


@blp.conditional_list("", "public", InitiativeQuery, InitiativePage)
def list_initiatives(args):
    """Initiatives, oldest first, with their number of supporters."""
    found = listing.initiative_page(
        municipality=args["municipality"], neighbourhood=args["neighbourhood"], status=args["status"],
        limit=args["limit"], cursor=args["cursor"], known_versions=conditional.known_versions())
    # The same for everyone who asks (nothing in it depends on the caller or the language).
    return conditional.page_answer(found, _dump_page, private=False)


@blp.endpoint("/<uuid:initiative_id>", "GET", "public", (200, InitiativeSchema))
def get_initiative(initiative_id):
    """One initiative."""
    return initiatives.get_initiative(initiative_id)


blp.delegate("/<uuid:initiative_id>/support", "POST", ("authenticated",), (201, InitiativeSchema), "support_initiative",
             initiatives.support_initiative, "Support an initiative (once).")


@blp.endpoint("/<uuid:initiative_id>/support", "DELETE", "authenticated", (204,))
def withdraw_support(initiative_id):
    """Withdraw my support."""
    initiatives.withdraw_support(current_user, initiative_id)


@blp.endpoint("/<uuid:initiative_id>/status", "PUT", ("municipality_staff", "admin"), (200, InitiativeSchema),
              StatusInSchema)
def set_status(data, initiative_id):
    """The municipality's decision (its own staff only); the proposer is told."""
    return initiatives.set_status(current_user, initiative_id, **data)


@blp.endpoint("/<uuid:initiative_id>/tasks", "POST", "authenticated", (201, TaskSchema), TaskInSchema)
def add_task(data, initiative_id):
    """Add a task with one shift (proposer or staff; only once the initiative is supported)."""
    return initiatives.add_task(current_user, initiative_id, data)


@blp.page("/<uuid:initiative_id>/tasks", ("public",), TaskPage)
def list_tasks(args, initiative_id):
    """An initiative's tasks and their shifts."""
    return initiatives.list_tasks(initiative_id, **args)
