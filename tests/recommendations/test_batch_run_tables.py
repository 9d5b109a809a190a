"""A batch run takes its volunteers from the worker's volunteer table and reads their engagements live (issue 14)."""
import re
from datetime import datetime, timedelta, timezone

from tests import factories as f
from tests.recommendations.statements import counting
from tests.accounts.factories import staff_member
from tests.recommendations.test_recommendations import _period, anna, next_local
from tests.support import register

# The statements that build a volunteer table (backend.recommendations.encode.load_volunteers): a run that keeps
# the worker's table sends none of them.
BUILD = re.compile(r"\bFROM (profile_skills|availability_slots|availability_exceptions)\b", re.I)


def _run(client, cli, staff):
    posted = client.post("/api/v1/matching/runs", json={**_period(), "dry_run": True}, token=staff.token)
    assert posted.status_code == 202
    with counting() as seen:
        result = cli.invoke(args=["run-task", "doemee.matching_run", f"run_id={posted.get_json()['id']}"])
    assert result.output.strip().endswith(": done"), result.output
    return client.get(posted.headers["Location"], token=staff.token).get_json(), list(seen)


def _builds(statements) -> bool:
    return any(BUILD.search(s) for s in statements)


def test_a_run_reuses_the_worker_table_but_reads_engagements_live_and_rebuilds_after_a_profile_change(
        client, cli, db_session, time_machine):
    # One minute into an hour: every run below falls in the same half hour, so the worker may keep its table.
    time_machine.move_to(datetime.now(timezone.utc).replace(minute=1, second=0, microsecond=0), tick=False)
    staff = staff_member(client, cli)
    resident = register(client, roles=["resident"])
    helper = anna(client)
    window = next_local(1, 19)
    f.help_request(db_session, requester_id=resident.id, window_start=window, required_skills=["groceries"])

    first, built = _run(client, cli, staff)
    assert first["assigned"] == 1 and first["proposals"][0]["volunteer_id"] == helper.id
    assert _builds(built)  # the worker's first run builds the table

    again, reused = _run(client, cli, staff)
    assert again["assigned"] == 1
    assert not _builds(reused) and len(reused) < len(built)  # nothing about volunteers changed: table kept

    # The helper signs up for a shift over the whole window: busy now, although the table was built before.
    org = f.organisation(db_session)
    shift = f.shift(db_session, f.opportunity(db_session, org), starts_at=window - timedelta(hours=1), hours=4)
    assert client.post(f"/api/v1/shifts/{shift.id}/signups", token=helper.token).status_code == 201
    busy, still = _run(client, cli, staff)
    assert busy["assigned"] == 0 and not _builds(still)

    # A profile change moves the municipality's volunteer token: the next run builds the table again.
    assert client.patch("/api/v1/me/profile", json={"travel_radius_km": 3}, token=helper.token).status_code == 200
    _after, rebuilt = _run(client, cli, staff)
    assert _builds(rebuilt)
