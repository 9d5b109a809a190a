"""The neighbour's phone number: optional, Dutch formats only (kept as +31...), and shown as a "Bel <naam>" tel:
link to the one volunteer both sides accepted - never to another volunteer, through the API or the pages. It is
the resident's data: in their export, and gone when they are erased."""
from __future__ import annotations

import re

import sqlalchemy as sa

from backend.help.models import HelpRequestAddress
from tests.help.test_help_requests import _everything, post, request_body, resident
from tests.support import PASSWORD, ApiClient
from tests.help.test_organisation_help import MONDAY, _intermediary, _post
from tests.engagements.test_volunteer_work import _volunteer
from tests.web_support import text

NUMBER = "+31612345678"


def _token(client, browser) -> str:
    r = client.post("/api/v1/auth/login", json={"email": browser.email, "password": PASSWORD})
    return r.get_json()["access_token"]


def test_only_the_accepted_volunteer_sees_the_number_as_a_call_link(app):
    client = ApiClient(app)
    owner = resident(client, name="Gerda Vraagsma")
    request_id = post(client, owner, phone="06-12 34 56 78")["id"]
    assert client.get(f"/api/v1/help-requests/{request_id}/address", token=owner.token).get_json()["phone"] == NUMBER
    helper, other = _volunteer(app), _volunteer(app)
    helper_token, other_token = _token(client, helper), _token(client, other)

    # Before anyone is accepted: nobody sees the number.
    helper.post(f"/hulpvragen/{request_id}/aanbieden")
    page = helper.get(f"/hulpvragen/{request_id}").get_data(as_text=True)
    assert "tel:" not in page and "1234 5678" not in page
    assert client.get(f"/api/v1/help-requests/{request_id}/address", token=helper_token).status_code == 404

    other.post(f"/hulpvragen/{request_id}/aanbieden")
    mine = client.get("/api/v1/me/engagements", token=helper_token).get_json()["items"][0]["id"]
    r = client.post(f"/api/v1/help-requests/{request_id}/offers/{mine}/accept", token=owner.token)
    assert r.status_code == 200, r.get_json()

    page = helper.get(f"/hulpvragen/{request_id}")
    assert f'href="tel:{NUMBER}"' in page.get_data(as_text=True)
    assert "Bel Gerda" in text(page) and "06 1234 5678" in text(page)
    assert client.get(f"/api/v1/help-requests/{request_id}/address",
                      token=helper_token).get_json()["phone"] == NUMBER

    refused = other.get(f"/hulpvragen/{request_id}").get_data(as_text=True)
    assert "tel:" not in refused and "1234 5678" not in refused and "612345678" not in refused
    assert client.get(f"/api/v1/help-requests/{request_id}/address", token=other_token).status_code == 404


def test_a_bad_number_is_refused_and_nothing_is_posted(app, db_session):
    client = ApiClient(app)
    owner = resident(client)
    r = client.post("/api/v1/help-requests", json=request_body(phone="0800-1234"), token=owner.token)
    assert r.status_code == 400
    assert r.get_json()["errors"] == {
        "phone": ["Gebruik een Nederlands telefoonnummer, zoals 06 1234 5678 of 010 123 4567."]}
    assert db_session.scalar(sa.select(sa.func.count()).select_from(HelpRequestAddress)) == 0


def test_the_neighbourhood_team_records_the_number_in_the_form(app, cli, time_machine, db_session):
    time_machine.move_to(MONDAY, tick=False)
    team = _intermediary(app, cli)
    page = team.get("/organisatie/hulpvragen/nieuw")
    assert 'name="phone"' in page.get_data(as_text=True) and "Telefoonnummer van de bewoner" in text(page)
    data = {"resident_first_name": "Henk", "title": "Boodschappen halen", "description": "Een tas vol",
            "category": "groceries", "urgency": "normal", "day": "2026-10-22", "start": "10:00", "end": "12:00",
            "street": "Geheimstraat", "house_number": "12", "postcode": "3144 BA", "consent": "on",
            "consent_method": "phone", "phone": "06 123"}
    data["consent_version"] = re.search(r'name="consent_version" value="([^"]+)"',
                                        page.get_data(as_text=True)).group(1)
    r = team.post("/organisatie/hulpvragen/nieuw", data)
    assert r.status_code == 422
    assert "Gebruik een Nederlands telefoonnummer" in text(r) and 'value="06 123"' in r.get_data(as_text=True)
    assert db_session.scalar(sa.select(sa.func.count()).select_from(HelpRequestAddress)) == 0

    request_id = _post(team, phone="010 123 45 67")
    assert "+31101234567" in text(team.get(f"/organisatie/hulpvragen/{request_id}"))
    assert db_session.scalar(sa.select(HelpRequestAddress.phone)) == "+31101234567"


def test_the_number_is_in_the_residents_export_and_gone_after_erasure(app, db_session):
    client = ApiClient(app)
    owner = resident(client)
    post(client, owner, phone="0031 6 12345678")
    exported = client.get("/api/v1/me/export", token=owner.token).get_json()["help_requests"]
    assert exported["asked"][0]["address"]["phone"] == NUMBER
    assert client.delete("/api/v1/me", json={"password": PASSWORD}, token=owner.token).status_code == 204
    assert "612345678" not in _everything(db_session)
