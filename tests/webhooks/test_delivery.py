"""Webhooks reach a local receiver signed (verified with the standardwebhooks library), are retried after a failure,
and switch off after repeated failure with a notice; the body carries ids, never personal data."""
import uuid
from datetime import timedelta

import pytest
from werkzeug import Response

from backend.config import ConfigError, load_config

from backend.models_base import utcnow
from tests.engagements.factories import coordinated_shift, outbox
from tests.support import volunteer
from tests.webhooks.conftest import HOOK_PATH
from tests.notifications.helpers import relay
from tests.webhooks.helpers import (deliver, deliveries, endpoint_row, received, receiver_url, register_endpoint,
                                    verified)


def _sign_up(client, person, shift_id) -> dict:
    r = client.post(f"/api/v1/shifts/{shift_id}/signups", token=person.token)
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def test_sign_up_and_withdrawal_reach_the_receiver_signed_with_ids_only(client, app, db_session, receiver, pinned):
    setting = coordinated_shift(client, db_session)
    endpoint = register_endpoint(client, setting.coordinator, receiver, organisation_id=setting.organisation.id)
    receiver.expect_request(HOOK_PATH, method="POST").respond_with_data("", status=204)
    anna = volunteer(client)
    signed = _sign_up(client, anna, setting.shift_id)
    assert client.post(f"/api/v1/engagements/{signed['id']}/withdraw", token=anna.token).status_code == 200

    assert deliver(app)["delivered"] == 2
    bodies = [verified(endpoint["secret"], headers, body) for headers, body in received(receiver)]
    assert sorted(b["type"] for b in bodies) == ["engagement.signed_up", "engagement.withdrawn"]
    for (headers, text), body in zip(received(receiver), bodies):
        assert headers["Webhook-Id"].startswith("msg_") and headers["Webhook-Signature"].startswith("v1,")
        assert body["data"] | {"status": None} == {"engagement_id": signed["id"], "opportunity_id":
                                                   str(setting.opportunity.id), "shift_id": setting.shift_id,
                                                   "status": None}
        # no person in it: not the volunteer's id, name or e-mail address, nor the coordinator's
        for personal in (anna.id, anna.email, "Anna", setting.coordinator.email, "Carla"):
            assert personal not in text
    assert {b["data"]["status"] for b in bodies} == {"accepted", "withdrawn"}
    log = client.get(f"/api/v1/webhook-endpoints/{endpoint['id']}/deliveries", token=setting.coordinator.token)
    assert log.status_code == 200
    assert [(d["status"], d["attempts"], d["last_status_code"]) for d in log.get_json()["items"]] == \
        [("delivered", 1, 204)] * 2


def test_a_failed_delivery_is_retried_with_backoff_and_then_delivered(client, app, db_session, receiver, pinned):
    setting = coordinated_shift(client, db_session)
    endpoint = register_endpoint(client, setting.coordinator, receiver, organisation_id=setting.organisation.id,
                                 events=["engagement.signed_up"])
    receiver.expect_ordered_request(HOOK_PATH, method="POST").respond_with_data("down", status=503)
    receiver.expect_ordered_request(HOOK_PATH, method="POST").respond_with_data("ok", status=200)
    _sign_up(client, volunteer(client), setting.shift_id)

    assert deliver(app) == {"delivered": 0, "failed": 1, "claimed": 1}
    [row] = deliveries(db_session, uuid.UUID(endpoint["id"]))
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, "HTTP 503")
    assert row.next_attempt_at > utcnow()
    assert deliver(app)["claimed"] == 0  # not due yet: no second request
    pinned.move_to(row.next_attempt_at + timedelta(seconds=1), tick=False)
    assert deliver(app)["delivered"] == 1

    [row] = deliveries(db_session, uuid.UUID(endpoint["id"]))
    assert (row.status, row.attempts, row.last_status_code, row.last_error) == ("delivered", 2, 200, None)
    [(first_headers, first), (second_headers, second)] = received(receiver)
    assert first == second and first_headers["Webhook-Id"] == second_headers["Webhook-Id"]  # receivers dedupe
    verified(endpoint["secret"], second_headers, second)
    assert endpoint_row(db_session, row.endpoint_id).consecutive_failures == 0


def test_endpoint_is_switched_off_after_repeated_failure_and_its_coordinators_are_told(
        client, app, db_session, receiver, pinned, settings, mailbox):
    settings(WEBHOOK_DISABLE_AFTER=3)
    setting = coordinated_shift(client, db_session, capacity=10)
    endpoint = register_endpoint(client, setting.coordinator, receiver, organisation_id=setting.organisation.id,
                                 events=["engagement.signed_up"])
    receiver.expect_request(HOOK_PATH, method="POST").respond_with_response(Response("no", status=500))
    for _ in range(4):
        _sign_up(client, volunteer(client), setting.shift_id)

    deliver(app)  # three fail, and the endpoint is off before the fourth is tried
    row = endpoint_row(db_session, uuid.UUID(endpoint["id"]))
    assert (row.enabled, row.consecutive_failures) == (False, 3)
    assert len(receiver.log) == 3
    [notice] = outbox(db_session, "webhook_disabled", setting.coordinator.id)
    assert notice.payload["endpoint_id"] == endpoint["id"]
    relay(app)
    [mail] = mailbox.to(setting.coordinator.email)
    assert mail["Subject"] == "Webhook uitgezet"
    assert receiver_url(receiver) in mail.get_body(("plain",)).get_content()
    pinned.move_to(utcnow() + timedelta(minutes=10), tick=False)  # every retry is due by now
    assert deliver(app)["claimed"] == 0 and len(receiver.log) == 3  # off: nothing more is sent

    # switched on again by its coordinator: what waited goes out
    receiver.clear_all_handlers()
    receiver.expect_request(HOOK_PATH, method="POST").respond_with_data("", status=200)
    r = client.patch(f"/api/v1/webhook-endpoints/{endpoint['id']}", json={"enabled": True},
                     token=setting.coordinator.token)
    assert r.status_code == 200 and r.get_json()["enabled"] is True
    assert deliver(app)["delivered"] == 4


def test_rotated_secret_old_and_new_both_sign_during_the_overlap(client, app, db_session, receiver, pinned):
    setting = coordinated_shift(client, db_session, capacity=10)
    endpoint = register_endpoint(client, setting.coordinator, receiver, organisation_id=setting.organisation.id,
                                 events=["engagement.signed_up"])
    receiver.expect_request(HOOK_PATH, method="POST").respond_with_data("", status=200)
    r = client.post(f"/api/v1/webhook-endpoints/{endpoint['id']}/secret-rotations", token=setting.coordinator.token)
    assert r.status_code == 201
    new_secret = r.get_json()["secret"]
    assert new_secret != endpoint["secret"] and new_secret.startswith("whsec_")

    _sign_up(client, volunteer(client), setting.shift_id)
    deliver(app)
    [(headers, body)] = received(receiver)
    assert len(headers["Webhook-Signature"].split(" ")) == 2
    verified(endpoint["secret"], headers, body)
    verified(new_secret, headers, body)

    pinned.move_to(utcnow() + timedelta(hours=25), tick=False)  # the overlap (24 h) is over
    _sign_up(client, volunteer(client), setting.shift_id)
    deliver(app)
    headers, body = received(receiver)[1]
    assert len(headers["Webhook-Signature"].split(" ")) == 1
    verified(new_secret, headers, body)


def test_the_worker_job_sends_and_an_address_that_turned_private_is_not_called(
        client, app, cli, db_session, receiver, pinned, settings):
    setting = coordinated_shift(client, db_session, capacity=10)
    endpoint = register_endpoint(client, setting.coordinator, receiver, organisation_id=setting.organisation.id,
                                 events=["engagement.signed_up"])
    receiver.expect_request(HOOK_PATH, method="POST").respond_with_data("", status=200)
    _sign_up(client, volunteer(client), setting.shift_id)
    result = cli.invoke(args=["run-job", "webhook-delivery"])  # what the engine's workers run every ten seconds
    assert result.exit_code == 0, result.output
    assert len(receiver.log) == 1
    [delivered] = deliveries(db_session, uuid.UUID(endpoint["id"]))

    # the same address, now that loopback is not allowed (as in production): checked again before each attempt
    settings(WEBHOOK_ALLOW_LOOPBACK=False)
    _sign_up(client, volunteer(client), setting.shift_id)
    deliver(app)
    assert len(receiver.log) == 1
    last = deliveries(db_session, uuid.UUID(endpoint["id"]))[-1]
    assert (last.status, last.last_error) == ("pending", "refused: the address is not public")

    # the log keeps finished deliveries for OUTBOX_RETENTION_DAYS (30): then the job forgets them
    pinned.move_to(utcnow() + timedelta(days=31), tick=False)
    assert cli.invoke(args=["run-job", "webhook-delivery"]).exit_code == 0
    assert [d.id for d in deliveries(db_session, uuid.UUID(endpoint["id"]))] == [last.id]  # the pending one stays
    assert delivered.id != last.id


def test_production_refuses_to_allow_loopback_webhooks():
    with pytest.raises(ConfigError, match="WEBHOOK_ALLOW_LOOPBACK"):
        load_config({"ENV": "production", "SECRET_KEY": "x" * 40, "WEBHOOK_ALLOW_LOOPBACK": True})
    assert load_config({"ENV": "test", "WEBHOOK_ALLOW_LOOPBACK": True})["WEBHOOK_ALLOW_LOOPBACK"] is True
