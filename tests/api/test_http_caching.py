"""ETag / If-None-Match on the lists and the feed (issue 14): 304 while the answer would be the same, a new ETag as
soon as it would not, personal answers private; and the lists' plain dump is byte for byte the schema's."""
import uuid

from flask import jsonify

from backend.opportunities import listing
from backend.organisations.models import Organisation
from mobile_api.resources.opportunities import OpportunityPage, ShiftPage
from tests import factories as f
from tests.api.test_vacancies_support import API, at, organisation, shift, vacancy
from tests.matching_service.test_recommendations import anna, next_local
from tests.support import volunteer

FEED = f"{API}/me/recommendations"


def _again(client, path, response, **kw):
    headers = {"If-None-Match": response.headers["ETag"], **kw.pop("headers", {})}
    return client.get(path, headers=headers, **kw)


def _demand(client, cli):
    coordinator, org_id = organisation(client, cli, name="Buurthuis De Kapel")
    opp = vacancy(client, coordinator, org_id, title="Koffie")
    shifts = [shift(client, coordinator, opp["id"], starts_at=at(d), capacity=2) for d in (2, 3)]
    return coordinator, org_id, opp, shifts


def test_a_list_is_not_modified_until_its_data_changes(client, cli, db_session):
    coordinator, org_id, opp, shifts = _demand(client, cli)
    for path in (f"{API}/shifts?limit=20", f"{API}/opportunities?limit=20"):
        first = client.get(path)
        assert first.status_code == 200 and first.headers["ETag"].startswith('"')
        assert first.headers["Cache-Control"] == "no-cache"
        unchanged = _again(client, path, first)
        assert unchanged.status_code == 304 and unchanged.headers["ETag"] == first.headers["ETag"]
        # weak and listed validators are understood as well
        listed = client.get(path, headers={"If-None-Match": f'"other", W/{first.headers["ETag"]}'})
        assert listed.status_code == 304
        # another question has another version
        assert _again(client, path.replace("20", "19"), first).status_code == 200
        assert _again(client, path + "&near=3144AB", first).status_code == 200

    # A sign-up takes a place: the shift list says so (free places), with a new ETag.
    path = f"{API}/shifts?limit=20"
    before = client.get(path)
    assert client.post(f"{API}/shifts/{shifts[0]['id']}/signups", token=volunteer(client).token).status_code == 201
    after = _again(client, path, before)
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]
    assert after.get_json()["items"][0]["free_places"] == 1

    # The organisation's name is shown: renaming it changes both lists.
    before = {p: client.get(p) for p in (path, f"{API}/opportunities?limit=20")}
    db_session.get(Organisation, uuid.UUID(org_id)).name = "Buurthuis Het Anker"
    db_session.flush()
    for p, response in before.items():
        renamed = _again(client, p, response)
        assert renamed.status_code == 200 and "Het Anker" in renamed.get_data(as_text=True)

    # A new shift, a cancelled one: new versions.
    before = client.get(path)
    shift(client, coordinator, opp["id"], starts_at=at(4))
    before = _again(client, path, before)
    assert before.status_code == 200 and len(before.get_json()["items"]) == 3
    assert client.post(f"{API}/shifts/{shifts[1]['id']}/cancel", token=coordinator.token).status_code == 200
    assert len(_again(client, path, before).get_json()["items"]) == 2


def test_a_list_asked_with_a_token_is_private(client, cli):
    _demand(client, cli)
    me = volunteer(client)
    for path in (f"{API}/shifts?near=me", f"{API}/opportunities"):
        response = client.get(path, token=me.token)
        assert response.headers["Cache-Control"] == "private, no-cache"
        assert _again(client, path, response, token=me.token).status_code == 304
    # My location is part of the question: after a move, "near me" is another answer.
    before = client.get(f"{API}/shifts?near=me", token=me.token)
    assert client.patch(f"{API}/me/profile", json={"postcode": "3131 AA"}, token=me.token).status_code == 200
    moved = _again(client, f"{API}/shifts?near=me", before, token=me.token)
    assert moved.status_code == 200 and moved.get_json() != before.get_json()


def test_opportunities_filtered_by_their_shifts_leave_when_the_last_one_starts(client, cli, time_machine):
    time_machine.move_to(at(1, hour=6), tick=False)
    coordinator, org_id = organisation(client, cli)
    opp = vacancy(client, coordinator, org_id, title="Eenmalig")
    shift(client, coordinator, opp["id"], starts_at=at(1, hour=9), capacity=2)
    path = f"{API}/opportunities?open_only=true"
    first = client.get(path)
    assert [o["title"] for o in first.get_json()["items"]] == ["Eenmalig"]
    time_machine.move_to(at(1, hour=8, minute=59), tick=False)
    assert _again(client, path, first).status_code == 304
    time_machine.move_to(at(1, hour=9, minute=1), tick=False)
    gone = _again(client, path, first)
    assert gone.status_code == 200 and gone.get_json()["items"] == []


def test_the_feed_is_private_and_changes_with_my_engagements_and_the_demand(client, db_session):
    me = anna(client)
    org = f.organisation(db_session)
    opp = f.opportunity(db_session, org, required_skills=["groceries"])
    first_shift = f.shift(db_session, opp, starts_at=next_local(1, 19))
    first = client.get(FEED, token=me.token)
    assert first.status_code == 200 and first.headers["Cache-Control"] == "private, no-cache"
    assert "Accept-Language" in first.headers["Vary"]
    same = _again(client, FEED, first, token=me.token)
    if same.status_code == 200:  # the minute turned: try once more within the next one
        first, same = same, _again(client, FEED, same, token=me.token)
    assert same.status_code == 304
    # the language is part of the answer (the reasons' texts)
    assert _again(client, FEED, first, token=me.token, headers={"Accept-Language": "en"}).status_code == 200

    # A new shift that fits: a new version at once.
    f.shift(db_session, opp, starts_at=next_local(1, 19, weeks_ahead=2))
    db_session.flush()
    more = _again(client, FEED, first, token=me.token)
    assert more.status_code == 200 and len(more.get_json()["items"]) == 2

    # I sign up for one: it leaves my feed (my own engagements are part of the version).
    assert client.post(f"{API}/shifts/{first_shift.id}/signups", token=me.token).status_code == 201
    after = _again(client, FEED, more, token=me.token)
    assert after.status_code == 200 and str(first_shift.id) not in [i["shift_id"] for i in after.get_json()["items"]]

    # Someone else's feed never answers 304 to my version.
    other = anna(client)
    assert _again(client, FEED, after, token=other.token).status_code == 200


def test_the_lists_plain_dump_is_the_schemas_byte_for_byte(app, client, cli):
    coordinator, org_id, opp, shifts = _demand(client, cli)
    vacancy(client, coordinator, org_id, title="Op afstand", postcode=None, remote=True,
            recurrence=None, min_age=18, max_distance_km=2.5)
    shift(client, coordinator, opp["id"], starts_at=at(5))
    for path, schema, page in ((f"{API}/shifts?limit=2&near=3144AB", ShiftPage, listing.list_shifts),
                               (f"{API}/opportunities?limit=5&near=3144AB", OpportunityPage,
                                listing.list_opportunities)):
        response = client.get(path)
        with app.test_request_context():
            limit = int(path.split("limit=")[1].split("&")[0])
            items, cursor = page(None, {"near": "3144AB"}, limit=limit, cursor=None)
            expected = jsonify(schema().dump({"items": items, "next_cursor": cursor})).get_data()
        assert response.get_data() == expected


def test_an_opportunity_in_the_list_is_the_opportunity_read_alone(client, cli):
    _demand(client, cli)
    listed = client.get(f"{API}/opportunities?limit=1&near=3147AB").get_json()["items"][0]
    alone = client.get(f"{API}/opportunities/{listed['id']}").get_json()
    assert {**listed, "distance_km": None} == alone
