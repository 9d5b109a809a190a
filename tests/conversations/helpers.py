"""People and subjects for the conversation tests: an organisation with two coordinators, a vacancy with a shift,
volunteers on and off it, and a help request whose offer was accepted."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

import sqlalchemy as sa

from backend.notifications.models import OutboxMessage
from tests import factories
from tests.help.test_help_requests import post, resident
from tests.support import Person, login, make_role, register, volunteer


@dataclass
class Scene:
    coordinator: Person
    co_coordinator: Person
    asker: Person  # a volunteer who asks about the vacancy, not signed up
    on_shift: Person  # a volunteer with a place on the shift
    org_id: str
    opportunity_id: str
    shift_id: str


def scene(client, cli, db_session) -> Scene:
    coordinator = register(client, display_name="Carla Coördinator")
    co_coordinator = register(client, display_name="Cor Collega")
    for person in (coordinator, co_coordinator):
        make_role(cli, person, "coordinator")
    org = factories.organisation(db_session, coordinator_id=coordinator.id)
    _member(db_session, org, co_coordinator.id)
    opp = factories.opportunity(db_session, org, title="Koffie schenken")
    shift = factories.shift(db_session, opp)
    asker = volunteer(client)
    on_shift = volunteer(client)
    factories.engagement(db_session, volunteer_id=on_shift.id, opp=opp, shift=shift, status="accepted")
    # Requests share this session: a refused request's rollback would take the unsaved rows with it. A commit here
    # releases the test's savepoint only; the test's transaction still rolls everything back at its end.
    db_session.commit()
    return Scene(coordinator, co_coordinator, asker, on_shift, str(org.id), str(opp.id), str(shift.id))


def _member(db_session, org, user_id) -> None:
    from backend.models_base import utcnow
    from backend.organisations.models import OrganisationMember

    db_session.add(OrganisationMember(organisation_id=org.id, user_id=uuid.UUID(str(user_id)), status="active",
                                      accepted_at=utcnow()))
    db_session.flush()


def outsiders(client, cli, db_session) -> dict:
    """Everyone who must not read a thread they are not part of, of this municipality and another."""
    people = {"anonymous": None, "another volunteer": volunteer(client)}
    for name, role, municipality in (("coordinator of another organisation", "coordinator", None),
                                     ("coordinator of an organisation in Vlaardingen", "coordinator", None),
                                     ("municipality staff", "municipality_staff", "maassluis"),
                                     ("staff of Vlaardingen", "municipality_staff", "vlaardingen"),
                                     ("admin", "admin", None)):
        people[name] = register(client)
        make_role(cli, people[name], role, municipality)
    factories.organisation(db_session, coordinator_id=people["coordinator of another organisation"].id,
                           name="Voedselbank")
    factories.organisation(db_session, coordinator_id=people["coordinator of an organisation in Vlaardingen"].id,
                           name="Buurtwerk Vlaardingen", municipality_slug="vlaardingen")
    db_session.commit()  # the test's savepoint (see scene)
    return people


def ask(client, person, opportunity_id, body="Is er parkeerplek bij het buurthuis?"):
    r = client.post(f"/api/v1/conversations/vacancies/{opportunity_id}/messages", json={"body": body},
                    token=person.token)
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def say(client, person, thread_id, body="Ja, achter het gebouw.", status=201):
    r = client.post(f"/api/v1/conversations/{thread_id}/messages", json={"body": body}, token=person.token)
    assert r.status_code == status, r.get_json()
    return r.get_json()


def unread(client, person) -> int:
    r = client.get("/api/v1/conversations/unread", token=person.token)
    assert r.status_code == 200
    return r.get_json()["unread"]


def accepted_help(client, db_session):
    """A resident's request with an accepted offer: (resident, helper, the other volunteer who offered, request id)."""
    neighbour = resident(client, name="Ria Bewoner")
    helper, other = volunteer(client), volunteer(client)
    request_id = post(client, neighbour)["id"]
    offer = client.post(f"/api/v1/help-requests/{request_id}/offers", token=helper.token).get_json()["id"]
    assert client.post(f"/api/v1/help-requests/{request_id}/offers", token=other.token).status_code == 201
    r = client.post(f"/api/v1/help-requests/{request_id}/offers/{offer}/accept", token=neighbour.token)
    assert r.status_code == 200, r.get_json()
    return neighbour, helper, other, request_id


def logged_in_again(client, *people) -> None:
    """New access tokens (they last minutes) after the test moved the clock on."""
    for person in people:
        person.access_token = login(client, person.email)["access_token"]


def notices(db_session, person=None) -> list:
    stmt = sa.select(OutboxMessage).where(OutboxMessage.template == "conversation_message") \
        .order_by(OutboxMessage.created_at).execution_options(populate_existing=True)
    if person is not None:
        stmt = stmt.where(OutboxMessage.user_id == uuid.UUID(person.id))
    return list(db_session.scalars(stmt))
