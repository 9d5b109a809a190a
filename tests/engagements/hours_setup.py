"""Hours waiting for approval, as check-ins leave them: a past shift, volunteers who checked in, their proposed
hours. Rows through tests.factories (flushed, never committed), for the hours-list tests, the input contract and the
browser journey (which commits them itself)."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from backend.accounts.models import User
from backend.engagements.models import Engagement, HoursEntry
from backend.opportunities.models import Opportunity
from backend.organisations.models import Organisation
from tests import factories


def volunteer_row(session, name: str) -> uuid.UUID:
    """A volunteer's account (a row: the hours list needs a name, not a login)."""
    user = User(email=f"uren-{uuid.uuid4().hex[:10]}@example.org", password_hash="x", display_name=name)
    session.add(user)
    session.flush()
    return user.id


def waiting_hours(session, opportunity: Opportunity, *, starts_at: datetime, names: tuple[str, ...],
                  hours: int = 2, ids: tuple[uuid.UUID, ...] = ()) -> list[HoursEntry]:
    """A shift of ``opportunity`` from ``starts_at``; each named volunteer checked in and proposed its length
    (``ids``: the entries' own ids, where a test must know them beforehand)."""
    shift = factories.shift(session, opportunity, starts_at=starts_at, hours=hours, capacity=max(3, len(names)))
    shift.accepted_count = len(names)
    entries = []
    for n, name in enumerate(names):
        volunteer_id = volunteer_row(session, name)
        engagement = factories.engagement(session, volunteer_id=volunteer_id, opp=opportunity, shift=shift,
                                          status="checked_in")
        engagement.checked_in_at = starts_at
        entry = HoursEntry(id=ids[n] if n < len(ids) else uuid.uuid4(), engagement_id=engagement.id,
                           volunteer_id=volunteer_id, status="proposed", minutes=hours * 60)
        session.add(entry)
        entries.append(entry)
    session.flush()
    return entries


def organisation_with_waiting_hours(session, coordinator_id, *, now: datetime, name="Buurthuis De Kapel"
                                    ) -> tuple[Organisation, list[HoursEntry]]:
    """An organisation with two vacancies and three waiting entries on three past shifts: Anna's shift (yesterday)
    is the newest, then Bram's (two days ago), then Cees' (a week ago)."""
    org = factories.organisation(session, coordinator_id=coordinator_id, name=name)
    coffee = factories.opportunity(session, org, title="Koffie schenken")
    market = factories.opportunity(session, org, title="Markt opbouwen", category="events")
    entries = []
    for opportunity, days, volunteer in ((market, 7, "Cees Bakker"), (coffee, 2, "Bram de Groot"),
                                         (coffee, 1, "Anna de Vries")):
        entries += waiting_hours(session, opportunity, starts_at=(now - timedelta(days=days)).replace(microsecond=0),
                                 names=(volunteer,))
    return org, entries[::-1]
