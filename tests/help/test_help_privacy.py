"""The address of a request for help (and the phone number, if shared) reaches exactly one volunteer: the accepted
one, and only after the accept.

Every role is walked against someone else's request on every route that shows a request; the response text is
searched for the address.
"""
import uuid

import pytest
import sqlalchemy as sa

from backend.audit.models import AuditEvent
from tests.help.test_help_requests import STREET, consent, intermediary, post, resident
from tests.support import make_role, register, volunteer

SECRETS = (STREET, "bel twee keer", "3144 BA", "612345678")  # the last: the neighbour's phone number


def _walk(client, token, request_id) -> dict:
    """Status per route, after checking that no response carries the address."""
    statuses = {}
    for route in ("/api/v1/help-requests", f"/api/v1/help-requests/{request_id}",
                  f"/api/v1/help-requests/{request_id}/offers", f"/api/v1/help-requests/{request_id}/address"):
        r = client.get(route, token=token)
        text = r.get_data(as_text=True)
        for secret in SECRETS:
            assert secret not in text, (route, secret)
        statuses[route.rsplit("/", 1)[-1] if route.count("/") > 3 else "list"] = r.status_code
    return statuses


@pytest.fixture
def cast(client, cli):
    """Everyone who is not the owner, plus an owner's request with offers."""
    people = {"anonymous": None}
    people["another volunteer"] = volunteer(client)
    people["volunteer to be accepted"] = volunteer(client)
    people["volunteer to be closed"] = volunteer(client)
    people["another resident"] = resident(client, name="Andere Bewoner")
    people["another intermediary"] = intermediary(client, cli)
    people["intermediary of another municipality"] = intermediary(client, cli, "vlaardingen")
    staff = register(client)
    make_role(cli, staff, "municipality_staff", "maassluis")
    people["municipality staff"] = staff
    coordinator = register(client)
    make_role(cli, coordinator, "coordinator")
    people["coordinator"] = coordinator
    admin = register(client)
    make_role(cli, admin, "admin")
    people["admin"] = admin
    return people


@pytest.mark.parametrize("posted_by", ["resident", "intermediary"])
def test_no_one_but_the_accepted_volunteer_sees_the_address(client, cli, db_session, cast, posted_by):
    owner = resident(client) if posted_by == "resident" else intermediary(client, cli)
    extra = {} if posted_by == "resident" else {"resident_first_name": "Truus", "consent": consent(client)}
    request_id = post(client, owner, phone="06-12345678", **extra)["id"]
    offers = {name: client.post(f"/api/v1/help-requests/{request_id}/offers", token=cast[name].token).get_json()["id"]
              for name in ("volunteer to be accepted", "volunteer to be closed")}

    # before the accept: nobody, not even the volunteer about to be chosen
    for name, person in cast.items():
        statuses = _walk(client, person.token if person else None, request_id)
        assert statuses["address"] in (401, 404), (name, statuses)

    r = client.post(f"/api/v1/help-requests/{request_id}/offers/{offers['volunteer to be accepted']}/accept",
                    token=owner.token)
    assert r.status_code == 200

    # after: still nobody else, the closed volunteer included
    for name, person in cast.items():
        if name == "volunteer to be accepted":
            continue
        statuses = _walk(client, person.token if person else None, request_id)
        assert statuses["address"] in (401, 404), (name, statuses)
        assert statuses["offers"] in (401, 403, 404), (name, statuses)

    # the accepted volunteer: the address, and every look is audited
    chosen = cast["volunteer to be accepted"]
    for _ in range(2):
        r = client.get(f"/api/v1/help-requests/{request_id}/address", token=chosen.token)
        assert r.status_code == 200
        assert r.get_json() == {"street": STREET, "house_number": "17b", "postcode": "3144 BA",
                                "notes": "bel twee keer", "phone": "+31612345678"}
    reveals = list(db_session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "help_request.address_revealed")))
    assert [(str(e.actor_id), e.object_type, str(e.object_id)) for e in reveals] == [
        (chosen.id, "help_request", request_id)] * 2
    # the owner sees their own address (not an audited reveal)
    assert client.get(f"/api/v1/help-requests/{request_id}/address", token=owner.token).status_code == 200
    assert len(list(db_session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "help_request.address_revealed")))) == 2


def test_an_unknown_request_and_a_hidden_address_look_the_same(client):
    request_id = post(client, resident(client))["id"]
    stranger = volunteer(client)
    hidden = client.get(f"/api/v1/help-requests/{request_id}/address", token=stranger.token)
    missing = client.get(f"/api/v1/help-requests/{uuid.uuid4()}/address", token=stranger.token)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.get_json() == missing.get_json()


def test_the_requesters_name_never_reaches_volunteers(client):
    asker = resident(client, name="Hendrika Geheimnaam")
    request_id = post(client, asker)["id"]
    helper = volunteer(client)
    offer = client.post(f"/api/v1/help-requests/{request_id}/offers", token=helper.token).get_json()["id"]
    client.post(f"/api/v1/help-requests/{request_id}/offers/{offer}/accept", token=asker.token)
    for route in ("/api/v1/help-requests", f"/api/v1/help-requests/{request_id}",
                  f"/api/v1/help-requests/{request_id}/address"):
        text = client.get(route, token=helper.token).get_data(as_text=True)
        assert "Hendrika" not in text and asker.id not in text and asker.email not in text
