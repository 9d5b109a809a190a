"""Who may read a thread, in one SQL condition (``readable_by``) that the list, the unread count, every read and
every write use, so that a rule written here protects both surfaces and every route:

- a vacancy thread: the volunteer who asked, and the active coordinators of the organisation (they share it);
- a shift thread: the active coordinators of the organisation, and every volunteer with a place on the shift;
- a help thread: the neighbour who asked (or the intermediary who posted for them), and the volunteer whose offer
  was accepted, while that offer holds.

Nobody else: not staff, not admins (an admin's "coordinator of everything" does not count here). Staff of the
municipality read a thread someone reported, through backend/conversations/safety.py, and each look is audited.
Whoever may not read a thread gets the answer a thread that does not exist gets (404).
"""
from __future__ import annotations

import sqlalchemy as sa

from backend.conversations import messages  # noqa: F401  (registers the message keys)
from backend.conversations.models import Thread
from backend.engagements.models import Engagement
from backend.errors import NotFound
from backend.extensions import db
from backend.opportunities.models import HelpRequest
from backend.organisations.models import OrganisationMember

# A volunteer is "on" a shift with one of these; the accepted helper keeps a help thread with one of these.
ON_SHIFT = ("accepted", "checked_in", "completed")


def my_organisations(user_id):
    return sa.select(OrganisationMember.organisation_id).where(OrganisationMember.user_id == user_id,
                                                               OrganisationMember.status == "active")


def readable_by(user_id):
    """The condition on Thread for the threads this person takes part in."""
    my_places = sa.select(Engagement.shift_id).where(Engagement.volunteer_id == user_id,
                                                     Engagement.shift_id.is_not(None), Engagement.status.in_(ON_SHIFT))
    my_requests = sa.select(HelpRequest.id).where(sa.or_(HelpRequest.requester_id == user_id,
                                                         HelpRequest.intermediary_id == user_id))
    my_help = sa.select(Engagement.id).where(Engagement.volunteer_id == user_id, Engagement.status.in_(ON_SHIFT))
    return sa.or_(
        sa.and_(Thread.kind == "vacancy", Thread.volunteer_id == user_id),
        sa.and_(Thread.kind.in_(("vacancy", "shift")), Thread.organisation_id.in_(my_organisations(user_id))),
        sa.and_(Thread.kind == "shift", Thread.shift_id.in_(my_places)),
        sa.and_(Thread.kind == "help", Thread.help_request_id.in_(my_requests)),
        sa.and_(Thread.kind == "help", Thread.volunteer_id == user_id, Thread.engagement_id.in_(my_help)),
    )


def thread_for(user, thread_id, *, lock: bool = False) -> Thread:
    stmt = sa.select(Thread).where(Thread.id == thread_id, readable_by(user.id))
    if lock:
        stmt = stmt.with_for_update(of=Thread)
    thread = db.session.scalar(stmt)
    if thread is None:
        raise NotFound("detail.not_found", what="Conversation")
    return thread


def is_coordinator_of(user_id, organisation_id) -> bool:
    if organisation_id is None:
        return False
    return db.session.scalar(my_organisations(user_id).where(
        OrganisationMember.organisation_id == organisation_id)) is not None


def participants(thread: Thread) -> set:
    """Everyone who may read the thread now (their ids): whom a new message is for."""
    ids: set = set()
    if thread.organisation_id is not None:
        ids |= set(db.session.scalars(sa.select(OrganisationMember.user_id).where(
            OrganisationMember.organisation_id == thread.organisation_id, OrganisationMember.status == "active")))
    if thread.kind == "shift":
        ids |= set(db.session.scalars(sa.select(Engagement.volunteer_id).where(
            Engagement.shift_id == thread.shift_id, Engagement.status.in_(ON_SHIFT))))
    if thread.kind == "help":
        request = db.session.get(HelpRequest, thread.help_request_id)
        ids |= {request.requester_id, request.intermediary_id}
        if thread.engagement_id is not None and db.session.scalar(sa.select(Engagement.id).where(
                Engagement.id == thread.engagement_id, Engagement.status.in_(ON_SHIFT))):
            ids.add(thread.volunteer_id)
    if thread.kind == "vacancy":
        ids.add(thread.volunteer_id)
    return ids - {None}
