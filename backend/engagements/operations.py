"""Sign-ups, waitlists, invitations, check-in, hours and no-shows.

Capacity: every change to who holds a place on a shift first locks the shift row (SELECT ... FOR UPDATE) and
then re-reads the engagement, so that ``Shift.accepted_count`` and the engagements' statuses change together,
one transaction at a time per shift. The check constraint accepted_count <= capacity is the last guard.

The waitlist is ordered by the moment someone joined it (status_changed_at, then id); the first in that order
is promoted when a place frees up.
"""
from __future__ import annotations

import hmac
import math
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import segno
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from backend.accounts.models import User, first_name
from backend.engagements import messages  # noqa: F401  (registers the message keys)
from backend.engagements.clashes import accepted_overlaps, engagement_end, engagement_start, with_times
from backend.engagements.models import HOLDING, CalendarFeed, Engagement, HoursEntry
from backend.errors import Conflict, InvalidInput, NotFound, RuleViolation
from backend.extensions import db
from backend.opportunities.models import HelpRequest
from backend.i18n import Msg
from backend.models_base import iso, utcnow
from backend.notifications.outbox import enqueue
from backend.opportunities.operations import get_shift, lock_shift
from backend.opportunities.shifts import update_filled_status
from backend.opportunities.models import Opportunity, Shift
from backend.organisations.access import is_coordinator, require_coordinator
from backend.organisations.models import Organisation, OrganisationMember
from backend.pagination import page
from backend.volunteers.models import VolunteerProfile

LOCAL_TZ = ZoneInfo("Europe/Amsterdam")
# Check-in is open from this long before a shift's start ...
CHECKIN_OPENS_BEFORE = timedelta(minutes=30)
# ... until this long after it (or the shift's end, if that comes first).
CHECKIN_CLOSES_AFTER = timedelta(minutes=60)
# A withdrawn or declined volunteer may sign up (or be invited) again; the same row is reused.
REOPENABLE = ("withdrawn", "declined")
WITHDRAWABLE = ("accepted", "waitlisted", "applied")


# --- looking things up ------------------------------------------------------------------------------------------

def _lock_shift_of(engagement: Engagement) -> Shift:
    if engagement.shift_id is None:
        raise RuleViolation("detail.engagements.help_engagement")
    shift = lock_shift(engagement.shift_id)
    db.session.refresh(engagement)  # its status may have changed while we waited for the lock
    return shift


def _engagement_on(shift_id, volunteer_id) -> Engagement | None:
    return db.session.scalar(sa.select(Engagement).where(Engagement.shift_id == shift_id,
                                                         Engagement.volunteer_id == volunteer_id))


def _own_engagement(user: User, engagement_id) -> Engagement:
    """The user's own engagement; someone else's answers exactly like an unknown id."""
    engagement = db.session.get(Engagement, engagement_id)
    if engagement is None or engagement.volunteer_id != user.id:
        raise NotFound("detail.engagements.engagement_not_found")
    return engagement


def _coordinated_engagement(user: User, engagement_id) -> Engagement:
    """An engagement on an opportunity of an organisation the user coordinates; others' answer 404."""
    engagement = db.session.get(Engagement, engagement_id)
    if engagement is None or not _coordinates_opportunity(user, engagement.opportunity_id):
        raise NotFound("detail.engagements.engagement_not_found")
    return engagement


def _coordinates_opportunity(user: User, opportunity_id) -> bool:
    organisation_id = db.session.scalar(sa.select(Opportunity.organisation_id)
                                        .where(Opportunity.id == opportunity_id))
    return organisation_id is not None and is_coordinator(user, organisation_id)


def _active_profile(user: User) -> VolunteerProfile:
    profile = db.session.get(VolunteerProfile, user.id)
    if profile is None:
        raise RuleViolation("detail.engagements.profile_needed")
    if profile.paused:
        raise RuleViolation("detail.engagements.profile_paused")
    return profile


def _require_open_for_responses(shift: Shift, now: datetime) -> None:
    """A shift takes sign-ups and answers to invitations while it and its opportunity are open and it has not
    started yet."""
    if shift.status == "cancelled":
        raise RuleViolation("detail.engagements.shift_cancelled")
    opportunity = db.session.get(Opportunity, shift.opportunity_id)
    # A filled opportunity still takes sign-ups: they go on the waitlist.
    if opportunity.status not in ("published", "filled"):
        raise RuleViolation("detail.engagements.opportunity_not_open", state=opportunity.status)
    if shift.starts_at <= now:
        raise RuleViolation("detail.engagements.shift_started")


# --- describing engagements --------------------------------------------------------------------------------------

def describe(engagement: Engagement, warnings: list[dict] | None = None) -> dict:
    return describe_many([engagement], warnings={engagement.id: warnings or []})[0]


def describe_many(engagements: list[Engagement], *, warnings: dict | None = None) -> list[dict]:
    """Engagements as the API and the export show them, with their shift's (or help window's) time and title.
    A fixed number of queries whatever the number of engagements."""
    shifts = _by_id(Shift, {e.shift_id for e in engagements if e.shift_id})
    opportunities = _by_id(Opportunity, {e.opportunity_id for e in engagements})
    help_ids = {e.opportunity_id for e in engagements if e.shift_id is None}
    windows = {h.opportunity_id: h for h in db.session.scalars(
        sa.select(HelpRequest).where(HelpRequest.opportunity_id.in_(help_ids)))} if help_ids else {}
    positions = _waitlist_positions({e.shift_id for e in engagements if e.status == "waitlisted"})
    out = []
    for e in engagements:
        shift, window = shifts.get(e.shift_id), windows.get(e.opportunity_id)
        starts_at, ends_at = ((shift.starts_at, shift.ends_at) if shift else
                              (window.window_start, window.window_end) if window else (None, None))
        out.append({
            "id": e.id, "status": e.status, "kind": "shift" if e.shift_id else "help_request",
            "volunteer_id": e.volunteer_id, "shift_id": e.shift_id, "opportunity_id": e.opportunity_id,
            "title": opportunities[e.opportunity_id].title, "starts_at": starts_at, "ends_at": ends_at,
            "waitlist_position": positions.get(e.id), "checked_in_at": e.checked_in_at,
            "status_changed_at": e.status_changed_at, "created_at": e.created_at,
            "warnings": (warnings or {}).get(e.id, []),
        })
    return out


def _by_id(model, ids) -> dict:
    if not ids:
        return {}
    return {row.id: row for row in db.session.scalars(sa.select(model).where(model.id.in_(ids)))}


def _waitlist_positions(shift_ids) -> dict:
    """engagement id -> 1-based place in its shift's waitlist."""
    shift_ids = {s for s in shift_ids if s is not None}
    if not shift_ids:
        return {}
    rows = db.session.execute(sa.select(Engagement.id, Engagement.shift_id)
                              .where(Engagement.shift_id.in_(shift_ids), Engagement.status == "waitlisted")
                              .order_by(Engagement.shift_id, Engagement.status_changed_at, Engagement.id))
    positions, counters = {}, {}
    for engagement_id, shift_id in rows:
        counters[shift_id] = counters.get(shift_id, 0) + 1
        positions[engagement_id] = counters[shift_id]
    return positions


def _overlap_warnings(engagement: Engagement, shift: Shift) -> list[dict]:
    return [{"code": "overlap", "engagement_id": other.id}
            for other in accepted_overlaps(engagement.volunteer_id, shift.starts_at, shift.ends_at,
                                           exclude_engagement_id=engagement.id)]


# --- notifications -----------------------------------------------------------------------------------------------

def _notify(template: str, engagement: Engagement, user_id, at: datetime, **facts) -> None:
    """An outbox row for one person about one engagement; the key makes a retried unit of work harmless."""
    locale = db.session.scalar(sa.select(User.locale).where(User.id == user_id)) or "nl"
    payload = {"engagement_id": str(engagement.id), "opportunity_id": str(engagement.opportunity_id),
               "shift_id": str(engagement.shift_id) if engagement.shift_id else None, **facts}
    enqueue(f"{template}:{engagement.id}:{user_id}:{at.isoformat()}", user_id=user_id, channel="any",
            template=template, locale=locale, payload=payload)


def _notify_coordinators(template: str, engagement: Engagement, at: datetime, **facts) -> None:
    organisation_id = db.session.scalar(sa.select(Opportunity.organisation_id)
                                        .where(Opportunity.id == engagement.opportunity_id))
    coordinator_ids = db.session.scalars(sa.select(OrganisationMember.user_id).where(
        OrganisationMember.organisation_id == organisation_id, OrganisationMember.status == "active"))
    for user_id in coordinator_ids:
        _notify(template, engagement, user_id, at, **facts)


# --- taking and freeing places -----------------------------------------------------------------------------------

def _set_status(engagement: Engagement, status: str, at: datetime) -> None:
    engagement.status = status
    engagement.status_changed_at = at


def _place(shift: Shift, engagement: Engagement, at: datetime) -> None:
    """Accept if a place is free, else put on the waitlist. The caller holds the shift's lock."""
    if shift.accepted_count < shift.capacity:
        shift.accepted_count += 1
        _set_status(engagement, "accepted", at)
        _places_changed(shift)
    else:
        _set_status(engagement, "waitlisted", at)


def _places_changed(shift: Shift) -> None:
    """The opportunity is "filled" exactly while all its future shifts are full."""
    update_filled_status(db.session.get(Opportunity, shift.opportunity_id))


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
        _set_status(first, "accepted", at)
        _notify("waitlist_promoted", first, first.volunteer_id, at, starts_at=shift.starts_at.isoformat())
        promoted.append(first)
    return promoted


# --- the volunteer's side ----------------------------------------------------------------------------------------

def sign_up(user: User, shift_id) -> dict:
    """Sign the volunteer up for a shift: accepted while places are free, waitlisted when it is full."""
    _active_profile(user)
    shift = lock_shift(shift_id)
    now = utcnow()
    _require_open_for_responses(shift, now)
    engagement = _engagement_on(shift.id, user.id)
    if engagement is not None and engagement.status not in REOPENABLE:
        raise Conflict("detail.engagements.already_engaged", state=engagement.status)
    if engagement is None:
        engagement = Engagement(id=uuid.uuid4(), volunteer_id=user.id, opportunity_id=shift.opportunity_id,
                                shift_id=shift.id, created_at=now)
        _insert(engagement, "detail.engagements.already_engaged")
    _place(shift, engagement, now)
    db.session.flush()
    template = "signup_accepted" if engagement.status == "accepted" else "signup_waitlisted"
    _notify(template, engagement, user.id, now, starts_at=shift.starts_at.isoformat())
    return describe(engagement, _overlap_warnings(engagement, shift))


def _insert(engagement: Engagement, conflict_detail: str) -> None:
    # The shift lock already serialises sign-ups for one shift, so the unique index should never fire; if it
    # does (a path that forgot the lock), the answer is still a clean 409 instead of a 500.
    engagement.status = "applied"
    try:
        with db.session.begin_nested():
            db.session.add(engagement)
    except IntegrityError:
        raise Conflict(conflict_detail, state="applied") from None


def withdraw(user: User, engagement_id) -> dict:
    """The volunteer withdraws; a place they held goes to the first on the waitlist in the same transaction."""
    engagement = _own_engagement(user, engagement_id)
    shift = _lock_shift_of(engagement)
    now = utcnow()
    if engagement.status not in WITHDRAWABLE:
        raise Conflict("detail.engagements.cannot_withdraw", state=engagement.status)
    held_place = engagement.status == "accepted"
    if held_place and shift.starts_at <= now:
        raise RuleViolation("detail.engagements.withdraw_after_start")
    _set_status(engagement, "withdrawn", now)
    if held_place:
        shift.accepted_count -= 1
        _notify_coordinators("engagement_withdrawn", engagement, now)
        fill_from_waitlist(shift, now)
        _places_changed(shift)
    db.session.flush()
    return describe(engagement)


def accept_invitation(user: User, engagement_id) -> dict:
    """Accept an invitation. A shift that filled up meanwhile puts the volunteer on the waitlist (status
    "waitlisted", with a position) rather than refusing: their yes is kept and they move up when a place frees."""
    engagement = _own_engagement(user, engagement_id)
    shift = _lock_shift_of(engagement)
    now = utcnow()
    if engagement.status != "invited":
        raise Conflict("detail.engagements.not_invited", state=engagement.status)
    _require_open_for_responses(shift, now)
    _place(shift, engagement, now)
    db.session.flush()
    _notify_coordinators("invitation_accepted", engagement, now, status=engagement.status)
    return describe(engagement, _overlap_warnings(engagement, shift))


def decline_invitation(user: User, engagement_id) -> dict:
    engagement = _own_engagement(user, engagement_id)
    _lock_shift_of(engagement)
    now = utcnow()
    if engagement.status != "invited":
        raise Conflict("detail.engagements.not_invited", state=engagement.status)
    _set_status(engagement, "declined", now)
    _notify_coordinators("invitation_declined", engagement, now)
    return describe(engagement)


def list_my_engagements(user: User, *, status: str | None, upcoming: bool, limit: int,
                        cursor: str | None) -> tuple[list[dict], str | None]:
    """The volunteer's engagements by start time (shift or help window); ``upcoming`` keeps those not yet over."""
    stmt = with_times(sa.select(Engagement)).where(Engagement.volunteer_id == user.id)
    if status:
        stmt = stmt.where(Engagement.status == status)
    if upcoming:
        stmt = stmt.where(engagement_end > utcnow())
    rows, next_cursor = page(stmt, [engagement_start, Engagement.id], [datetime, uuid.UUID], limit=limit,
                             cursor=cursor, key=lambda e: (_start_of(e), e.id))
    return describe_many(rows), next_cursor


def _start_of(engagement: Engagement) -> datetime:
    return db.session.scalar(with_times(sa.select(engagement_start)).where(Engagement.id == engagement.id))


def get_engagement(user: User, engagement_id) -> dict:
    """The volunteer's own engagement, or one on an opportunity the user coordinates; otherwise 404."""
    engagement = db.session.get(Engagement, engagement_id)
    if engagement is None or (engagement.volunteer_id != user.id
                              and not _coordinates_opportunity(user, engagement.opportunity_id)):
        raise NotFound("detail.engagements.engagement_not_found")
    return describe(engagement)


# --- the coordinator's side --------------------------------------------------------------------------------------

def _coordinated_shift(user: User, shift_id) -> Shift:
    shift = get_shift(shift_id)
    organisation_id = db.session.scalar(sa.select(Opportunity.organisation_id)
                                        .where(Opportunity.id == shift.opportunity_id))
    require_coordinator(user, organisation_id)
    return shift


def invite(coordinator: User, shift_id, volunteer_id) -> dict:
    """Invite a volunteer (with an active profile) to a shift that is still open."""
    shift = lock_shift(_coordinated_shift(coordinator, shift_id).id)
    now = utcnow()
    _require_open_for_responses(shift, now)
    profile = db.session.get(VolunteerProfile, volunteer_id)
    if profile is None:
        raise NotFound("detail.engagements.volunteer_not_found")
    if profile.paused:
        raise RuleViolation("detail.engagements.volunteer_paused")
    engagement = _engagement_on(shift.id, volunteer_id)
    if engagement is not None and engagement.status not in REOPENABLE:
        raise Conflict("detail.engagements.volunteer_already_engaged", state=engagement.status)
    if engagement is None:
        engagement = Engagement(id=uuid.uuid4(), volunteer_id=volunteer_id, opportunity_id=shift.opportunity_id,
                                shift_id=shift.id, created_at=now)
        _insert(engagement, "detail.engagements.volunteer_already_engaged")
    engagement.invited_by = coordinator.id
    _set_status(engagement, "invited", now)
    db.session.flush()
    _notify("invitation", engagement, volunteer_id, now, starts_at=shift.starts_at.isoformat())
    return describe(engagement)


def roster(coordinator: User, shift_id, *, status: str | None, limit: int,
           cursor: str | None) -> tuple[list[dict], str | None]:
    """Who is on a shift: first names and statuses only (what a coordinator needs at the door)."""
    shift = _coordinated_shift(coordinator, shift_id)
    stmt = sa.select(Engagement).where(Engagement.shift_id == shift.id)
    if status:
        stmt = stmt.where(Engagement.status == status)
    rows, next_cursor = page(stmt, [Engagement.created_at, Engagement.id], [datetime, uuid.UUID], limit=limit,
                             cursor=cursor, key=lambda e: (e.created_at, e.id))
    names = _first_names({e.volunteer_id for e in rows})
    positions = _waitlist_positions({shift.id})
    return [{"engagement_id": e.id, "first_name": names.get(e.volunteer_id, ""), "status": e.status,
             "waitlist_position": positions.get(e.id), "checked_in_at": e.checked_in_at} for e in rows], next_cursor


def _first_names(user_ids) -> dict:
    if not user_ids:
        return {}
    rows = db.session.execute(sa.select(User.id, User.display_name).where(User.id.in_(user_ids)))
    return {user_id: first_name(name) for user_id, name in rows}


def mark_no_show(coordinator: User, engagement_id) -> dict:
    """An accepted volunteer who did not check in, after the shift started. The place stays taken."""
    engagement = _coordinated_engagement(coordinator, engagement_id)
    shift = _lock_shift_of(engagement)
    now = utcnow()
    if shift.starts_at > now:
        raise RuleViolation("detail.engagements.no_show_before_start")
    if engagement.status != "accepted":
        raise Conflict("detail.engagements.no_show_status", state=engagement.status)
    _set_status(engagement, "no_show", now)
    _notify("no_show_notice", engagement, engagement.volunteer_id, now)
    return describe(engagement)


# --- check-in and hours ------------------------------------------------------------------------------------------

def checkin_window(shift: Shift) -> tuple[datetime, datetime]:
    """[opens, closes): from CHECKIN_OPENS_BEFORE the start to CHECKIN_CLOSES_AFTER it, never past the end."""
    return shift.starts_at - CHECKIN_OPENS_BEFORE, min(shift.starts_at + CHECKIN_CLOSES_AFTER, shift.ends_at)


def checkin_code(coordinator: User, shift_id) -> dict:
    shift = _coordinated_shift(coordinator, shift_id)
    opens, closes = checkin_window(shift)
    qr_text = f"doemee:checkin:{shift.id}:{shift.checkin_code}"
    return {"shift_id": shift.id, "code": shift.checkin_code, "qr_text": qr_text,
            "qr_svg": segno.make_qr(qr_text).svg_inline(scale=4), "opens_at": opens, "closes_at": closes}


def check_in(user: User, shift_id, code: str) -> dict:
    """An accepted volunteer checks in with the code shown at the door; their hours are proposed at once."""
    shift = lock_shift(shift_id)
    engagement = _engagement_on(shift.id, user.id)
    if engagement is None or engagement.status != "accepted":
        raise RuleViolation("detail.engagements.checkin_not_accepted",
                            state=engagement.status if engagement else "-")
    now = utcnow()
    opens, closes = checkin_window(shift)
    if not opens <= now < closes:
        raise RuleViolation("detail.engagements.checkin_window", opens=_local(opens), closes=_local(closes))
    if not hmac.compare_digest(code.strip().upper().encode(), shift.checkin_code.upper().encode()):
        raise InvalidInput("detail.validation", errors={"code": [Msg("field.engagements.checkin_code_wrong")]})
    _set_status(engagement, "checked_in", now)
    engagement.checked_in_at = now
    db.session.add(HoursEntry(engagement_id=engagement.id, volunteer_id=user.id, status="proposed",
                              minutes=proposed_minutes(shift, now)))
    db.session.flush()
    return describe(engagement)


def proposed_minutes(shift: Shift, checked_in_at: datetime) -> int:
    """From the check-in (or the start, if earlier) to the end, rounded up; at least 1 and at most a day."""
    seconds = (shift.ends_at - max(checked_in_at, shift.starts_at)).total_seconds()
    return min(1440, max(1, math.ceil(seconds / 60)))


def _local(at: datetime) -> str:
    return at.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M")


def list_hours(coordinator: User, organisation_id, *, status: str | None, limit: int,
               cursor: str | None) -> tuple[list[dict], str | None]:
    if db.session.get(Organisation, organisation_id) is None:
        raise NotFound("detail.engagements.organisation_not_found")
    require_coordinator(coordinator, organisation_id)
    stmt = (sa.select(HoursEntry).join(Engagement, Engagement.id == HoursEntry.engagement_id)
            .join(Opportunity, Opportunity.id == Engagement.opportunity_id)
            .where(Opportunity.organisation_id == organisation_id))
    if status:
        stmt = stmt.where(HoursEntry.status == status)
    rows, next_cursor = page(stmt, [HoursEntry.created_at, HoursEntry.id], [datetime, uuid.UUID], limit=limit,
                             cursor=cursor, key=lambda h: (h.created_at, h.id))
    return describe_hours(rows), next_cursor


def describe_hours(entries: list[HoursEntry]) -> list[dict]:
    engagements = {e["id"]: e for e in describe_many(
        list(_by_id(Engagement, {h.engagement_id for h in entries}).values()))}
    names = _first_names({h.volunteer_id for h in entries})
    out = []
    for h in entries:
        engagement = engagements[h.engagement_id]
        out.append({"id": h.id, "engagement_id": h.engagement_id, "shift_id": engagement["shift_id"],
                    "title": engagement["title"], "starts_at": engagement["starts_at"],
                    "ends_at": engagement["ends_at"], "checked_in_at": engagement["checked_in_at"],
                    "first_name": names.get(h.volunteer_id, ""), "minutes": h.minutes, "status": h.status,
                    "approved_at": h.approved_at, "created_at": h.created_at})
    return out


def _decidable_hours(coordinator: User, hours_id) -> tuple[HoursEntry, Engagement, Shift]:
    """A proposed hours entry of an organisation the coordinator coordinates (others: 404), its shift locked."""
    entry = db.session.get(HoursEntry, hours_id)
    if entry is None:
        raise NotFound("detail.engagements.hours_not_found")
    engagement = db.session.get(Engagement, entry.engagement_id)
    if not _coordinates_opportunity(coordinator, engagement.opportunity_id):
        raise NotFound("detail.engagements.hours_not_found")
    shift = _lock_shift_of(engagement)
    db.session.refresh(entry)  # another coordinator may have decided while we waited
    if entry.status != "proposed":
        raise Conflict("detail.engagements.hours_decided", state=entry.status)
    return entry, engagement, shift


def approve_hours(coordinator: User, hours_id, *, minutes: int | None) -> dict:
    """Approve (optionally with corrected minutes) once the shift has ended; the engagement is then completed."""
    entry, engagement, shift = _decidable_hours(coordinator, hours_id)
    now = utcnow()
    if shift.ends_at > now:
        raise RuleViolation("detail.engagements.hours_before_end")
    entry.status, entry.approved_by, entry.approved_at = "approved", coordinator.id, now
    if minutes is not None:
        entry.minutes = minutes
    if engagement.status == "checked_in":
        _set_status(engagement, "completed", now)
    _notify("hours_approved", engagement, engagement.volunteer_id, now, minutes=entry.minutes)
    db.session.flush()
    return describe_hours([entry])[0]


def reject_hours(coordinator: User, hours_id) -> dict:
    entry, engagement, _shift = _decidable_hours(coordinator, hours_id)
    now = utcnow()
    entry.status, entry.approved_by, entry.approved_at = "rejected", coordinator.id, now
    _notify("hours_rejected", engagement, engagement.volunteer_id, now)
    db.session.flush()
    return describe_hours([entry])[0]


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
        "engagements": [{"id": str(e["id"]), "kind": e["kind"], "status": e["status"], "title": e["title"],
                         "starts_at": iso(e["starts_at"]), "ends_at": iso(e["ends_at"]),
                         "checked_in_at": iso(e["checked_in_at"]), "created_at": iso(e["created_at"])}
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
        engagement = _engagement_on(shift_id, user.id)
        db.session.refresh(engagement)
        if engagement.status in HOLDING:
            shift.accepted_count -= 1
            _set_status(engagement, "withdrawn", now)
            fill_from_waitlist(shift, now)
            _places_changed(shift)
    db.session.flush()
