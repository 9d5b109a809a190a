"""The API twin of the coordinator's hours list: GET /organisations/{id}/waiting-hours (pages, newest shift first)
and POST /organisations/{id}/waiting-hours/approval (many at once, corrections as hours:minutes, all or nothing)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from backend.engagements.models import HoursEntry
from tests.engagements.hours_setup import organisation_with_waiting_hours
from tests.recommendations.statements import one_request
from tests.support import register

pytestmark = pytest.mark.any_hour  # every test moves the clock to a fixed moment itself
MONDAY = datetime(2026, 10, 19, 9, 0, tzinfo=timezone.utc)
EN = {"Accept-Language": "en"}


@pytest.fixture
def setting(client, db_session, time_machine):
    time_machine.move_to(MONDAY, tick=False)
    carla = register(client, display_name="Carla Coördinator")
    org, entries = organisation_with_waiting_hours(db_session, carla.id, now=MONDAY)
    db_session.commit()  # to the test's savepoint: a refused request rolls back its own work only
    return carla, org, entries


def _list(client, person, org, **query):
    return client.get(f"/api/v1/organisations/{org.id}/waiting-hours", token=person.token, query_string=query)


def _approve(client, person, org, body, **kw):
    return client.post(f"/api/v1/organisations/{org.id}/waiting-hours/approval", json=body, token=person.token, **kw)


def test_the_list_comes_newest_shift_first_in_pages(client, setting):
    carla, org, entries = setting
    first = _list(client, carla, org, limit=2)
    assert first.status_code == 200
    body = first.get_json()
    assert [(h["volunteer_name"], h["title"], h["minutes"], h["duration"]) for h in body["items"]] == [
        ("Anna de Vries", "Koffie schenken", 120, "2:00"), ("Bram de Groot", "Koffie schenken", 120, "2:00")]
    assert body["items"][0]["starts_at"] == (MONDAY - timedelta(days=1)).isoformat()
    rest = _list(client, carla, org, limit=2, cursor=body["next_cursor"]).get_json()
    assert [h["volunteer_name"] for h in rest["items"]] == ["Cees Bakker"] and rest["next_cursor"] is None
    assert _list(client, carla, org, cursor="nonsense").status_code == 400


def test_the_list_is_one_statement_besides_access_whatever_its_length(client, setting, db_session):
    carla, org, entries = setting
    short, seen_short = one_request(lambda: _list(client, carla, org, limit=1))
    long, seen_long = one_request(lambda: _list(client, carla, org, limit=100))
    assert len(short.get_json()["items"]) == 1 and len(long.get_json()["items"]) == 3
    assert len(seen_short) == len(seen_long) <= 5, seen_long
    assert sum("hours_entries" in s for s in seen_long) == 1


def test_approving_many_at_once_with_a_correction(client, setting, db_session):
    carla, org, entries = setting
    anna, bram, cees = entries
    r = _approve(client, carla, org, {"hours": [str(e.id) for e in entries], "corrections": {str(bram.id): "1:45"}})
    assert r.status_code == 200, r.get_json()
    assert sorted((h["first_name"], h["minutes"], h["status"]) for h in r.get_json()) == [
        ("Anna", 120, "approved"), ("Bram", 105, "approved"), ("Cees", 120, "approved")]
    assert _list(client, carla, org).get_json()["items"] == []
    # approved once: a second time is a conflict, and changes nothing
    again = _approve(client, carla, org, {"hours": [str(anna.id)], "corrections": {str(anna.id): "0:30"}})
    assert again.status_code == 409
    db_session.expire_all()
    assert db_session.get(HoursEntry, anna.id).minutes == 120


@pytest.mark.parametrize("corrections,field,message", [
    ("2:75", "corrections.{id}.value", "Write the time as hours:minutes, for example 2:30."),
    ("24:01", "corrections.{id}.value", "Between 0:01 and 24:00."),
    (105, "corrections.{id}.value", "Not a valid string."),
])
def test_a_bad_time_is_refused_and_nothing_is_approved(client, setting, db_session, corrections, field, message):
    carla, org, entries = setting
    bram = entries[1]
    body = {"hours": [str(e.id) for e in entries], "corrections": {str(bram.id): corrections}}
    r = _approve(client, carla, org, body, headers=EN)
    assert r.status_code == 400 and r.mimetype == "application/problem+json"
    assert r.get_json()["errors"] == {field.format(id=bram.id): [message]}
    assert len(_list(client, carla, org).get_json()["items"]) == 3


def test_a_correction_of_an_entry_not_approved_is_refused(client, setting):
    carla, org, entries = setting
    r = _approve(client, carla, org, {"hours": [str(entries[0].id)], "corrections": {str(entries[1].id): "1:00"}},
                 headers=EN)
    assert r.status_code == 400
    assert r.get_json()["errors"] == {"corrections": ["Tick the hours you correct: only ticked hours are approved."]}
    assert len(_list(client, carla, org).get_json()["items"]) == 3


def test_others_are_refused_and_an_entry_of_another_organisation_refuses_the_whole_list(client, setting, db_session):
    carla, org, entries = setting
    olga = register(client, display_name="Olga Overbeek")
    other_org, own = organisation_with_waiting_hours(db_session, olga.id, now=MONDAY, name="Sportclub Het Hoofd")
    db_session.commit()
    assert _list(client, olga, org).status_code == 403
    assert _approve(client, olga, org, {"hours": [str(entries[0].id)]}).status_code == 403
    mixed = _approve(client, olga, other_org, {"hours": [str(own[0].id), str(entries[0].id)]})
    assert mixed.status_code == 404
    assert len(_list(client, olga, other_org).get_json()["items"]) == 3
    assert len(_list(client, carla, org).get_json()["items"]) == 3
    assert client.get(f"/api/v1/organisations/{org.id}/waiting-hours").status_code == 401
