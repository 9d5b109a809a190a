"""ETag / If-None-Match on the lists and the feed (issue 14): 304 while the answer would be the same, a new ETag as
soon as it would not, personal answers private; and the lists' plain dump is byte for byte the schema's."""
import uuid
from datetime import timedelta

import sqlalchemy as sa
from flask import jsonify

from backend.opportunities import listing
from backend.organisations.models import Organisation
from mobile_api.resources.matching import FeedSchema
from mobile_api.resources.opportunities import OpportunityPage, ShiftPage
from tests import factories as f
from tests.opportunities.helpers import API, at, organisation, shift, vacancy
from tests.recommendations.test_recommendations import anna, next_local
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
    path = f"{API}/opportunities?openOnly=true"
    time_machine.shift(timedelta(minutes=10))
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


def test_the_feeds_summary_of_changed_shifts_counts_each_shift_once(client, db_session):
    """Statement 1 of the feed sums up the shifts of my municipality changed lately (its version): each shift once,
    however many volunteers live there (a summary not correlated to my profile joined every profile of the
    database to every changed shift: 22 s per feed right after the demo was seeded)."""
    import uuid as uuid_

    from backend.models_base import utcnow
    from backend.recommendations.feed import _profile_stmt

    me = anna(client)
    for _ in range(3):
        anna(client, display_name="Buurvrouw")
    opp = f.opportunity(db_session, f.organisation(db_session), required_skills=["groceries"])
    f.shift(db_session, opp, starts_at=next_local(1, 19), capacity=4)
    now = utcnow()
    row = db_session.execute(_profile_stmt(), {"feed_user": uuid_.UUID(me.id), "exceptions_from": now.date(),
                                               "places_since": now - timedelta(hours=1)}).one()
    assert row.places.split("/")[:3] == ["1", "0", "4"], row.places


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


def test_the_feeds_plain_dump_is_the_schemas_byte_for_byte(app, client, db_session):
    me = anna(client)
    org = f.organisation(db_session)
    opp = f.opportunity(db_session, org, required_skills=["groceries"])
    for weeks in (1, 2):
        f.shift(db_session, opp, starts_at=next_local(1, 19, weeks_ahead=weeks))
    db_session.flush()
    response = client.get(FEED, token=me.token)
    items = response.get_json()["items"]
    assert response.status_code == 200 and len(items) == 2 and items[0]["reasons"]
    assert isinstance(items[0]["reasons"][0]["params"], dict)
    # The same values (read back through the schema) dumped by marshmallow give the same bytes.
    with app.test_request_context():
        expected = jsonify(FeedSchema().dump(FeedSchema().load(response.get_json()))).get_data()
    assert response.get_data() == expected


def test_an_opportunity_in_the_list_is_the_opportunity_read_alone(client, cli):
    _demand(client, cli)
    listed = client.get(f"{API}/opportunities?limit=1&near=3147AB").get_json()["items"][0]
    alone = client.get(f"{API}/opportunities/{listed['id']}").get_json()
    # read alone, it tells where volunteers go too (its place); the lists leave that out
    assert "place" in alone and "place" not in listed
    assert {**listed, "distance_km": None, "place": alone["place"]} == alone


# --- initiatives and requests for help -------------------------------------------------------------------------

INITIATIVES = f"{API}/initiatives?limit=20"
NEARBY = f"{API}/help-requests?limit=20"


def _changed(client, path, before, **kw):
    """The list after a change: a new version with a new body."""
    after = _again(client, path, before, **kw)
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"], after.status_code
    return after


def test_the_initiatives_list_changes_its_version_exactly_when_a_page_changes(client, cli, db_session):
    from backend.initiatives.models import Initiative, InitiativeSupport
    from backend.places.models import Neighbourhood
    from tests.accounts.factories import staff_member as staff_of
    from tests.initiatives.test_initiatives import decide, propose
    from tests.support import register

    proposer, supporter, staff = register(client), register(client), staff_of(client, cli)
    first_id = propose(client, proposer, title="Moestuin")["id"]
    propose(client, proposer, title="Speeltuin", postcode="3147 AB")
    first = client.get(INITIATIVES)
    assert first.status_code == 200 and first.headers["Cache-Control"] == "no-cache"
    assert "Authorization" not in first.headers.get("Vary", "")
    unchanged = _again(client, INITIATIVES, first)
    assert unchanged.status_code == 304 and unchanged.data == b"" and unchanged.headers["ETag"] == first.headers["ETag"]
    # The same answer for everyone, in every language (nothing in it is translated or personal).
    in_english = _again(client, INITIATIVES, first, token=supporter.token, headers={"Accept-Language": "en"})
    assert in_english.status_code == 304
    assert client.get(INITIATIVES, headers={"Accept-Language": "en"}).data == first.data
    # Another question, another version.
    for other in (f"{API}/initiatives?limit=19", f"{INITIATIVES}&status=received",
                  f"{INITIATIVES}&municipality=schiedam"):
        assert _again(client, other, first).status_code == 200

    # A supporter joins and leaves: the count changes, and back (the same page has the same version again).
    assert client.post(f"{API}/initiatives/{first_id}/support", token=supporter.token).status_code == 201
    supported = _changed(client, INITIATIVES, first)
    assert supported.get_json()["items"][0]["support_count"] == 1
    assert client.delete(f"{API}/initiatives/{first_id}/support", token=supporter.token).status_code == 204
    withdrawn = _changed(client, INITIATIVES, supported)
    assert withdrawn.headers["ETag"] == first.headers["ETag"] and withdrawn.data == first.data

    # The municipality's decision.
    assert decide(client, staff, first_id, "in_discussion").status_code == 200
    decided = _changed(client, INITIATIVES, withdrawn)
    assert decided.get_json()["items"][0]["status"] == "in_discussion"
    # A new initiative.
    propose(client, proposer, title="Bankje")
    proposed = _changed(client, INITIATIVES, decided)
    assert [i["title"] for i in proposed.get_json()["items"]] == ["Moestuin", "Speeltuin", "Bankje"]
    # Changes made outside the operations count as much: an edit, a renamed neighbourhood, supports removed in
    # bulk (as the erasure of an account does through its foreign keys), an initiative removed.
    db_session.get(Initiative, uuid.UUID(first_id)).help_needed = "Iemand met een schep"
    db_session.flush()
    edited = _changed(client, INITIATIVES, proposed)
    assert edited.get_json()["items"][0]["help_needed"] == "Iemand met een schep"
    hood = db_session.scalar(sa.select(Neighbourhood).where(Neighbourhood.slug == "componistenbuurt"))
    hood.name = "Componistenwijk"
    db_session.flush()
    renamed = _changed(client, INITIATIVES, edited)
    assert renamed.get_json()["items"][0]["neighbourhood"]["name"] == "Componistenwijk"
    assert client.post(f"{API}/initiatives/{first_id}/support", token=supporter.token).status_code == 201
    counted = _changed(client, INITIATIVES, renamed)
    db_session.execute(sa.delete(InitiativeSupport))
    assert _changed(client, INITIATIVES, counted).get_json()["items"][0]["support_count"] == 0
    db_session.delete(db_session.get(Initiative, uuid.UUID(first_id)))
    db_session.flush()
    assert "Moestuin" not in _changed(client, INITIATIVES, counted).get_data(as_text=True)


def test_an_initiatives_page_changes_when_a_next_page_appears(client):
    from tests.initiatives.test_initiatives import propose
    from tests.support import register

    proposer = register(client)
    for title in ("Een", "Twee"):
        propose(client, proposer, title=title)
    path = f"{API}/initiatives?limit=2"
    first = client.get(path)
    assert first.get_json()["next_cursor"] is None
    propose(client, proposer, title="Drie")  # not on this page, but now there is a next one
    after = _changed(client, path, first)
    assert after.get_json()["items"] == first.get_json()["items"] and after.get_json()["next_cursor"]
    assert _again(client, f"{path}&cursor={after.get_json()['next_cursor']}", after).status_code == 200


def _help_set_up(client):
    from tests.help.test_help_requests import post, resident
    from tests.initiatives.test_initiatives import soon

    asker = resident(client)
    ids = [post(client, asker, window_start=soon(days=d).isoformat(),
                window_end=soon(days=d, hours=2).isoformat())["id"] for d in (2, 3)]
    return asker, ids, volunteer(client, postcode="3143 GA"), volunteer(client, postcode="3144 BA")


def _offer(client, person, request_id):
    r = client.post(f"{API}/help-requests/{request_id}/offers", token=person.token)
    assert r.status_code == 201, r.get_json()
    return r.get_json()["id"]


def test_the_help_requests_nearby_are_mine_and_change_with_my_offers_and_the_requests(client, db_session):
    from backend.places.models import Neighbourhood
    from tests.help.test_help_requests import post

    asker, ids, helper, neighbour = _help_set_up(client)
    first = client.get(NEARBY, token=helper.token)
    assert first.status_code == 200 and first.headers["Cache-Control"] == "private, no-cache"
    assert "Authorization" in first.headers["Vary"]
    unchanged = _again(client, NEARBY, first, token=helper.token)
    assert unchanged.status_code == 304 and unchanged.data == b"" and unchanged.headers["ETag"] == first.headers["ETag"]
    assert _again(client, NEARBY, first, token=helper.token, headers={"Accept-Language": "en"}).status_code == 304
    # Another volunteer never has my version, even where our pages look alike.
    theirs = _again(client, NEARBY, first, token=neighbour.token)
    assert theirs.status_code == 200 and theirs.headers["ETag"] != first.headers["ETag"]

    # My offer shows on my page only: the neighbour's page (and version) stays as it was.
    offer_id = _offer(client, helper, ids[0])
    offered = _changed(client, NEARBY, first, token=helper.token)
    assert offered.get_json()["items"][0]["my_offer"]["status"] == "applied"
    assert _again(client, NEARBY, theirs, token=neighbour.token).status_code == 304
    # Withdrawn, renewed: each is a new page.
    assert client.post(f"{API}/help-requests/{ids[0]}/offers/{offer_id}/withdraw",
                       token=helper.token).status_code == 200
    withdrawn = _changed(client, NEARBY, offered, token=helper.token)
    assert withdrawn.get_json()["items"][0]["my_offer"]["status"] == "withdrawn"
    assert _offer(client, helper, ids[0]) == offer_id
    renewed = _changed(client, NEARBY, withdrawn, token=helper.token)
    assert renewed.data == offered.data and renewed.headers["ETag"] == offered.headers["ETag"]

    # Accepted: the request is filled and leaves every list.
    assert client.post(f"{API}/help-requests/{ids[0]}/offers/{offer_id}/accept", token=asker.token).status_code == 200
    accepted = _changed(client, NEARBY, renewed, token=helper.token)
    assert [i["id"] for i in accepted.get_json()["items"]] == [ids[1]]
    theirs = _changed(client, NEARBY, theirs, token=neighbour.token)
    assert [i["id"] for i in theirs.get_json()["items"]] == [ids[1]]
    # Closed by its owner, a new one posted.
    assert client.post(f"{API}/help-requests/{ids[1]}/cancel", token=asker.token).status_code == 200
    closed = _changed(client, NEARBY, accepted, token=helper.token)
    assert closed.get_json()["items"] == []
    new_id = post(client, asker)["id"]
    posted = _changed(client, NEARBY, closed, token=helper.token)
    assert [i["id"] for i in posted.get_json()["items"]] == [new_id]

    # Where I live (distances, what is in reach) and the neighbourhoods' names are part of the page.
    assert client.patch(f"{API}/me/profile", json={"postcode": "3147 AB"}, token=helper.token).status_code == 200
    moved = _changed(client, NEARBY, posted, token=helper.token)
    assert moved.get_json()["items"][0]["distance_km"] != posted.get_json()["items"][0]["distance_km"]
    hood = db_session.scalar(sa.select(Neighbourhood).where(Neighbourhood.slug == "balkon"))
    hood.name = "Het Balkon"
    db_session.flush()
    renamed = _changed(client, NEARBY, moved, token=helper.token)
    assert renamed.get_json()["items"][0]["neighbourhood"]["name"] == "Het Balkon"


def test_a_help_request_leaves_the_list_when_its_window_ends(client, time_machine):
    """Also when it is the first one after the page: whether there is a next page is part of the page."""
    from tests.help.test_help_requests import post, resident

    six = at(1, hour=6)
    time_machine.move_to(six, tick=False)
    asker = resident(client)
    post(client, asker, window_start=(six + timedelta(minutes=2)).isoformat(),
         window_end=(six + timedelta(hours=1)).isoformat())
    post(client, asker, window_start=(six + timedelta(minutes=3)).isoformat(),
         window_end=(six + timedelta(minutes=10)).isoformat())
    helper = volunteer(client, postcode="3143 GA")
    path = f"{API}/help-requests?limit=1"
    first = client.get(path, token=helper.token)
    assert first.get_json()["next_cursor"]
    time_machine.move_to(six + timedelta(minutes=9), tick=False)  # (within the access token's quarter of an hour)
    assert _again(client, path, first, token=helper.token).status_code == 304
    time_machine.move_to(six + timedelta(minutes=10), tick=False)
    later = _changed(client, path, first, token=helper.token)
    assert later.get_json()["items"] == first.get_json()["items"] and later.get_json()["next_cursor"] is None


def test_no_304_confirms_a_help_list_to_whoever_may_not_see_it(client, cli):
    from tests.help.test_help_requests import resident
    from tests.support import register

    asker, ids, helper, _ = _help_set_up(client)
    first = client.get(NEARBY, token=helper.token)
    etag = {"If-None-Match": first.headers["ETag"]}
    assert client.get(NEARBY, headers=etag).status_code == 401
    assert client.get(NEARBY, headers=etag, token=asker.token).status_code == 403
    assert client.get(NEARBY, headers=etag, token=resident(client).token).status_code == 403
    without_profile = register(client, roles=["volunteer"])
    assert client.get(NEARBY, headers=etag, token=without_profile.token).status_code == 404
    elsewhere = volunteer(client, postcode="3131 AA")
    answer = client.get(NEARBY, headers=etag, token=elsewhere.token)
    assert answer.status_code == 200 and answer.get_json()["items"] == []


def test_a_lists_version_is_its_page_a_sign_up_elsewhere_leaves_it_current(client, cli, time_machine):
    """The version is a digest of the page as read: a place taken on a shift of the next page leaves it current
    (a summary of every shift changed lately did not, and cost each list more with every recent sign-up); a place
    taken on one of its shifts changes it at once."""
    time_machine.move_to(at(1, hour=6), tick=False)
    coordinator, org_id = organisation(client, cli)
    opp = vacancy(client, coordinator, org_id)
    made = [shift(client, coordinator, opp["id"], starts_at=at(2 + d, hour=9), capacity=3) for d in range(3)]
    path = f"{API}/shifts?limit=2"
    first = client.get(path)
    assert [i["id"] for i in first.get_json()["items"]] == [made[0]["id"], made[1]["id"]]
    assert client.post(f"{API}/shifts/{made[2]['id']}/signups", token=volunteer(client).token).status_code == 201
    assert _again(client, path, first).status_code == 304
    assert client.post(f"{API}/shifts/{made[1]['id']}/signups", token=volunteer(client).token).status_code == 201
    changed = _again(client, path, first)
    assert changed.status_code == 200 and changed.get_json()["items"][1]["free_places"] == 2
    # The same with a token, whose session is checked in the same statement: a logged-out token gets 401, not 304.
    me = volunteer(client)
    mine = client.get(path, token=me.token)
    assert _again(client, path, mine, token=me.token).status_code == 304
    assert client.post(f"{API}/auth/logout", token=me.token).status_code == 204
    assert _again(client, path, mine, token=me.token).status_code == 401
