"""The input of conversations (shape only): a message, a report. Who may write where, the rate limit and blocks are
the operations' (backend/conversations/operations.py, safety.py)."""
from __future__ import annotations

from marshmallow import ValidationError

from backend.conversations.models import MAX_BODY
from backend.i18n import Msg
from backend.schemas import Schema, text


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError([Msg("field.message_blank")])


class MessageInSchema(Schema):
    # Left out, empty or only spaces: the same sentence, whichever surface (a form's blank field is "left out").
    body = text(MAX_BODY, required=True, validate=_not_blank,
                error_messages={"required": Msg("field.message_blank"), "null": Msg("field.message_blank")},
                metadata={"description": "plain text; links (http, https) are shown clickable, nothing else"})


class ReportInSchema(Schema):
    reason = text(500, metadata={"description": "what is wrong with the message (optional)"})
