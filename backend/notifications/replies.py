"""The signed token behind a reminder's one-tap answers ("I'm coming", "I can't make it"), and the answer kept.

The reminder carries a token naming the engagement (no login needed: the tap comes from a push action or an
e-mail). What an answer does belongs to the features it acts on: backend/reminders/replies.py. This module knows
no feature; it signs and checks ids.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import struct
import time
import uuid

from flask import current_app

from backend.errors import NotFound
from backend.extensions import db
from backend.models_base import utcnow
from backend.notifications import messages  # noqa: F401  (registers the message keys)
from backend.notifications.models import ReminderReply

# Long enough for a reminder sent days ahead; the start of the activity is checked separately.
MAX_AGE_SECONDS = 14 * 24 * 3600
_KEYS: dict[str, bytes] = {}


def _key() -> bytes:
    # Derived once per secret: a job signs one token per reminder, 100,000 in one run.
    secret = current_app.extensions["doemee_config"]["SECRET_KEY"]
    if secret not in _KEYS:
        _KEYS[secret] = hmac.new(secret.encode(), b"doemee.reminder-reply", hashlib.sha256).digest()
    return _KEYS[secret]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def reply_token(engagement_id) -> str:
    """engagement id + expiry, HMAC-SHA256-signed (truncated to 128 bits): short enough for a link or push data."""
    body = uuid.UUID(str(engagement_id)).bytes + struct.pack(">I", int(time.time()) + MAX_AGE_SECONDS)
    return _b64(body) + "." + _b64(hmac.new(_key(), body, hashlib.sha256).digest()[:16])


def engagement_id_of(token: str) -> uuid.UUID:
    """The engagement id a valid, unexpired token names; NotFound for anything else (forged, expired, garbled)."""
    try:
        body_part, signature_part = token.split(".")
        body = base64.urlsafe_b64decode(body_part + "=" * (-len(body_part) % 4))
        signature = base64.urlsafe_b64decode(signature_part + "=" * (-len(signature_part) % 4))
    except (ValueError, binascii.Error):
        raise NotFound("detail.notifications.reply_invalid") from None
    expected = hmac.new(_key(), body, hashlib.sha256).digest()[:16]
    if len(body) != 20 or not hmac.compare_digest(signature, expected) or \
            struct.unpack(">I", body[16:])[0] < time.time():
        raise NotFound("detail.notifications.reply_invalid")
    return uuid.UUID(bytes=body[:16])


def remember(engagement_id, answer: str) -> ReminderReply:
    """Keep the last answer to the reminders of an engagement (the coordinator sees who confirmed)."""
    reply = db.session.get(ReminderReply, engagement_id)
    if reply is None:
        reply = ReminderReply(engagement_id=engagement_id)
        db.session.add(reply)
    reply.answer, reply.answered_at = answer, utcnow()
    db.session.flush()
    return reply
