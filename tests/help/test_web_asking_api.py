"""The API twins of the resident's pages: a flexible request, contact by phone or in DoeMee, my requests
(/help-requests/mine), closing with thanks (/close-with-thanks); only the owner may close, only once matched."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from backend.notifications.models import OutboxMessage
from tests.support import login, register
from tests.help.test_web_asking import helper

MONDAY = datetime(2026, 10, 19, 9, 0, tzinfo=timezone.utc)


def body(**changes):
    return {"category": "company", "title": "Een praatje", "description": "Op dinsdagmiddag",
            "address": {"street": "Verborgenlaan", "house_number": "3", "postcode": "3144 BA"},
            "flexible": True, **changes}


def test_a_flexible_request_gets_a_two_week_window_and_is_listed_as_mine(client, time_machine):
    time_machine.move_to(MONDAY, tick=False)
    ria = register(client, roles=["resident"], display_name="Ria Jansen")
    r = client.post("/api/v1/help-requests", json=body(), token=ria.token)
    assert r.status_code == 201, r.get_json()
    created = r.get_json()
    assert created["window_start"].startswith("2026-10-19T09:00")
    assert created["window_end"].startswith("2026-11-02T09:00")
    other = register(client, roles=["resident"], display_name="Kees Smit")
    assert client.get("/api/v1/help-requests/mine", token=other.token).get_json() == {"items": []}
    mine = client.get("/api/v1/help-requests/mine", token=ria.token).get_json()["items"]
    assert [(m["id"], m["title"], m["offers"], m["matched"]) for m in mine] == [
        (created["id"], "Een praatje", 0, False)]
    volunteer_only = helper(client, "Anna Bakker")
    assert client.get("/api/v1/help-requests/mine", token=volunteer_only.token).status_code == 403


def test_without_flexible_a_window_is_required_and_phone_contact_needs_a_number(client, time_machine):
    time_machine.move_to(MONDAY, tick=False)
    ria = register(client, roles=["resident"])
    r = client.post("/api/v1/help-requests", json=body(flexible=False), token=ria.token)
    assert r.status_code == 400 and set(r.get_json()["errors"]) == {"window_start", "window_end"}
    r = client.post("/api/v1/help-requests", json=body(contact="phone"), token=ria.token)
    assert r.status_code == 400 and set(r.get_json()["errors"]) == {"phone"}
    r = client.post("/api/v1/help-requests", json=body(contact="doemee", phone="06 1234 5678"), token=ria.token)
    assert r.status_code == 201
    address = client.get(f"/api/v1/help-requests/{r.get_json()['id']}/address", token=ria.token).get_json()
    assert address["phone"] is None


def test_close_with_thanks_only_by_the_owner_and_only_once_an_offer_is_accepted(client, cli, db_session,
                                                                                time_machine):
    time_machine.move_to(MONDAY, tick=False)
    ria = register(client, roles=["resident"])
    request_id = client.post("/api/v1/help-requests", json=body(), token=ria.token).get_json()["id"]
    anna = helper(client, "Anna Bakker")
    offer = client.post(f"/api/v1/help-requests/{request_id}/offers", token=anna.token).get_json()["id"]
    thanks = f"/api/v1/help-requests/{request_id}/close-with-thanks"
    assert client.post(thanks, token=ria.token).status_code == 409  # nobody chosen yet: nobody to thank
    assert client.post(f"/api/v1/help-requests/{request_id}/offers/{offer}/accept", token=ria.token).status_code == 200
    assert client.post(thanks, token=anna.token).status_code == 403
    kees = register(client, roles=["resident"])
    assert client.post(thanks, token=kees.token).status_code == 404
    time_machine.move_to(MONDAY + timedelta(days=20), tick=False)  # after the help: still possible
    ria_token, anna_token = (login(client, p.email)["access_token"] for p in (ria, anna))
    r = client.post(thanks, token=ria_token)
    assert r.status_code == 200 and r.get_json()["status"] == "closed"
    assert r.get_json()["offers"][0]["status"] == "completed"
    sent = db_session.scalars(sa.select(OutboxMessage).where(OutboxMessage.template == "help_thanks")).all()
    assert [str(m.user_id) for m in sent] == [anna.id]
    assert client.post(thanks, token=ria_token).status_code == 409  # once
    # the day after, the municipality's thank-you job does not thank a second time for the same help
    job = cli.invoke(args=["run-appreciation-job", "send-thank-yous", "--now",
                           (MONDAY + timedelta(days=21)).isoformat()])
    assert job.exit_code == 0 and job.output.strip().endswith(" 0"), job.output
    assert db_session.scalars(sa.select(OutboxMessage).where(OutboxMessage.template == "thank_you")).all() == []
    assert client.get(f"/api/v1/help-requests/{request_id}/address", token=anna_token).status_code == 404


def test_the_new_steps_are_in_the_openapi_document(app):
    paths = app.test_client().get("/api/v1/openapi.json").get_json()["paths"]
    mine = [p for p in paths if p.endswith("/help-requests/mine")]
    thanks = [p for p in paths if p.endswith("/help-requests/{help_request_id}/close-with-thanks")]
    assert len(mine) == 1 and "get" in paths[mine[0]]
    assert len(thanks) == 1 and "post" in paths[thanks[0]]


def test_the_volunteers_not_chosen_and_the_one_thanked_get_kind_words(app):
    from zoneinfo import ZoneInfo

    from backend.notifications.render import render

    payload = {"help_request_id": "x", "engagement_id": "y", "window_start": "2026-10-22T08:00:00+00:00"}
    with app.app_context():
        closed = render("offer_closed", "nl", payload, tz=ZoneInfo("Europe/Amsterdam"), base_url="https://doemee.test")
        thanked = render("help_thanks", "en", payload, tz=ZoneInfo("Europe/Amsterdam"), base_url="https://doemee.test")
    assert closed.subject == "Bedankt dat je wilde helpen"
    assert "Deze keer koos de buurtbewoner een andere vrijwilliger" in closed.text
    assert "donderdag 22 oktober om 10:00" in closed.text and "https://doemee.test/hulpvragen" in closed.text
    assert thanked.push_title == "Thank you for your help!" and "thank you very much" in thanked.text
