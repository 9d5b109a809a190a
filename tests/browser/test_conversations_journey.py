"""Conversations in a real browser: a volunteer (phone) asks a coordinator a question about a vacancy before signing
up; the coordinator (laptop, 1280x800) sees the unread count, answers; the volunteer gets the notice (the outbox row)
and reads the answer on the page it links to. And a coordinator writes to everyone on a shift, who answer. axe-core
finds no WCAG 2.1 A/AA violation on any new page; screenshots for docs/screenshots/."""
import uuid
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from backend.extensions import db
from backend.notifications.models import OutboxMessage
from tests.browser.support import check
from tests.opportunities.helpers import organisation, shift, vacancy
from tests.support import ApiClient, volunteer

pytestmark = pytest.mark.browser

# Tuesday 20 October 2026, 11:00 in Maassluis: daytime, outside anyone's quiet hours.
TUESDAY = datetime(2026, 10, 20, 9, 0, tzinfo=timezone.utc)


def _log_in(page, base_url, person):
    page.goto(base_url + "/inloggen")
    page.get_by_label("E-mailadres").fill(person.email)
    page.get_by_label("Wachtwoord", exact=True).fill(person.password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/inloggen" not in url)


def _notices_to(app, person) -> list:
    with app.app_context():
        try:
            return list(db.session.scalars(sa.select(OutboxMessage).where(
                OutboxMessage.template == "conversation_message", OutboxMessage.user_id == uuid.UUID(person.id))))
        finally:
            db.session.remove()


def _setting(live_server):
    base_url, app = live_server
    api = ApiClient(app)
    coordinator, org_id = organisation(api, app.test_cli_runner(), name="Buurthuis De Kapel")
    opportunity = vacancy(api, coordinator, org_id, title="Koffie schenken in het buurthuis")
    roster = shift(api, coordinator, opportunity["id"], capacity=4)
    return base_url, app, api, coordinator, opportunity, roster


def test_a_volunteer_asks_before_signing_up_and_reads_the_answer(live_server, phone, desktop, time_machine):
    time_machine.move_to(TUESDAY, tick=True)
    base_url, app, api, coordinator, opportunity, _roster = _setting(live_server)
    asker = volunteer(api)

    _log_in(phone, base_url, asker)
    phone.goto(base_url + f"/aanbod/{opportunity['id']}")
    phone.get_by_role("link", name="Stel een vraag").click()
    assert phone.get_by_role("heading", level=1).inner_text() == "Stel een vraag"
    check(phone, "80-conversation-ask")
    phone.get_by_label("Je vraag").fill("Hallo! Moet ik iets meenemen? <b>Groetjes</b>")
    phone.get_by_role("button", name="Versturen").click()
    assert "Je bericht is verstuurd." in phone.inner_text("main")
    assert "<b>Groetjes</b>" in phone.inner_text("main")  # shown as text, never as markup
    check(phone, "81-conversation-thread-phone")

    _log_in(desktop, base_url, coordinator)
    menu = desktop.get_by_role("navigation", name="Hoofdmenu")
    assert "Berichten 1 ongelezen" in menu.inner_text().replace("\n", " ")
    menu.get_by_role("link", name="Berichten").click()
    assert "1 nieuw bericht" in desktop.inner_text("main")
    check(desktop, "82-conversation-list")
    desktop.get_by_role("link", name="Koffie schenken in het buurthuis").click()
    assert "Moet ik iets meenemen?" in desktop.inner_text("main")
    desktop.get_by_label("Je bericht").fill("Welkom! Neem alleen goed humeur mee. Route: https://www.maassluis.nl")
    desktop.get_by_role("button", name="Versturen").click()
    assert "Je bericht is verstuurd." in desktop.inner_text("main")
    assert desktop.get_by_role("link", name="https://www.maassluis.nl").count() == 1
    check(desktop, "83-conversation-answer")

    # the notice through the outbox, to the page where the volunteer reads and answers
    [notice] = _notices_to(app, asker)
    assert notice.payload["url"].startswith("/berichten/") and "humeur" not in str(notice.payload)
    phone.goto(base_url + notice.payload["url"])
    assert "Neem alleen goed humeur mee." in phone.inner_text("main")
    assert phone.get_by_label("Je bericht").is_visible()
    check(phone)
    phone.goto(base_url + "/berichten")
    assert "nieuw bericht" not in phone.inner_text("main")
    check(phone, "84-conversation-list-phone")


def test_a_coordinator_writes_to_everyone_on_a_shift(live_server, phone, desktop, time_machine):
    time_machine.move_to(TUESDAY, tick=True)
    base_url, app, api, coordinator, _opportunity, roster = _setting(live_server)
    helper = volunteer(api)
    r = api.post(f"/api/v1/shifts/{roster['id']}/signups", token=helper.token)
    assert r.status_code == 201 and r.get_json()["status"] == "accepted", r.get_json()

    _log_in(desktop, base_url, coordinator)
    desktop.goto(base_url + f"/organisatie/diensten/{roster['id']}")
    desktop.get_by_role("link", name="Bericht aan iedereen op deze dienst").click()
    check(desktop, "85-conversation-shift-message")
    desktop.get_by_label("Je bericht").fill("Morgen is de ingang aan de achterkant. Tot dan!")
    desktop.get_by_role("button", name="Versturen").click()
    assert "Je bericht is verstuurd." in desktop.inner_text("main")

    assert len(_notices_to(app, helper)) == 1
    _log_in(phone, base_url, helper)
    phone.goto(base_url + "/berichten")
    assert "Iedereen op de dienst van" in phone.inner_text("main")
    phone.get_by_role("link", name="Koffie schenken in het buurthuis").click()
    assert "de ingang aan de achterkant" in phone.inner_text("main")
    phone.get_by_label("Je bericht").fill("Dank je, ik ben er!")
    phone.get_by_role("button", name="Versturen").click()
    check(phone, "86-conversation-shift-phone")
    desktop.reload()
    assert "Dank je, ik ben er!" in desktop.inner_text("main")


def test_the_neighbours_helper_writes_and_staff_read_a_reported_thread(live_server, phone, desktop, time_machine):
    from tests.accounts.factories import staff_member
    from tests.help.test_help_requests import post, resident

    time_machine.move_to(TUESDAY, tick=True)
    base_url, app = live_server
    api = ApiClient(app)
    neighbour, helper = resident(api, name="Ria Bewoner"), volunteer(api)
    request_id = post(api, neighbour)["id"]
    offer = api.post(f"/api/v1/help-requests/{request_id}/offers", token=helper.token).get_json()["id"]
    assert api.post(f"/api/v1/help-requests/{request_id}/offers/{offer}/accept",
                    token=neighbour.token).status_code == 200

    _log_in(phone, base_url, helper)
    phone.goto(base_url + f"/hulpvragen/{request_id}")
    phone.get_by_role("link", name="Berichten").last.click()
    assert "Alleen jullie tweeën lezen deze berichten." in phone.inner_text("main")
    check(phone, "87-conversation-help-start")
    phone.get_by_label("Je bericht").fill("Ik kom morgen om 10 uur. Is dat goed?")
    phone.get_by_role("button", name="Versturen").click()
    thread_id = phone.url.split("/berichten/")[1].split("?")[0]
    thread = api.get(f"/api/v1/conversations/{thread_id}", token=neighbour.token).get_json()
    r = api.post(f"/api/v1/conversations/{thread_id}/messages/{thread['messages'][0]['id']}/report",
                 json={"reason": "test"}, token=neighbour.token)
    assert r.status_code == 201

    staff = staff_member(api, app.test_cli_runner())
    _log_in(desktop, base_url, staff)
    desktop.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Gemelde gesprekken").click()
    check(desktop, "88-conversation-reported")
    desktop.get_by_role("link", name="Boodschappen doen").click()
    assert "Ik kom morgen om 10 uur." in desktop.inner_text("main")
    assert "Je bezoek wordt vastgelegd." in desktop.inner_text("main")
    check(desktop, "89-conversation-reported-thread")
