"""One-tap answers to a reminder: "I'm coming" and "I can't make it".

The token (backend/notifications/replies.py) names the engagement. "I can't make it" withdraws through the
operation of the feature the engagement belongs to (a shift's sign-up or a help offer), which frees the place
and promotes the first on the waitlist in the same transaction. Which operation that is is listed as data below.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Callable

import sqlalchemy as sa

from backend.accounts.models import User
from backend.audit.operations import record
from backend.engagements.models import Engagement
from backend.engagements.operations import withdraw
from backend.errors import NotFound, RuleViolation
from backend.extensions import db
from backend.help.offers import withdraw_offer
from backend.models_base import iso, utcnow
from backend.notifications.models import ReminderReply
from backend.notifications.replies import engagement_id_of, remember
from backend.opportunities.models import HelpRequest, Opportunity, Shift


@dataclass(frozen=True)
class ReminderAnswer:
    engagement_id: uuid.UUID
    answer: str
    status: str


def _withdraw_from_shift(volunteer: User, engagement: Engagement) -> None:
    withdraw(volunteer, engagement.id)


def _withdraw_help_offer(volunteer: User, engagement: Engagement) -> None:
    help_request_id = db.session.scalar(sa.select(HelpRequest.id)
                                        .where(HelpRequest.opportunity_id == engagement.opportunity_id))
    withdraw_offer(volunteer, help_request_id, engagement.id)


def _shift_start(engagement: Engagement):
    return db.session.scalar(sa.select(Shift.starts_at).where(Shift.id == engagement.shift_id))


def _help_start(engagement: Engagement):
    return db.session.scalar(sa.select(HelpRequest.window_start)
                             .where(HelpRequest.opportunity_id == engagement.opportunity_id))


@dataclass(frozen=True)
class _Kind:
    starts_at: Callable[[Engagement], object]
    withdraw: Callable[[User, Engagement], None]


# Per kind of engagement: when it starts, and the feature's own withdrawal (with its own rules).
KINDS = {
    "shift": _Kind(starts_at=_shift_start, withdraw=_withdraw_from_shift),
    "help_request": _Kind(starts_at=_help_start, withdraw=_withdraw_help_offer),
}


def _kind(engagement: Engagement) -> _Kind:
    return KINDS["shift" if engagement.shift_id is not None else "help_request"]


def _engagement_of(token: str) -> Engagement:
    engagement = db.session.get(Engagement, engagement_id_of(token))
    if engagement is None:
        raise NotFound("detail.notifications.reply_invalid")
    return engagement


def _require_answerable(engagement: Engagement) -> None:
    starts_at = _kind(engagement).starts_at(engagement)
    if engagement.status != "accepted" or starts_at is None or starts_at <= utcnow():
        raise RuleViolation("detail.notifications.reply_too_late")


def answer_coming(token: str) -> ReminderAnswer:
    engagement = _engagement_of(token)
    _require_answerable(engagement)
    remember(engagement.id, "coming")
    return ReminderAnswer(engagement.id, "coming", engagement.status)


def answer_cant_make_it(token: str) -> ReminderAnswer:
    """Withdraw the volunteer as if they had done it in the app (their own operation, their own rules)."""
    engagement = _engagement_of(token)
    _require_answerable(engagement)
    volunteer = db.session.get(User, engagement.volunteer_id)
    _kind(engagement).withdraw(volunteer, engagement)
    remember(engagement.id, "cant_make_it")
    record("engagement.withdrawn_from_reminder", actor_id=volunteer.id, subject_id=volunteer.id,
           object_type="engagement", object_id=engagement.id)
    db.session.refresh(engagement)
    return ReminderAnswer(engagement.id, "cant_make_it", engagement.status)


@dataclass(frozen=True)
class ReplySubject:
    """What a reply link is about, for the page that asks to confirm."""
    engagement_id: uuid.UUID
    title: str | None
    starts_at: object
    ends_at: object
    status: str
    answerable: bool
    answer: str | None


def describe(token: str) -> ReplySubject:
    """What a reply link is about (reading it changes nothing: mail scanners open links too)."""
    engagement = _engagement_of(token)
    if engagement.shift_id is not None:
        starts_at, ends_at = db.session.execute(
            sa.select(Shift.starts_at, Shift.ends_at).where(Shift.id == engagement.shift_id)).one()
    else:
        starts_at, ends_at = db.session.execute(
            sa.select(HelpRequest.window_start, HelpRequest.window_end)
            .where(HelpRequest.opportunity_id == engagement.opportunity_id)).one()
    title = db.session.scalar(sa.select(Opportunity.title).where(Opportunity.id == engagement.opportunity_id))
    reply = db.session.get(ReminderReply, engagement.id)
    answerable = engagement.status == "accepted" and starts_at is not None and starts_at > utcnow()
    return ReplySubject(engagement.id, title, starts_at, ends_at, engagement.status, answerable,
                        reply.answer if reply else None)


def export_reminder_replies(user: User) -> list[dict]:
    """Part of the "notifications" export section: the person's answers to reminders."""
    replies = db.session.scalars(sa.select(ReminderReply).join(Engagement, Engagement.id == ReminderReply.engagement_id)
                                 .where(Engagement.volunteer_id == user.id).order_by(ReminderReply.answered_at))
    return [{"engagement_id": str(r.engagement_id), "answer": r.answer, "answered_at": iso(r.answered_at)}
            for r in replies]
