"""Reading conversations: my threads (newest first) with their unread counts, the total for the menu, one thread
with its messages (which marks it read). Messages of someone I blocked are left out, and not counted."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from backend.accounts.models import User, first_name
from backend.conversations.access import readable_by, thread_for
from backend.conversations.models import Block, Message, Report, Thread, ThreadReader
from backend.extensions import db
from backend.models_base import utcnow
from backend.opportunities.models import HelpRequest, Opportunity, Shift
from backend.organisations.models import Organisation, OrganisationMember
from backend.pagination import decode_cursor, encode_cursor

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class ThreadSummary:
    """``with_name``: the other side as the reader sees it (the organisation's name for the volunteer, the
    volunteer's or neighbour's first name otherwise; None for a shift thread, or when ``with_erased``)."""

    id: uuid.UUID
    kind: str
    title: str
    starts_at: datetime | None
    organisation_name: str | None
    with_name: str | None
    with_erased: bool
    unread: int
    last_message_at: datetime


@dataclass(frozen=True)
class MessageView:
    id: uuid.UUID
    sender_id: uuid.UUID | None
    sender_name: str | None  # None: the sender's account was erased ("verwijderd account")
    sender_organisation: str | None  # set when a coordinator wrote for the organisation
    mine: bool
    body: str
    created_at: datetime


@dataclass(frozen=True)
class ThreadView(ThreadSummary):
    messages: tuple[MessageView, ...]
    hidden: int  # messages of people I blocked, left out
    blocked: tuple[uuid.UUID, ...]  # the senders in this thread I blocked
    reported: bool


def _blocked_by(user_id):
    return sa.select(Block.blocked_id).where(Block.blocker_id == user_id)


def _unread_for(user_id):
    """Messages of a thread (joined with my reader row) that I have not read: not mine, not of someone I blocked."""
    return sa.and_(Message.thread_id == Thread.id,
                   Message.created_at > sa.func.coalesce(ThreadReader.read_at, _EPOCH),
                   sa.or_(Message.sender_id.is_(None), sa.and_(Message.sender_id != user_id,
                                                                Message.sender_id.not_in(_blocked_by(user_id)))))


def _with_reader(stmt, user_id):
    return stmt.outerjoin(ThreadReader, sa.and_(ThreadReader.thread_id == Thread.id, ThreadReader.user_id == user_id))


def unread_count(user) -> int:
    stmt = _with_reader(sa.select(sa.func.count(Message.id)).select_from(Thread), user.id) \
        .join(Message, _unread_for(user.id)).where(readable_by(user.id))
    return db.session.scalar(stmt) or 0


def list_threads(user, *, limit: int, cursor: str | None) -> tuple[list[ThreadSummary], str | None]:
    unread = sa.select(sa.func.count(Message.id)).where(_unread_for(user.id)).correlate(Thread, ThreadReader) \
        .scalar_subquery()
    stmt = _with_reader(sa.select(Thread, unread), user.id).where(readable_by(user.id))
    if cursor:
        at, thread_id = decode_cursor(cursor, [datetime, uuid.UUID])
        stmt = stmt.where(sa.tuple_(Thread.last_message_at, Thread.id) < sa.tuple_(
            sa.literal(at, type_=Thread.last_message_at.type), sa.literal(thread_id, type_=Thread.id.type)))
    rows = db.session.execute(stmt.order_by(Thread.last_message_at.desc(), Thread.id.desc()).limit(limit + 1)).all()
    next_cursor = encode_cursor([rows[limit - 1][0].last_message_at, rows[limit - 1][0].id]) \
        if len(rows) > limit else None
    return [_summary(user.id, thread, count) for thread, count in rows[:limit]], next_cursor


def _summary(user_id, thread: Thread, unread: int, cls=ThreadSummary, **more):
    opportunity = db.session.get(Opportunity, thread.opportunity_id)
    organisation = db.session.get(Organisation, thread.organisation_id) if thread.organisation_id else None
    starts_at = db.session.get(Shift, thread.shift_id).starts_at if thread.shift_id else None
    with_name, with_erased = _other_side(user_id, thread, organisation)
    return cls(thread.id, thread.kind, opportunity.title, starts_at, organisation and organisation.name, with_name,
               with_erased, unread, thread.last_message_at, **more)


def summarise(thread: Thread) -> ThreadSummary:
    """A thread as staff list it (from the organisation's or neighbour's side)."""
    return _summary(None, thread, 0)


def _other_side(user_id, thread: Thread, organisation) -> tuple[str | None, bool]:
    """``user_id`` None: staff reading a reported thread, who see it from the organisation's or neighbour's side."""
    mine = user_id is not None and thread.volunteer_id == user_id
    if thread.kind == "shift":
        return None, False
    if thread.kind == "vacancy" and mine:
        return organisation.name, False
    if thread.kind == "help" and mine:
        request = db.session.get(HelpRequest, thread.help_request_id)
        if request.resident_first_name:
            return request.resident_first_name, False
        owner = db.session.get(User, request.requester_id or request.intermediary_id)
        return (owner.first_name, False) if owner else (None, True)
    volunteer = db.session.get(User, thread.volunteer_id) if thread.volunteer_id else None
    return (volunteer.first_name, False) if volunteer else (None, True)


def open_thread(user, thread_id) -> ThreadView:
    """One of my threads with its messages, oldest first; reading it marks it read."""
    thread = thread_for(user, thread_id)
    view = describe(thread, viewer_id=user.id)
    mark_read(user, thread, utcnow())
    return view


def describe(thread: Thread, *, viewer_id) -> ThreadView:
    """The thread as ``viewer_id`` reads it (staff: ``viewer_id`` None, nothing hidden)."""
    blocked = set(db.session.scalars(_blocked_by(viewer_id))) if viewer_id else set()
    rows = list(db.session.scalars(sa.select(Message).where(Message.thread_id == thread.id)
                                   .order_by(Message.created_at, Message.id)))
    senders = {m.sender_id for m in rows} - {None}
    names = {u.id: u.display_name for u in db.session.scalars(sa.select(User).where(User.id.in_(senders)))}
    coordinators = set(db.session.scalars(sa.select(OrganisationMember.user_id).where(
        OrganisationMember.organisation_id == thread.organisation_id, OrganisationMember.user_id.in_(senders)))) \
        if thread.organisation_id else set()
    organisation = db.session.get(Organisation, thread.organisation_id) if thread.organisation_id else None
    shown = [MessageView(m.id, m.sender_id, first_name(names[m.sender_id]) if m.sender_id in names else None,
                         organisation.name if m.sender_id in coordinators else None, m.sender_id == viewer_id,
                         m.body, m.created_at) for m in rows if m.sender_id not in blocked]
    reported = db.session.scalar(sa.select(Report.id).where(Report.thread_id == thread.id).limit(1)) is not None
    return _summary(viewer_id, thread, 0, ThreadView, messages=tuple(shown), hidden=len(rows) - len(shown),
                    blocked=tuple(sorted(blocked & senders)), reported=reported)


def mark_read(user, thread: Thread, now: datetime) -> None:
    stmt = insert(ThreadReader).values(thread_id=thread.id, user_id=user.id, read_at=now)
    db.session.execute(stmt.on_conflict_do_update(index_elements=["thread_id", "user_id"],
                                                  set_={"read_at": stmt.excluded.read_at}))

