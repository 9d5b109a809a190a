"""Favourites and saved searches through the API: add, list, change, remove; refusals; nobody else's."""
import uuid

import pytest

from tests import factories
from tests.support import register, volunteer

pytestmark = pytest.mark.any_hour  # no clock involved: a vacancy is open or not, a search is someone's or not


def _search(**changes) -> dict:
    return {"municipality": "maassluis", "name": "Dinsdagmiddag dichtbij",
            "filters": {"near": "3144", "within_km": 5, "weekdays": ["tue"], "day_part": "afternoon"}, **changes}


def test_a_favourite_is_kept_listed_marked_closed_and_removed(client, db_session):
    me = volunteer(client)
    opp = factories.opportunity(db_session, factories.organisation(db_session), title="Koffie schenken")

    r = client.post("/api/v1/me/favourites", json={"opportunity_id": str(opp.id)}, token=me.token)
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["open"] is True and r.get_json()["title"] == "Koffie schenken"
    again = client.post("/api/v1/me/favourites", json={"opportunity_id": str(opp.id)}, token=me.token)
    assert again.status_code == 201
    [item] = client.get("/api/v1/me/favourites", token=me.token).get_json()["items"]
    assert item["opportunity_id"] == str(opp.id)

    opp.status = "closed"
    db_session.flush()
    [item] = client.get("/api/v1/me/favourites", token=me.token).get_json()["items"]
    assert item["open"] is False

    assert client.delete(f"/api/v1/me/favourites/{opp.id}", token=me.token).status_code == 204
    assert client.get("/api/v1/me/favourites", token=me.token).get_json()["items"] == []
    assert client.delete(f"/api/v1/me/favourites/{opp.id}", token=me.token).status_code == 404


def test_only_open_vacancies_can_be_saved_and_only_by_someone_logged_in(client, db_session):
    me = volunteer(client)
    draft = factories.opportunity(db_session, factories.organisation(db_session), status="draft")
    for opportunity_id in (str(draft.id), str(uuid.uuid4())):
        r = client.post("/api/v1/me/favourites", json={"opportunity_id": opportunity_id}, token=me.token)
        assert r.status_code == 404
    assert client.post("/api/v1/me/favourites", json={"opportunity_id": "x"}, token=me.token).status_code == 400
    assert client.get("/api/v1/me/favourites").status_code == 401
    assert client.get("/api/v1/me/favourites", token=me.token).get_json()["items"] == []


def test_favourites_are_ones_own(client, db_session):
    me, other = volunteer(client), volunteer(client)
    opp = factories.opportunity(db_session, factories.organisation(db_session))
    client.post("/api/v1/me/favourites", json={"opportunity_id": str(opp.id)}, token=me.token)
    assert client.get("/api/v1/me/favourites", token=other.token).get_json()["items"] == []
    assert client.delete(f"/api/v1/me/favourites/{opp.id}", token=other.token).status_code == 404
    assert len(client.get("/api/v1/me/favourites", token=me.token).get_json()["items"]) == 1


def test_a_saved_search_is_created_changed_and_deleted(client):
    me = register(client)
    r = client.post("/api/v1/me/saved-searches", json=_search(), token=me.token)
    assert r.status_code == 201, r.get_json()
    made = r.get_json()
    assert made["frequency"] == "weekly" and made["channel"] == "email"
    assert made["filters"] == {"near": "3144", "within_km": 5, "weekdays": ["tue"], "day_part": "afternoon"}

    r = client.patch(f"/api/v1/me/saved-searches/{made['id']}", json={"frequency": "daily", "channel": "push"},
                     token=me.token)
    assert r.status_code == 200 and (r.get_json()["frequency"], r.get_json()["channel"]) == ("daily", "push")
    [listed] = client.get("/api/v1/me/saved-searches", token=me.token).get_json()["items"]
    assert listed["name"] == "Dinsdagmiddag dichtbij" and listed["frequency"] == "daily"

    assert client.delete(f"/api/v1/me/saved-searches/{made['id']}", token=me.token).status_code == 204
    assert client.get("/api/v1/me/saved-searches", token=me.token).get_json()["items"] == []


@pytest.mark.parametrize("changes, field", [
    ({"name": ""}, "name"),
    ({"frequency": "hourly"}, "frequency"),
    ({"filters": {"within_km": 5}}, "filters.within_km"),
    ({"filters": {"near": "Atlantis"}}, "filters.near"),
    ({"filters": {"weekdays": ["someday"]}}, "filters.weekdays.0"),
])
def test_a_saved_search_with_bad_filters_is_refused(client, changes, field):
    me = register(client)
    r = client.post("/api/v1/me/saved-searches", json=_search(**changes), token=me.token)
    assert r.status_code == 400, r.get_json()
    body = r.get_json()
    assert list(body["errors"]) == [field], body
    assert client.get("/api/v1/me/saved-searches", token=me.token).get_json()["items"] == []


def test_saved_searches_are_ones_own(client):
    me, other = register(client), register(client)
    made = client.post("/api/v1/me/saved-searches", json=_search(), token=me.token).get_json()
    assert client.get("/api/v1/me/saved-searches", token=other.token).get_json()["items"] == []
    assert client.patch(f"/api/v1/me/saved-searches/{made['id']}", json={"frequency": "off"},
                        token=other.token).status_code == 404
    assert client.delete(f"/api/v1/me/saved-searches/{made['id']}", token=other.token).status_code == 404
    [mine] = client.get("/api/v1/me/saved-searches", token=me.token).get_json()["items"]
    assert mine["frequency"] == "weekly"
