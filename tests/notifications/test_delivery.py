"""The relay delivers over real SMTP and HTTP: what arrives, in which language, how often."""
import json
import logging
import uuid

from werkzeug import Response

from tests.notifications.helpers import (EXPO_PATH, add_device, expo_messages, expo_ok, html_of, message, relay,
                                         row, text_of)
from tests.support import register


def test_password_reset_mail_arrives_once_in_dutch_with_a_working_link(client, app, mailbox, db_session, settings):
    settings(PUBLIC_BASE_URL="https://doemee.example")
    person = register(client, email="anna.reset@example.org", display_name="Anna")
    assert client.post("/api/v1/auth/password-reset", json={"email": person.email}).status_code == 202

    assert relay(app) == 1
    assert relay(app) == 0  # nothing left: delivered once

    [mail] = mailbox.to("anna.reset@example.org")
    assert mail["Subject"] == "Je wachtwoord opnieuw instellen"
    assert mail["Content-Language"] == "nl"
    text = text_of(mail)
    assert text.startswith("Hallo Anna,")
    assert "https://doemee.example/reset?token=" in text and "60 minuten" in text
    assert 'href="https://doemee.example/reset?token=' in html_of(mail)
    token = text.split("reset?token=")[1].split()[0]
    r = client.post("/api/v1/auth/password-reset/confirm", json={"token": token,
                                                                  "new_password": "een-heel-nieuw-wachtwoord-42"})
    assert r.status_code == 204, r.get_json()


def test_english_speaker_gets_english_mail(client, app, mailbox):
    person = register(client, email="sam@example.org", display_name="Sam", locale="en")
    client.post("/api/v1/auth/password-reset", json={"email": person.email})
    relay(app)
    [mail] = mailbox.to("sam@example.org")
    assert mail["Subject"] == "Reset your password"
    assert text_of(mail).startswith("Hello Sam,")


def test_unknown_template_gets_a_decent_generic_text(client, app, mailbox, db_session):
    person = register(client, email="gen@example.org", locale="en")
    key = message(db_session, person, template="offer_accepted", locale="en", payload={"offer_id": "x"})
    relay(app)
    [mail] = mailbox.to("gen@example.org")
    assert mail["Subject"] == "DoeMee: Offer accepted"
    assert "There is news for you in DoeMee" in text_of(mail)
    assert mail["X-DoeMee-Message"] == key
    assert row(db_session, key).status == "sent"


def test_push_goes_to_every_device_of_the_person_through_expo(client, app, expo, mailbox, db_session):
    expo.expect_request(EXPO_PATH, method="POST").respond_with_handler(expo_ok)
    person = register(client, email="push@example.org")
    phone, tablet = add_device(client, person), add_device(client, person, platform="ios")
    key = message(db_session, person, template="waitlist_promoted",
                  payload={"starts_at": "2026-06-13T08:00:00+00:00", "engagement_id": "e1"})

    relay(app)

    pushed = expo_messages(expo)
    assert sorted(m["to"] for m in pushed) == sorted([phone, tablet])
    assert pushed[0]["title"] == "Je bent van de wachtlijst af"
    assert pushed[0]["body"] == "Er is een plek voor je vrijgekomen: zaterdag 13 juni om 10:00."
    assert pushed[0]["data"]["key"] == key and pushed[0]["data"]["engagement_id"] == "e1"
    assert mailbox.to("push@example.org") == []
    assert row(db_session, key).status == "sent"


def test_expo_gets_at_most_100_messages_per_request(client, app, expo, db_session, settings):
    settings(RELAY_BATCH_SIZE=250)
    expo.expect_request(EXPO_PATH, method="POST").respond_with_handler(expo_ok)
    person = register(client)
    add_device(client, person)
    for i in range(250):
        message(db_session, person, key=f"bulk:{i}")

    assert relay(app) == 250

    sizes = [len(json.loads(req.data)) for req, _ in expo.log]
    assert sizes == [100, 100, 50]
    assert len({m["data"]["key"] for m in expo_messages(expo)}) == 250


def test_token_expo_reports_unregistered_is_removed_and_the_message_goes_by_mail(client, app, expo, mailbox,
                                                                                   db_session):
    def dead_device(request):
        return Response(json.dumps({"data": [{"status": "error", "message": "not registered",
                                              "details": {"error": "DeviceNotRegistered"}}]}),
                        content_type="application/json")

    expo.expect_request(EXPO_PATH, method="POST").respond_with_handler(dead_device)
    person = register(client, email="gone@example.org")
    add_device(client, person)
    key = message(db_session, person, template="waitlist_promoted")

    relay(app)

    assert client.get("/api/v1/me/devices", token=person.token).get_json()["items"] == []
    assert len(mailbox.to("gone@example.org")) == 1  # rerouted at once, no push attempt left
    assert len(expo.log) == 1
    assert row(db_session, key).status == "sent"


def test_fcm_v1_push_with_bearer_token_and_unregistered_token_removed(client, app, httpserver, settings, tmp_path,
                                                                        mailbox, db_session):
    token_file = tmp_path / "fcm-token"
    token_file.write_text("ya29.test-access-token\n")
    settings(PUSH_FCM_URL=httpserver.url_for("").rstrip("/"), PUSH_FCM_PROJECT="doemee-test",
             PUSH_FCM_TOKEN_FILE=str(token_file))
    path = "/v1/projects/doemee-test/messages:send"

    def fcm(request):
        body = json.loads(request.data)["message"]
        if body["token"] == "fcm-gone":
            return Response(json.dumps({"error": {"code": 404, "status": "NOT_FOUND", "details": [
                {"@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", "errorCode": "UNREGISTERED"}]}}),
                status=404, content_type="application/json")
        return Response(json.dumps({"name": "projects/doemee-test/messages/1"}), content_type="application/json")

    httpserver.expect_request(path, method="POST").respond_with_handler(fcm)
    alive, gone = register(client, email="alive@example.org"), register(client, email="gone-fcm@example.org")
    add_device(client, alive, token="fcm-alive", provider="fcm")
    add_device(client, gone, token="fcm-gone", provider="fcm")
    ok_key = message(db_session, alive, template="waitlist_promoted")
    gone_key = message(db_session, gone, template="waitlist_promoted")

    relay(app)

    requests = [req for req, _ in httpserver.log]
    assert {json.loads(r.data)["message"]["token"] for r in requests} == {"fcm-alive", "fcm-gone"}
    assert all(r.headers["Authorization"] == "Bearer ya29.test-access-token" for r in requests)
    assert json.loads(requests[0].data)["message"]["notification"]["title"] == "Je bent van de wachtlijst af"
    assert row(db_session, ok_key).status == "sent" and row(db_session, gone_key).status == "sent"
    assert client.get("/api/v1/me/devices", token=gone.token).get_json()["items"] == []
    assert len(mailbox.to("gone-fcm@example.org")) == 1


def test_without_push_or_smtp_configured_delivery_is_a_log_line_without_personal_data(client, app, db_session,
                                                                                         caplog):
    person = register(client, email="quiet.logger@example.org", display_name="Logger Lies")
    add_device(client, person)
    key = message(db_session, person, template="waitlist_promoted", payload={"starts_at": "2026-06-13T08:00:00Z"})
    client.post("/api/v1/auth/password-reset", json={"email": person.email})
    with caplog.at_level(logging.INFO, logger="doemee.relay"):
        assert relay(app) == 2
    lines = [r.getMessage() for r in caplog.records if r.name == "doemee.relay"]
    assert len(lines) == 2
    assert any("template=waitlist_promoted" in line and "channel=push" in line and
               str(row(db_session, key).id) in line for line in lines)
    assert any("template=password_reset" in line and "channel=email" in line for line in lines)
    joined = "\n".join(lines)
    for personal in (person.email, "Logger", "Lies", person.id, "token"):
        assert personal not in joined


def test_message_for_someone_erased_meanwhile_is_gone_with_them(client, app, db_session, mailbox):
    person = register(client, email="erased@example.org")
    key = message(db_session, person)
    assert client.delete("/api/v1/me", json={"password": person.password}, token=person.token).status_code == 204
    assert row(db_session, key) is None
    relay(app)
    assert mailbox.messages == []


def test_the_delivery_job_delivers_and_reports(client, cli, mailbox, db_session):
    person = register(client, email="cli@example.org")
    message(db_session, person, key=f"cli:{uuid.uuid4()}")
    result = cli.invoke(args=["run-job", "outbox-delivery"])
    assert result.exit_code == 0, result.output
    assert "outbox-delivery: 1 sent, 1 claimed" in result.output
    assert len(mailbox.to("cli@example.org")) == 1
