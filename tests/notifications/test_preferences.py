"""Devices and preferences through the API, and how the relay applies them: channels, quiet hours, digest."""
from datetime import datetime, timedelta, timezone

from tests.notifications.helpers import (EXPO_PATH, add_device, expo_messages, expo_ok, expo_token, message, relay,
                                         row, text_of)
from tests.support import register

WINTER_NIGHT = datetime(2026, 1, 14, 22, 30, tzinfo=timezone.utc)  # 23:30 in Amsterdam (CET)
SUMMER_NOON = datetime(2026, 6, 10, 10, 0, tzinfo=timezone.utc)    # 12:00 in Amsterdam (CEST)


# --- devices ------------------------------------------------------------------------------------------------------

def test_register_list_and_remove_a_device(client):
    person = register(client)
    token = expo_token()
    r = client.post("/api/v1/me/devices", json={"token": token, "provider": "expo", "platform": "ios"},
                    token=person.token)
    assert r.status_code == 201 and r.get_json()["token"] == token
    again = client.post("/api/v1/me/devices", json={"token": token, "provider": "expo", "platform": "ios"},
                        token=person.token)
    assert again.get_json()["id"] == r.get_json()["id"]  # registering again refreshes, no duplicate
    assert [d["token"] for d in client.get("/api/v1/me/devices", token=person.token).get_json()["items"]] == [token]

    assert client.delete("/api/v1/me/devices", json={"token": token}, token=person.token).status_code == 204
    assert client.get("/api/v1/me/devices", token=person.token).get_json()["items"] == []
    assert client.delete("/api/v1/me/devices", json={"token": token}, token=person.token).status_code == 404


def test_a_token_moves_to_whoever_registers_it_last_and_nobody_removes_anothers(client):
    first, second = register(client), register(client)
    token = add_device(client, first)
    add_device(client, second, token=token)
    assert client.get("/api/v1/me/devices", token=first.token).get_json()["items"] == []
    assert client.delete("/api/v1/me/devices", json={"token": token}, token=first.token).status_code == 404
    assert len(client.get("/api/v1/me/devices", token=second.token).get_json()["items"]) == 1


def test_device_input_is_checked(client):
    person = register(client)
    bad = client.post("/api/v1/me/devices", json={"token": "not-an-expo-token", "provider": "expo",
                                                  "platform": "android"}, token=person.token,
                      headers={"Accept-Language": "nl"})
    assert bad.status_code == 400 and "token" in bad.get_json()["errors"]
    assert client.post("/api/v1/me/devices", json={"token": "x", "provider": "apns", "platform": "ios"},
                       token=person.token).status_code == 400
    assert client.post("/api/v1/me/devices", json={"token": expo_token(), "provider": "expo",
                                                   "platform": "ios"}).status_code == 401


def test_at_most_ten_devices_are_kept(client, time_machine):
    person = register(client)
    tokens = []
    start = datetime.now(timezone.utc)
    for i in range(12):  # a minute apart (within the access token's lifetime)
        time_machine.move_to(start + timedelta(minutes=i), tick=False)
        tokens.append(add_device(client, person, token=expo_token(f"dev{i}")))
    kept = {d["token"] for d in client.get("/api/v1/me/devices", token=person.token).get_json()["items"]}
    assert kept == set(tokens[2:])


def test_devices_and_preferences_are_in_the_export(client):
    person = register(client)
    token = add_device(client, person)
    client.put("/api/v1/me/notification-preferences", json={"daily_digest": True}, token=person.token)
    section = client.get("/api/v1/me/export", token=person.token).get_json()["notifications"]
    assert section["devices"][0]["token"] == token
    assert section["preferences"]["daily_digest"] is True


# --- preferences --------------------------------------------------------------------------------------------------

def test_defaults_and_replacing_preferences(client):
    person = register(client)
    r = client.get("/api/v1/me/notification-preferences", token=person.token)
    assert r.get_json() == {"channels": {"reminders": "push", "updates": "push", "coordination": "push",
                                         "account": "email"},
                            "quiet_hours": {"start": "22:00", "end": "08:00", "timezone": "Europe/Amsterdam"},
                            "daily_digest": False, "digest_hour": 18}
    r = client.put("/api/v1/me/notification-preferences", token=person.token, json={
        "channels": {"updates": "email", "reminders": "off"}, "quiet_hours": {"start": "21:00", "end": "07:30"},
        "daily_digest": True})
    assert r.status_code == 200
    body = r.get_json()
    assert body["channels"] == {"reminders": "off", "updates": "email", "coordination": "push", "account": "email"}
    assert body["quiet_hours"]["start"] == "21:00" and body["daily_digest"] is True
    r = client.put("/api/v1/me/notification-preferences", token=person.token, json={"quiet_hours": None})
    assert r.get_json()["quiet_hours"] is None and r.get_json()["channels"]["updates"] == "push"


def test_account_messages_cannot_be_switched_off_and_bad_input_is_refused(client):
    person = register(client)
    r = client.put("/api/v1/me/notification-preferences", token=person.token, headers={"Accept-Language": "nl"},
                   json={"channels": {"account": "off"}, "quiet_hours": {"start": "08:00", "end": "08:00"}})
    assert r.status_code == 400
    errors = r.get_json()["errors"]
    assert errors["channels.account"] == ["Berichten over je account kun je niet uitzetten."]
    assert "quiet_hours.end" in errors
    assert client.put("/api/v1/me/notification-preferences", token=person.token,
                      json={"channels": {"news": "push"}}).status_code == 400
    assert client.put("/api/v1/me/notification-preferences", token=person.token,
                      json={"quiet_hours": {"start": "25:00", "end": "07:00"}}).status_code == 400


def test_channel_choice_per_category_decides_push_or_mail(client, app, expo, mailbox, db_session, time_machine):
    time_machine.move_to(SUMMER_NOON, tick=False)
    expo.expect_request(EXPO_PATH, method="POST").respond_with_handler(expo_ok)
    person = register(client, email="chooser@example.org")
    add_device(client, person)
    client.put("/api/v1/me/notification-preferences", token=person.token,
               json={"channels": {"updates": "email", "reminders": "push", "coordination": "off"}})
    update = message(db_session, person, template="waitlist_promoted")
    reminder = message(db_session, person, template="shift_reminder",
                       payload={"title": "Koffie", "starts_at": "2026-06-11T10:00:00+00:00", "hours": 24})
    silenced = message(db_session, person, template="understaffed_shift")

    relay(app)

    assert [m["data"]["key"] for m in expo_messages(expo)] == [reminder]
    assert [m["X-DoeMee-Message"] for m in mailbox.to("chooser@example.org")] == [update]
    r = row(db_session, silenced)
    assert r.status == "sent" and r.sent_at is not None  # nothing went out, by the person's choice


def test_push_choice_without_a_device_falls_back_to_mail(client, app, mailbox, db_session):
    person = register(client, email="nodevice@example.org")
    message(db_session, person, template="waitlist_promoted")
    relay(app)
    assert len(mailbox.to("nodevice@example.org")) == 1


# --- quiet hours --------------------------------------------------------------------------------------------------

def test_quiet_hours_hold_normal_messages_until_morning_but_not_urgent_ones(client, app, mailbox, db_session,
                                                                             time_machine):
    time_machine.move_to(WINTER_NIGHT, tick=False)
    person = register(client, email="sleeper@example.org")
    normal = message(db_session, person, template="waitlist_promoted")
    urgent = message(db_session, person, template="shift_reminder", priority="urgent",
                     payload={"title": "Vroege dienst", "starts_at": "2026-01-15T00:30:00+00:00", "hours": 2})

    relay(app)

    assert [m["X-DoeMee-Message"] for m in mailbox.to("sleeper@example.org")] == [urgent]
    held = row(db_session, normal)
    assert held.status == "pending" and held.attempts == 0  # not a failed attempt
    assert held.next_attempt_at == datetime(2026, 1, 15, 7, 0, tzinfo=timezone.utc)  # 08:00 CET

    time_machine.move_to(datetime(2026, 1, 15, 6, 59, tzinfo=timezone.utc), tick=False)
    relay(app)
    assert len(mailbox.to("sleeper@example.org")) == 1
    time_machine.move_to(datetime(2026, 1, 15, 7, 0, tzinfo=timezone.utc), tick=False)
    relay(app)
    assert len(mailbox.to("sleeper@example.org")) == 2


def test_own_quiet_hours_in_summer_time_and_switching_them_off(client, app, mailbox, db_session, time_machine):
    time_machine.move_to(datetime(2026, 7, 1, 18, 30, tzinfo=timezone.utc), tick=False)  # 20:30 CEST
    early, owl = register(client, email="early@example.org"), register(client, email="owl@example.org")
    client.put("/api/v1/me/notification-preferences", token=early.token,
               json={"quiet_hours": {"start": "20:00", "end": "06:30"}})
    client.put("/api/v1/me/notification-preferences", token=owl.token, json={"quiet_hours": None})
    held = message(db_session, early)
    message(db_session, owl)
    relay(app)
    assert mailbox.to("early@example.org") == [] and len(mailbox.to("owl@example.org")) == 1
    assert row(db_session, held).next_attempt_at == datetime(2026, 7, 2, 4, 30, tzinfo=timezone.utc)


# --- daily digest -------------------------------------------------------------------------------------------------

def test_daily_digest_folds_low_priority_notices_into_one_message(client, app, mailbox, db_session, time_machine):
    time_machine.move_to(datetime(2026, 6, 10, 8, 0, tzinfo=timezone.utc), tick=False)  # 10:00 CEST
    person = register(client, email="digest@example.org", locale="en")
    client.put("/api/v1/me/notification-preferences", token=person.token, json={"daily_digest": True})
    low = [message(db_session, person, template=t, priority="low", locale="en",
                   payload={"starts_at": "2026-06-12T08:00:00+00:00"})
           for t in ("waitlist_promoted", "hours_approved", "shift_cancelled")]
    normal = message(db_session, person, template="waitlist_promoted", locale="en")

    relay(app)
    assert [m["X-DoeMee-Message"] for m in mailbox.to("digest@example.org")] == [normal]
    assert all(row(db_session, k).status == "sent" for k in low)  # handed over to the digest

    time_machine.move_to(datetime(2026, 6, 10, 12, 0, tzinfo=timezone.utc), tick=False)
    later = message(db_session, person, template="offer_closed", priority="low", locale="en")
    relay(app)
    time_machine.move_to(datetime(2026, 6, 10, 15, 59, tzinfo=timezone.utc), tick=False)
    relay(app)
    assert len(mailbox.to("digest@example.org")) == 1
    time_machine.move_to(datetime(2026, 6, 10, 16, 0, tzinfo=timezone.utc), tick=False)  # 18:00 CEST
    relay(app)

    mails = mailbox.to("digest@example.org")
    assert len(mails) == 2
    digest = mails[1]
    assert digest["Subject"] == "DoeMee: 4 message(s) from today"
    text = text_of(digest)
    assert "You're off the waiting list: A place opened up for you: Friday 12 June at 10:00." in text
    assert "Cancelled: Friday 12 June at 10:00 is off." in text
    assert "Hours approved" in text and "Thank you for offering to help: The neighbour chose another volunteer this time." in text
    assert row(db_session, later).status == "sent"
