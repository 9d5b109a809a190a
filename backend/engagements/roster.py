"""Who is on a shift, as its coordinators see them, and how the volunteer lets them get in touch.

Before a volunteer holds a place the coordinators see their first name and status only; once accepted (or checked
in, done, or marked as not come) their full name and the contact channel the volunteer chose on their engagement:
only through DoeMee, their e-mail address, or a phone number. So two "Gijs" on one shift can be told apart, and
nobody who merely applied or was invited is exposed.
"""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa

from backend.accounts.models import User, first_name
from backend.engagements.common import coordinated_shift, own_engagement
from backend.engagements.models import HOLDING, Engagement
from backend.engagements.results import (EngagementInfo, RosterLine, VolunteerContact, describe,
                                         waitlist_positions)
from backend.errors import InvalidInput, RuleViolation
from backend.extensions import db
from backend.i18n import N_, Msg, add_messages
from backend.pagination import page
from backend.phone import NotADutchNumber, normalise

add_messages({
    "detail.engagements.contact_for_shifts": N_("You choose how to be reached for a shift, not for a help request."),
})


def volunteer_contact(engagement: Engagement, user: User) -> VolunteerContact | None:
    """What the coordinators may see of the volunteer on this engagement: None until they hold a place."""
    if engagement.status not in HOLDING:
        return None
    channel = engagement.contact_channel or "doemee"
    return VolunteerContact(full_name=user.display_name, channel=channel,
                            email=user.email if channel == "email" else None, phone=engagement.contact_phone)


def people_on(engagements: list[Engagement]) -> dict:
    """volunteer id -> User, in one statement."""
    ids = {e.volunteer_id for e in engagements}
    return {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(ids)))} if ids else {}


def roster(coordinator: User, shift_id, *, status: str | None, limit: int,
           cursor: str | None) -> tuple[list[RosterLine], str | None]:
    """Who is on a shift: first names and statuses; full names and contact channels of those holding a place."""
    shift = coordinated_shift(coordinator, shift_id)
    stmt = sa.select(Engagement).where(Engagement.shift_id == shift.id)
    if status:
        stmt = stmt.where(Engagement.status == status)
    rows, next_cursor = page(stmt, [Engagement.created_at, Engagement.id], [datetime, uuid.UUID], limit=limit,
                             cursor=cursor, key=lambda e: (e.created_at, e.id))
    people = people_on(rows)
    positions = waitlist_positions({shift.id})
    return [RosterLine(e.id, first_name(people[e.volunteer_id].display_name), e.status, positions.get(e.id),
                       e.checked_in_at, volunteer_contact(e, people[e.volunteer_id])) for e in rows], next_cursor


def choose_contact(user: User, engagement_id, data: dict) -> EngagementInfo:
    """The volunteer says how the shift's coordinators may reach them ("doemee": only through DoeMee)."""
    engagement = own_engagement(user, engagement_id)
    if engagement.shift_id is None:
        raise RuleViolation("detail.engagements.contact_for_shifts")
    phone = None
    if data["channel"] == "phone":
        try:
            phone = normalise(data.get("phone") or "")
        except NotADutchNumber:
            raise InvalidInput("detail.validation", errors={"phone": [Msg("field.contact_phone_dutch")]}) from None
    engagement.contact_channel = None if data["channel"] == "doemee" else data["channel"]
    engagement.contact_phone = phone
    db.session.flush()
    return describe(engagement, whereabouts=True)
