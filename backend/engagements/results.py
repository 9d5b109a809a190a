"""What the engagement operations return: the row with what a reader needs beside it (title, time, place on the
waitlist, warnings), as small frozen dataclasses. Each surface decides how they look (mobile_api: marshmallow)."""
from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from backend.accounts.models import User, first_name
from backend.engagements.models import Engagement, HoursEntry
from backend.extensions import db
from backend.opportunities.models import HelpRequest, Opportunity, Shift
from backend.opportunities.whereabouts import Reach, Whereabouts, whereabouts_of
from backend.read_through import read_through

# While the volunteer is on the shift (or asked to be), they see how to reach the contact person.
SEES_CONTACT = ("invited", "applied", "waitlisted", "accepted", "checked_in")


@dataclass(frozen=True)
class Overlap:
    """A warning: the engagement clashes in time with another accepted one of the same volunteer."""

    engagement_id: uuid.UUID
    code: str = "overlap"


@dataclass(frozen=True)
class EngagementInfo:
    """An engagement with its title and time (the shift's, or the help request's window)."""

    engagement: Engagement
    title: str
    starts_at: datetime | None
    ends_at: datetime | None
    waitlist_position: int | None = None
    warnings: tuple[Overlap, ...] = ()
    # A shift's place and contact person, where the reader asked for them (describe_many(..., whereabouts=True)).
    whereabouts: Whereabouts | None = None

    @property
    def place(self):
        return self.whereabouts.place if self.whereabouts else None

    @property
    def contact(self):
        return self.whereabouts.contact if self.whereabouts else None

    @property
    def kind(self) -> str:
        return "shift" if self.engagement.shift_id else "help_request"

    @property
    def my_reach(self) -> Reach:
        """How the volunteer lets the coordinators reach them ("doemee": only through DoeMee)."""
        return Reach(channel=self.engagement.contact_channel or "doemee", phone=self.engagement.contact_phone)

    # The row's own facts, read through.
    id, status, volunteer_id, shift_id = read_through("engagement", "id", "status", "volunteer_id", "shift_id")
    opportunity_id, checked_in_at = read_through("engagement", "opportunity_id", "checked_in_at")
    status_changed_at, created_at = read_through("engagement", "status_changed_at", "created_at")


@dataclass(frozen=True, kw_only=True)
class VolunteerContact(Reach):
    """An accepted volunteer as their coordinators see them: full name and the channel they chose ("doemee":
    only through DoeMee)."""

    full_name: str


@dataclass(frozen=True)
class RosterLine:
    """Who is on a shift, as a coordinator sees them: first name and status; full name and contact channel only
    once the volunteer holds a place."""

    engagement_id: uuid.UUID
    first_name: str
    status: str
    waitlist_position: int | None
    checked_in_at: datetime | None
    contact: VolunteerContact | None = None


@dataclass(frozen=True)
class HoursInfo:
    """An hours entry with the engagement it is for and the volunteer's first name."""

    entry: HoursEntry
    engagement: EngagementInfo
    first_name: str

    id, engagement_id, minutes, status = read_through("entry", "id", "engagement_id", "minutes", "status")
    approved_at, created_at = read_through("entry", "approved_at", "created_at")
    shift_id, title, starts_at = read_through("engagement", "shift_id", "title", "starts_at")
    ends_at, checked_in_at = read_through("engagement", "ends_at", "checked_in_at")


@dataclass(frozen=True)
class CheckinCode:
    """The code a coordinator shows at the door, and when it is accepted."""

    shift_id: uuid.UUID
    code: str
    opens_at: datetime
    closes_at: datetime

    @property
    def qr_text(self) -> str:
        return f"doemee:checkin:{self.shift_id}:{self.code}"


def describe(engagement: Engagement, warnings: tuple[Overlap, ...] = (), *,
             whereabouts: bool = False) -> EngagementInfo:
    return describe_many([engagement], warnings={engagement.id: warnings}, whereabouts=whereabouts)[0]


def describe_many(engagements: list[Engagement], *, warnings: dict | None = None,
                  whereabouts: bool = False) -> list[EngagementInfo]:
    """The engagements with their shift's (or help window's) time and title, and waitlist places; ``whereabouts``:
    with the shift's place and contact person too. A fixed number of queries whatever the number of engagements."""
    shifts = by_id(Shift, {e.shift_id for e in engagements if e.shift_id})
    opportunities = by_id(Opportunity, {e.opportunity_id for e in engagements})
    help_ids = {e.opportunity_id for e in engagements if e.shift_id is None}
    windows = {h.opportunity_id: h for h in db.session.scalars(
        sa.select(HelpRequest).where(HelpRequest.opportunity_id.in_(help_ids)))} if help_ids else {}
    positions = waitlist_positions({e.shift_id for e in engagements if e.status == "waitlisted"})
    out = []
    for e in engagements:
        shift, window = shifts.get(e.shift_id), windows.get(e.opportunity_id)
        starts_at, ends_at = ((shift.starts_at, shift.ends_at) if shift else
                              (window.window_start, window.window_end) if window else (None, None))
        out.append(EngagementInfo(e, opportunities[e.opportunity_id].title, starts_at, ends_at,
                                  positions.get(e.id), tuple((warnings or {}).get(e.id, ()))))
    return _with_whereabouts(out) if whereabouts else out


def _with_whereabouts(infos: list[EngagementInfo]) -> list[EngagementInfo]:
    found = whereabouts_of({i.opportunity_id for i in infos if i.shift_id}, with_contact=True)
    out = []
    for info in infos:
        where = found.get(info.opportunity_id) if info.shift_id else None
        if where is not None and info.status not in SEES_CONTACT:
            where = Whereabouts(where.place, None)
        out.append(dataclasses.replace(info, whereabouts=where))
    return out


def describe_hours(entries: list[HoursEntry]) -> list[HoursInfo]:
    engagements = {e.id: e for e in describe_many(
        list(by_id(Engagement, {h.engagement_id for h in entries}).values()))}
    names = first_names({h.volunteer_id for h in entries})
    return [HoursInfo(h, engagements[h.engagement_id], names.get(h.volunteer_id, "")) for h in entries]


def by_id(model, ids) -> dict:
    """The rows of these ids; those the session holds already (loaded, not expired) are not read again."""
    found, missing = {}, []
    for row_id in ids:
        held = db.session.identity_map.get(Session.identity_key(model, row_id))
        if held is not None and not sa.inspect(held).expired_attributes:
            found[row_id] = held
        else:
            missing.append(row_id)
    if missing:
        found.update((row.id, row) for row in db.session.scalars(sa.select(model).where(model.id.in_(missing))))
    return found


def waitlist_positions(shift_ids) -> dict:
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


_AHEAD_OR_ME = sa.select(sa.func.count()).select_from(Engagement).where(
    Engagement.shift_id == sa.bindparam("shift_id", type_=Engagement.shift_id.type),
    Engagement.status == "waitlisted",
    sa.tuple_(Engagement.status_changed_at, Engagement.id) <= sa.tuple_(
        sa.bindparam("changed_at", type_=Engagement.status_changed_at.type),
        sa.bindparam("engagement_id", type_=Engagement.id.type)))


def waitlist_position(engagement: Engagement) -> int:
    """The 1-based place of one waitlisted (and flushed) engagement in its shift's waitlist, in the order of
    ``waitlist_positions``: one COUNT, whatever the length of the waitlist."""
    return db.session.scalar(_AHEAD_OR_ME, {"shift_id": engagement.shift_id, "engagement_id": engagement.id,
                                            "changed_at": engagement.status_changed_at})


def first_names(user_ids) -> dict:
    if not user_ids:
        return {}
    rows = db.session.execute(sa.select(User.id, User.display_name).where(User.id.in_(user_ids)))
    return {user_id: first_name(name) for user_id, name in rows}
