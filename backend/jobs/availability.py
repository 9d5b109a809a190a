""""Are you still available?" for volunteers who have been inactive; a pause (never a deletion) if no answer.

Activity is the latest of: a login or token refresh (AuthSession.last_used_at), a change to one of their
engagements (Engagement.updated_at), a change to their profile (VolunteerProfile.updated_at) and, for new
people, the profile's creation. Inactive means no activity for INACTIVE_WEEKS (8). We ask once; any activity
after asking (logging in is enough, or POST /me/availability-check) answers the question. No answer within
PAUSE_AFTER_WEEKS (4): the profile is paused and the volunteer hears so. Paused profiles are left alone.
"""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from backend.accounts.models import AuthSession, User
from backend.engagements.models import Engagement
from backend.errors import RuleViolation
from backend.extensions import db
from backend.jobs.common import config
from backend.jobs.models import AvailabilityCheck
from backend.models_base import iso, utcnow
from backend.notifications import messages  # noqa: F401  (registers the message keys)
from backend.notifications.outbox import enqueue_many
from backend.volunteers.models import VolunteerProfile


def check_inactive_volunteers() -> str:
    now = utcnow()
    cfg = config()
    asked_before = now - timedelta(weeks=cfg["PAUSE_AFTER_WEEKS"])
    activity = {row.user_id: row.at for row in db.session.execute(_activity_query())}
    checks = {c.user_id: c for c in db.session.scalars(sa.select(AvailabilityCheck).where(
        AvailabilityCheck.answered_at.is_(None), AvailabilityCheck.paused_at.is_(None)))}
    answered = paused = 0
    for user_id, check in checks.items():
        last = activity.get(user_id)
        if last is None:  # paused meanwhile (by themselves or staff): nothing to ask anymore
            check.answered_at = now
        elif last > check.asked_at:
            check.answered_at, answered = now, answered + 1
        elif check.asked_at <= asked_before:
            _pause(user_id, check, now)
            paused += 1
    # Everyone with an open question was dealt with above (still waiting, answered or just paused).
    inactive_since = now - timedelta(weeks=cfg["INACTIVE_WEEKS"])
    to_ask = [u for u, last in activity.items() if last <= inactive_since and u not in checks]
    asked = _ask(to_ask, now)
    return f"{asked} asked, {answered} answered, {paused} paused"


def _activity_query():
    greatest = sa.func.greatest
    sessions = (sa.select(AuthSession.user_id, sa.func.max(AuthSession.last_used_at).label("at"))
                .group_by(AuthSession.user_id).subquery())
    engagements = (sa.select(Engagement.volunteer_id, sa.func.max(Engagement.updated_at).label("at"))
                   .group_by(Engagement.volunteer_id).subquery())
    base = VolunteerProfile.updated_at
    latest = greatest(base, sa.func.coalesce(sessions.c.at, base), sa.func.coalesce(engagements.c.at, base))
    return (sa.select(VolunteerProfile.user_id, sa.type_coerce(latest, VolunteerProfile.updated_at.type).label("at"))
            .outerjoin(sessions, sessions.c.user_id == VolunteerProfile.user_id)
            .outerjoin(engagements, engagements.c.volunteer_id == VolunteerProfile.user_id)
            .where(VolunteerProfile.paused.is_(False)))


def _ask(user_ids: list, now) -> int:
    if not user_ids:
        return 0
    existing = {c.user_id: c for c in db.session.scalars(
        sa.select(AvailabilityCheck).where(AvailabilityCheck.user_id.in_(user_ids)))}
    for user_id in user_ids:
        check = existing.get(user_id)
        if check is None:
            db.session.add(AvailabilityCheck(user_id=user_id, asked_at=now))
        else:  # asked before, answered (or unpaused) since, inactive again: a new question
            check.asked_at, check.answered_at, check.paused_at = now, None, None
    locales = dict(db.session.execute(sa.select(User.id, User.locale).where(User.id.in_(user_ids))).all())
    day = now.date().isoformat()
    enqueue_many([{"dedupe_key": f"availability-check:{u}:{day}", "user_id": u, "channel": "any",
                   "template": "availability_check", "locale": locales.get(u, "nl"),
                   "payload": {"pause_after_weeks": config()["PAUSE_AFTER_WEEKS"]}} for u in user_ids])
    return len(user_ids)


def _pause(user_id, check: AvailabilityCheck, now) -> None:
    db.session.execute(sa.update(VolunteerProfile).where(VolunteerProfile.user_id == user_id)
                       .values(paused=True, updated_at=VolunteerProfile.updated_at))
    check.paused_at = now
    locale = db.session.scalar(sa.select(User.locale).where(User.id == user_id)) or "nl"
    enqueue_many([{"dedupe_key": f"profile-paused:{user_id}:{check.asked_at.date().isoformat()}",
                   "user_id": user_id, "channel": "any", "template": "profile_paused", "locale": locale,
                   "payload": {}}])


def answer_still_available(user: User) -> AvailabilityCheck:
    """The volunteer says they are still in: the open question is answered, and a pause we made is lifted."""
    check = db.session.get(AvailabilityCheck, user.id)
    if check is None or check.answered_at is not None:
        raise RuleViolation("detail.notifications.no_check_open")
    now = utcnow()
    if check.paused_at is not None:
        profile = db.session.get(VolunteerProfile, user.id)
        if profile is not None:
            profile.paused = False
    check.answered_at = now
    db.session.flush()
    return check


def export_availability_check(user: User) -> dict | None:
    """Part of the "notifications" export section: when we last asked whether the person is still available."""
    check = db.session.get(AvailabilityCheck, user.id)
    return ({"asked_at": iso(check.asked_at), "answered_at": iso(check.answered_at), "paused_at": iso(check.paused_at)}
            if check else None)


def open_question(user: User) -> AvailabilityCheck | None:
    """The "are you still available?" question put to this user and not answered yet, if any."""
    check = db.session.get(AvailabilityCheck, user.id)
    return check if check is not None and check.answered_at is None else None
