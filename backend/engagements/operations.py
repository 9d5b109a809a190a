"""Sign-ups, waitlists and invitations (check-in, no-shows and hours: attendance.py).

Capacity: every change to who holds a place on a shift first locks the shift row (SELECT ... FOR UPDATE) and
then re-reads the engagement, so that ``Shift.accepted_count`` and the engagements' statuses change together,
one transaction at a time per shift. The check constraint accepted_count <= capacity is the last guard.

The waitlist is ordered by the moment someone joined it (status_changed_at, then id); the first in that order
is promoted when a place frees up.
"""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import load_only

from backend.accounts.models import User
from backend.engagements import messages  # noqa: F401  (registers the message keys)
from backend.engagements.clashes import (accepted_overlap_ids, any_overlap_with_shift, engagement_end, engagement_start,
                                         with_times)
from backend.engagements.common import (coordinated_shift, coordinates_opportunity, engagement_on, lock_shift_of,
                                        notify, notify_coordinators, own_engagement, set_status)
from backend.engagements.models import HOLDING, CalendarFeed, Engagement, HoursEntry
from backend.engagements.results import EngagementInfo, Overlap, describe, describe_many, waitlist_position
from backend.errors import Conflict, NotFound, RuleViolation
from backend.extensions import db
from backend.models_base import iso, utcnow
from backend.observability.business import count_on_commit
from backend.opportunities.models import Opportunity, Shift
from backend.opportunities.operations import lock_shift, organisation_name
from backend.opportunities.whereabouts import message_facts, whereabouts_of
from backend.opportunities.shifts import update_filled_status
from backend.pagination import page
from backend.volunteers.models import VolunteerProfile

# A withdrawn or declined volunteer may sign up (or be invited) again; the same row is reused.
REOPENABLE = ("withdrawn", "declined")
WITHDRAWABLE = ("accepted", "waitlisted", "applied")


def _overlap_warnings(engagement: Engagement, shift: Shift) -> tuple[Overlap, ...]:
    others = accepted_overlap_ids(engagement.volunteer_id, shift.starts_at, shift.ends_at,
                                  exclude_engagement_id=engagement.id)
    return tuple(Overlap(other_id) for other_id in others)


def _active_profile(user: User) -> None:
    # Only the flag: the profile's skills, slots and exceptions are not needed to know it is paused.
    paused = db.session.scalar(sa.select(VolunteerProfile.paused).where(VolunteerProfile.user_id == user.id))
    if paused is None:
        raise RuleViolation("detail.engagements.profile_needed")
    if paused:
        raise RuleViolation("detail.engagements.profile_paused")


# Built once, as every sign-up sends it (the user and the shift are bound values).
_SIGN_UP_LOCK = (
    sa.select(Shift, Opportunity, Engagement,
              sa.select(VolunteerProfile.paused).where(VolunteerProfile.user_id == sa.bindparam("user_id"))
              .scalar_subquery().label("paused"),
              any_overlap_with_shift(sa.bindparam("user_id"), Shift).label("overlaps"))
    .join(Opportunity, Opportunity.id == Shift.opportunity_id)
    .outerjoin(Engagement, sa.and_(Engagement.shift_id == Shift.id,
                                   Engagement.volunteer_id == sa.bindparam("user_id")))
    .where(Shift.id == sa.bindparam("shift_id")).with_for_update(of=Shift)
    # Of the opportunity what a sign-up reads or changes (not its description and JSON columns).
    .options(load_only(Opportunity.municipality_id, Opportunity.kind, Opportunity.organisation_id,
                       Opportunity.title, Opportunity.status))
    .execution_options(populate_existing=True))


def _lock_for_sign_up(user: User, shift_id) -> tuple[Shift, Opportunity, Engagement | None, bool]:
    """The shift locked (as lock_shift does) with its opportunity, the volunteer's paused flag, their
    engagement on it if any and whether another commitment of theirs overlaps it, in one statement; the profile is
    checked first, as before the lock.

    An engagement found is read again: when this statement waited for the lock, PostgreSQL re-checks the shift
    row only, so a joined engagement is as it was before the wait (one the lock holder changed would be stale).
    None needs no second look: an engagement inserted meanwhile makes our INSERT fail on the unique index."""
    row = db.session.execute(_SIGN_UP_LOCK, {"user_id": user.id, "shift_id": shift_id}).one_or_none()
    if row is None:
        _active_profile(user)
        raise NotFound("detail.shift_not_found")
    if row.paused is None:
        raise RuleViolation("detail.engagements.profile_needed")
    if row.paused:
        raise RuleViolation("detail.engagements.profile_paused")
    engagement = row.Engagement
    if engagement is not None:
        db.session.refresh(engagement)
    return row.Shift, row.Opportunity, engagement, row.overlaps


def _require_open_for_responses(shift: Shift, now: datetime, opportunity: Opportunity | None = None) -> None:
    """A shift takes sign-ups and answers to invitations while it and its opportunity are open and it has not
    started yet."""
    if shift.status == "cancelled":
        raise RuleViolation("detail.engagements.shift_cancelled")
    opportunity = opportunity or db.session.get(Opportunity, shift.opportunity_id)
    # A filled opportunity still takes sign-ups: they go on the waitlist.
    if opportunity.status not in ("published", "filled"):
        raise RuleViolation("detail.engagements.opportunity_not_open", state=opportunity.status)
    if shift.starts_at <= now:
        raise RuleViolation("detail.engagements.shift_started")


# --- taking and freeing places -----------------------------------------------------------------------------------

def _place(shift: Shift, engagement: Engagement, at: datetime, opportunity: Opportunity | None = None) -> None:
    """Accept if a place is free, else put on the waitlist. The caller holds the shift's lock."""
    if shift.accepted_count < shift.capacity:
        shift.accepted_count += 1
        set_status(engagement, "accepted", at)
        _places_changed(shift, opportunity)
    else:
        set_status(engagement, "waitlisted", at)


def _places_changed(shift: Shift, opportunity: Opportunity | None = None) -> None:
    """The opportunity is "filled" exactly while all its future shifts are full."""
    update_filled_status(opportunity or db.session.get(Opportunity, shift.opportunity_id), changed=shift)


def fill_from_waitlist(shift: Shift, at: datetime) -> list[Engagement]:
    """Promote the longest-waiting volunteers into free places (the caller holds the shift's lock): after a
    withdrawal, or when a coordinator raises the capacity. Each promoted volunteer gets a message."""
    promoted = []
    if shift.status == "cancelled" or shift.starts_at <= at:
        return promoted
    while shift.accepted_count < shift.capacity:
        first = db.session.scalar(sa.select(Engagement)
                                  .where(Engagement.shift_id == shift.id, Engagement.status == "waitlisted")
                                  .order_by(Engagement.status_changed_at, Engagement.id).limit(1))
        if first is None:
            break
        shift.accepted_count += 1
        set_status(first, "accepted", at)
        notify("waitlist_promoted", first, first.volunteer_id, at, starts_at=shift.starts_at.isoformat())
        promoted.append(first)
    return promoted


# --- the volunteer's side ----------------------------------------------------------------------------------------

def sign_up(user: User, shift_id) -> EngagementInfo:
    """Sign the volunteer up for a shift: accepted while places are free, waitlisted when it is full."""
    # Statements (issue 14: at most 10 with authentication): the locked shift with its opportunity, the paused
    # flag, the engagement and whether anything overlaps; the engagement's INSERT (or its re-read and UPDATE); the
    # shift's UPDATE and the demand marker; the outbox row. Reading the other shifts (only when this one became
    # full), the waitlist position (only when waitlisted) and the overlaps (only when there are some) on top.
    shift, opportunity, engagement, overlaps = _lock_for_sign_up(user, shift_id)
    now = utcnow()
    _require_open_for_responses(shift, now, opportunity)
    if engagement is not None and engagement.status not in REOPENABLE:
        raise Conflict("detail.engagements.already_engaged", state=engagement.status)
    if engagement is None:
        engagement = Engagement(id=uuid.uuid4(), volunteer_id=user.id, opportunity_id=shift.opportunity_id,
                                shift_id=shift.id, created_at=now)
        db.session.add(engagement)  # inserted at the flush below, with the status _place gives it
    _place(shift, engagement, now, opportunity)
    try:
        # No savepoint around the INSERT (two round trips on the hottest path): the shift lock serialises
        # sign-ups, so the unique index fires only for an engagement inserted while we waited for the lock; then
        # nothing else is done here and the unit of work rolls back as a whole (the place taken above
        # included), answering a clean 409.
        db.session.flush()
    except IntegrityError:
        raise Conflict("detail.engagements.already_engaged", state="applied") from None
    count_on_commit("engagement.signed_up")  # the metrics' sign-ups (not audited: no one's rights are touched)
    template = "signup_accepted" if engagement.status == "accepted" else "signup_waitlisted"
    notify(template, engagement, user.id, now, locale=user.locale, starts_at=shift.starts_at.isoformat())
    # What describe() would read, at hand: the shift's time and the opportunity's title.
    position = waitlist_position(engagement) if engagement.status == "waitlisted" else None
    return EngagementInfo(engagement, opportunity.title, shift.starts_at, shift.ends_at, position,
                          _overlap_warnings(engagement, shift) if overlaps else ())


def _insert(engagement: Engagement, conflict_detail: str) -> None:
    # The shift lock already serialises sign-ups for one shift, so the unique index should never fire; if it
    # does (a path that forgot the lock), the answer is still a clean 409 instead of a 500.
    engagement.status = "applied"
    try:
        with db.session.begin_nested():
            db.session.add(engagement)
    except IntegrityError:
        raise Conflict(conflict_detail, state="applied") from None


def withdraw(user: User, engagement_id) -> EngagementInfo:
    """The volunteer withdraws; a place they held goes to the first on the waitlist in the same transaction."""
    engagement = own_engagement(user, engagement_id)
    shift = lock_shift_of(engagement)
    now = utcnow()
    if engagement.status not in WITHDRAWABLE:
        raise Conflict("detail.engagements.cannot_withdraw", state=engagement.status)
    held_place = engagement.status == "accepted"
    if held_place and shift.starts_at <= now:
        raise RuleViolation("detail.engagements.withdraw_after_start")
    set_status(engagement, "withdrawn", now)
    if held_place:
        shift.accepted_count -= 1
        notify_coordinators("engagement_withdrawn", engagement, now)
        fill_from_waitlist(shift, now)
        _places_changed(shift)
    db.session.flush()
    return describe(engagement)


def accept_invitation(user: User, engagement_id) -> EngagementInfo:
    """Accept an invitation. A shift that filled up meanwhile puts the volunteer on the waitlist (status
    "waitlisted", with a position) rather than refusing: their yes is kept and they move up when a place frees."""
    engagement = own_engagement(user, engagement_id)
    shift = lock_shift_of(engagement)
    now = utcnow()
    if engagement.status != "invited":
        raise Conflict("detail.engagements.not_invited", state=engagement.status)
    _require_open_for_responses(shift, now)
    _place(shift, engagement, now)
    db.session.flush()
    notify_coordinators("invitation_accepted", engagement, now, status=engagement.status)
    return describe(engagement, _overlap_warnings(engagement, shift), whereabouts=True)


def decline_invitation(user: User, engagement_id) -> EngagementInfo:
    engagement = own_engagement(user, engagement_id)
    lock_shift_of(engagement)
    now = utcnow()
    if engagement.status != "invited":
        raise Conflict("detail.engagements.not_invited", state=engagement.status)
    set_status(engagement, "declined", now)
    notify_coordinators("invitation_declined", engagement, now)
    return describe(engagement, whereabouts=True)


def list_my_engagements(user: User, *, status: str | None, upcoming: bool, limit: int,
                        cursor: str | None) -> tuple[list[EngagementInfo], str | None]:
    """The volunteer's engagements by start time (shift or help window); ``upcoming`` keeps those not yet over."""
    stmt = with_times(sa.select(Engagement)).where(Engagement.volunteer_id == user.id)
    if status:
        stmt = stmt.where(Engagement.status == status)
    if upcoming:
        stmt = stmt.where(engagement_end > utcnow())
    rows, next_cursor = page(stmt, [engagement_start, Engagement.id], [datetime, uuid.UUID], limit=limit,
                             cursor=cursor, key=lambda e: (_start_of(e), e.id))
    return describe_many(rows, whereabouts=True), next_cursor


def _start_of(engagement: Engagement) -> datetime:
    return db.session.scalar(with_times(sa.select(engagement_start)).where(Engagement.id == engagement.id))


def get_engagement(user: User, engagement_id) -> EngagementInfo:
    """The volunteer's own engagement, or one on an opportunity the user coordinates; otherwise 404."""
    engagement = db.session.get(Engagement, engagement_id)
    if engagement is None or (engagement.volunteer_id != user.id
                              and not coordinates_opportunity(user, engagement.opportunity_id)):
        raise NotFound("detail.engagements.engagement_not_found")
    return describe(engagement, whereabouts=True)


# --- the coordinator's side --------------------------------------------------------------------------------------

def invite(coordinator: User, shift_id, volunteer_id) -> EngagementInfo:
    """Invite a volunteer (with an active profile) to a shift that is still open."""
    shift = lock_shift(coordinated_shift(coordinator, shift_id).id)
    now = utcnow()
    _require_open_for_responses(shift, now)
    profile = db.session.get(VolunteerProfile, volunteer_id)
    if profile is None:
        raise NotFound("detail.engagements.volunteer_not_found")
    if profile.paused:
        raise RuleViolation("detail.engagements.volunteer_paused")
    engagement = engagement_on(shift.id, volunteer_id)
    if engagement is not None and engagement.status not in REOPENABLE:
        raise Conflict("detail.engagements.volunteer_already_engaged", state=engagement.status)
    if engagement is None:
        engagement = Engagement(id=uuid.uuid4(), volunteer_id=volunteer_id, opportunity_id=shift.opportunity_id,
                                shift_id=shift.id, created_at=now)
        _insert(engagement, "detail.engagements.volunteer_already_engaged")
    engagement.invited_by = coordinator.id
    set_status(engagement, "invited", now)
    db.session.flush()
    opportunity = db.session.get(Opportunity, shift.opportunity_id)
    notify("invitation", engagement, volunteer_id, now, starts_at=shift.starts_at.isoformat(), title=opportunity.title,
           organisation=organisation_name(opportunity),
           **message_facts(whereabouts_of([opportunity.id], with_contact=True)[opportunity.id]))
    return describe(engagement)


# --- data rights -------------------------------------------------------------------------------------------------

def export_engagements(user: User) -> dict:
    """The "engagements" section of the personal data export: engagements, hours and calendar links."""
    engagements = list(db.session.scalars(sa.select(Engagement).where(Engagement.volunteer_id == user.id)
                                          .order_by(Engagement.created_at, Engagement.id)))
    hours = list(db.session.scalars(sa.select(HoursEntry).where(HoursEntry.volunteer_id == user.id)
                                    .order_by(HoursEntry.created_at, HoursEntry.id)))
    feeds = db.session.scalars(sa.select(CalendarFeed).where(CalendarFeed.volunteer_id == user.id)
                               .order_by(CalendarFeed.created_at))
    return {
        "engagements": [{"id": str(e.id), "kind": e.kind, "status": e.status, "title": e.title,
                         "starts_at": iso(e.starts_at), "ends_at": iso(e.ends_at),
                         "checked_in_at": iso(e.checked_in_at), "created_at": iso(e.created_at),
                         "contact_channel": e.engagement.contact_channel, "contact_phone": e.engagement.contact_phone}
                        for e in describe_many(engagements)],
        "hours": [{"engagement_id": str(h.engagement_id), "minutes": h.minutes, "status": h.status,
                   "approved_at": iso(h.approved_at), "created_at": iso(h.created_at)} for h in hours],
        "calendar_feeds": [{"created_at": iso(f.created_at), "revoked_at": iso(f.revoked_at)} for f in feeds],
    }


def release_places(user: User) -> None:
    """Before an account is erased (its engagements go by ON DELETE CASCADE): give back the places it held, so
    that accepted_count stays equal to the rows holding a place, and let the waitlist move up."""
    now = utcnow()
    shift_ids = db.session.scalars(sa.select(Engagement.shift_id).where(
        Engagement.volunteer_id == user.id, Engagement.shift_id.is_not(None), Engagement.status.in_(HOLDING))
        .order_by(Engagement.shift_id))  # one lock order for all erasures
    for shift_id in list(shift_ids):
        shift = lock_shift(shift_id)
        engagement = engagement_on(shift_id, user.id)
        db.session.refresh(engagement)
        if engagement.status in HOLDING:
            shift.accepted_count -= 1
            set_status(engagement, "withdrawn", now)
            fill_from_waitlist(shift, now)
            _places_changed(shift)
    db.session.flush()
