"""Writing in conversations: ask an organisation about a vacancy, write to everyone on a shift, write to the
neighbour or the volunteer of an accepted help offer, and reply in a thread. A thread is made with its first message,
one per subject (per volunteer and vacancy, per shift, per help request).

Who may read a thread: access.py. Notices of a new message: notices.py. Rate limit and blocks: safety.py.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from backend.conversations.access import ON_SHIFT, is_coordinator_of, readable_by, thread_for
from backend.conversations.models import Message, Thread
from backend.conversations.notices import tell_participants
from backend.conversations.reading import ThreadView, describe, mark_read
from backend.conversations.safety import count_message
from backend.engagements.models import Engagement
from backend.errors import Forbidden, NotFound, RuleViolation
from backend.extensions import db
from backend.models_base import utcnow
from backend.opportunities.models import HelpRequest, Opportunity, Shift

OPEN_VACANCY = ("published", "filled")


@dataclass(frozen=True)
class Subject:
    """What a new thread would be about: its kind, its title, and the thread that already exists, if any."""

    kind: str
    id: uuid.UUID
    title: str
    thread_id: uuid.UUID | None
    starts_at: object = None


def _existing(user, **where) -> Thread | None:
    return db.session.scalar(sa.select(Thread).filter_by(**where).where(readable_by(user.id)))


def _vacancy(user, opportunity_id) -> tuple[Opportunity, Thread | None]:
    opportunity = db.session.get(Opportunity, opportunity_id)
    if opportunity is None or opportunity.kind != "vacancy" or opportunity.organisation_id is None:
        raise NotFound("detail.not_found", what="Opportunity")
    existing = _existing(user, kind="vacancy", opportunity_id=opportunity.id, volunteer_id=user.id)
    if existing is None:
        if opportunity.status not in OPEN_VACANCY:
            raise NotFound("detail.not_found", what="Opportunity")
        if is_coordinator_of(user.id, opportunity.organisation_id):
            raise RuleViolation("detail.conversation_own_organisation")
    return opportunity, existing


def _shift(user, shift_id) -> tuple[Shift, Opportunity, Thread | None]:
    shift = db.session.get(Shift, shift_id)
    if shift is None:
        raise NotFound("detail.not_found", what="Conversation")
    opportunity = db.session.get(Opportunity, shift.opportunity_id)
    existing = _existing(user, kind="shift", shift_id=shift.id)
    if existing is None and not is_coordinator_of(user.id, opportunity.organisation_id):
        on_it = db.session.scalar(sa.select(Engagement.id).where(
            Engagement.shift_id == shift.id, Engagement.volunteer_id == user.id, Engagement.status.in_(ON_SHIFT)))
        if on_it is None:
            raise NotFound("detail.not_found", what="Conversation")
        raise Forbidden("detail.conversation_coordinators_only")
    return shift, opportunity, existing


def _help(user, help_request_id) -> tuple[HelpRequest, Engagement, Thread | None]:
    """The neighbour (or who posted for them) and the accepted volunteer; anyone else: not found."""
    request = db.session.get(HelpRequest, help_request_id)
    not_found = NotFound("detail.not_found", what="Conversation")
    if request is None or request.accepted_engagement_id is None:
        raise not_found
    engagement = db.session.get(Engagement, request.accepted_engagement_id)
    holds = engagement is not None and engagement.status in ON_SHIFT
    owner = user.id in {request.requester_id, request.intermediary_id} - {None}
    if not holds or not (owner or engagement.volunteer_id == user.id):
        raise not_found
    return request, engagement, _existing(user, kind="help", engagement_id=engagement.id)


def subject_of(user, kind: str, subject_id) -> Subject:
    """For the page that starts a thread: what it is about, and the thread if there is one (the page goes there)."""
    if kind == "vacancy":
        opportunity, thread = _vacancy(user, subject_id)
        return Subject(kind, opportunity.id, opportunity.title, thread and thread.id)
    if kind == "shift":
        shift, opportunity, thread = _shift(user, subject_id)
        return Subject(kind, shift.id, opportunity.title, thread and thread.id, shift.starts_at)
    request, _engagement, thread = _help(user, subject_id)
    return Subject(kind, request.id, db.session.get(Opportunity, request.opportunity_id).title, thread and thread.id)


def _new_thread(user, thread: Thread, **unique) -> Thread:
    try:
        with db.session.begin_nested():
            db.session.add(thread)
    except IntegrityError:
        # Someone else started the same thread at the same moment (the unique index): write in theirs, which
        # (the same subject) is one this person may read.
        thread = _existing(user, **unique)
        if thread is None:
            raise NotFound("detail.not_found", what="Conversation") from None
    return thread


def ask_about_vacancy(user, opportunity_id, data: dict) -> ThreadView:
    """"Stel een vraag": a volunteer writes to the organisation of a vacancy, before or after signing up."""
    opportunity, thread = _vacancy(user, opportunity_id)
    if thread is None:
        thread = _new_thread(user, Thread(id=uuid.uuid4(), kind="vacancy", municipality_id=opportunity.municipality_id,
                                          organisation_id=opportunity.organisation_id,
                                          opportunity_id=opportunity.id, volunteer_id=user.id),
                             kind="vacancy", opportunity_id=opportunity.id, volunteer_id=user.id)
    return _post(user, thread, data)


def write_to_shift(user, shift_id, data: dict) -> ThreadView:
    """"Bericht aan iedereen op deze dienst": a coordinator writes to every volunteer with a place on the shift."""
    shift, opportunity, thread = _shift(user, shift_id)
    if thread is None:
        thread = _new_thread(user, Thread(id=uuid.uuid4(), kind="shift", municipality_id=opportunity.municipality_id,
                                          organisation_id=opportunity.organisation_id,
                                          opportunity_id=opportunity.id, shift_id=shift.id),
                             kind="shift", shift_id=shift.id)
    return _post(user, thread, data)


def write_about_help(user, help_request_id, data: dict) -> ThreadView:
    """The neighbour and the volunteer whose offer they accepted write to each other (no phone numbers needed)."""
    request, engagement, thread = _help(user, help_request_id)
    if thread is None:
        opportunity = db.session.get(Opportunity, request.opportunity_id)
        thread = _new_thread(user, Thread(id=uuid.uuid4(), kind="help", municipality_id=opportunity.municipality_id,
                                          opportunity_id=opportunity.id, help_request_id=request.id,
                                          engagement_id=engagement.id, volunteer_id=engagement.volunteer_id),
                             kind="help", engagement_id=engagement.id)
    return _post(user, thread, data)


def reply(user, thread_id, data: dict) -> ThreadView:
    return _post(user, thread_for(user, thread_id, lock=True), data)


def _post(user, thread: Thread, data: dict) -> ThreadView:
    count_message(user)
    now = utcnow()
    message = Message(id=uuid.uuid4(), thread_id=thread.id, sender_id=user.id, body=data["body"].strip(),
                      created_at=now)
    db.session.add(message)
    thread.last_message_at = now
    db.session.flush()
    mark_read(user, thread, now)
    tell_participants(thread, user, now)
    return describe(thread, viewer_id=user.id)
