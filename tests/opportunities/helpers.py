"""Helpers for the organisation, vacancy and shift tests (no tests here): people with roles, organisations
and vacancies made through the API, and accepted engagements added as rows (the sign-up flow is another
feature's; these rows only stand in for volunteers who hold a place)."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

from backend.engagements.models import HOLDING, Engagement
from backend.models_base import utcnow
from backend.opportunities.models import Shift
from tests.accounts.factories import staff_member as staff_of
from tests.support import Person, register

API = "/api/v1"
VACANCY = {"title": "Koffie schenken in het buurthuis", "description": "Gastvrij zijn op dinsdagavond.",
           "category": "events", "required_skills": ["groceries"], "nice_skills": [], "postcode": "3144 AB",
           "languages": ["nl"]}


def organisation(client, cli, *, verified=True, name="Buurthuis De Kapel", municipality="maassluis",
                 staff: Person | None = None) -> tuple[Person, str]:
    """A coordinator and the id of the organisation they registered (verified by staff if asked)."""
    coordinator = register(client)
    r = client.post(f"{API}/organisations", token=coordinator.token,
                    json={"name": name, "description": "Activiteiten voor de wijk", "municipality": municipality})
    assert r.status_code == 201, r.get_json()
    org_id = r.get_json()["id"]
    if verified:
        staff = staff or staff_of(client, cli, municipality)
        assert client.put(f"{API}/organisations/{org_id}/verification", token=staff.token).status_code == 200
    return coordinator, org_id


def vacancy(client, coordinator: Person, org_id: str, *, publish=True, **fields) -> dict:
    r = client.post(f"{API}/organisations/{org_id}/opportunities", token=coordinator.token,
                    json={**VACANCY, **fields})
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    if publish:
        r = client.post(f"{API}/opportunities/{body['id']}/publish", token=coordinator.token)
        assert r.status_code == 200, r.get_json()
        body = r.get_json()
    return body


def at(days=3, hour=18, minute=0) -> datetime:
    """A whole-minute UTC time some days ahead."""
    base = (utcnow() + timedelta(days=days)).replace(hour=hour, minute=minute, second=0, microsecond=0)
    return base.astimezone(timezone.utc)


def shift(client, coordinator: Person, opportunity_id: str, *, starts_at: datetime | None = None, hours=2,
          capacity=3) -> dict:
    starts_at = starts_at or at()
    r = client.post(f"{API}/opportunities/{opportunity_id}/shifts", token=coordinator.token,
                    json={"starts_at": starts_at.isoformat(), "ends_at": (starts_at + timedelta(hours=hours)).isoformat(),
                          "capacity": capacity})
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def hold_place(db_session, shift_id: str, volunteer: Person, status="accepted") -> Engagement:
    """A volunteer holding a place on a shift, as the sign-up flow would leave it."""
    s = db_session.get(Shift, uuid.UUID(shift_id))
    engagement = Engagement(id=uuid.uuid4(), volunteer_id=uuid.UUID(volunteer.id), opportunity_id=s.opportunity_id,
                            shift_id=s.id, status=status, status_changed_at=utcnow())
    if status in HOLDING:
        s.accepted_count += 1
    db_session.add(engagement)
    db_session.flush()
    return engagement
