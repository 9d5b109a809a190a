"""Favourites, saved searches and what their alerts named are in the person's export and gone after erasure."""
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from backend.saved.models import Favourite, SavedSearch, SavedSearchAlert
from tests import factories
from tests.support import PASSWORD, login, volunteer

START = datetime(2026, 11, 18, 7, 30, tzinfo=timezone.utc)  # Wednesday 08:30 in Maassluis


@pytest.mark.any_hour
def test_export_shows_them_and_erasure_removes_them(client, cli, db_session, time_machine):
    time_machine.move_to(START, tick=False)
    person, other = volunteer(client), volunteer(client)
    for who in (person, other):
        assert client.post("/api/v1/me/saved-searches", json={"municipality": "maassluis", "name": "Alles"},
                           token=who.token).status_code == 201
    time_machine.move_to(START + timedelta(days=1), tick=False)
    opp = factories.opportunity(db_session, factories.organisation(db_session), title="Voorlezen")
    for who in (person, other):  # a day later: logged in again
        r = client.post("/api/v1/me/favourites", json={"opportunity_id": str(opp.id)},
                        token=login(client, who.email)["access_token"])
        assert r.status_code == 201
    time_machine.move_to(START + timedelta(days=7), tick=False)
    assert cli.invoke(args=["run-job", "saved-search-alerts"]).exit_code == 0

    token = login(client, person.email)["access_token"]  # a week later: the first token has expired
    export = client.get("/api/v1/me/export", token=token).get_json()["saved"]
    assert [(f["title"], f["open"]) for f in export["favourites"]] == [("Voorlezen", True)]
    assert [(s["name"], s["frequency"]) for s in export["saved_searches"]] == [("Alles", "weekly")]
    assert [a["opportunity_id"] for a in export["alerted_vacancies"]] == [str(opp.id)]

    assert client.delete("/api/v1/me", json={"password": PASSWORD}, token=token).status_code == 204
    for model in (Favourite, SavedSearch, SavedSearchAlert):
        assert [str(r.user_id) for r in db_session.scalars(sa.select(model))] == [other.id], model
