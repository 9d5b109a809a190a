"""The feed from the worker's demand table: few statements per request, and never stale (issue 14)."""
from datetime import timedelta

import sqlalchemy as sa

from backend.opportunities.models import Shift
from backend.recommendations.models import MatchingMarker
from tests import factories as f
from tests.recommendations.statements import counting
from tests.recommendations.test_recommendations import TUESDAY_EVENING, anna, next_local
from tests.support import volunteer

FEED = "/api/v1/me/recommendations"


def shown(client, person) -> list[str]:
    r = client.get(FEED, token=person.token)
    assert r.status_code == 200, r.get_json()
    return [i["shift_id"] or i["help_request_id"] for i in r.get_json()["items"]]


def test_a_feed_request_reads_the_profile_and_engagements_and_nothing_else(client, db_session):
    me = anna(client)
    org = f.organisation(db_session)
    opp = f.opportunity(db_session, org, required_skills=["groceries"])
    shifts = [f.shift(db_session, opp, starts_at=next_local(1, 19, weeks_ahead=w)) for w in (1, 2, 3)]
    with counting() as first:
        assert set(shown(client, me)) == {str(s.id) for s in shifts}
    with counting() as again:
        assert len(shown(client, me)) == 3
    # The table is built once (a few column queries); afterwards a request is the profile row (skills, slots,
    # exceptions, marker, weights and the summary of changed shifts in one statement), the volunteer's engagements
    # and the live free places of the shifts shown: 3 besides authentication (the 4 in all).
    assert len(again.own) <= 3, again.own
    assert len(again) <= len(again.auth) + 3 <= 4
    assert len(first.own) > len(again.own)


def test_a_shift_filled_cancelled_moved_or_published_shows_at_the_next_request(client, db_session):
    me = anna(client)
    other = volunteer(client, postcode="3144 BA", availability=[{"weekday": "tue", "start": "18:00", "end": "22:00"}])
    org = f.organisation(db_session)
    opp = f.opportunity(db_session, org, required_skills=["groceries"])
    almost_full = f.shift(db_session, opp, starts_at=next_local(1, 19), capacity=1)
    to_cancel = f.shift(db_session, opp, starts_at=next_local(1, 19, weeks_ahead=2))
    to_move = f.shift(db_session, opp, starts_at=next_local(1, 19, weeks_ahead=3))
    assert set(shown(client, me)) == {str(almost_full.id), str(to_cancel.id), str(to_move.id)}

    # Filled through the API by someone else: gone from my feed at my next request.
    assert client.post(f"/api/v1/shifts/{almost_full.id}/signups", token=other.token).status_code == 201
    assert str(almost_full.id) not in shown(client, me)
    # Cancelled, and moved to a Wednesday morning (I am not free then).
    db_session.get(Shift, to_cancel.id).status = "cancelled"
    db_session.flush()
    assert str(to_cancel.id) not in shown(client, me)
    moved = db_session.get(Shift, to_move.id)
    moved.starts_at, moved.ends_at = next_local(2, 10), next_local(2, 12)
    db_session.flush()
    assert shown(client, me) == []
    # A new one is there at once.
    new = f.shift(db_session, opp, starts_at=next_local(1, 20, weeks_ahead=4), hours=1)
    assert shown(client, me) == [str(new.id)]
    # A withdrawn opportunity takes its shifts along.
    opp.status = "closed"
    db_session.flush()
    assert shown(client, me) == []


def test_my_own_sign_up_and_a_clash_leave_my_feed_at_once(client, db_session):
    me = anna(client)
    org = f.organisation(db_session)
    opp = f.opportunity(db_session, org, required_skills=["groceries"])
    mine = f.shift(db_session, opp, starts_at=next_local(1, 19))
    other = f.opportunity(db_session, org, title="Tegelijk", required_skills=["groceries"])
    same_time = f.shift(db_session, other, starts_at=next_local(1, 19))
    assert set(shown(client, me)) == {str(mine.id), str(same_time.id)}
    assert client.post(f"/api/v1/shifts/{mine.id}/signups", token=me.token).status_code == 201
    assert shown(client, me) == []  # signed up for one, busy at the hour of the other


def test_a_shift_that_started_is_not_proposed_even_from_a_table_built_before(client, db_session, time_machine):
    start = next_local(1, 19)
    time_machine.move_to(start - timedelta(minutes=10), tick=False)
    me = anna(client)
    org = f.organisation(db_session)
    opp = f.opportunity(db_session, org, required_skills=["groceries"])
    shift = f.shift(db_session, opp, starts_at=start)
    assert shown(client, me) == [str(shift.id)]
    time_machine.move_to(start, tick=False)  # the same half hour: the worker keeps its table; matching's clock
    assert shown(client, me) == []          # leaves out what started
    assert db_session.scalar(sa.select(Shift.status).where(Shift.id == shift.id)) == "open"


def _token(db_session, municipality_id):
    return db_session.scalar(sa.select(MatchingMarker.demand_token)
                             .where(MatchingMarker.municipality_id == municipality_id))


def test_a_place_taken_keeps_the_table_and_the_feed_shows_the_live_free_places(client, db_session):
    """A sign-up that leaves places moves no marker (no worker rebuilds), and yet the feed shows the new free
    places at once, with a new version; when the last place is taken the shift leaves the feed, and comes back
    when a place is free again, without a marker moving either time (the table keeps full shifts)."""
    me = anna(client)
    others = [volunteer(client, postcode="3144 BA", availability=TUESDAY_EVENING) for _ in range(3)]
    org = f.organisation(db_session)
    opp = f.opportunity(db_session, org, required_skills=["groceries"])
    target = f.shift(db_session, opp, starts_at=next_local(1, 19), capacity=3)
    later = f.shift(db_session, opp, starts_at=next_local(1, 19, weeks_ahead=2), capacity=3)
    first = client.get(FEED, token=me.token)
    assert _free(first)[str(target.id)] == 3
    token = _token(db_session, opp.municipality_id)

    assert client.post(f"/api/v1/shifts/{target.id}/signups", token=others[0].token).status_code == 201
    assert _token(db_session, opp.municipality_id) == token
    with counting() as seen:
        after = client.get(FEED, token=me.token, headers={"If-None-Match": first.headers["ETag"]})
    assert after.status_code == 200 and after.headers["ETag"] != first.headers["ETag"]
    assert _free(after) == {str(target.id): 2, str(later.id): 3}
    assert len(seen.own) <= 3, seen.own  # profile, engagements, live places: the table is used as it is

    withdrawn = client.post(f"/api/v1/shifts/{target.id}/signups", token=others[1].token).get_json()
    assert client.post(f"/api/v1/engagements/{withdrawn['id']}/withdraw", token=others[1].token).status_code == 200
    assert _free(client.get(FEED, token=me.token))[str(target.id)] == 2
    assert _token(db_session, opp.municipality_id) == token

    taken = []
    for person in others[1:]:  # the last place: the shift is full and leaves the feed, the marker stays (issue 23)
        taken.append(client.post(f"/api/v1/shifts/{target.id}/signups", token=person.token).get_json())
        assert taken[-1]["status"] == "accepted", taken[-1]
    assert _token(db_session, opp.municipality_id) == token
    assert _free(client.get(FEED, token=me.token)) == {str(later.id): 3}
    # A place again: the shift is back, from the same table.
    assert client.post(f"/api/v1/engagements/{taken[-1]['id']}/withdraw", token=others[2].token).status_code == 200
    assert _token(db_session, opp.municipality_id) == token
    assert _free(client.get(FEED, token=me.token)) == {str(target.id): 1, str(later.id): 3}


def _free(response) -> dict:
    assert response.status_code == 200, response.get_json()
    return {i["shift_id"]: i["free_places"] for i in response.get_json()["items"]}
