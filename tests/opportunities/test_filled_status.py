"""A vacancy is "filled" exactly while all its future shifts are full, and still takes waitlist sign-ups."""
from tests import factories as f
from tests.support import volunteer


def _status(client, opp_id):
    return client.get(f"/api/v1/opportunities/{opp_id}").get_json()["status"]


def test_filled_follows_the_places(client, db_session):
    org = f.organisation(db_session)
    opp = f.opportunity(db_session, org)
    shift = f.shift(db_session, opp, capacity=1)
    anna, bram = volunteer(client), volunteer(client)

    first = client.post(f"/api/v1/shifts/{shift.id}/signups", token=anna.token)
    assert first.status_code == 201 and first.get_json()["status"] == "accepted"
    assert _status(client, opp.id) == "filled"
    second = client.post(f"/api/v1/shifts/{shift.id}/signups", token=bram.token)
    assert second.status_code == 201 and second.get_json()["status"] == "waitlisted"

    withdrawn = client.post(f"/api/v1/engagements/{first.get_json()['id']}/withdraw", token=anna.token)
    assert withdrawn.status_code == 200
    # Bram moved up into the freed place, so the vacancy is full again
    assert client.get(f"/api/v1/engagements/{second.get_json()['id']}", token=bram.token).get_json()["status"] \
        == "accepted"
    assert _status(client, opp.id) == "filled"
    client.post(f"/api/v1/engagements/{second.get_json()['id']}/withdraw", token=bram.token)
    assert _status(client, opp.id) == "published"
