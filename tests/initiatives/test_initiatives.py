"""Resident initiatives: proposing, support, the municipality's decision and tasks volunteers sign up for."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from backend.notifications.models import OutboxMessage
from backend.opportunities.models import Opportunity
from tests.help.test_help_requests import _everything
from tests.accounts.factories import staff_member
from tests.support import PASSWORD, register, volunteer

BODY = {"title": "Moestuin aan de Wipperstraat", "description": "Een gezamenlijke moestuin op het braakliggende veld.",
        "help_needed": "Handige mensen voor de bakken, en iemand die water geeft in de zomer.", "postcode": "3143 GA"}


def soon(days=5, hours=0):
    return (datetime.now(timezone.utc) + timedelta(days=days, hours=hours)).replace(microsecond=0)


def propose(client, person, **changes):
    r = client.post("/api/v1/initiatives", json={**BODY, **changes}, token=person.token)
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def decide(client, staff, initiative_id, status, reason=None):
    body = {"status": status} if reason is None else {"status": status, "reason": reason}
    return client.put(f"/api/v1/initiatives/{initiative_id}/status", json=body, token=staff.token,
                      headers={"Accept-Language": "en"})


def task_body(**changes):
    start = soon()
    return {"title": "Bakken timmeren", "description": "Samen de moestuinbakken bouwen.", "category": "odd_jobs",
            "required_skills": ["carpentry"], "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=3)).isoformat(), "capacity": 2, **changes}


def test_a_resident_proposes_and_staff_hear_of_it(client, cli, db_session):
    staff = staff_member(client, cli)
    other_staff = staff_member(client, cli, "schiedam")
    proposer = register(client, roles=["resident"])
    body = propose(client, proposer)
    assert body["status"] == "received" and body["support_count"] == 0 and body["decline_reason"] is None
    assert body["neighbourhood"] == {"slug": "componistenbuurt", "name": "Componistenbuurt",
                                     "district": "Kapelpolder"}
    assert body["municipality"] == {"slug": "maassluis", "name": "Maassluis"}
    assert proposer.id not in str(body)
    told = {str(m.user_id) for m in db_session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.template == "initiative_received"))}
    assert told == {staff.id} and other_staff.id not in told
    assert client.get(f"/api/v1/initiatives/{body['id']}").get_json() == body


def test_the_place_comes_from_a_neighbourhood_or_the_profile(client):
    helper = volunteer(client, postcode="3147 AB")
    without = {k: v for k, v in BODY.items() if k != "postcode"}
    r = client.post("/api/v1/initiatives", json=without, token=helper.token)
    assert r.status_code == 201 and r.get_json()["neighbourhood"]["slug"] == "vertobuurt"
    r = client.post("/api/v1/initiatives", json={**without, "neighbourhood": "bomendal"}, token=helper.token)
    assert r.get_json()["neighbourhood"]["slug"] == "bomendal"
    stranger = register(client)
    r = client.post("/api/v1/initiatives", json={**without, "neighbourhood": "centrum", "municipality": "schiedam"},
                    token=stranger.token)
    assert r.status_code == 201 and r.get_json()["municipality"]["slug"] == "schiedam"


@pytest.mark.parametrize("changes,with_profile,field,message", [
    ({"postcode": None}, False, "postcode",
     "Give a postcode or a neighbourhood (or create a volunteer profile first)."),
    ({"neighbourhood": "balkon"}, False, "neighbourhood", "Give a postcode or a neighbourhood, not both."),
    ({"postcode": None, "neighbourhood": "balkon"}, False, "municipality",
     "Name the municipality of this neighbourhood."),
    ({"postcode": None, "neighbourhood": "atlantis"}, True, "neighbourhood", "Unknown neighbourhood: atlantis."),
    ({"postcode": None, "neighbourhood": "balkon", "municipality": "gotham"}, False, "municipality",
     "Unknown municipality: gotham."),
    ({"postcode": "9999 ZZ"}, False, "postcode", "DoeMee is not (yet) available for postcode 9999 ZZ."),
    ({"title": ""}, False, "title", "Length must be between 1 and 120."),
    ({"budget": 500}, False, "budget", "Unknown field."),
])
def test_bad_proposals_are_refused_precisely(client, changes, with_profile, field, message):
    person = volunteer(client) if with_profile else register(client)
    body = {k: v for k, v in {**BODY, **changes}.items() if v is not None}
    r = client.post("/api/v1/initiatives", json=body, token=person.token, headers={"Accept-Language": "en"})
    assert r.status_code == 400
    assert r.get_json()["errors"] == {field: [message]}
    assert client.post("/api/v1/initiatives", json=BODY).status_code == 401


def test_support_once_and_withdraw(client):
    initiative = propose(client, register(client))
    fan, other = register(client), register(client)
    path = f"/api/v1/initiatives/{initiative['id']}/support"
    r = client.post(path, token=fan.token)
    assert r.status_code == 201 and r.get_json()["support_count"] == 1
    assert client.post(path, token=fan.token).status_code == 409
    assert client.post(path, token=other.token).get_json()["support_count"] == 2
    assert client.delete(path, token=fan.token).status_code == 204
    assert client.delete(path, token=fan.token).status_code == 404
    assert client.get(f"/api/v1/initiatives/{initiative['id']}").get_json()["support_count"] == 1
    assert client.post(path).status_code == 401


def test_the_public_list_filters_and_counts(client, cli):
    proposer = register(client)
    first = propose(client, proposer)
    second = propose(client, proposer, postcode="3131 AB")  # Vlaardingen
    client.post(f"/api/v1/initiatives/{second['id']}/support", token=register(client).token)
    decide(client, staff_member(client, cli, "vlaardingen"), second["id"], "in_discussion")
    everything = client.get("/api/v1/initiatives").get_json()["items"]
    assert [i["id"] for i in everything] == [first["id"], second["id"]]
    assert [i["support_count"] for i in everything] == [0, 1]
    assert [i["id"] for i in client.get("/api/v1/initiatives?municipality=vlaardingen").get_json()["items"]] == [
        second["id"]]
    assert [i["id"] for i in client.get(
        "/api/v1/initiatives?municipality=maassluis&neighbourhood=componistenbuurt").get_json()["items"]] == [
        first["id"]]
    assert [i["id"] for i in client.get("/api/v1/initiatives?status=in_discussion").get_json()["items"]] == [
        second["id"]]
    page1 = client.get("/api/v1/initiatives?limit=1").get_json()
    page2 = client.get(f"/api/v1/initiatives?limit=1&cursor={page1['next_cursor']}").get_json()
    assert [page1["items"][0]["id"], page2["items"][0]["id"]] == [first["id"], second["id"]]
    r = client.get("/api/v1/initiatives?status=maybe", headers={"Accept-Language": "en"})
    assert r.status_code == 400 and "status" in r.get_json()["errors"]


def test_staff_of_the_municipality_decide_and_the_proposer_is_told(client, cli, db_session):
    proposer = register(client, roles=["resident"])
    initiative = propose(client, proposer)
    path = f"/api/v1/initiatives/{initiative['id']}"
    assert decide(client, staff_member(client, cli, "schiedam"), initiative["id"], "supported").status_code == 403
    assert decide(client, volunteer(client), initiative["id"], "supported").status_code == 403
    staff = staff_member(client, cli)

    r = decide(client, staff, initiative["id"], "declined")
    assert r.status_code == 400 and r.get_json()["errors"] == {"reason": ["Give the reason for declining."]}
    r = decide(client, staff, initiative["id"], "in_discussion", reason="mooi plan")
    assert r.status_code == 400 and r.get_json()["errors"] == {"reason": ["A reason is given only when declining."]}
    r = decide(client, staff, initiative["id"], "declined", reason="Het veld wordt bebouwd.")
    assert r.status_code == 200
    assert r.get_json()["status"] == "declined" and r.get_json()["decline_reason"] == "Het veld wordt bebouwd."
    assert client.post(f"{path}/support", token=register(client).token).status_code == 409
    r = decide(client, staff, initiative["id"], "supported")
    assert r.status_code == 409
    assert r.get_json()["detail"] == "An initiative that is declined cannot become supported."
    assert decide(client, staff, initiative["id"], "in_discussion").get_json()["decline_reason"] is None
    assert decide(client, staff, initiative["id"], "supported").status_code == 200
    assert decide(client, staff, initiative["id"], "declined", reason="toch niet").status_code == 409

    told = [m for m in db_session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.template == "initiative_status_changed").order_by(OutboxMessage.created_at))]
    assert [(str(m.user_id), m.payload["status"]) for m in told] == [
        (proposer.id, "declined"), (proposer.id, "in_discussion"), (proposer.id, "supported")]


def test_tasks_only_once_supported_and_volunteers_sign_up_for_their_shift(client, cli, db_session):
    proposer = register(client, roles=["resident"])
    initiative = propose(client, proposer)
    path = f"/api/v1/initiatives/{initiative['id']}/tasks"
    r = client.post(path, json=task_body(), token=proposer.token, headers={"Accept-Language": "en"})
    assert r.status_code == 409
    assert r.get_json()["detail"] == "Tasks can be posted once the municipality supports the initiative."
    staff = staff_member(client, cli)
    decide(client, staff, initiative["id"], "supported")

    outsider = volunteer(client)
    assert client.post(path, json=task_body(), token=outsider.token).status_code == 403
    assert client.post(path, json=task_body(), token=staff_member(client, cli, "schiedam").token).status_code == 403
    r = client.post(path, json=task_body(), token=proposer.token)
    assert r.status_code == 201, r.get_json()
    task = r.get_json()
    assert task["status"] == "published" and task["shift"]["capacity"] == 2
    assert task["shift"]["accepted_count"] == 0
    opportunity = db_session.get(Opportunity, uuid.UUID(task["id"]))
    assert opportunity.kind == "initiative_task" and str(opportunity.initiative_id) == initiative["id"]
    by_staff = client.post(path, json=task_body(title="Water geven"), token=staff.token)
    assert by_staff.status_code == 201

    signup = client.post(f"/api/v1/shifts/{task['shift']['id']}/signups", token=outsider.token)
    assert signup.status_code == 201, signup.get_json()
    tasks = client.get(path).get_json()["items"]
    assert [t["title"] for t in tasks] == ["Bakken timmeren", "Water geven"]
    assert tasks[0]["shift"]["accepted_count"] == 1


@pytest.mark.parametrize("changes,errors", [
    ({"ends_at": "SAME"}, {"ends_at": ["The end must be after the start."]}),
    ({"starts_at": "2020-05-01T10:00:00+02:00", "ends_at": "2020-05-01T12:00:00+02:00"},
     {"starts_at": ["A shift cannot start in the past."]}),
    ({"required_skills": ["carpentry", "levitation"]}, {"required_skills.1": ["Unknown skill: levitation."]}),
    ({"capacity": 0}, {"capacity": ["Must be greater than or equal to 1 and less than or equal to 500."]}),
    ({"category": "Odd Jobs"}, {"category": ["Use a category code."]}),
    ({"starts_at": "2030-05-01T10:00:00"}, {"starts_at": ["Not a valid aware datetime."]}),
])
def test_bad_tasks_are_refused_precisely(client, cli, changes, errors):
    proposer = register(client)
    initiative = propose(client, proposer)
    decide(client, staff_member(client, cli), initiative["id"], "supported")
    body = task_body(**changes)
    if changes.get("ends_at") == "SAME":
        body["ends_at"] = body["starts_at"]
    r = client.post(f"/api/v1/initiatives/{initiative['id']}/tasks", json=body, token=proposer.token,
                    headers={"Accept-Language": "en"})
    assert r.status_code == 400
    assert r.get_json()["errors"] == errors


def test_unknown_initiative_is_404(client):
    assert client.get("/api/v1/initiatives/00000000-0000-0000-0000-000000000000").status_code == 404


def test_export_and_erasure_of_a_proposer(client, cli, db_session):
    proposer = register(client, display_name="Initiatiefnemer Fien")
    initiative = propose(client, proposer)
    fan = register(client)
    client.post(f"/api/v1/initiatives/{initiative['id']}/support", token=fan.token)
    exported = client.get("/api/v1/me/export", token=proposer.token).get_json()["initiatives"]
    assert [i["id"] for i in exported["proposed"]] == [initiative["id"]]
    assert client.get("/api/v1/me/export", token=fan.token).get_json()["initiatives"]["supported"][0][
        "initiative_id"] == initiative["id"]
    for person in (proposer, fan):
        assert client.delete("/api/v1/me", json={"password": PASSWORD}, token=person.token).status_code == 204
    # the initiative stays (it belongs to the neighbourhood), without its proposer and the withdrawn support
    after = client.get(f"/api/v1/initiatives/{initiative['id']}").get_json()
    assert after["support_count"] == 0
    everything = _everything(db_session)
    assert proposer.id not in everything and fan.id not in everything
