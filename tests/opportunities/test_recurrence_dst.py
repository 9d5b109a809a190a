"""A weekly rule whose hour falls in a daylight-saving switch: the vacancy can be published, its shifts are real
(they end after they start) and sit where a volunteer looking at the clock expects them."""
from datetime import datetime, timezone

import time_machine

from tests.opportunities.test_opportunities import _stored_shifts
from tests.opportunities.helpers import API, organisation, vacancy

NIGHT_RULE = {"weekdays": ["sun"], "start": "02:00", "end": "03:00", "capacity": 2, "weeks": 4}


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(timezone.utc)


@time_machine.travel(datetime(2027, 3, 1, 12, tzinfo=timezone.utc), tick=False)
def test_a_start_in_the_skipped_march_hour_moves_to_three_and_keeps_its_length(client, cli):
    coordinator, org_id = organisation(client, cli)
    draft = vacancy(client, coordinator, org_id, publish=False, commitment="regular",
                    recurrence={**NIGHT_RULE, "starting": "2027-03-14"})
    r = client.post(f"{API}/opportunities/{draft['id']}/publish", token=coordinator.token)
    assert r.status_code == 200, r.get_json()
    shifts = _stored_shifts(draft["id"])
    spans = [(_utc(s["starts_at"]).isoformat(), _utc(s["ends_at"]).isoformat()) for s in shifts]
    assert spans == [
        ("2027-03-14T01:00:00+00:00", "2027-03-14T02:00:00+00:00"),  # 02:00-03:00 winter time
        ("2027-03-21T01:00:00+00:00", "2027-03-21T02:00:00+00:00"),
        ("2027-03-28T01:00:00+00:00", "2027-03-28T02:00:00+00:00"),  # 02:00 does not exist: 03:00-04:00 summer time
        ("2027-04-04T00:00:00+00:00", "2027-04-04T01:00:00+00:00"),  # 02:00-03:00 summer time
    ]
    # Generating again (the coordinator's button) neither fails nor duplicates the moved shift.
    r = client.post(f"{API}/opportunities/{draft['id']}/shifts/generate", token=coordinator.token)
    assert r.status_code == 200 and r.get_json() == {"created": []}
    listed = client.get(f"{API}/opportunities/{draft['id']}", token=coordinator.token)
    assert listed.status_code == 200


@time_machine.travel(datetime(2027, 10, 1, 12, tzinfo=timezone.utc), tick=False)
def test_a_start_in_the_repeated_october_hour_is_the_first_and_ends_on_the_clock(client, cli):
    coordinator, org_id = organisation(client, cli)
    opp = vacancy(client, coordinator, org_id, commitment="regular",
                  recurrence={**NIGHT_RULE, "weeks": 2, "starting": "2027-10-24"})
    spans = [(_utc(s["starts_at"]).isoformat(), _utc(s["ends_at"]).isoformat()) for s in _stored_shifts(opp["id"])]
    assert spans == [
        ("2027-10-24T00:00:00+00:00", "2027-10-24T01:00:00+00:00"),  # 02:00-03:00 summer time
        # 02:00 happens twice: the first (summer time); 03:00 is winter time, so the clock's hour lasts two
        ("2027-10-31T00:00:00+00:00", "2027-10-31T02:00:00+00:00"),
    ]
    r = client.post(f"{API}/opportunities/{opp['id']}/shifts/generate", token=coordinator.token)
    assert r.status_code == 200 and r.get_json() == {"created": []}
