"""One-tap answers to a reminder: "I'm coming" and "I can't make it".

The reminder carries a signed token naming the engagement (no login needed: the tap comes from a push action
or an e-mail). "I can't make it" withdraws through the engagements (or help) operation, which frees the place
and promotes the first on the waitlist in the same transaction.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import struct
import time
import uuid

import sqlalchemy as sa
from flask import current_app

from backend.accounts.models import User
from backend.audit.operations import record
from backend.engagements.models import Engagement
from backend.errors import NotFound, RuleViolation
from backend.extensions import db
from backend.help.models import HelpRequest
from backend.models_base import utcnow
from backend.notifications import messages  # noqa: F401  (registers the message keys)
from backend.notifications.models import ReminderReply
from backend.opportunities.models import Shift

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


def _engagement_of(token: str) -> Engagement:
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
    engagement = db.session.get(Engagement, uuid.UUID(bytes=body[:16]))
    if engagement is None:
        raise NotFound("detail.notifications.reply_invalid")
    return engagement


def _starts_at(engagement: Engagement):
    if engagement.shift_id is not None:
        return db.session.scalar(sa.select(Shift.starts_at).where(Shift.id == engagement.shift_id))
    return db.session.scalar(sa.select(HelpRequest.window_start)
                             .where(HelpRequest.opportunity_id == engagement.opportunity_id))


def _require_answerable(engagement: Engagement) -> None:
    starts_at = _starts_at(engagement)
    if engagement.status != "accepted" or starts_at is None or starts_at <= utcnow():
        raise RuleViolation("detail.notifications.reply_too_late")


def _remember(engagement: Engagement, answer: str) -> None:
    reply = db.session.get(ReminderReply, engagement.id)
    if reply is None:
        reply = ReminderReply(engagement_id=engagement.id)
        db.session.add(reply)
    reply.answer, reply.answered_at = answer, utcnow()
    db.session.flush()


def answer_coming(token: str) -> dict:
    engagement = _engagement_of(token)
    _require_answerable(engagement)
    _remember(engagement, "coming")
    return {"engagement_id": engagement.id, "answer": "coming", "status": engagement.status}


def answer_cant_make_it(token: str) -> dict:
    """Withdraw the volunteer as if they had done it in the app (their own operation, their own rules)."""
    engagement = _engagement_of(token)
    _require_answerable(engagement)
    volunteer = db.session.get(User, engagement.volunteer_id)
    if engagement.shift_id is not None:
        from backend.engagements.operations import withdraw

        withdraw(volunteer, engagement.id)
    else:
        from backend.help.operations import withdraw_offer

        help_request_id = db.session.scalar(sa.select(HelpRequest.id)
                                            .where(HelpRequest.opportunity_id == engagement.opportunity_id))
        withdraw_offer(volunteer, help_request_id, engagement.id)
    _remember(engagement, "cant_make_it")
    record("engagement.withdrawn_from_reminder", actor_id=volunteer.id, subject_id=volunteer.id,
           object_type="engagement", object_id=engagement.id)
    db.session.refresh(engagement)
    return {"engagement_id": engagement.id, "answer": "cant_make_it", "status": engagement.status}


def describe(token: str) -> dict:
    """What a reply link is about, for the page that asks to confirm (reading it changes nothing)."""
    engagement = _engagement_of(token)
    title, starts_at, ends_at = None, None, None
    if engagement.shift_id is not None:
        shift = db.session.get(Shift, engagement.shift_id)
        starts_at, ends_at = shift.starts_at, shift.ends_at
    else:
        help_request = db.session.scalar(sa.select(HelpRequest)
                                         .where(HelpRequest.opportunity_id == engagement.opportunity_id))
        starts_at, ends_at = help_request.window_start, help_request.window_end
    from backend.opportunities.models import Opportunity

    title = db.session.scalar(sa.select(Opportunity.title).where(Opportunity.id == engagement.opportunity_id))
    reply = db.session.get(ReminderReply, engagement.id)
    answerable = engagement.status == "accepted" and starts_at is not None and starts_at > utcnow()
    return {"engagement_id": engagement.id, "title": title, "starts_at": starts_at, "ends_at": ends_at,
            "status": engagement.status, "answerable": answerable, "answer": reply.answer if reply else None}
