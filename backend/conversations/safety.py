"""Safety in conversations: a rate limit per sender, reporting a message (the municipality's staff then read that
thread, and only such threads, each look audited), and blocking a person.

The rate limit counts in the rate-limit storage every server shares (Flask-Limiter's: memory, or Redis when
DOEMEE_RATELIMIT_STORAGE_URL names one), per sender over the last hour, whatever surface they write from."""
from __future__ import annotations

import time
import uuid

import sqlalchemy as sa
from flask import current_app
from limits import RateLimitItemPerHour
from sqlalchemy.dialects.postgresql import insert

from backend.accounts.models import User
from backend.audit.operations import record
from backend.conversations.access import thread_for
from backend.conversations.models import Block, Message, Report, Thread
from backend.conversations.reading import ThreadSummary, ThreadView, describe, summarise
from backend.errors import NotFound, RuleViolation, TooManyRequests
from backend.extensions import db, limiter


class MessagesThrottled(TooManyRequests):
    def __init__(self, retry_after: int):
        super().__init__("detail.conversation_rate_limited")
        self.headers = {"Retry-After": str(max(1, retry_after))}


def count_message(user) -> None:
    """Count one message of ``user``; refuse (429) once they sent CONVERSATION_MESSAGES_PER_HOUR this hour."""
    per_hour = current_app.extensions["doemee_config"]["CONVERSATION_MESSAGES_PER_HOUR"]
    item = RateLimitItemPerHour(per_hour)
    if not limiter.limiter.hit(item, "conversations", str(user.id)):
        reset_at, _left = limiter.limiter.get_window_stats(item, "conversations", str(user.id))
        raise MessagesThrottled(int(reset_at - time.time()))


def _message_in(thread: Thread, message_id) -> Message:
    message = db.session.get(Message, message_id)
    if message is None or message.thread_id != thread.id:
        raise NotFound("detail.not_found", what="Message")
    return message


def report_message(user, thread_id, message_id, data: dict) -> Report:
    """Report a message in one of my threads: staff of the municipality may now read this thread."""
    thread = thread_for(user, thread_id)
    message = _message_in(thread, message_id)
    if message.sender_id == user.id:
        raise RuleViolation("detail.conversation_report_own")
    report = Report(id=uuid.uuid4(), thread_id=thread.id, message_id=message.id, reported_by=user.id,
                    reason=(data.get("reason") or "").strip())
    db.session.add(report)
    db.session.flush()
    record("conversation.reported", actor_id=user.id, subject_id=message.sender_id, object_type="conversation",
           object_id=thread.id)
    return report


def block_sender(user, thread_id, message_id) -> uuid.UUID:
    """Block the writer of a message in one of my threads: I no longer see or hear of their messages."""
    message = _message_in(thread_for(user, thread_id), message_id)
    if message.sender_id is None or message.sender_id == user.id:
        raise RuleViolation("detail.conversation_block_self")
    db.session.execute(insert(Block).values(blocker_id=user.id, blocked_id=message.sender_id)
                       .on_conflict_do_nothing(index_elements=["blocker_id", "blocked_id"]))
    return message.sender_id


def unblock(user, blocked_id) -> None:
    db.session.execute(sa.delete(Block).where(Block.blocker_id == user.id, Block.blocked_id == blocked_id))


def _staff_municipalities(user: User) -> list:
    # Staff of a municipality only; an admin role alone does not open anyone's conversations.
    return [g.municipality_id for g in user.roles if g.role == "municipality_staff" and g.municipality_id]


def _reported():
    return sa.select(Report.thread_id)


def reported_threads(user) -> list[ThreadSummary]:
    """Threads of my municipality with a reported message, the latest report first (at most 200)."""
    latest = sa.select(sa.func.max(Report.created_at)).where(Report.thread_id == Thread.id).scalar_subquery()
    threads = db.session.scalars(sa.select(Thread).where(
        Thread.municipality_id.in_(_staff_municipalities(user)), Thread.id.in_(_reported()))
        .order_by(latest.desc(), Thread.id).limit(200))
    return [summarise(thread) for thread in threads]


def read_reported(user, thread_id) -> ThreadView:
    """Staff read a reported thread of their municipality; the look is audited. Any other thread: not found."""
    thread = db.session.scalar(sa.select(Thread).where(
        Thread.id == thread_id, Thread.municipality_id.in_(_staff_municipalities(user)),
        Thread.id.in_(_reported())))
    if thread is None:
        raise NotFound("detail.not_found", what="Conversation")
    record("conversation.read_by_staff", actor_id=user.id, object_type="conversation", object_id=thread.id)
    return describe(thread, viewer_id=None)
