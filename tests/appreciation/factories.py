"""Rows that other features' APIs would create (completed engagements, approved hours, volunteers registered at
the desk). They add and flush in the test's transaction; committing tests commit themselves."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from backend.accounts.models import RoleGrant, User
from backend.engagements.models import Engagement, HoursEntry
from backend.models_base import utcnow
from backend.volunteers.models import VolunteerProfile
from tests import factories


def completed_engagement(session, volunteer_id, *, org=None, completed_at: datetime | None = None) -> Engagement:
    org = org or factories.organisation(session, name=f"Vereniging {uuid.uuid4().hex[:6]}")
    opp = factories.opportunity(session, org)
    done = completed_at or utcnow() - timedelta(days=2)
    engagement = Engagement(id=uuid.uuid4(), volunteer_id=uuid.UUID(str(volunteer_id)), opportunity_id=opp.id,
                            status="completed", status_changed_at=done)
    session.add(engagement)
    session.flush()
    return engagement


def approved_hours(session, volunteer_id, hours: float, *, org=None, approved_at: datetime | None = None) -> list:
    """``hours`` of approved work, as completed engagements of at most 8 hours each (one entry per engagement)."""
    approved_at = approved_at or utcnow() - timedelta(days=2)
    minutes_left = int(hours * 60)
    entries = []
    while minutes_left > 0:
        minutes = min(minutes_left, 8 * 60)
        engagement = completed_engagement(session, volunteer_id, org=org, completed_at=approved_at)
        entry = HoursEntry(engagement_id=engagement.id, volunteer_id=engagement.volunteer_id, minutes=minutes,
                           status="approved", approved_at=approved_at)
        session.add(entry)
        entries.append(entry)
        minutes_left -= minutes
        approved_at += timedelta(seconds=1)
    session.flush()
    return entries


def desk_volunteer(session, *, display_name="Gerrit Papier", hood_slug="koningshoek", postcode="3143 PB",
                   locale="nl") -> User:
    """A volunteer registered at the municipality's desk: a profile, but never logged in to the app."""
    hood = factories.neighbourhood(session, hood_slug)
    user = User(id=uuid.uuid4(), email=f"balie-{uuid.uuid4().hex[:8]}@example.org", password_hash="!",
                display_name=display_name, locale=locale)
    user.roles.append(RoleGrant(role="volunteer"))
    session.add(user)
    session.flush()
    session.add(VolunteerProfile(user_id=user.id, municipality_id=hood.municipality_id, neighbourhood_id=hood.id,
                                 postcode=postcode, latitude=hood.latitude, longitude=hood.longitude))
    session.flush()
    return user
