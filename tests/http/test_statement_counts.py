"""How many SQL statements the requests people wait for send (issue 14), counted on the real engine with a
``before_cursor_execute`` listener, each request in a session of its own as in production (savepoints of the
test's transaction are not counted; they stand in for the request's COMMIT)."""
from datetime import timedelta

import pytest

from tests import factories as f
from tests.opportunities.helpers import API, at, organisation, shift, vacancy
from tests.campaigns.helpers import claim, create_campaign, offer, shop, staff_member
from tests.recommendations.statements import is_auth, one_request
from tests.recommendations.test_recommendations import anna, next_local
from tests.support import register, volunteer


def _listing_set_up(client, cli, shifts=110):
    """Three organisations, each with a vacancy, and enough open shifts for a page of 100."""
    staff = None
    for n in range(3):
        coordinator, org_id = organisation(client, cli, name=f"Club {n}", staff=staff)
        opp = vacancy(client, coordinator, org_id, title=f"Vacature {n}", postcode=("3144 AB", "3147 AB", None)[n],
                      remote=n == 2)
        for d in range(shifts // 3 + 1):
            shift(client, coordinator, opp["id"], starts_at=at(1 + d % 20, hour=8 + n, minute=d // 20))


def test_authentication_is_one_statement_with_the_role_grants(client):
    person = volunteer(client)
    response, seen = one_request(lambda: client.get(f"{API}/me", token=person.token))
    assert response.status_code == 200 and response.get_json()["roles"]
    assert len(seen.auth) == 1, seen
    assert "role_grants" in seen.auth[0] and "auth_sessions" in seen.auth[0]
    # Nothing else reads the user, the session or the grants again (no selectin of User.roles).
    assert [s for s in seen if "role_grants" in s or "auth_sessions" in s] == seen.auth


def test_a_revoked_login_stops_at_the_next_request(client):
    person = volunteer(client)
    assert client.get(f"{API}/me", token=person.token).status_code == 200
    assert client.post(f"{API}/auth/logout", token=person.token).status_code == 204
    response, seen = one_request(lambda: client.get(f"{API}/me", token=person.token))
    assert response.status_code == 401 and response.get_json()["detail"]
    assert len(seen) == 1 and is_auth(seen[0])
    # A public list with the dead token is refused too, whether the session is read on its own (near=me) or
    # inside the page statement, and whether the page has rows or not.
    assert client.get(f"{API}/shifts?near=me", token=person.token).status_code == 401
    for path in ("/shifts?limit=20", "/opportunities?limit=20"):
        refused, seen = one_request(lambda: client.get(API + path, token=person.token))
        # (an empty page asks for its version and the session on their own: 3)
        assert refused.status_code == 401 and refused.get_json()["detail"] and len(seen) <= 3, seen
        assert "items" not in refused.get_json()


def test_a_list_refuses_a_refresh_token_a_forged_one_and_another_users_session(client, cli):
    _listing_set_up(client, cli, shifts=6)
    person, other = volunteer(client), volunteer(client)
    refresh = client.post(f"{API}/auth/login", json={"email": person.email, "password": person.password})
    refresh = refresh.get_json()["refresh_token"]
    assert client.get(f"{API}/shifts", token=refresh).status_code == 401
    assert client.get(f"{API}/shifts", token=person.token[:-3] + "abc").status_code == 401
    assert client.get(f"{API}/shifts", token=person.token).status_code == 200
    assert client.get(f"{API}/shifts", token=other.token).status_code == 200
    # Without a Bearer token the list is public.
    assert client.get(f"{API}/shifts", headers={"Authorization": "Basic eDp5"}).status_code == 200


@pytest.mark.parametrize("limit", [20, 100])
def test_a_list_page_is_one_statement_with_its_authentication(client, cli, limit):
    _listing_set_up(client, cli)
    me = volunteer(client)
    for path in (f"/shifts?limit={limit}", f"/opportunities?limit={min(limit, 3)}"):
        response, seen = one_request(lambda: client.get(API + path, token=me.token))
        assert response.status_code == 200 and len(response.get_json()["items"]) == min(limit, 3) \
            if "opportunities" in path else len(response.get_json()["items"]) == limit
        # The token's session is checked inside the page statement: one statement in all.
        assert len(seen) == 1 and "auth_sessions" in seen[0] and "revoked_at IS NULL" in seen[0], seen
        assert response.headers["Cache-Control"] == "private, no-cache"
        # Only the columns shown: no description or JSON columns of the opportunity in the shift list.
        if "shifts" in path:
            assert "opportunities.description" not in seen[0] and "required_skills" not in seen[0]
            assert "organisations.name" in seen[0]
        anonymous, seen = one_request(lambda: client.get(API + path))
        assert anonymous.status_code == 200 and len(seen) == 1
        # near=me adds the caller's location (one more), filters add nothing.
        _, seen = one_request(lambda: client.get(f"{API}{path}&near=me&withinKm=5&openOnly=true", token=me.token))
        assert len(seen.own) == 2, seen


def test_the_feed_is_at_most_four_statements_and_304_is_two(client, db_session):
    me = anna(client)
    org = f.organisation(db_session)
    opp = f.opportunity(db_session, org, required_skills=["groceries"])
    for weeks in (1, 2, 3):
        f.shift(db_session, opp, starts_at=next_local(1, 19, weeks_ahead=weeks))
    assert client.get(f"{API}/me/recommendations", token=me.token).status_code == 200  # builds the table
    response, seen = one_request(lambda: client.get(f"{API}/me/recommendations", token=me.token))
    assert response.status_code == 200 and len(response.get_json()["items"]) == 3
    assert len(seen) <= 4 and len(seen.auth) == 1, seen
    etag = response.headers["ETag"]
    again, seen = one_request(lambda: client.get(f"{API}/me/recommendations", token=me.token,
                                                 headers={"If-None-Match": etag}))
    if again.status_code == 200:  # the minute turned between the two requests: a new version, correctly
        assert again.headers["ETag"] != etag
        etag = again.headers["ETag"]
        again, seen = one_request(lambda: client.get(f"{API}/me/recommendations", token=me.token,
                                                     headers={"If-None-Match": etag}))
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    assert len(seen) == 2 and len(seen.auth) == 1, seen


def test_a_filtered_feed_and_its_why_empty_are_at_most_four_statements_too(client, db_session):
    """Issue 22: the filter asks the matcher again; it reads nothing more from the database (the worker's table
    holds what it filters on), nor does saying why nothing fits."""
    me = anna(client)
    opp = f.opportunity(db_session, f.organisation(db_session), required_skills=["groceries"])
    for weeks in (1, 2, 3):
        f.shift(db_session, opp, starts_at=next_local(1, 19, weeks_ahead=weeks))
    assert client.get(f"{API}/me/recommendations", token=me.token).status_code == 200  # builds the table
    response, seen = one_request(lambda: client.get(f"{API}/me/recommendations?kind=vacancy&dayPart=evening",
                                                    token=me.token))
    assert response.status_code == 200 and len(response.get_json()["items"]) == 3
    assert len(seen) <= 4 and len(seen.auth) == 1, seen
    response, seen = one_request(lambda: client.get(f"{API}/me/recommendations?dayPart=morning", token=me.token))
    assert response.get_json()["items"] == [] and response.get_json()["why_empty"]["possible"] == 3
    assert len(seen) <= 4 and len(seen.auth) == 1, seen


def test_a_list_answers_304_after_one_statement(client, cli):
    _listing_set_up(client, cli, shifts=10)
    me = volunteer(client)
    for path in ("/shifts?limit=20", "/opportunities?limit=20"):
        first = client.get(API + path, token=me.token)
        response, seen = one_request(lambda: client.get(API + path, token=me.token,
                                                        headers={"If-None-Match": first.headers["ETag"]}))
        assert response.status_code == 304 and response.data == b""
        # One statement in all: the page, whose digest is the version, with the token's session beside it; no
        # summary of the shifts changed lately (its cost grew with every recent sign-up).
        assert len(seen) == 1 and "auth_sessions" in seen[0] and "updated_at >=" not in seen[0], seen


def test_a_sign_up_is_at_most_nine_statements(client, cli):
    coordinator, org_id = organisation(client, cli)
    opp = vacancy(client, coordinator, org_id)
    other = shift(client, coordinator, opp["id"], capacity=5, starts_at=at(5))
    one = shift(client, coordinator, opp["id"], capacity=2)
    people = [volunteer(client) for _ in range(3)]
    counts, own, markers = [], [], []
    for person, expected in zip(people, ("accepted", "accepted", "waitlisted")):
        # The first takes a place, the second takes the last one (the vacancy is checked for "filled"), the third
        # goes on the waitlist.
        response, seen = one_request(lambda: client.post(f"{API}/shifts/{one['id']}/signups", token=person.token))
        assert response.status_code == 201 and response.get_json()["status"] == expected, response.get_json()
        counts.append(len(seen))
        own.append(len(seen.own))
        markers.append(any("matching_markers" in s for s in seen))
    # Besides authentication: the locked shift with its opportunity, the paused flag, an earlier engagement and
    # whether anything overlaps in one statement; the INSERT, the shift's UPDATE, the outbox row (the overlaps'
    # ids are read only when there are some: none here, see test_signups for those). The second also reads
    # the other shifts (this one became full), the third reads its waitlist position (it has no place, so no shift
    # UPDATE). No place taken moves the demand marker, not even the last one, which fills the shift (issue 23: the
    # feed's table keeps full shifts and the feed checks places live), so sign-ups never queue on the marker row.
    assert own[0] <= 4 and max(own) <= 6 and max(counts) <= 7, (own, counts)
    assert markers == [False, False, False]
    assert client.post(f"{API}/shifts/{other['id']}/signups", token=people[0].token).status_code == 201


def test_a_campaign_claim_is_at_most_eight_statements(client, cli):
    staff = staff_member(client, cli)
    campaign = create_campaign(client, staff)
    merchant, owner = shop(client, cli, staff)
    gift = offer(client, owner, campaign["id"], merchant["id"], stock=3)
    person = volunteer(client)
    response, seen = one_request(lambda: claim(client, person, campaign["id"], gift["id"]))
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["gift"]["stock_left"] == 2 and response.get_json()["gift"]["merchant_name"]
    first = response.get_json()
    # The context (campaign, gift, shop, where the volunteer lives, a nomination, an earlier choice) in one
    # statement; the stock's UPDATE ... RETURNING; the claim's INSERT and its audit event.
    assert len(seen) <= 8 and len(seen.own) <= 4, seen
    switched = offer(client, owner, campaign["id"], merchant["id"], title="Brood", stock=1)
    response, seen = one_request(lambda: claim(client, person, campaign["id"], switched["id"]))
    assert response.status_code == 200 and response.get_json()["gift"]["stock_left"] == 0
    body = response.get_json()
    assert body["gift"]["title"] == "Brood" and body["voucher_code"] != first["voucher_code"], body
    # A switch: the context, the claim locked, stock taken, the claim moved, stock given back, the audit event.
    assert len(seen.own) <= 6, seen
    assert client.get(f"{API}/campaigns/{campaign['id']}/claims/mine", token=person.token).get_json() == body
    assert client.get(f"{API}/campaigns/current", token=person.token).status_code == 200


def test_the_shift_list_in_the_past_hour_of_a_shift(client, cli, time_machine):
    """A shift leaves the list when it starts: the page's version says so, without any change in the data."""
    time_machine.move_to(at(1, hour=6), tick=False)
    coordinator, org_id = organisation(client, cli)
    opp = vacancy(client, coordinator, org_id)
    soon = shift(client, coordinator, opp["id"], starts_at=at(1, hour=8))
    shift(client, coordinator, opp["id"], starts_at=at(2, hour=8))
    time_machine.shift(timedelta(minutes=10))
    first = client.get(f"{API}/shifts?limit=20")
    etag = first.headers["ETag"]
    time_machine.move_to(at(1, hour=7, minute=59), tick=False)
    assert client.get(f"{API}/shifts?limit=20", headers={"If-None-Match": etag}).status_code == 304
    time_machine.move_to(at(1, hour=8) + timedelta(seconds=1), tick=False)
    later = client.get(f"{API}/shifts?limit=20", headers={"If-None-Match": etag})
    assert later.status_code == 200 and soon["id"] not in [i["id"] for i in later.get_json()["items"]]


def test_the_initiatives_page_is_one_statement_with_places_and_supporters_and_so_is_its_304(client):
    from tests.initiatives.test_initiatives import propose

    people = [register(client) for _ in range(3)]
    made = [propose(client, people[0], postcode=postcode, title=f"Initiatief {n}")
            for n, postcode in enumerate(("3143 GA", "3144 AB", "3147 AB", "3131 AA"))]
    for person in people:
        client.post(f"{API}/initiatives/{made[1]['id']}/support", token=person.token)
    response, seen = one_request(lambda: client.get(f"{API}/initiatives?limit=20"))
    assert response.status_code == 200 and len(seen) == 1, seen
    items = {i["title"]: i for i in response.get_json()["items"]}
    assert items["Initiatief 1"]["support_count"] == 3 and items["Initiatief 0"]["support_count"] == 0
    assert len({i["neighbourhood"]["slug"] for i in items.values()}) == 4
    # Its version is made of the page's rows: a current one costs the same statement, and no page is built.
    again, seen = one_request(lambda: client.get(f"{API}/initiatives?limit=20",
                                                 headers={"If-None-Match": response.headers["ETag"]}))
    assert again.status_code == 304 and again.data == b"" and len(seen) == 1, seen


def test_the_help_requests_nearby_are_three_statements_and_their_304_one_besides_authentication(client):
    from tests.help.test_help_requests import post, resident, soon

    asker = resident(client)
    ids = [post(client, asker, window_start=soon(days=d).isoformat(),
                window_end=soon(days=d, hours=2).isoformat())["id"] for d in (2, 3, 4)]
    helper = volunteer(client, postcode="3143 GA")
    assert client.post(f"{API}/help-requests/{ids[1]}/offers", token=helper.token).status_code == 201
    response, seen = one_request(lambda: client.get(f"{API}/help-requests?limit=20", token=helper.token))
    assert response.status_code == 200 and len(seen.auth) == 1 and len(seen.own) == 3, seen
    offers = [i["my_offer"] is not None for i in response.get_json()["items"]]
    assert [i["id"] for i in response.get_json()["items"]] == ids and offers == [False, True, False]
    # The first statement carries the version (the municipality's marker, its neighbourhoods, my offers): a
    # current one costs that statement alone.
    again, seen = one_request(lambda: client.get(f"{API}/help-requests?limit=20", token=helper.token,
                                                 headers={"If-None-Match": response.headers["ETag"]}))
    assert again.status_code == 304 and again.data == b"" and len(seen.auth) == 1 and len(seen.own) == 1, seen
    assert "matching_markers" in seen.own[0] and "help_requests" not in seen.own[0]
