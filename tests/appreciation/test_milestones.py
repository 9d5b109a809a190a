"""Milestones and thank-you messages, granted by jobs run through the CLI and shown through the API."""
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from backend.notifications.models import OutboxMessage
from tests.appreciation import factories as mine
from tests.support import register, volunteer


def _run(cli, job, now=None):
    args = ["run-appreciation-job", job] + (["--now", now.isoformat()] if now else [])
    result = cli.invoke(args=args)
    assert result.exit_code == 0, result.output
    return int(result.output.strip().rsplit(" ", 1)[1])


def _outbox(session, template):
    return {m.dedupe_key: m for m in session.scalars(sa.select(OutboxMessage).where(OutboxMessage.template == template))}


def test_milestones_are_granted_once_announced_and_listed_in_my_language(client, cli, db_session):
    anna = volunteer(client)
    henk = register(client, locale="en")
    assert client.put("/api/v1/me/profile", json={"postcode": "3146 AA"}, token=henk.token).status_code == 201
    not_a_volunteer = register(client, roles=["resident"])
    mine.approved_hours(db_session, anna.id, 26)  # 4 engagements: 8 + 8 + 8 + 2 hours
    mine.completed_engagement(db_session, henk.id)

    assert _run(cli, "grant-milestones") == 3 + 1  # anna: first engagement, 10 and 25 hours; henk: first
    assert _run(cli, "grant-milestones") == 0
    r = client.get("/api/v1/me/milestones", token=anna.token, headers={"Accept-Language": "nl"})
    assert r.status_code == 200
    items = r.get_json()["items"]
    assert [i["code"] for i in items] == ["first_engagement", "hours_10", "hours_25"]
    assert items[1]["title"] == "10 uur vrijwilligerswerk"
    assert items[0]["achieved_at"] <= items[1]["achieved_at"] <= items[2]["achieved_at"]
    page = client.get("/api/v1/me/milestones?limit=2", token=anna.token).get_json()
    assert len(page["items"]) == 2 and page["next_cursor"]
    rest = client.get(f"/api/v1/me/milestones?limit=2&cursor={page['next_cursor']}", token=anna.token).get_json()
    assert [i["code"] for i in rest["items"]] == ["hours_25"] and rest["next_cursor"] is None

    sent = _outbox(db_session, "milestone")
    assert set(sent) == {f"milestone:{anna.id}:{c}" for c in ("first_engagement", "hours_10", "hours_25")} | {
        f"milestone:{henk.id}:first_engagement"}
    assert sent[f"milestone:{henk.id}:first_engagement"].locale == "en"
    assert sent[f"milestone:{anna.id}:hours_25"].payload["milestone"] == "hours_25"
    assert client.get("/api/v1/me/milestones", token=not_a_volunteer.token).get_json()["items"] == []

    # a year later, both have been with DoeMee for a year (and anna gets nothing twice)
    a_year_on = datetime.now(timezone.utc) + timedelta(days=367)
    assert _run(cli, "grant-milestones", a_year_on) == 2
    r = client.get("/api/v1/me/milestones", token=henk.token, headers={"Accept-Language": "en"})
    assert [(i["code"], i["title"]) for i in r.get_json()["items"]][-1] == ("years_1", "One year with DoeMee")


def test_a_thank_you_goes_out_the_day_after_a_completed_engagement(client, cli, db_session):
    anna = volunteer(client)
    henk = register(client, locale="en")
    client.put("/api/v1/me/profile", json={"postcode": "3146 AA"}, token=henk.token)
    done = datetime(2026, 11, 20, 15, 0, tzinfo=timezone.utc)  # 16:00 in Maassluis
    first = mine.completed_engagement(db_session, anna.id, completed_at=done)
    second = mine.completed_engagement(db_session, henk.id, completed_at=done)
    mine.completed_engagement(db_session, henk.id, completed_at=done - timedelta(days=30))  # long ago: not now

    assert _run(cli, "send-thank-yous", datetime(2026, 11, 20, 22, 0, tzinfo=timezone.utc)) == 0  # same day
    assert _run(cli, "send-thank-yous", datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc)) == 2
    assert _run(cli, "send-thank-yous", datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)) == 0
    sent = _outbox(db_session, "thank_you")
    assert set(sent) == {f"thank-you:engagement:{first.id}", f"thank-you:engagement:{second.id}"}
    assert sent[f"thank-you:engagement:{second.id}"].locale == "en"
    assert sent[f"thank-you:engagement:{first.id}"].user_id == first.volunteer_id


def test_the_job_command_refuses_unknown_jobs_and_ambiguous_times(cli):
    assert cli.invoke(args=["run-appreciation-job", "free-cake"]).exit_code != 0
    result = cli.invoke(args=["run-appreciation-job", "grant-milestones", "--now", "2026-12-01T09:00:00"])
    assert result.exit_code != 0 and "offset" in result.output
