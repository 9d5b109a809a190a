"""Organisations: registration, verification by their municipality's staff, and coordinators."""
import sqlalchemy as sa

from backend.audit.models import AuditEvent
from backend.notifications.models import OutboxMessage
from backend.organisations.models import OrganisationMember
from tests.opportunities.helpers import API, organisation, staff_of
from tests.support import register, volunteer


def test_register_an_organisation_and_become_its_coordinator(client):
    anna = register(client)
    r = client.post(f"{API}/organisations", token=anna.token,
                    json={"name": "Voedselbank Maassluis", "description": "Pakketten voor wie het nodig heeft",
                          "website": "https://voedselbank.example.org", "municipality": "maassluis"})
    assert r.status_code == 201
    body = r.get_json()
    assert body["name"] == "Voedselbank Maassluis" and body["verified"] is False and body["verified_at"] is None
    assert "coordinator" in {g["role"] for g in client.get(f"{API}/me", token=anna.token).get_json()["roles"]}
    coordinators = client.get(f"{API}/organisations/{body['id']}/coordinators", token=anna.token).get_json()
    assert [(c["user_id"], c["status"]) for c in coordinators["items"]] == [(anna.id, "active")]
    public = client.get(f"{API}/organisations/{body['id']}").get_json()
    assert public["name"] == "Voedselbank Maassluis" and public["verified"] is False


def test_bad_organisation_input_is_explained(client):
    anna = register(client)
    r = client.post(f"{API}/organisations", token=anna.token, headers={"Accept-Language": "en"},
                    json={"name": "", "municipality": "atlantis", "website": "geen-url"})
    assert r.status_code == 400
    assert set(r.get_json()["errors"]) == {"name"}
    r = client.post(f"{API}/organisations", token=anna.token, headers={"Accept-Language": "en"},
                    json={"name": "Club", "municipality": "atlantis", "website": "geen-url"})
    assert r.status_code == 400
    assert r.get_json()["errors"] == {"municipality": ["DoeMee does not serve a municipality called atlantis."],
                                      "website": ["A web address starts with https://."]}
    assert client.post(f"{API}/organisations", json={"name": "Club", "municipality": "maassluis"}).status_code == 401
    assert client.get(f"{API}/organisations/00000000-0000-0000-0000-000000000000").status_code == 404


def test_only_staff_of_its_own_municipality_verify(client, cli, db_session):
    coordinator, org_id = organisation(client, cli, verified=False)
    schiedam_staff = staff_of(client, cli, "schiedam")
    path = f"{API}/organisations/{org_id}/verification"
    assert client.put(path, token=coordinator.token).status_code == 403
    assert client.put(path, token=schiedam_staff.token).status_code == 403
    assert client.put(path).status_code == 401
    staff = staff_of(client, cli, "maassluis")
    r = client.put(path, token=staff.token)
    assert r.status_code == 200 and r.get_json()["verified"] is True and r.get_json()["verified_at"]
    event = db_session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "organisation.verified"))
    assert str(event.object_id) == org_id and str(event.actor_id) == staff.id
    assert client.delete(path, token=schiedam_staff.token).status_code == 403
    r = client.delete(path, token=staff.token)
    assert r.status_code == 200 and r.get_json()["verified"] is False
    assert "organisation.verification_revoked" in db_session.scalars(sa.select(AuditEvent.action)).all()


def test_list_filters_by_municipality_and_verification_without_duplicates(client, cli):
    staff = staff_of(client, cli)
    made = set()
    for i in range(5):
        _, org_id = organisation(client, cli, name=f"Vereniging {i}", verified=i % 2 == 0, staff=staff)
        made.add(org_id)
    _, elsewhere = organisation(client, cli, name="Vlaardingse club", municipality="vlaardingen", verified=False)
    seen, cursor = [], None
    while True:
        query = f"{API}/organisations?municipality=maassluis&limit=2" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(query).get_json()
        seen += [o["id"] for o in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) and made <= set(seen) and elsewhere not in seen
    verified = client.get(f"{API}/organisations?municipality=maassluis&verified=true&limit=100").get_json()["items"]
    assert {o["name"] for o in verified} >= {"Vereniging 0", "Vereniging 2", "Vereniging 4"}
    assert all(o["verified"] for o in verified)
    unverified = client.get(f"{API}/organisations?verified=false&limit=100").get_json()["items"]
    assert "Vlaardingse club" in {o["name"] for o in unverified} and not any(o["verified"] for o in unverified)


def test_invite_a_co_coordinator_who_accepts(client, cli, db_session):
    coordinator, org_id = organisation(client, cli)
    bert = register(client, locale="en")
    r = client.post(f"{API}/organisations/{org_id}/coordinators", token=coordinator.token,
                    json={"email": bert.email.upper()})
    assert r.status_code == 202
    message = db_session.scalar(sa.select(OutboxMessage).where(OutboxMessage.template == "coordinator_invited"))
    assert str(message.user_id) == bert.id and message.locale == "en"
    assert message.payload["organisation_id"] == org_id
    # Not a coordinator until accepted.
    assert client.get(f"{API}/organisations/{org_id}/coordinators", token=bert.token).status_code == 403
    r = client.post(f"{API}/organisations/{org_id}/coordinators/me/accept", token=bert.token)
    assert r.status_code == 200 and r.get_json()["status"] == "active"
    listed = client.get(f"{API}/organisations/{org_id}/coordinators", token=bert.token).get_json()["items"]
    assert {(c["user_id"], c["status"]) for c in listed} == {(coordinator.id, "active"), (bert.id, "active")}
    # Accepting twice: there is no open invitation any more.
    assert client.post(f"{API}/organisations/{org_id}/coordinators/me/accept", token=bert.token).status_code == 404


def test_inviting_an_unknown_address_looks_the_same_and_writes_nothing(client, cli, db_session):
    coordinator, org_id = organisation(client, cli)
    before = db_session.scalar(sa.select(sa.func.count()).select_from(OrganisationMember))
    r = client.post(f"{API}/organisations/{org_id}/coordinators", token=coordinator.token,
                    json={"email": "niemand@example.org"})
    assert r.status_code == 202 and r.get_json() == {"email": "niemand@example.org"}
    assert db_session.scalar(sa.select(sa.func.count()).select_from(OrganisationMember)) == before
    assert db_session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(
        OutboxMessage.template == "coordinator_invited")) == 0
    r = client.post(f"{API}/organisations/{org_id}/coordinators", token=coordinator.token,
                    json={"email": "geen-adres"})
    assert r.status_code == 400 and "email" in r.get_json()["errors"]


def test_only_its_coordinators_manage_coordinators(client, cli):
    coordinator, org_id = organisation(client, cli)
    other_coordinator, _ = organisation(client, cli, name="Andere club")
    anna = volunteer(client)
    path = f"{API}/organisations/{org_id}/coordinators"
    assert client.post(path, token=other_coordinator.token, json={"email": anna.email}).status_code == 403
    assert client.post(path, token=anna.token, json={"email": anna.email}).status_code == 403
    assert client.post(path, json={"email": anna.email}).status_code == 401
    assert client.delete(f"{path}/{coordinator.id}", token=other_coordinator.token).status_code == 403
    # An invitation for someone else cannot be accepted by a stranger.
    assert client.post(f"{path}/me/accept", token=anna.token).status_code == 404


def test_the_last_active_coordinator_cannot_be_removed(client, cli):
    coordinator, org_id = organisation(client, cli)
    path = f"{API}/organisations/{org_id}/coordinators"
    r = client.delete(f"{path}/{coordinator.id}", token=coordinator.token, headers={"Accept-Language": "en"})
    assert r.status_code == 409
    assert "last active coordinator" in r.get_json()["detail"]
    bert = register(client)
    client.post(path, token=coordinator.token, json={"email": bert.email})
    # An invited one does not count as active yet.
    assert client.delete(f"{path}/{coordinator.id}", token=coordinator.token).status_code == 409
    client.post(f"{path}/me/accept", token=bert.token)
    assert client.delete(f"{path}/{coordinator.id}", token=bert.token).status_code == 204
    assert client.get(path, token=coordinator.token).status_code == 403
    assert client.delete(f"{path}/{coordinator.id}", token=bert.token).status_code == 404


def test_withdraw_an_invitation(client, cli):
    coordinator, org_id = organisation(client, cli)
    bert = register(client)
    path = f"{API}/organisations/{org_id}/coordinators"
    client.post(path, token=coordinator.token, json={"email": bert.email})
    assert client.delete(f"{path}/{bert.id}", token=coordinator.token).status_code == 204
    assert client.post(f"{path}/me/accept", token=bert.token).status_code == 404


def test_memberships_are_in_the_export(client, cli):
    coordinator, org_id = organisation(client, cli, name="Export club")
    export = client.get(f"{API}/me/export", token=coordinator.token).get_json()
    assert [(m["organisation_id"], m["organisation"], m["status"]) for m in export["coordinator_of"]] == [
        (org_id, "Export club", "active")]
