"""What a coordinator reads about their own organisation: its vacancies, their shifts, the week ahead, the door.

The same access rule as the API's operations: only the organisation's active coordinators (and admins); an
unknown id is 404, someone else's organisation 403.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from backend.accounts.models import User, first_name
from backend.audit.operations import record
from backend.csv_columns import header
from backend.engagements import attendance
from backend.engagements.models import Engagement, HoursEntry
from backend.engagements.results import HoursInfo, VolunteerContact
from backend.engagements.roster import volunteer_contact
from backend.errors import InvalidInput, NotFound, RuleViolation
from backend.extensions import db
from backend.i18n import N_, Msg, add_messages
from backend.lookup import get_or_not_found
from backend.models_base import utcnow
from backend.opportunities import recurrence
from backend.opportunities.models import Opportunity, Shift
from backend.opportunities.operations import get_shift, lock_shift, own_vacancy
from backend.organisations.access import require_coordinator
from backend.organisations.models import Organisation
from backend.organisations.operations import checked_website

# Shifts starting within this time with free places are "under-staffed" on the overview.
SOON = timedelta(hours=48)
MAX_PREVIEW_WEEKS = 26

add_messages({
    "field.rule_incomplete": N_("Fill this in to make the weekly schedule."),
    "field.vacancy_title_missing": N_("Fill in a title."),
    "field.whole_number": N_("Fill in a whole number."),
    "field.minutes_range": N_("Between 1 and 1440 minutes."),
    "field.none_chosen": N_("Tick at least one."),
    "detail.hours_of_other_shift": N_("These hours belong to another shift."),
})


def _organisation(actor: User, organisation_id) -> Organisation:
    org = get_or_not_found(Organisation, organisation_id, "Organisation")
    require_coordinator(actor, org.id)
    return org


def coordinated_organisation(actor: User, organisation_id) -> Organisation:
    """The organisation, for one of its coordinators."""
    return _organisation(actor, organisation_id)


def update_profile(actor: User, organisation_id, *, description: str, website: str | None) -> Organisation:
    """The organisation's own text and website (its name stays as the municipality verified it)."""
    org = _organisation(actor, organisation_id)
    org.description, org.website = description, checked_website(website)
    record("organisation.changed", actor_id=actor.id, object_type="organisation", object_id=org.id,
           fields=["description", "website"])
    return org


def organisation_vacancies(actor: User, organisation_id) -> list[Opportunity]:
    """All the organisation's vacancies, drafts included, newest first."""
    org = _organisation(actor, organisation_id)
    return list(db.session.scalars(sa.select(Opportunity).where(Opportunity.organisation_id == org.id)
                                   .order_by(Opportunity.created_at.desc(), Opportunity.id)))


def coordinated_vacancy(actor: User, opportunity_id) -> Opportunity:
    return own_vacancy(actor, opportunity_id)


def vacancy_shifts(actor: User, opportunity_id) -> list[Shift]:
    """Every shift of a vacancy (cancelled ones too), earliest first."""
    opportunity = own_vacancy(actor, opportunity_id)
    return list(db.session.scalars(sa.select(Shift).where(Shift.opportunity_id == opportunity.id)
                                   .order_by(Shift.starts_at, Shift.id)))


def coordinated_shift(actor: User, shift_id) -> Shift:
    shift = get_shift(shift_id)
    own_vacancy(actor, shift.opportunity_id)
    return shift


def preview_rule(rule: dict, now: datetime | None = None) -> list[tuple[datetime, datetime]]:
    """The (UTC) shifts a weekly rule would make from today, exactly as publishing generates them."""
    now = now or utcnow()
    errors = {}
    if not rule.get("weekdays") or any(d not in recurrence.WEEKDAYS for d in rule["weekdays"]):
        errors["recurrence.weekdays"] = [Msg("field.rule_incomplete")]
    try:
        if recurrence.parse_hhmm(rule["end"]) <= recurrence.parse_hhmm(rule["start"]):
            errors["recurrence.end"] = [Msg("field.time_inverted")]
    except (KeyError, ValueError):
        errors["recurrence.start"] = [Msg("field.rule_incomplete")]
    if not 1 <= int(rule.get("weeks") or 0) <= MAX_PREVIEW_WEEKS:
        errors["recurrence.weeks"] = [Msg("field.rule_incomplete")]
    if errors:
        raise InvalidInput("detail.validation", errors=errors)
    first, last = recurrence.window(rule, recurrence.local_today(now))
    return [(s, e) for s, e in recurrence.occurrences(rule, first_day=first, last_day=last) if s > now]


@dataclass(frozen=True)
class ShiftLine:
    shift: Shift
    opportunity: Opportunity

    @property
    def free_places(self) -> int:
        return max(0, self.shift.capacity - self.shift.accepted_count)


def week_overview(actor: User, organisation_id, now: datetime | None = None) -> dict:
    """This (local) week's open shifts, and the open shifts in the next 48 hours that still have free places."""
    org = _organisation(actor, organisation_id)
    now = now or utcnow()
    today = recurrence.local_today(now)
    monday = today - timedelta(days=today.weekday())
    week_start = recurrence.local_span(monday, "00:00", "00:01")[0]
    week_end = recurrence.local_span(monday + timedelta(days=7), "00:00", "00:01")[0]
    rows = db.session.execute(
        sa.select(Shift, Opportunity).join(Opportunity, Opportunity.id == Shift.opportunity_id)
        .where(Opportunity.organisation_id == org.id, Shift.status == "open",
               Shift.starts_at >= min(week_start, now), Shift.starts_at < max(week_end, now + SOON))
        .order_by(Shift.starts_at, Shift.id)).all()
    lines = [ShiftLine(s, o) for s, o in rows]
    return {"week": [line for line in lines if week_start <= line.shift.starts_at < week_end],
            "understaffed": [line for line in lines if now < line.shift.starts_at <= now + SOON
                             and line.free_places > 0],
            "week_start": monday}


@dataclass(frozen=True)
class DoorLine:
    engagement_id: object
    first_name: str
    status: str
    checked_in_at: datetime | None
    contact: VolunteerContact | None = None  # full name and channel, once they hold a place


def door_list(actor: User, shift_id) -> list[DoorLine]:
    """Everyone on a shift's roster by first name (full name and contact channel once accepted), for the door."""
    shift = coordinated_shift(actor, shift_id)
    rows = db.session.execute(
        sa.select(Engagement, User).join(User, User.id == Engagement.volunteer_id)
        .where(Engagement.shift_id == shift.id).order_by(Engagement.status, User.display_name, Engagement.id))
    return [DoorLine(e.id, first_name(user.display_name), e.status, e.checked_in_at, volunteer_contact(e, user))
            for e, user in rows]


def check_in_at_door(actor: User, engagement_id) -> Engagement:
    """The coordinator ticks off an accepted volunteer without a phone: the same check-in as with the code."""
    engagement = db.session.get(Engagement, engagement_id)
    if engagement is None or engagement.shift_id is None:
        raise NotFound("detail.engagements.engagement_not_found")
    shift = lock_shift(coordinated_shift(actor, engagement.shift_id).id)
    db.session.refresh(engagement)
    if engagement.status != "accepted":
        raise RuleViolation("detail.engagements.checkin_not_accepted", state=engagement.status)
    now = utcnow()
    opens, closes = attendance.checkin_window(shift)
    if not opens <= now < closes:
        raise RuleViolation("detail.attendance.checkin_window", opens=attendance._local(opens),
                            closes=attendance._local(closes))
    engagement.status, engagement.status_changed_at, engagement.checked_in_at = "checked_in", now, now
    db.session.add(HoursEntry(engagement_id=engagement.id, volunteer_id=engagement.volunteer_id, status="proposed",
                              minutes=attendance.proposed_minutes(shift, now)))
    db.session.flush()
    return engagement


def approve_hours_in_bulk(actor: User, shift_id, decisions: list[tuple]) -> list[HoursInfo]:
    """Approve several hours entries of one shift, each with corrected minutes or None; all or nothing (the
    caller's transaction rolls back on the first refusal)."""
    shift = coordinated_shift(actor, shift_id)
    approved = []
    for hours_id, minutes in decisions:
        entry = db.session.get(HoursEntry, hours_id)
        engagement = db.session.get(Engagement, entry.engagement_id) if entry else None
        if engagement is None or engagement.shift_id != shift.id:
            raise NotFound("detail.hours_of_other_shift")
        approved.append(attendance.approve_hours(actor, hours_id, minutes=minutes))
    return approved


def hours_csv(actor: User, organisation_id, locale: str | None = None) -> str:
    """Approved hours per volunteer (first name and a short id) per local month, as CSV."""
    org = _organisation(actor, organisation_id)
    rows = db.session.execute(
        sa.select(HoursEntry.volunteer_id, User.display_name, Shift.starts_at, HoursEntry.minutes)
        .join(Engagement, Engagement.id == HoursEntry.engagement_id)
        .join(Shift, Shift.id == Engagement.shift_id)
        .join(Opportunity, Opportunity.id == Engagement.opportunity_id)
        .join(User, User.id == HoursEntry.volunteer_id)
        .where(Opportunity.organisation_id == org.id, HoursEntry.status == "approved"))
    totals: dict[tuple, int] = {}
    names: dict = {}
    for volunteer_id, name, starts_at, minutes in rows:
        month = recurrence.local_today(starts_at).strftime("%Y-%m")
        totals[(volunteer_id, month)] = totals.get((volunteer_id, month), 0) + minutes
        names[volunteer_id] = first_name(name)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header(["month", "volunteer", "volunteer_ref", "minutes", "hours"], locale))
    for (volunteer_id, month), minutes in sorted(totals.items(), key=lambda kv: (kv[0][1], names[kv[0][0]],
                                                                              str(kv[0][0]))):
        writer.writerow([month, _safe_cell(names[volunteer_id]), str(volunteer_id)[:8], minutes,
                         f"{minutes / 60:.2f}"])
    return out.getvalue()


def _safe_cell(value: str) -> str:
    """No formula injection when the file is opened in a spreadsheet."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def local_date(at: datetime) -> date:
    return recurrence.local_today(at)
