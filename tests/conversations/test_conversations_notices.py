"""The notice of a new message as the relay delivers it: web push opens the thread's page; quiet hours hold it back
until morning; a person who chose the daily digest finds it there instead."""
from datetime import datetime, timezone

import sqlalchemy as sa
import time_machine

from backend.notifications.models import OutboxMessage
from tests.conversations.helpers import ask, notices, say, scene
from tests.notifications.helpers import relay
from tests.notifications.webpush_support import FakeBrowser, push_service, subscribe  # noqa: F401  (a fixture)

NOON = datetime(2026, 6, 10, 10, 0, tzinfo=timezone.utc)  # noon in Amsterdam
NIGHT = datetime(2026, 6, 10, 21, 30, tzinfo=timezone.utc)  # 23:30 in Amsterdam, in the default quiet hours


def test_web_push_opens_the_thread(client, cli, app, db_session, push_service):
    with time_machine.travel(NOON, tick=True):
        s = scene(client, cli, db_session)
        browser = FakeBrowser(push_service)
        push_service.expect_request(browser.path, method="POST").respond_with_data("", status=201)
        subscribe(client, s.asker, browser)
        thread = ask(client, s.asker, s.opportunity_id)
        say(client, s.coordinator, thread["id"], "Geheim antwoord")
        relay(app)
    [request] = [r for r, _response in push_service.log if r.path == browser.path]
    shown = browser.decrypt(request.data)
    assert shown["url"] == f"/berichten/{thread['id']}"
    assert shown["title"] == "Nieuw bericht" and "Koffie schenken" in shown["body"]
    assert "Geheim" not in str(shown)


def test_quiet_hours_and_the_digest_are_respected(client, cli, app, db_session):
    with time_machine.travel(NIGHT, tick=False):
        s = scene(client, cli, db_session)
        r = client.put("/api/v1/me/notification-preferences", token=s.co_coordinator.token,
                       json={"channels": {"updates": "email"}, "daily_digest": True})
        assert r.status_code == 200, r.get_json()
        ask(client, s.asker, s.opportunity_id)
        relay(app)
        [held] = notices(db_session, s.coordinator)
        assert held.status == "pending" and held.next_attempt_at.astimezone(timezone.utc).hour == 6  # 08:00 local
        [folded] = notices(db_session, s.co_coordinator)
        assert folded.status == "sent" and folded.last_error.startswith("folded into digest:")
        digest = db_session.scalar(sa.select(OutboxMessage).where(OutboxMessage.template == "daily_digest"))
        assert [item["template"] for item in digest.payload["items"]] == ["conversation_message"]
