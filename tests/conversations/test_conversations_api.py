"""Conversations through the API: a volunteer asks about a vacancy and the organisation's coordinators answer
together; a coordinator writes to everyone on a shift; a neighbour and their accepted volunteer write to each other;
unread counts; the notice through the outbox, at most one per thread and person per hour."""
from datetime import timedelta

import time_machine

from tests.conversations.helpers import accepted_help, ask, logged_in_again, notices, say, scene, unread
from tests.notifications.conftest import DAYTIME
from tests.support import volunteer


def test_a_volunteer_asks_and_the_coordinators_share_the_thread(client, cli, db_session):
    s = scene(client, cli, db_session)
    thread = ask(client, s.asker, s.opportunity_id)
    assert thread["kind"] == "vacancy" and thread["title"] == "Koffie schenken"
    assert thread["with_name"] == "Buurthuis De Kapel" and thread["messages"][0]["mine"] is True
    assert unread(client, s.asker) == 0

    for coordinator in (s.coordinator, s.co_coordinator):
        listed = client.get("/api/v1/conversations", token=coordinator.token).get_json()["items"]
        assert [(t["id"], t["unread"], t["with_name"]) for t in listed] == [(thread["id"], 1, "Anna")]
        assert unread(client, coordinator) == 1

    answer = say(client, s.co_coordinator, thread["id"], "Ja, achter het gebouw.")
    assert [m["sender_organisation"] for m in answer["messages"]] == [None, "Buurthuis De Kapel"]
    assert unread(client, s.asker) == 1
    assert unread(client, s.coordinator) == 2  # the question and the colleague's answer

    opened = client.get(f"/api/v1/conversations/{thread['id']}", token=s.asker.token).get_json()
    assert [m["body"] for m in opened["messages"]] == ["Is er parkeerplek bij het buurthuis?", "Ja, achter het gebouw."]
    assert unread(client, s.asker) == 0

    # asking again about the same vacancy writes in the same thread
    again = ask(client, s.asker, s.opportunity_id, "Nog een vraag.")
    assert again["id"] == thread["id"] and len(again["messages"]) == 3


def test_a_coordinator_cannot_ask_their_own_organisation(client, cli, db_session):
    s = scene(client, cli, db_session)
    r = client.post(f"/api/v1/conversations/vacancies/{s.opportunity_id}/messages", json={"body": "Hoi"},
                    token=s.coordinator.token)
    assert r.status_code == 409 and r.get_json()["type"].endswith("rule-violation")


def test_a_coordinator_writes_to_everyone_on_the_shift(client, cli, db_session):
    s = scene(client, cli, db_session)
    # a volunteer on the shift cannot start it, someone not on it does not even find it
    r = client.post(f"/api/v1/conversations/shifts/{s.shift_id}/messages", json={"body": "Hoi"},
                    token=s.on_shift.token)
    assert r.status_code == 403
    r = client.post(f"/api/v1/conversations/shifts/{s.shift_id}/messages", json={"body": "Hoi"},
                    token=s.asker.token)
    assert r.status_code == 404

    r = client.post(f"/api/v1/conversations/shifts/{s.shift_id}/messages",
                    json={"body": "Neem een schort mee!"}, token=s.coordinator.token)
    assert r.status_code == 201, r.get_json()
    thread = r.get_json()
    assert thread["kind"] == "shift" and thread["starts_at"] is not None
    assert unread(client, s.on_shift) == 1 and unread(client, s.asker) == 0
    assert [n.payload["url"] for n in notices(db_session, s.on_shift)] == [f"/berichten/{thread['id']}"]
    # everyone on it answers everyone
    say(client, s.on_shift, thread["id"], "Doe ik!")
    assert unread(client, s.co_coordinator) == 2


def test_the_neighbour_and_the_accepted_volunteer_write_to_each_other(client, db_session):
    neighbour, helper, other, request_id = accepted_help(client, db_session)
    r = client.post(f"/api/v1/conversations/help-requests/{request_id}/messages",
                    json={"body": "Ik kom om 10 uur."}, token=helper.token)
    assert r.status_code == 201, r.get_json()
    thread = r.get_json()
    assert thread["kind"] == "help" and thread["with_name"] == "Ria"
    answer = say(client, neighbour, thread["id"], "Fijn, tot dan!")
    assert answer["with_name"] == "Anna"
    # the volunteer whose offer was closed is not part of it
    r = client.post(f"/api/v1/conversations/help-requests/{request_id}/messages", json={"body": "En ik?"},
                    token=other.token)
    assert r.status_code == 404
    assert client.get(f"/api/v1/conversations/{thread['id']}", token=other.token).status_code == 404
    # once the volunteer withdraws, the thread is no longer theirs
    offer = client.get(f"/api/v1/help-requests/{request_id}", token=neighbour.token).get_json()["accepted_offer_id"]
    client.post(f"/api/v1/help-requests/{request_id}/offers/{offer}/withdraw", token=helper.token)
    assert client.get(f"/api/v1/conversations/{thread['id']}", token=helper.token).status_code == 404
    assert client.get(f"/api/v1/conversations/{thread['id']}", token=neighbour.token).status_code == 200


def test_a_message_is_plain_text_of_bounded_length(client, cli, db_session):
    s = scene(client, cli, db_session)
    for body, field in (("   ", "body"), ("x" * 2001, "body"), (None, "body")):
        r = client.post(f"/api/v1/conversations/vacancies/{s.opportunity_id}/messages", json={"body": body},
                        token=s.asker.token)
        assert r.status_code == 400 and field in r.get_json()["errors"], (body, r.get_json())
    assert client.get("/api/v1/conversations", token=s.asker.token).get_json()["items"] == []


def test_one_notice_per_thread_and_person_per_hour(client, cli, db_session):
    with time_machine.travel(DAYTIME, tick=False) as clock:
        s = scene(client, cli, db_session)
        thread = ask(client, s.asker, s.opportunity_id)
        first = notices(db_session)
        assert sorted(str(n.user_id) for n in first) == sorted([s.coordinator.id, s.co_coordinator.id])
        assert {n.priority for n in first} == {"low"}  # a daily digest may collect it
        assert first[0].payload == {"thread_id": thread["id"], "url": f"/berichten/{thread['id']}",
                                    "title": "Koffie schenken"}
        clock.shift(timedelta(minutes=59))
        logged_in_again(client, s.asker, s.coordinator, s.co_coordinator)
        say(client, s.asker, thread["id"], "Hallo?")
        assert len(notices(db_session)) == 2  # nothing new within the hour
        say(client, s.coordinator, thread["id"], "Ja hoor")  # the volunteer's first notice
        assert len(notices(db_session, s.asker)) == 1
        clock.shift(timedelta(minutes=2))
        logged_in_again(client, s.asker)
        say(client, s.asker, thread["id"], "Dank je!")
        assert len(notices(db_session, s.co_coordinator)) == 2
        assert len(notices(db_session, s.coordinator)) == 2


def test_the_notice_reaches_the_other_side_by_email(client, cli, db_session, app, mailbox):
    from tests.notifications.helpers import relay

    with time_machine.travel(DAYTIME, tick=True):  # outside quiet hours
        s = scene(client, cli, db_session)
        thread = ask(client, s.asker, s.opportunity_id)
        say(client, s.coordinator, thread["id"], "Ja hoor.")
        relay(app)
    [mail] = mailbox.to(s.asker.email)
    assert "Koffie schenken" in mail["Subject"]
    text = mail.get_body(("plain",)).get_content()
    assert f"/berichten/{thread['id']}" in text and "Ja hoor" not in text  # the link, never the message itself


def test_messages_are_rate_limited_per_sender(client, cli, db_session, settings):
    settings(CONVERSATION_MESSAGES_PER_HOUR=3)
    s = scene(client, cli, db_session)
    thread = ask(client, s.asker, s.opportunity_id)
    say(client, s.asker, thread["id"], "twee")
    say(client, s.asker, thread["id"], "drie")
    r = client.post(f"/api/v1/conversations/{thread['id']}/messages", json={"body": "vier"}, token=s.asker.token,
                    headers={"Accept-Language": "en"})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    assert "many messages" in r.get_json()["detail"]
    # another sender is not held back by it
    say(client, s.coordinator, thread["id"], "Rustig aan!")
    other = volunteer(client)
    ask(client, other, s.opportunity_id)


def test_every_step_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path, method in (("/conversations", "get"), ("/conversations/unread", "get"),
                         ("/conversations/{thread_id}", "get"), ("/conversations/{thread_id}/messages", "post"),
                         ("/conversations/vacancies/{opportunity_id}/messages", "post"),
                         ("/conversations/shifts/{shift_id}/messages", "post"),
                         ("/conversations/help-requests/{help_request_id}/messages", "post"),
                         ("/conversations/{thread_id}/messages/{message_id}/report", "post"),
                         ("/conversations/{thread_id}/messages/{message_id}/block-sender", "post"),
                         ("/conversations/blocked/{user_id}/unblock", "post"),
                         ("/conversations/reported", "get"), ("/conversations/reported/{thread_id}", "get")):
        assert method in paths.get(path, {}), path
        assert paths[path][method].get("operationId"), path


def test_a_request_accepted_again_gets_a_new_thread_the_first_helpers_words_stay_out_of(client, db_session):
    neighbour, helper, _other, request_id = accepted_help(client, db_session)
    first = client.post(f"/api/v1/conversations/help-requests/{request_id}/messages",
                        json={"body": "Mijn sleutel ligt onder de mat."}, token=neighbour.token).get_json()
    offer = client.get(f"/api/v1/help-requests/{request_id}", token=neighbour.token).get_json()["accepted_offer_id"]
    assert client.post(f"/api/v1/help-requests/{request_id}/offers/{offer}/withdraw",
                       token=helper.token).status_code == 200
    newcomer = volunteer(client)
    second_offer = client.post(f"/api/v1/help-requests/{request_id}/offers", token=newcomer.token).get_json()["id"]
    assert client.post(f"/api/v1/help-requests/{request_id}/offers/{second_offer}/accept",
                       token=neighbour.token).status_code == 200

    r = client.post(f"/api/v1/conversations/help-requests/{request_id}/messages", json={"body": "Hallo!"},
                    token=newcomer.token)
    assert r.status_code == 201
    second = r.get_json()
    assert second["id"] != first["id"] and [m["body"] for m in second["messages"]] == ["Hallo!"]
    assert "sleutel" not in r.get_data(as_text=True)
    assert client.get(f"/api/v1/conversations/{first['id']}", token=newcomer.token).status_code == 404
    mine = {t["id"] for t in client.get("/api/v1/conversations", token=neighbour.token).get_json()["items"]}
    assert mine == {first["id"], second["id"]}
