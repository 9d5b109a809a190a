"""The notice of a new message: an outbox row per person on the other side, at most one per thread and person per
NOTICE_GAP (a lively conversation does not ring a phone at every line). The relay then applies the person's channel
(push, web push or e-mail), quiet hours and daily digest (priority "low" is what a digest collects).

The notice carries no text of the message and no name: only the thread's page and the vacancy's title."""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from backend.accounts.models import User
from backend.conversations.access import participants
from backend.conversations.models import Block, Thread, ThreadReader
from backend.extensions import db
from backend.notifications.outbox import enqueue
from backend.opportunities.models import Opportunity

NOTICE_GAP = timedelta(hours=1)
TEMPLATE = "conversation_message"


def thread_path(thread_id) -> str:
    """The page a notice leads to (web push opens it; e-mail links to it)."""
    return f"/berichten/{thread_id}"


def tell_participants(thread: Thread, sender, now: datetime) -> list:
    """Enqueue the notices this message is due; returns whom they are for."""
    recipients = participants(thread) - {sender.id}
    if recipients:
        recipients -= set(db.session.scalars(sa.select(Block.blocker_id).where(
            Block.blocked_id == sender.id, Block.blocker_id.in_(recipients))))
    if not recipients:
        return []
    due = _claim_notices(thread.id, recipients, now)
    title = db.session.scalar(sa.select(Opportunity.title).where(Opportunity.id == thread.opportunity_id))
    for user_id, locale in db.session.execute(sa.select(User.id, User.locale).where(User.id.in_(due))):
        enqueue(f"conversation:{thread.id}:to:{user_id}:{now.isoformat()}", user_id=user_id, channel="any",
                template=TEMPLATE, locale=locale, priority="low",
                payload={"thread_id": str(thread.id), "url": thread_path(thread.id), "title": title})
    return due


def _claim_notices(thread_id, recipients: set, now: datetime) -> list:
    """Mark the recipients noticed now, where their last notice is older than NOTICE_GAP; returns those.

    One statement: INSERT ... ON CONFLICT DO UPDATE ... WHERE, so that two messages written at once in two
    transactions give one notice (the second waits for the first's row and then finds it noticed)."""
    stmt = insert(ThreadReader).values([{"thread_id": thread_id, "user_id": user_id, "noticed_at": now}
                                        for user_id in sorted(recipients)])
    stmt = stmt.on_conflict_do_update(
        index_elements=["thread_id", "user_id"], set_={"noticed_at": stmt.excluded.noticed_at},
        where=sa.or_(ThreadReader.noticed_at.is_(None), ThreadReader.noticed_at <= now - NOTICE_GAP))
    return list(db.session.scalars(stmt.returning(ThreadReader.user_id)))
