"""Conversations and personal data: my messages are in my export; erasing my account removes my messages and
shows me as "verwijderd account" to the others; a thread goes 12 months (configurable) after its last message."""
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
import time_machine

from backend.conversations.models import Message, Report, Thread
from tests.conversations.helpers import ask, logged_in_again, say, scene
from tests.support import PASSWORD
from tests.web_support import Browser, text


def test_my_messages_are_in_my_export_and_not_the_others(client, cli, db_session):
    s = scene(client, cli, db_session)
    thread = ask(client, s.asker, s.opportunity_id, "Mag mijn hond mee?")
    say(client, s.coordinator, thread["id"], "Nee, sorry.")
    r = client.get("/api/v1/me/export", token=s.asker.token)
    assert r.status_code == 200
    part = r.get_json()["conversations"]
    assert [(t["id"], t["kind"], t["about"]) for t in part["threads"]] == [(thread["id"], "vacancy", "Koffie schenken")]
    assert [m["body"] for m in part["messages"]] == ["Mag mijn hond mee?"]
    assert "Nee, sorry." not in r.get_data(as_text=True)


def test_erasure_removes_my_messages_and_names_me_deleted_account(app, client, cli, db_session):
    s = scene(client, cli, db_session)
    thread = ask(client, s.asker, s.opportunity_id, "Ik woon op de Lange Boonestraat 12")
    answer = say(client, s.coordinator, thread["id"], "Dank je, tot zaterdag.")
    report = f"/api/v1/conversations/{thread['id']}/messages/{answer['messages'][1]['id']}/report"
    assert client.post(report, json={"reason": "Hij kent mijn moeder Truus"}, token=s.asker.token).status_code == 201
    r = client.delete("/api/v1/me", json={"password": PASSWORD}, token=s.asker.token)
    assert r.status_code == 204, r.get_json()

    assert "Lange Boonestraat" not in str(db_session.scalars(sa.select(Message.body)).all())
    assert db_session.scalars(sa.select(Report.reason)).all() == [""]
    view = client.get(f"/api/v1/conversations/{thread['id']}", token=s.coordinator.token).get_json()
    assert view["with_erased"] is True and view["with_name"] is None
    assert [(m["sender_name"], m["body"]) for m in view["messages"]] == [
        (None, ""), ("Carla", "Dank je, tot zaterdag.")]
    browser = Browser(app)
    browser.login(s.coordinator.email)
    page = text(browser.get(f"/berichten/{thread['id']}"))
    assert "Met: verwijderd account" in page and "Dit bericht is verwijderd." in page
    assert "Lange Boonestraat" not in page


def test_threads_go_twelve_months_after_their_last_message(client, cli, db_session, settings):
    start = datetime(2025, 3, 31, 12, 0, tzinfo=timezone.utc)
    with time_machine.travel(start, tick=False) as clock:
        s = scene(client, cli, db_session)
        old = ask(client, s.asker, s.opportunity_id)
        clock.move_to(start + timedelta(days=40))
        logged_in_again(client, s.coordinator)
        kept = client.post(f"/api/v1/conversations/shifts/{s.shift_id}/messages", json={"body": "Hoi"},
                           token=s.coordinator.token).get_json()
        # 31 March 2026 is twelve months after the old thread's last message: it goes; the other stays
        clock.move_to(datetime(2026, 3, 31, 12, 1, tzinfo=timezone.utc))
        result = cli.invoke(args=["run-job", "conversation-retention"])
        assert result.exit_code == 0 and "1 conversations deleted" in result.output, result.output
        left = [str(i) for i in db_session.scalars(sa.select(Thread.id).execution_options(populate_existing=True))]
        assert left == [kept["id"]]
        assert old["id"] not in left
        # the age is a setting
        settings(CONVERSATION_RETENTION_MONTHS=1)
        cli.invoke(args=["run-job", "conversation-retention"])
        assert db_session.scalars(sa.select(Thread.id)).all() == []
