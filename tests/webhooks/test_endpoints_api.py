"""Registering webhook endpoints: who may (for which organisation or municipality), which addresses are refused,
and the secret shown once."""
import uuid

import pytest
import sqlalchemy as sa

from backend.webhooks.models import WebhookEndpoint
from tests import factories
from tests.engagements.factories import coordinated_shift
from tests.support import make_role, register
from tests.webhooks.helpers import ALL_EVENTS, receiver_url, register_endpoint

EN = {"Accept-Language": "en"}


def _count(db_session) -> int:
    return db_session.scalar(sa.select(sa.func.count()).select_from(WebhookEndpoint))


def _staff(client, cli, municipality: str):
    person = register(client, display_name="Sanne")
    make_role(cli, person, "municipality_staff", municipality)
    return person


def test_coordinator_registers_for_their_organisation_only(client, db_session, receiver):
    mine = coordinated_shift(client, db_session)
    other = coordinated_shift(client, db_session, title="Tuinieren")
    endpoint = register_endpoint(client, mine.coordinator, receiver, organisation_id=mine.organisation.id)
    assert endpoint["secret"].startswith("whsec_") and endpoint["organisation_id"] == str(mine.organisation.id)

    # the secret is shown once: reading the endpoint (or the list) does not show it
    listed = client.get(f"/api/v1/organisations/{mine.organisation.id}/webhook-endpoints", token=mine.coordinator.token)
    assert [e["id"] for e in listed.get_json()["items"]] == [endpoint["id"]]
    assert "secret" not in listed.get_json()["items"][0]
    assert "secret" not in client.get(f"/api/v1/webhook-endpoints/{endpoint['id']}",
                                      token=mine.coordinator.token).get_json()

    # another organisation's coordinator: not for this organisation, and cannot see or touch its endpoint
    before = _count(db_session)
    refused = client.post(f"/api/v1/organisations/{mine.organisation.id}/webhook-endpoints",
                          token=other.coordinator.token,
                          json={"url": receiver_url(receiver), "event_types": ALL_EVENTS})
    assert refused.status_code == 403
    assert client.get(f"/api/v1/organisations/{mine.organisation.id}/webhook-endpoints",
                      token=other.coordinator.token).status_code == 403
    for method, path in (("get", ""), ("patch", ""), ("delete", ""), ("post", "/secret-rotations"),
                         ("get", "/deliveries")):
        kwargs = {"json": {"enabled": False}} if method == "patch" else {}
        r = getattr(client, method)(f"/api/v1/webhook-endpoints/{endpoint['id']}{path}",
                                    token=other.coordinator.token, **kwargs)
        assert r.status_code == 404, (method, path)
    assert _count(db_session) == before
    assert client.delete(f"/api/v1/webhook-endpoints/{endpoint['id']}",
                         token=mine.coordinator.token).status_code == 204
    assert _count(db_session) == before - 1


def test_staff_register_for_their_own_municipality_only(client, cli, db_session, receiver):
    maassluis, vlaardingen = _staff(client, cli, "maassluis"), _staff(client, cli, "vlaardingen")
    endpoint = register_endpoint(client, maassluis, receiver, municipality="maassluis")
    assert endpoint["municipality_id"] == str(factories.municipality(db_session).id)

    before = _count(db_session)
    r = client.post("/api/v1/municipalities/maassluis/webhook-endpoints", token=vlaardingen.token,
                    json={"url": receiver_url(receiver), "event_types": ["gift_claim.created"]})
    assert r.status_code == 403
    assert client.get("/api/v1/municipalities/maassluis/webhook-endpoints", token=vlaardingen.token).status_code == 403
    assert client.get(f"/api/v1/webhook-endpoints/{endpoint['id']}", token=vlaardingen.token).status_code == 404
    # a volunteer is no staff at all
    assert client.post("/api/v1/municipalities/maassluis/webhook-endpoints", token=register(client).token,
                       json={"url": receiver_url(receiver), "event_types": ALL_EVENTS}).status_code == 403
    assert _count(db_session) == before


@pytest.mark.parametrize("url, message", [
    ("https://10.0.0.7/hook", "This address points into a private network; use a public one."),
    ("https://192.168.1.1/hook", "This address points into a private network; use a public one."),
    ("https://169.254.169.254/latest/meta-data", "This address points into a private network; use a public one."),
    ("https://127.0.0.1/hook", "This address points into a private network; use a public one."),
    ("https://localhost/hook", "This address points into a private network; use a public one."),
    ("https://[::1]/hook", "This address points into a private network; use a public one."),
    ("https://[::ffff:10.0.0.1]/hook", "This address points into a private network; use a public one."),
    ("https://[fe80::1]/hook", "This address points into a private network; use a public one."),
    ("http://127.0.0.1:8080/hook", "The address must start with https://."),
    ("http://93.184.215.14/hook", "The address must start with https://."),
    ("ftp://93.184.215.14/hook", "This is not a web address."),
    ("https://user:pw@93.184.215.14/hook", "This is not a web address."),
])
def test_private_and_plain_http_addresses_are_refused(client, db_session, url, message):
    """Without WEBHOOK_ALLOW_LOOPBACK (production), 127.0.0.1 is refused like every private address."""
    setting = coordinated_shift(client, db_session)
    before = _count(db_session)
    r = client.post(f"/api/v1/organisations/{setting.organisation.id}/webhook-endpoints", headers=EN,
                    token=setting.coordinator.token, json={"url": url, "event_types": ["engagement.signed_up"]})
    assert r.status_code == 400
    assert r.get_json()["errors"] == {"url": [message]}
    assert _count(db_session) == before


def test_changing_the_address_to_a_private_one_is_refused(client, db_session, receiver):
    setting = coordinated_shift(client, db_session)
    endpoint = register_endpoint(client, setting.coordinator, receiver, organisation_id=setting.organisation.id)
    r = client.patch(f"/api/v1/webhook-endpoints/{endpoint['id']}", token=setting.coordinator.token,
                     json={"url": "https://10.1.2.3/x"})
    assert r.status_code == 400 and "url" in r.get_json()["errors"]
    db_session.expire_all()
    assert db_session.get(WebhookEndpoint, uuid.UUID(endpoint["id"])).url == receiver_url(receiver)


def test_unknown_event_types_are_refused(client, db_session, receiver):
    setting = coordinated_shift(client, db_session)
    r = client.post(f"/api/v1/organisations/{setting.organisation.id}/webhook-endpoints",
                    token=setting.coordinator.token,
                    json={"url": receiver_url(receiver), "event_types": ["volunteer.address_changed"]})
    assert r.status_code == 400 and list(r.get_json()["errors"]) == ["event_types.0"]


def test_the_openapi_document_lists_the_webhook_operations(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"/organisations/{organisation_id}/webhook-endpoints", "/municipalities/{slug}/webhook-endpoints",
            "/webhook-endpoints/{endpoint_id}", "/webhook-endpoints/{endpoint_id}/secret-rotations",
            "/webhook-endpoints/{endpoint_id}/deliveries"} <= set(paths)
