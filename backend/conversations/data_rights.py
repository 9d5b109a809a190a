"""Conversations' part of the data subject's rights (listed in backend/data_rights.py), and their retention.

- Export: the threads I take part in (what about, when I last read them), my own messages, my reports, how many
  people I blocked. Others' messages are theirs, not mine, and stay out.
- Erasure: my messages are blanked and lose their sender (others read "verwijderd account" there); the threads keep
  the rest, so the other side still understands their own words; where I was the volunteer of a thread, it names
  "verwijderd account" too (the foreign key sets it NULL).
- Retention: a thread goes CONVERSATION_RETENTION_MONTHS after its last message, with everything in it.
"""
from __future__ import annotations

import calendar
from datetime import datetime

import sqlalchemy as sa
from flask import current_app

from backend.conversations.access import readable_by
from backend.conversations.models import Block, Message, Report, Thread, ThreadReader
from backend.extensions import db
from backend.models_base import iso, utcnow
from backend.opportunities.models import Opportunity


def export_conversations(user) -> dict:
    threads = db.session.execute(
        sa.select(Thread, Opportunity.title, ThreadReader.read_at)
        .join(Opportunity, Opportunity.id == Thread.opportunity_id)
        .outerjoin(ThreadReader, sa.and_(ThreadReader.thread_id == Thread.id, ThreadReader.user_id == user.id))
        .where(sa.or_(readable_by(user.id), Thread.id.in_(sa.select(Message.thread_id)
                                                           .where(Message.sender_id == user.id))))
        .order_by(Thread.created_at))
    mine = db.session.scalars(sa.select(Message).where(Message.sender_id == user.id).order_by(Message.created_at))
    reports = db.session.scalars(sa.select(Report).where(Report.reported_by == user.id).order_by(Report.created_at))
    blocked = db.session.scalar(sa.select(sa.func.count()).select_from(Block).where(Block.blocker_id == user.id))
    return {
        "threads": [{"id": str(t.id), "kind": t.kind, "about": title, "created_at": iso(t.created_at),
                     "last_message_at": iso(t.last_message_at), "read_at": iso(read_at)}
                    for t, title, read_at in threads],
        "messages": [{"id": str(m.id), "thread_id": str(m.thread_id), "body": m.body,
                      "created_at": iso(m.created_at)} for m in mine],
        "reports": [{"message_id": str(r.message_id), "thread_id": str(r.thread_id), "reason": r.reason,
                     "created_at": iso(r.created_at)} for r in reports],
        "people_blocked": blocked,
    }


def erase_messages(user) -> None:
    """Erasure step: blank my messages and the reasons I gave when reporting one (the account's deletion then sets
    their sender and reporter NULL; a report stays, so that staff can still read the thread it opened)."""
    db.session.execute(sa.update(Message).where(Message.sender_id == user.id).values(body="")
                       .execution_options(synchronize_session=False))
    db.session.execute(sa.update(Report).where(Report.reported_by == user.id).values(reason="")
                       .execution_options(synchronize_session=False))


def delete_expired_threads() -> str:
    """The job ``conversation-retention``: threads whose last message is older than the retention period."""
    months = current_app.extensions["doemee_config"]["CONVERSATION_RETENTION_MONTHS"]
    before = months_before(utcnow(), months)
    deleted = db.session.execute(sa.delete(Thread).where(Thread.last_message_at < before)).rowcount
    return f"{deleted} conversations deleted"


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (the month's last day if it is shorter)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)
