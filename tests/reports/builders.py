"""Rows for the report tests, placed at chosen moments: volunteers who registered on a given day, their
engagements, approved hours, and demand posted and matched at given times. They add and flush, never commit."""
from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from backend.accounts.models import RoleGrant, User
from backend.engagements.models import Engagement, HoursEntry
from backend.help.models import HelpRequest
from backend.opportunities.models import Opportunity
from backend.volunteers.models import AvailabilitySlot, ProfileSkill, Skill, VolunteerProfile
from tests import factories

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local(text: str) -> datetime:
    """'2025-03-10 09:00' in Maassluis -> an aware datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=AMSTERDAM)


def volunteer(session, hood_slug: str, registered: datetime, *, complete=False, municipality="maassluis") -> User:
    hood = factories.neighbourhood(session, hood_slug, municipality)
    user = User(id=uuid.uuid4(), email=f"v-{uuid.uuid4().hex[:10]}@example.org", password_hash="!",
                display_name="Vera Vrijwilliger", created_at=registered)
    user.roles.append(RoleGrant(role="volunteer"))
    session.add(user)
    session.flush()
    session.add(VolunteerProfile(user_id=user.id, municipality_id=hood.municipality_id, neighbourhood_id=hood.id,
                                 postcode="3144 BA", latitude=hood.latitude, longitude=hood.longitude,
                                 created_at=registered))
    session.flush()
    if complete:
        skill = session.scalar(sa.select(Skill.code).order_by(Skill.bit).limit(1))
        session.add(ProfileSkill(user_id=user.id, skill_code=skill, level=1))
        session.add(AvailabilitySlot(user_id=user.id, weekday=1, start_minute=18 * 60, end_minute=20 * 60))
        session.flush()
    return user


def volunteers(session, n: int, hood_slug: str, registered: datetime, **kw) -> list[User]:
    return [volunteer(session, hood_slug, registered, **kw) for _ in range(n)]


def took_part(session, user: User, at: datetime, *, hours: float | None = None, approved_at=None) -> Engagement:
    """A completed engagement at ``at`` (an opportunity without shifts), with approved hours if given."""
    opp = posted(session, "balkon", "vacancy", at - timedelta(days=7))
    engagement = Engagement(id=uuid.uuid4(), volunteer_id=user.id, opportunity_id=opp.id, status="completed",
                            status_changed_at=at)
    session.add(engagement)
    session.flush()
    if hours is not None:
        session.add(HoursEntry(engagement_id=engagement.id, volunteer_id=user.id, minutes=int(hours * 60),
                               status="approved", approved_at=approved_at or at))
        session.flush()
    return engagement


def posted(session, hood_slug: str | None, kind: str, at: datetime, *, municipality="maassluis") -> Opportunity:
    """A published opportunity (no shifts), published at ``at``; hood None: remote."""
    m = factories.municipality(session, municipality)
    hood = factories.neighbourhood(session, hood_slug, municipality) if hood_slug else None
    opp = Opportunity(id=uuid.uuid4(), municipality_id=m.id, kind=kind, title="Klus " + secrets.token_hex(3),
                      category="groceries" if kind == "help_request" else "events",
                      neighbourhood_id=hood.id if hood else None, latitude=hood.latitude if hood else None,
                      longitude=hood.longitude if hood else None, remote=hood is None, status="published",
                      commitment="one_off", published_at=at, created_at=at)
    session.add(opp)
    session.flush()
    return opp


def help_request(session, requester: User, hood_slug: str, at: datetime, *, matched_after: timedelta | None = None):
    opp = posted(session, hood_slug, "help_request", at)
    session.add(HelpRequest(id=uuid.uuid4(), opportunity_id=opp.id, requester_id=requester.id,
                            window_start=at + timedelta(days=2), window_end=at + timedelta(days=2, hours=2),
                            matched_at=at + matched_after if matched_after is not None else None))
    session.flush()
    return opp


def vacancy_filled(session, volunteer: User, hood_slug: str, at: datetime, *, after: timedelta) -> Opportunity:
    """A vacancy posted at ``at`` whose first volunteer was given a place ``after`` later."""
    opp = posted(session, hood_slug, "vacancy", at)
    session.add(Engagement(id=uuid.uuid4(), volunteer_id=volunteer.id, opportunity_id=opp.id, status="accepted",
                           status_changed_at=at + after, created_at=at + after / 2))
    session.flush()
    return opp
