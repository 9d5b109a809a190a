"""Conversations (berichten): a volunteer and an organisation about a vacancy, the coordinators and everyone on a
shift, a neighbour and the volunteer whose offer they accepted. The same operations as the web's pages."""
from flask_jwt_extended import current_user
from marshmallow import fields

from backend.conversations import operations, reading, safety
from backend.conversations.schemas import MessageInSchema, ReportInSchema
from mobile_api.auth import access
from mobile_api.blueprint import Blueprint
from mobile_api.schemas import Schema, page_of

blp = Blueprint("conversations", __name__, url_prefix="/conversations",
                description="Conversations about a vacancy, a shift or an accepted offer of help")


class ThreadSummarySchema(Schema):
    id = fields.UUID(required=True)
    kind = fields.String(required=True, metadata={"enum": ["vacancy", "shift", "help"]})
    title = fields.String(required=True, metadata={"description": "the vacancy's or request's title"})
    starts_at = fields.DateTime(allow_none=True, required=True, metadata={"description": "the shift's start"})
    organisation_name = fields.String(allow_none=True, required=True)
    with_name = fields.String(allow_none=True, required=True, metadata={
        "description": "the other side: the organisation (for its volunteer) or a first name; null for a shift"})
    with_erased = fields.Boolean(required=True, metadata={"description": "the other side erased their account"})
    unread = fields.Integer(required=True)
    last_message_at = fields.DateTime(required=True)


class MessageSchema(Schema):
    id = fields.UUID(required=True)
    sender_id = fields.UUID(allow_none=True, required=True)
    sender_name = fields.String(allow_none=True, required=True,
                                metadata={"description": "first name; null: the account was erased"})
    sender_organisation = fields.String(allow_none=True, required=True,
                                        metadata={"description": "set when a coordinator wrote for it"})
    mine = fields.Boolean(required=True)
    body = fields.String(required=True, metadata={"description": "plain text (show it as text; links may be "
                                                                 "made clickable)"})
    created_at = fields.DateTime(required=True)


class ThreadSchema(ThreadSummarySchema):
    messages = fields.List(fields.Nested(MessageSchema), required=True)
    hidden = fields.Integer(required=True, metadata={"description": "messages of people you blocked, left out"})
    blocked = fields.List(fields.UUID(), required=True, metadata={"description": "senders here you blocked"})
    reported = fields.Boolean(required=True)


UnreadSchema = Schema.from_dict({"unread": fields.Integer(required=True)}, name="UnreadSchema")
ReportOutSchema = Schema.from_dict({"id": fields.UUID(required=True), "created_at": fields.DateTime(required=True)},
                                   name="ReportOutSchema")
BlockOutSchema = Schema.from_dict({"blocked_id": fields.UUID(required=True)}, name="BlockOutSchema")
ReportedListSchema = Schema.from_dict({"items": fields.List(fields.Nested(ThreadSummarySchema), required=True)},
                                      name="ReportedListSchema")


ThreadPage = page_of(ThreadSummarySchema, "ThreadPage")


@blp.page("", ("authenticated",), ThreadPage)
def list_threads(args):
    """My conversations, the latest message first, each with its number of unread messages."""
    return reading.list_threads(current_user, **args)


@blp.endpoint("/unread", "GET", "authenticated", (200, UnreadSchema))
def unread():
    """How many messages I have not read (the menu's count)."""
    return {"unread": reading.unread_count(current_user)}


@blp.endpoint("/reported", "GET", "municipality_staff", (200, ReportedListSchema))
def reported():
    """Staff: the conversations of my municipality in which someone reported a message (no others)."""
    return {"items": safety.reported_threads(current_user)}


blp.delegate("/reported/<uuid:thread_id>", "GET", ("municipality_staff",), (200, ThreadSchema),
             "read_reported", safety.read_reported,
             "Staff: read a reported conversation of my municipality (each look is audited).")
blp.delegate("/<uuid:thread_id>", "GET", ("authenticated",), (200, ThreadSchema), "get_thread",
             reading.open_thread, "One of my conversations with its messages; marks it read.")


def _post(rule: str, endpoint: str, operation, doc: str, schema=MessageInSchema, answer=(201, ThreadSchema),
          errors=(429,)) -> None:
    """POST ``rule`` for anyone signed in: the body through ``schema``, then ``operation(me, *the URL's ids, body)``;
    ``errors``: what the operation adds to the derived ones (429: it counts the messages of the hour,
    backend.conversations.safety)."""
    def view(data, **values):
        return operation(current_user, *values.values(), data)

    view.__name__ = view.__qualname__ = endpoint
    view.__doc__ = doc
    blp.route(rule, methods=["POST"], errors=errors)(
        access("authenticated")(blp.arguments(schema)(blp.response(*answer)(view))))


_post("/<uuid:thread_id>/messages", "reply", operations.reply, "Write in one of my conversations.")
_post("/vacancies/<uuid:opportunity_id>/messages", "ask_about_vacancy", operations.ask_about_vacancy,
      "Ask the organisation a question about a vacancy (before or after signing up).")
_post("/shifts/<uuid:shift_id>/messages", "write_to_shift", operations.write_to_shift,
      "Coordinators: write to everyone on a shift (who may then answer everyone).")
_post("/help-requests/<uuid:help_request_id>/messages", "write_about_help", operations.write_about_help,
      "The neighbour and the volunteer whose offer they accepted write to each other.")
_post("/<uuid:thread_id>/messages/<uuid:message_id>/report", "report", safety.report_message,
      "Report a message: staff of the municipality may then read this conversation.", ReportInSchema,
      (201, ReportOutSchema), errors=())


@blp.endpoint("/<uuid:thread_id>/messages/<uuid:message_id>/block-sender", "POST", "authenticated",
              (200, BlockOutSchema))
def block(thread_id, message_id):
    """Block the writer of this message: I no longer see or hear of their messages."""
    return {"blocked_id": safety.block_sender(current_user, thread_id, message_id)}


@blp.endpoint("/blocked/<uuid:user_id>/unblock", "POST", "authenticated", (204,))
def unblock(user_id):
    """See this person's messages again."""
    safety.unblock(current_user, user_id)
