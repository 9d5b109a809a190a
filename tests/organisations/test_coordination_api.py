"""The API twins of the coordinators' page actions: the organisation's profile, and the check-in at the door of a
volunteer without a phone; and a person's "remove this phone" by the device's id."""
import uuid
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
import time_machine

from backend.engagements.models import Engagement, HoursEntry
from backend.opportunities.models import Opportunity
from tests.engagements.hours_setup import waiting_hours
from tests.notifications.helpers import expo_token
from tests.opportunities.helpers import hold_place, organisation, shift, vacancy
from tests.support import register, volunteer

T0 = datetime(2026, 10, 19, 9, 0, tzinfo=timezone.utc)


def _problem(r, status: int | tuple) -> dict:
    statuses = status if isinstance(status, tuple) else (status,)
    assert r.status_code in statuses and r.mimetype == "application/problem+json", (r.status_code, r.get_json())
    return r.get_json()


@time_machine.travel(T0, tick=False)
def test_coordinators_change_their_organisations_profile(client, cli):
    coordinator, org_id = organisation(client, cli)
    profile = {"description": "Koffie en een praatje, elke dinsdag", "website": "https://kapel.example"}
    r = client.put(f"/api/v1/organisations/{org_id}/profile", json=profile, token=coordinator.token)
    assert r.status_code == 200, r.get_json()
    shown = client.get(f"/api/v1/organisations/{org_id}").get_json()
    assert (shown["description"], shown["website"], shown["name"]) == (*profile.values(), "Buurthuis De Kapel")

    # The schema: both fields are asked for (null: no website); the operation: a website is an http(s) address.
    assert set(_problem(client.put(f"/api/v1/organisations/{org_id}/profile", json={"description": "x"},
                                   token=coordinator.token), 400)["errors"]) == {"website"}
    assert "website" in _problem(client.put(f"/api/v1/organisations/{org_id}/profile",
                                            json={**profile, "website": "ftp://kapel.example"},
                                            token=coordinator.token), 400)["errors"]
    # A coordinator of another organisation (of another municipality, too) may not.
    other, _other_org = organisation(client, cli, name="Sportclub Vlaardingen", municipality="vlaardingen")
    _problem(client.put(f"/api/v1/organisations/{org_id}/profile", json={**profile, "description": "Gekaapt"},
                        token=other.token), (403, 404))
    assert client.get(f"/api/v1/organisations/{org_id}").get_json()["description"] == profile["description"]


@time_machine.travel(T0, tick=False)
def test_a_coordinator_checks_in_at_the_door_who_came_without_a_phone(client, cli, db_session):
    coordinator, org_id = organisation(client, cli)
    opening = shift(client, coordinator, vacancy(client, coordinator, org_id)["id"],
                    starts_at=T0 + timedelta(minutes=10))
    bram, cees = volunteer(client), volunteer(client)
    accepted = hold_place(db_session, opening["id"], bram)
    applied = hold_place(db_session, opening["id"], cees, status="applied")

    r = client.post(f"/api/v1/engagements/{accepted.id}/door-check-in", token=coordinator.token)
    assert r.status_code == 200, r.get_json()
    assert r.get_json() == {"id": str(accepted.id), "shift_id": opening["id"], "status": "checked_in",
                            "checked_in_at": "2026-10-19T09:00:00+00:00"}
    assert db_session.scalar(sa.select(HoursEntry.status).where(HoursEntry.engagement_id == accepted.id)) == \
        "proposed"
    # Only an accepted volunteer is checked in; once in, not again.
    _problem(client.post(f"/api/v1/engagements/{applied.id}/door-check-in", token=coordinator.token), 409)
    _problem(client.post(f"/api/v1/engagements/{accepted.id}/door-check-in", token=coordinator.token), 409)
    _problem(client.post(f"/api/v1/engagements/{uuid.uuid4()}/door-check-in", token=coordinator.token), 404)

    # Another organisation's coordinator, or the volunteer themselves: refused, nothing changes.
    other, _other_org = organisation(client, cli, name="Sportclub Vlaardingen", municipality="vlaardingen")
    _problem(client.post(f"/api/v1/engagements/{applied.id}/door-check-in", token=other.token), (403, 404))
    assert client.post(f"/api/v1/engagements/{applied.id}/door-check-in", token=cees.token).status_code == 403
    db_session.expire_all()
    assert db_session.get(Engagement, applied.id).status == "applied"


def test_a_phone_is_removed_by_its_id(client):
    anna, bob = register(client), register(client)
    r = client.post("/api/v1/me/devices", json={"token": expo_token(), "provider": "expo", "platform": "android"},
                    token=anna.token)
    assert r.status_code == 201, r.get_json()
    device_id = r.get_json()["id"]
    # Someone else's device is not found, and stays.
    _problem(client.delete(f"/api/v1/me/devices/{device_id}", token=bob.token), 404)
    assert [d["id"] for d in client.get("/api/v1/me/devices", token=anna.token).get_json()["items"]] == [device_id]
    assert client.delete(f"/api/v1/me/devices/{device_id}", token=anna.token).status_code == 204
    assert client.get("/api/v1/me/devices", token=anna.token).get_json()["items"] == []
    _problem(client.delete(f"/api/v1/me/devices/{device_id}", token=anna.token), 404)


@time_machine.travel(T0, tick=False)
def test_a_coordinator_approves_a_shifts_hours_at_once(client, cli, db_session):
    coordinator, org_id = organisation(client, cli)
    opportunity = db_session.get(Opportunity, uuid.UUID(vacancy(client, coordinator, org_id)["id"]))
    anna, bram = waiting_hours(db_session, opportunity, starts_at=T0 - timedelta(days=1), names=("Anna", "Bram"))
    [other_shift] = waiting_hours(db_session, opportunity, starts_at=T0 - timedelta(days=2), names=("Cees",))
    db_session.commit()  # the test's savepoint: a refused request's rollback must not take the hours with it
    shift_id = db_session.get(Engagement, anna.engagement_id).shift_id
    url = f"/api/v1/shifts/{shift_id}/hours-approval"

    def status(entry):
        return db_session.scalar(sa.select(HoursEntry.status).where(HoursEntry.id == entry.id)
                                 .execution_options(populate_existing=True))

    # All or nothing: an entry of another shift refuses the whole approval.
    _problem(client.post(url, json={"hours": [str(anna.id), str(other_shift.id)]}, token=coordinator.token), 404)
    assert status(anna) == "proposed"
    assert set(_problem(client.post(url, json={"hours": [str(anna.id)], "corrections": {str(anna.id): "2:75"}},
                                    token=coordinator.token), 400)["errors"]) == {f"corrections.{anna.id}.value"}
    assert "hours" in _problem(client.post(url, json={"hours": []}, token=coordinator.token), 400)["errors"]
    # Another organisation's coordinator may not.
    other, _other_org = organisation(client, cli, name="Sportclub Vlaardingen", municipality="vlaardingen")
    _problem(client.post(url, json={"hours": [str(anna.id)]}, token=other.token), (403, 404))
    assert status(anna) == "proposed"

    r = client.post(url, json={"hours": [str(anna.id), str(bram.id)], "corrections": {str(anna.id): "1:30"}},
                    token=coordinator.token)
    assert r.status_code == 200, r.get_json()
    assert [(h["id"], h["minutes"], h["status"]) for h in r.get_json()["items"]] == [
        (str(anna.id), 90, "approved"), (str(bram.id), 120, "approved")]
    assert (status(anna), status(bram), status(other_shift)) == ("approved", "approved", "proposed")
