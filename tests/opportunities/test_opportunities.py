"""Vacancies: drafting, the lifecycle, shifts and what volunteers holding a place hear about changes."""
import uuid
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from backend.notifications.models import OutboxMessage
from backend.opportunities.models import Shift
from tests.opportunities.helpers import API, VACANCY, at, hold_place, organisation, shift, vacancy
from tests.support import volunteer

EN = {"Accept-Language": "en"}
AMS = ZoneInfo("Europe/Amsterdam")


def test_draft_a_vacancy_placed_at_its_neighbourhood_centroid(client, cli):
    coordinator, org_id = organisation(client, cli, verified=False)
    r = client.post(f"{API}/organisations/{org_id}/opportunities", token=coordinator.token,
                    json={**VACANCY, "postcode": "3147 ab", "requires_vog": True, "min_age": 18,
                          "nice_skills": ["digital_help"], "max_distance_km": 5})
    assert r.status_code == 201
    body = r.get_json()
    assert body["status"] == "draft" and body["kind"] == "vacancy" and body["postcode"] == "3147 AB"
    assert body["neighbourhood"] == {"slug": "vertobuurt", "name": "Vertobuurt", "district": "Dijkpolder"}
    hoods = client.get(f"{API}/municipalities/maassluis/neighbourhoods?limit=100").get_json()["items"]
    verto = next(h for h in hoods if h["slug"] == "vertobuurt")
    assert body["approximate_location"] == {"latitude": verto["latitude"], "longitude": verto["longitude"]}
    assert body["organisation"] == {"id": org_id, "name": "Buurthuis De Kapel"}
    assert body["requires_vog"] is True and body["min_age"] == 18 and body["published_at"] is None
    # A draft is not public; its coordinator sees it (without the postcode on the public view).
    assert client.get(f"{API}/opportunities/{body['id']}").status_code == 404
    seen = client.get(f"{API}/opportunities/{body['id']}", token=coordinator.token).get_json()
    assert seen["title"] == VACANCY["title"] and "postcode" not in seen


def test_a_remote_vacancy_has_no_place(client, cli):
    coordinator, org_id = organisation(client, cli)
    body = vacancy(client, coordinator, org_id, publish=False, postcode=None, remote=True)
    assert body["remote"] is True and body["neighbourhood"] is None and body["approximate_location"] is None


@pytest.mark.parametrize("change,errors", [
    ({"category": "juggling"}, {"category": ["Unknown category: juggling."]}),
    ({"required_skills": ["groceries", "flying"]}, {"required_skills.1": ["Unknown skill: flying."]}),
    ({"nice_skills": ["groceries", "groceries"]}, {"nice_skills.1": ["Listed twice: groceries."]}),
    ({"languages": ["xx"]}, {"languages.0": ["Unknown language code: xx."]}),
    ({"postcode": None}, {"postcode": ["Give a postcode, or set remote to true."]}),
    ({"remote": True}, {"postcode": ["A remote vacancy has no postcode."]}),
    ({"postcode": "1012 AB"}, {"postcode": ["DoeMee is not (yet) available for postcode 1012 AB."]}),
    ({"postcode": "hallo"}, {"postcode": ["Not a Dutch postcode (like 3144 BA)."]}),
    ({"recurrence": {"weekdays": ["tue"], "start": "18:00", "end": "20:00", "capacity": 2, "weeks": 4,
                     "starting": "2030-01-01"}}, {"recurrence": ["Only a regular vacancy has a weekly rule."]}),
    ({"commitment": "regular", "recurrence": {"weekdays": ["tue", "tue"], "start": "20:00", "end": "18:00",
                                              "capacity": 2, "weeks": 4, "starting": "2030-01-01"}},
     {"recurrence.weekdays.1": ["Listed twice: tue."], "recurrence.end": ["The end must be after the start."]}),
])
def test_bad_vacancy_input_is_explained_per_field(client, cli, change, errors):
    coordinator, org_id = organisation(client, cli)
    r = client.post(f"{API}/organisations/{org_id}/opportunities", token=coordinator.token, headers=EN,
                    json={**VACANCY, **change})
    assert r.status_code == 400
    assert r.get_json()["errors"] == errors


@pytest.mark.parametrize("change,field", [
    ({"title": ""}, "title"), ({"title": "x" * 121}, "title"), ({"commitment": "sometimes"}, "commitment"),
    ({"recurrence": {"weekdays": ["tue"], "start": "18:00", "end": "20:00", "capacity": 2, "weeks": 27,
                     "starting": "2030-01-01"}, "commitment": "regular"}, "recurrence.weeks"),
    ({"recurrence": {"weekdays": [], "start": "18:00", "end": "20:00", "capacity": 2, "weeks": 2,
                     "starting": "2030-01-01"}, "commitment": "regular"}, "recurrence.weekdays"),
    ({"required_skills": ["groceries"] * 21}, "required_skills"), ({"surprise": 1}, "surprise"),
])
def test_badly_shaped_vacancy_is_refused_by_the_schema(client, cli, change, field):
    coordinator, org_id = organisation(client, cli)
    r = client.post(f"{API}/organisations/{org_id}/opportunities", token=coordinator.token,
                    json={**VACANCY, **change})
    assert r.status_code == 400 and field in r.get_json()["errors"]


def test_only_the_organisations_coordinators_change_its_vacancies(client, cli):
    coordinator, org_id = organisation(client, cli)
    opp = vacancy(client, coordinator, org_id)
    other_coordinator, _ = organisation(client, cli, name="Andere club")
    anna = volunteer(client)
    s = shift(client, coordinator, opp["id"])
    attempts = [
        ("post", f"{API}/organisations/{org_id}/opportunities", VACANCY),
        ("patch", f"{API}/opportunities/{opp['id']}", {"title": "Overgenomen"}),
        ("post", f"{API}/opportunities/{opp['id']}/pause", None),
        ("post", f"{API}/opportunities/{opp['id']}/shifts", {"starts_at": at().isoformat(),
                                                            "ends_at": at(hour=20).isoformat(), "capacity": 1}),
        ("patch", f"{API}/shifts/{s['id']}", {"capacity": 9}),
        ("post", f"{API}/shifts/{s['id']}/cancel", None),
    ]
    for method, path, body in attempts:
        kwargs = {"json": body} if body is not None else {}
        assert getattr(client, method)(path, token=other_coordinator.token, **kwargs).status_code == 403, path
        assert getattr(client, method)(path, token=anna.token, **kwargs).status_code == 403, path
        assert getattr(client, method)(path, **kwargs).status_code == 401, path
    assert client.get(f"{API}/opportunities/{opp['id']}").get_json()["title"] == VACANCY["title"]


def test_publishing_needs_a_verified_organisation(client, cli):
    coordinator, org_id = organisation(client, cli, verified=False)
    opp = vacancy(client, coordinator, org_id, publish=False)
    r = client.post(f"{API}/opportunities/{opp['id']}/publish", token=coordinator.token, headers=EN)
    assert r.status_code == 409
    assert r.get_json()["detail"].startswith("The municipality has not verified this organisation yet")
    assert r.get_json()["type"].endswith("/rule-violation")
    assert client.get(f"{API}/opportunities/{opp['id']}").status_code == 404


def test_the_lifecycle_follows_the_allowed_transitions(client, cli):
    coordinator, org_id = organisation(client, cli)
    opp = vacancy(client, coordinator, org_id, publish=False)
    path = f"{API}/opportunities/{opp['id']}"

    def go(action):
        return client.post(f"{path}/{action}", token=coordinator.token, headers=EN)

    for action in ("pause", "fill", "close"):
        r = go(action)
        assert r.status_code == 409 and r.get_json()["detail"].startswith("A vacancy that is draft cannot become")
    r = go("publish")
    assert r.status_code == 200 and r.get_json()["status"] == "published" and r.get_json()["published_at"]
    assert go("publish").status_code == 409
    assert go("pause").get_json()["status"] == "paused"
    assert go("fill").status_code == 409 and go("pause").status_code == 409
    assert go("publish").get_json()["status"] == "published"
    assert go("fill").get_json()["status"] == "filled"
    assert go("pause").status_code == 409
    assert go("publish").get_json()["status"] == "published"
    assert go("close").get_json()["status"] == "closed"
    for action in ("publish", "pause", "fill", "close"):
        r = go(action)
        assert r.status_code == 409 and "closed cannot become" in r.get_json()["detail"]
    assert client.patch(path, token=coordinator.token, json={"title": "Nieuw"}).status_code == 409
    assert client.post(f"{path}/shifts", token=coordinator.token, json={
        "starts_at": at().isoformat(), "ends_at": at(hour=20).isoformat(), "capacity": 1}).status_code == 409


def test_patch_changes_fields_and_place(client, cli):
    coordinator, org_id = organisation(client, cli)
    opp = vacancy(client, coordinator, org_id)
    path = f"{API}/opportunities/{opp['id']}"
    r = client.patch(path, token=coordinator.token, json={"title": "Bingo begeleiden", "postcode": "3141AA"})
    assert r.status_code == 200
    body = r.get_json()
    assert body["title"] == "Bingo begeleiden" and body["neighbourhood"]["slug"] == "binnenstad"
    assert body["category"] == VACANCY["category"] and body["required_skills"] == VACANCY["required_skills"]
    body = client.patch(path, token=coordinator.token, json={"remote": True}).get_json()
    assert body["remote"] is True and body["postcode"] is None and body["neighbourhood"] is None
    r = client.patch(path, token=coordinator.token, json={"remote": False}, headers=EN)
    assert r.status_code == 400 and r.get_json()["errors"] == {"postcode": ["Give a postcode, or set remote to true."]}
    r = client.patch(path, token=coordinator.token, json={"category": "nope"})
    assert r.status_code == 400 and "category" in r.get_json()["errors"]
    assert client.patch(f"{API}/opportunities/00000000-0000-0000-0000-000000000000", token=coordinator.token,
                        json={"title": "x"}).status_code == 404


# --- shifts ------------------------------------------------------------------------------------------------

def test_add_a_shift_stored_in_utc(client, cli, db_session):
    coordinator, org_id = organisation(client, cli)
    opp = vacancy(client, coordinator, org_id)
    local = datetime.combine(date.today() + timedelta(days=10), datetime.min.time(), tzinfo=AMS).replace(hour=18)
    r = client.post(f"{API}/opportunities/{opp['id']}/shifts", token=coordinator.token,
                    json={"starts_at": local.isoformat(), "ends_at": (local + timedelta(hours=2)).isoformat(),
                          "capacity": 4})
    assert r.status_code == 201
    body = r.get_json()
    starts = datetime.fromisoformat(body["starts_at"])
    assert starts.utcoffset() == timedelta(0) and starts == local
    assert body["capacity"] == 4 and body["accepted_count"] == 0 and body["status"] == "open"
    assert len(body["checkin_code"]) == 6
    row = db_session.get(Shift, uuid.UUID(body["id"]))
    assert row.starts_at == local


@pytest.mark.parametrize("times,capacity,errors", [
    ((3, 20, 3, 18), 2, {"ends_at": ["The end must be after the start."]}),
    ((3, 18, 3, 18), 2, {"ends_at": ["The end must be after the start."]}),
    ((3, 18, 3, 20), 0, {"capacity": ["The capacity must be at least 1."]}),
    ((3, 18, 3, 20), -4, {"capacity": ["The capacity must be at least 1."]}),
    ((-2, 18, -2, 20), 2, {"starts_at": ["A shift cannot start in the past."]}),
])
def test_bad_shift_input_is_explained(client, cli, times, capacity, errors):
    coordinator, org_id = organisation(client, cli)
    opp = vacancy(client, coordinator, org_id)
    d1, h1, d2, h2 = times
    r = client.post(f"{API}/opportunities/{opp['id']}/shifts", token=coordinator.token, headers=EN,
                    json={"starts_at": at(d1, h1).isoformat(), "ends_at": at(d2, h2).isoformat(),
                          "capacity": capacity})
    assert r.status_code == 400
    assert r.get_json()["errors"] == errors


def test_shift_times_need_an_offset_and_a_known_opportunity(client, cli):
    coordinator, org_id = organisation(client, cli)
    opp = vacancy(client, coordinator, org_id)
    r = client.post(f"{API}/opportunities/{opp['id']}/shifts", token=coordinator.token, headers=EN,
                    json={"starts_at": "2030-03-31T18:00:00", "ends_at": "2030-03-31T20:00:00", "capacity": 2})
    assert r.status_code == 400
    assert set(r.get_json()["errors"]) == {"starts_at", "ends_at"}
    r = client.post(f"{API}/opportunities/{opp['id']}/shifts", token=coordinator.token,
                    json={"starts_at": "morgen", "ends_at": "2030-03-31T20:00:00+02:00", "capacity": 2})
    assert r.status_code == 400 and "starts_at" in r.get_json()["errors"]
    r = client.post(f"{API}/opportunities/00000000-0000-0000-0000-000000000000/shifts", token=coordinator.token,
                    headers=EN, json={"starts_at": at().isoformat(), "ends_at": at(hour=20).isoformat(),
                                      "capacity": 2})
    assert r.status_code == 404 and r.get_json()["detail"] == "Opportunity not found."


def test_moving_a_shift_tells_the_volunteers_holding_a_place(client, cli, db_session):
    coordinator, org_id = organisation(client, cli)
    opp = vacancy(client, coordinator, org_id)
    s = shift(client, coordinator, opp["id"], capacity=3)
    anna, bert, cees = volunteer(client), volunteer(client), volunteer(client)
    hold_place(db_session, s["id"], anna)
    hold_place(db_session, s["id"], bert, status="checked_in")
    hold_place(db_session, s["id"], cees, status="withdrawn")

    r = client.patch(f"{API}/shifts/{s['id']}", token=coordinator.token, json={"capacity": 5})
    assert r.status_code == 200 and r.get_json()["capacity"] == 5
    assert _messages(db_session, "shift_changed") == []  # more room is no news for those who are coming

    later = at(days=4, hour=10)
    r = client.patch(f"{API}/shifts/{s['id']}", token=coordinator.token,
                     json={"starts_at": later.isoformat(), "ends_at": (later + timedelta(hours=3)).isoformat()})
    assert r.status_code == 200 and datetime.fromisoformat(r.get_json()["starts_at"]) == later
    messages = _messages(db_session, "shift_changed")
    assert sorted(str(m.user_id) for m in messages) == sorted([anna.id, bert.id])
    assert all(m.payload["shift_id"] == s["id"] and m.payload["starts_at"] == later.isoformat() for m in messages)

    r = client.patch(f"{API}/shifts/{s['id']}", token=coordinator.token, json={"capacity": 1}, headers=EN)
    assert r.status_code == 409
    assert r.get_json()["detail"].startswith("2 volunteers already hold a place")
    r = client.patch(f"{API}/shifts/{s['id']}", token=coordinator.token, headers=EN,
                     json={"ends_at": at(days=1).isoformat()})
    assert r.status_code == 400 and r.get_json()["errors"] == {"ends_at": ["The end must be after the start."]}


def test_cancelling_a_shift_tells_its_volunteers_once(client, cli, db_session):
    coordinator, org_id = organisation(client, cli)
    opp = vacancy(client, coordinator, org_id)
    s = shift(client, coordinator, opp["id"])
    anna = volunteer(client)
    hold_place(db_session, s["id"], anna)
    r = client.post(f"{API}/shifts/{s['id']}/cancel", token=coordinator.token)
    assert r.status_code == 200 and r.get_json()["status"] == "cancelled"
    [message] = _messages(db_session, "shift_cancelled")
    assert str(message.user_id) == anna.id and message.payload["reason"] == "shift_cancelled"
    r = client.post(f"{API}/shifts/{s['id']}/cancel", token=coordinator.token, headers=EN)
    assert r.status_code == 409 and r.get_json()["detail"] == "This shift has been cancelled."
    assert client.patch(f"{API}/shifts/{s['id']}", token=coordinator.token, json={"capacity": 9}).status_code == 409
    assert client.post(f"{API}/shifts/00000000-0000-0000-0000-000000000000/cancel",
                       token=coordinator.token).status_code == 404


def test_closing_a_vacancy_cancels_its_future_shifts_and_tells_their_volunteers(client, cli, db_session):
    coordinator, org_id = organisation(client, cli)
    opp = vacancy(client, coordinator, org_id)
    first, second = shift(client, coordinator, opp["id"]), shift(client, coordinator, opp["id"], starts_at=at(5))
    anna, bert = volunteer(client), volunteer(client)
    hold_place(db_session, first["id"], anna)
    hold_place(db_session, second["id"], bert)
    hold_place(db_session, second["id"], anna)
    assert client.post(f"{API}/opportunities/{opp['id']}/close", token=coordinator.token).status_code == 200
    statuses = db_session.scalars(sa.select(Shift.status).where(Shift.opportunity_id == uuid.UUID(opp["id"]))).all()
    assert statuses == ["cancelled", "cancelled"]
    messages = _messages(db_session, "shift_cancelled")
    assert sorted((str(m.user_id), m.payload["shift_id"]) for m in messages) == sorted(
        [(anna.id, first["id"]), (bert.id, second["id"]), (anna.id, second["id"])])
    assert all(m.payload["reason"] == "opportunity_closed" for m in messages)


def test_a_vacancy_is_filled_when_every_future_shift_is_full_and_reopens_with_room(client, cli, db_session):
    coordinator, org_id = organisation(client, cli)
    opp = vacancy(client, coordinator, org_id)
    s = shift(client, coordinator, opp["id"], capacity=1)
    hold_place(db_session, s["id"], volunteer(client))
    # Places changed by the sign-up flow; any change of the shift brings the status in step.
    client.patch(f"{API}/shifts/{s['id']}", token=coordinator.token, json={"capacity": 1})
    assert client.get(f"{API}/opportunities/{opp['id']}").get_json()["status"] == "filled"
    client.patch(f"{API}/shifts/{s['id']}", token=coordinator.token, json={"capacity": 2})
    assert client.get(f"{API}/opportunities/{opp['id']}").get_json()["status"] == "published"


# --- weekly rule -------------------------------------------------------------------------------------------

def _next_weekday(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def test_a_regular_vacancy_keeps_its_local_time_across_the_daylight_saving_switch(client, cli):
    """Tuesdays 18:00-20:00 in Amsterdam: 16:00 UTC in summer, 17:00 UTC in winter."""
    coordinator, org_id = organisation(client, cli)
    year = date.today().year + 1
    last_sunday_october = max(date(year, 10, d) for d in range(25, 32) if date(year, 10, d).weekday() == 6)
    starting = last_sunday_october - timedelta(days=14)
    rule = {"weekdays": ["tue", "sat"], "start": "18:00", "end": "20:00", "capacity": 3, "weeks": 4,
            "starting": starting.isoformat()}
    opp = vacancy(client, coordinator, org_id, commitment="regular", recurrence=rule)
    shifts = _stored_shifts(opp["id"])
    starts = [datetime.fromisoformat(s["starts_at"]) for s in shifts]
    assert len(starts) == 8
    assert all(s.astimezone(AMS).hour == 18 and s.astimezone(AMS).minute == 0 for s in starts)
    assert {s.astimezone(AMS).strftime("%a") for s in starts} == {"Tue", "Sat"}
    before = [s for s in starts if s.date() < last_sunday_october]
    after = [s for s in starts if s.date() > last_sunday_october]
    assert before and after
    assert {s.hour for s in before} == {16} and {s.hour for s in after} == {17}
    assert all(datetime.fromisoformat(s["ends_at"]) - datetime.fromisoformat(s["starts_at"]) == timedelta(hours=2)
               for s in shifts)


def test_the_march_switch_too(client, cli):
    coordinator, org_id = organisation(client, cli)
    year = date.today().year + 1
    last_sunday_march = max(date(year, 3, d) for d in range(25, 32) if date(year, 3, d).weekday() == 6)
    rule = {"weekdays": ["tue"], "start": "18:00", "end": "20:00", "capacity": 2, "weeks": 2,
            "starting": (last_sunday_march - timedelta(days=6)).isoformat()}
    opp = vacancy(client, coordinator, org_id, commitment="regular", recurrence=rule)
    starts = [datetime.fromisoformat(s["starts_at"]) for s in _stored_shifts(opp["id"])]
    assert [s.hour for s in starts] == [17, 16]
    assert [s.astimezone(AMS).hour for s in starts] == [18, 18]


def test_generating_again_adds_no_duplicates_and_respects_cancellations(client, cli, db_session):
    coordinator, org_id = organisation(client, cli)
    rule = {"weekdays": ["wed"], "start": "10:00", "end": "12:00", "capacity": 2, "weeks": 3,
            "starting": (date.today() + timedelta(days=1)).isoformat()}
    opp = vacancy(client, coordinator, org_id, commitment="regular", recurrence=rule)
    shifts = _stored_shifts(opp["id"])
    assert len(shifts) == 3
    client.post(f"{API}/shifts/{shifts[0]['id']}/cancel", token=coordinator.token)
    r = client.post(f"{API}/opportunities/{opp['id']}/shifts/generate", token=coordinator.token)
    assert r.status_code == 200 and r.get_json() == {"created": []}
    # Pausing and publishing again generates nothing new either.
    client.post(f"{API}/opportunities/{opp['id']}/pause", token=coordinator.token)
    client.post(f"{API}/opportunities/{opp['id']}/publish", token=coordinator.token)
    assert len(_stored_shifts(opp["id"])) == 3
    # A longer rule extends the schedule.
    client.patch(f"{API}/opportunities/{opp['id']}", token=coordinator.token, json={"recurrence": {**rule, "weeks": 5}})
    r = client.post(f"{API}/opportunities/{opp['id']}/shifts/generate", token=coordinator.token)
    assert len(r.get_json()["created"]) == 2
    assert len(_stored_shifts(opp["id"])) == 5


def test_generate_needs_a_weekly_rule(client, cli):
    coordinator, org_id = organisation(client, cli)
    opp = vacancy(client, coordinator, org_id)
    r = client.post(f"{API}/opportunities/{opp['id']}/shifts/generate", token=coordinator.token, headers=EN)
    assert r.status_code == 409 and r.get_json()["detail"].startswith("Only a regular vacancy")


def _stored_shifts(opportunity_id) -> list[dict]:
    """All shifts of the opportunity as the public list shows them, plus cancelled ones via the database."""
    from backend.extensions import db

    rows = db.session.scalars(sa.select(Shift).where(Shift.opportunity_id == uuid.UUID(opportunity_id))
                              .order_by(Shift.starts_at)).all()
    return [{"id": str(s.id), "starts_at": s.starts_at.isoformat(), "ends_at": s.ends_at.isoformat(),
             "status": s.status} for s in rows]


def _messages(db_session, template):
    return db_session.scalars(sa.select(OutboxMessage).where(OutboxMessage.template == template)).all()
