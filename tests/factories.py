"""Rows for tests that need demand which another part of the API would normally create. They add and flush
(never commit) in the test's own transaction; committing tests commit themselves."""
from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from backend.models_base import utcnow
from backend.opportunities.models import Opportunity, Shift
from backend.organisations.models import Organisation, OrganisationMember
from backend.places.models import Municipality, Neighbourhood


def municipality(session, slug="maassluis") -> Municipality:
    return session.scalar(sa.select(Municipality).where(Municipality.slug == slug))


def neighbourhood(session, slug="balkon", municipality_slug="maassluis") -> Neighbourhood:
    m = municipality(session, municipality_slug)
    return session.scalar(sa.select(Neighbourhood).where(Neighbourhood.municipality_id == m.id,
                                                         Neighbourhood.slug == slug))


def organisation(session, *, coordinator_id=None, verified=True, name="Buurthuis De Kapel",
                 municipality_slug="maassluis") -> Organisation:
    org = Organisation(id=uuid.uuid4(), municipality_id=municipality(session, municipality_slug).id, name=name,
                       description="", verified_at=utcnow() if verified else None)
    session.add(org)
    if coordinator_id is not None:
        session.add(OrganisationMember(organisation_id=org.id, user_id=uuid.UUID(str(coordinator_id)),
                                       status="active", accepted_at=utcnow()))
    session.flush()
    return org


def opportunity(session, org: Organisation | None = None, *, kind="vacancy", status="published",
                hood_slug="balkon", title="Koffie schenken", category="events", **fields) -> Opportunity:
    hood = neighbourhood(session, hood_slug)
    opp = Opportunity(id=uuid.uuid4(), municipality_id=hood.municipality_id, kind=kind,
                      organisation_id=org.id if org else None, title=title, category=category,
                      neighbourhood_id=hood.id, latitude=hood.latitude, longitude=hood.longitude,
                      postcode=None, status=status, commitment=fields.pop("commitment", "one_off"),
                      published_at=utcnow() if status == "published" else None, **fields)
    session.add(opp)
    session.flush()
    return opp


def shift(session, opp: Opportunity, *, starts_at: datetime | None = None, hours=2, capacity=3) -> Shift:
    starts_at = starts_at or (datetime.now(timezone.utc) + timedelta(days=3)).replace(microsecond=0)
    s = Shift(id=uuid.uuid4(), opportunity_id=opp.id, starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours),
              capacity=capacity, accepted_count=0, status="open", checkin_code=secrets.token_hex(3).upper())
    session.add(s)
    session.flush()
    return s


def help_request(session, *, requester_id, window_start: datetime, hours=2, hood_slug="balkon",
                 title="Boodschappen doen", category="groceries", urgency="normal", street="Geheimstraat",
                 **fields):
    """A published help request with its address (kept apart)."""
    from backend.help.models import HelpRequest, HelpRequestAddress

    opp = opportunity(session, None, kind="help_request", hood_slug=hood_slug, title=title, category=category,
                      **fields)
    hr = HelpRequest(id=uuid.uuid4(), opportunity_id=opp.id, requester_id=uuid.UUID(str(requester_id)),
                     window_start=window_start, window_end=window_start + timedelta(hours=hours), urgency=urgency)
    session.add(hr)
    session.flush()
    session.add(HelpRequestAddress(help_request_id=hr.id, street=street, house_number="1", postcode="3144 BA"))
    session.flush()
    return hr


def engagement(session, *, volunteer_id, opp, shift=None, status="accepted", updated_at=None):
    from backend.engagements.models import Engagement

    e = Engagement(id=uuid.uuid4(), volunteer_id=uuid.UUID(str(volunteer_id)), opportunity_id=opp.id,
                   shift_id=shift.id if shift else None, status=status)
    if updated_at is not None:
        e.created_at = e.updated_at = updated_at
    session.add(e)
    session.flush()
    return e
