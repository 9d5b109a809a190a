"""A webhook goes to exactly the address that was checked (DNS rebinding): the name is resolved once per attempt,
and the connection is made to that address with the name as the HTTP Host. A name that resolves to 127.0.0.1 is
refused unless WEBHOOK_ALLOW_LOOPBACK allows it."""
from __future__ import annotations

import socket
import uuid

import pytest

from tests.engagements.factories import coordinated_shift
from tests.support import volunteer
from tests.webhooks.conftest import HOOK_PATH
from tests.webhooks.helpers import deliver, deliveries, received

NAME = "hooks.rebind.test"


@pytest.fixture
def rebinding_dns(monkeypatch):
    """A name server for NAME that answers 127.0.0.1 for the first ``honest`` lookups and a private address after
    (what an attacker's DNS does between the check and the connection); other names resolve as usual."""
    real = socket.getaddrinfo
    lookups = []

    def getaddrinfo(host, port, *args, **kwargs):
        if host != NAME:
            return real(host, port, *args, **kwargs)
        lookups.append(host)
        address = "127.0.0.1" if len(lookups) <= rebinding_dns.honest else "10.0.0.7"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    rebinding_dns.honest, rebinding_dns.lookups = 2, lookups
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return rebinding_dns


def _register(client, person, organisation_id, url):
    return client.post(f"/api/v1/organisations/{organisation_id}/webhook-endpoints", token=person.token,
                       json={"url": url, "event_types": ["engagement.signed_up"]})


def _sign_up(client, shift_id):
    person = volunteer(client)
    assert client.post(f"/api/v1/shifts/{shift_id}/signups", token=person.token).status_code == 201


def test_the_connection_goes_to_the_checked_address_not_to_a_second_lookup(
        client, app, db_session, receiver, pinned, rebinding_dns):
    setting = coordinated_shift(client, db_session, capacity=10)
    url = f"http://{NAME}:{receiver.port}{HOOK_PATH}"
    r = _register(client, setting.coordinator, setting.organisation.id, url)  # lookup 1: 127.0.0.1, allowed here
    assert r.status_code == 201, r.get_json()
    receiver.expect_request(HOOK_PATH, method="POST").respond_with_data("", status=204)
    _sign_up(client, setting.shift_id)
    assert deliver(app)["delivered"] == 1  # lookup 2: 127.0.0.1, checked; any lookup after it answers 10.0.0.7
    # one lookup for the attempt: the HTTP client connected to the checked address, and spoke to it by name
    assert len(rebinding_dns.lookups) == 2
    [(headers, _body)] = received(receiver)
    assert headers["Host"] == f"{NAME}:{receiver.port}"
    [delivery] = deliveries(db_session, uuid.UUID(r.get_json()["id"]))
    assert (delivery.status, delivery.last_status_code) == ("delivered", 204)


def test_a_name_that_turned_private_is_not_called(client, app, db_session, receiver, pinned, rebinding_dns):
    setting = coordinated_shift(client, db_session, capacity=10)
    rebinding_dns.honest = 1  # the registration sees 127.0.0.1; the attempt's own lookup already 10.0.0.7
    r = _register(client, setting.coordinator, setting.organisation.id, f"http://{NAME}:{receiver.port}{HOOK_PATH}")
    assert r.status_code == 201
    receiver.expect_request(HOOK_PATH, method="POST").respond_with_data("", status=204)
    _sign_up(client, setting.shift_id)
    deliver(app)
    assert received(receiver) == []
    [delivery] = deliveries(db_session, uuid.UUID(r.get_json()["id"]))
    assert (delivery.status, delivery.last_error) == ("pending", "refused: the address is not public")


def test_a_name_of_loopback_is_refused_when_the_setting_does_not_allow_it(
        client, app, db_session, receiver, pinned, rebinding_dns, settings):
    rebinding_dns.honest = 100  # always 127.0.0.1: only the setting decides
    setting = coordinated_shift(client, db_session, capacity=10)
    url = f"https://{NAME}:{receiver.port}{HOOK_PATH}"
    r = _register(client, setting.coordinator, setting.organisation.id, url)
    assert r.status_code == 201  # allowed while the setting allows loopback (tests, development)
    settings(WEBHOOK_ALLOW_LOOPBACK=False)  # as in production
    refused = _register(client, setting.coordinator, setting.organisation.id, url)
    assert refused.status_code == 400 and "url" in refused.get_json()["errors"]
    receiver.expect_request(HOOK_PATH, method="POST").respond_with_data("", status=204)
    _sign_up(client, setting.shift_id)
    deliver(app)
    assert received(receiver) == []
    [delivery] = deliveries(db_session, uuid.UUID(r.get_json()["id"]))
    assert delivery.last_error == "refused: the address is not public"
