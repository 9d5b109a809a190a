"""A volunteer's private iCal feed of what they said yes to.

The URL carries an unguessable token; only its SHA-256 is stored, so a database leak does not open anyone's
calendar. Making a new feed revokes the previous ones (a leaked link is fixed by making a new one).
Help appointments show their title and window only: never the address or who asked. A shift carries its place
(LOCATION, GEO when known) and its contact person (in the DESCRIPTION), as the volunteer holds a place on it.
"""
from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa
from icalendar import Calendar, Event

from backend.accounts.models import User
from backend.engagements import messages  # noqa: F401  (registers the message keys)
from backend.engagements.clashes import engagement_end, engagement_start, with_times
from backend.engagements.models import CalendarFeed, Engagement
from backend.errors import NotFound
from backend.extensions import db
from backend.i18n import translate
from backend.models_base import utcnow
from backend.opportunities.models import Opportunity
from backend.opportunities.whereabouts import Whereabouts, whereabouts_of

# Past engagements stay in the feed once completed, so calendars do not lose what happened.
IN_FEED = ("accepted", "checked_in", "completed")
PRODID = "-//DoeMee//Vrijwilligersagenda//NL"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_feed(user: User) -> str:
    """A new feed token for the user (returned once, never stored); earlier feeds stop working."""
    revoke_feeds(user)
    token = secrets.token_urlsafe(32)
    db.session.add(CalendarFeed(volunteer_id=user.id, token_hash=_hash(token)))
    return token


def revoke_feeds(user: User) -> None:
    db.session.execute(sa.update(CalendarFeed)
                       .where(CalendarFeed.volunteer_id == user.id, CalendarFeed.revoked_at.is_(None))
                       .values(revoked_at=utcnow()))


def feed_ics(token: str) -> bytes:
    """The calendar behind a token; an unknown or revoked token is 404 (without saying which)."""
    volunteer_id = db.session.scalar(sa.select(CalendarFeed.volunteer_id).where(
        CalendarFeed.token_hash == _hash(token), CalendarFeed.revoked_at.is_(None)))
    if volunteer_id is None:
        raise NotFound("detail.engagements.calendar_not_found")
    locale = db.session.scalar(sa.select(User.locale).where(User.id == volunteer_id)) or "nl"
    return build_calendar(_events_of(volunteer_id), locale)


def _events_of(volunteer_id) -> list[tuple]:
    stmt = (with_times(sa.select(Engagement.id, Opportunity.title, engagement_start, engagement_end,
                                 Engagement.opportunity_id, Engagement.shift_id))
            .join(Opportunity, Opportunity.id == Engagement.opportunity_id)
            .where(Engagement.volunteer_id == volunteer_id, Engagement.status.in_(IN_FEED))
            .order_by(engagement_start, Engagement.id))
    rows = list(db.session.execute(stmt))
    where = whereabouts_of({row.opportunity_id for row in rows if row.shift_id is not None}, with_contact=True)
    return [(row.id, row.title, row[2], row[3], where.get(row.opportunity_id) if row.shift_id else None)
            for row in rows]


def _add_whereabouts(event: Event, where: Whereabouts | None, locale: str) -> None:
    place, contact = (where.place, where.contact) if where else (None, None)
    if place is not None:
        event.add("location", translate("calendar.remote", locale) if place.remote else
                  ", ".join(part for part in (place.name, place.address) if part))
        if place.latitude is not None:
            event.add("geo", (place.latitude, place.longitude))
    lines = []
    if place is not None and place.directions:
        lines.append(place.directions)
    if contact is not None:
        reach = contact.email or contact.phone_shown
        lines.append(translate("calendar.contact", locale, name=contact.first_name)
                     + (f" ({reach})" if reach else ""))
    if lines:
        event.add("description", "\n".join(lines))


def build_calendar(events: list[tuple], locale: str = "nl") -> bytes:
    """events: (engagement id, title, start, end, whereabouts or None) with aware datetimes; written in UTC, one
    UID per engagement so that calendar apps update an event instead of duplicating it."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "DoeMee")
    stamp = utcnow().replace(microsecond=0)
    for engagement_id, title, starts_at, ends_at, where in events:
        event = Event()
        event.add("uid", f"{engagement_id}@doemee")
        event.add("dtstamp", stamp)
        event.add("dtstart", starts_at.replace(microsecond=0))
        event.add("dtend", ends_at.replace(microsecond=0))
        event.add("summary", title)
        _add_whereabouts(event, where, locale)
        calendar.add_component(event)
    return calendar.to_ical()
