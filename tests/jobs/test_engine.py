"""The job engine's pieces on one database: job health read from the engine's tables (admin API and CLI), the
scheduled jobs as periodic tasks in local time, housekeeping of finished engine jobs, and the commands."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from backend import background
from backend.extensions import db
from backend.jobs.definitions import BY_ID, JOBS
from backend.jobs.engine import SCHEDULED_JOB_TASK, build
from tests.jobs.conftest import run_with_vog_expiry_broken
from tests.support import ApiClient, login, make_role, register

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.mark.logs_error
def test_job_health_comes_from_the_engine_and_is_shown_to_admins_only(engine_tables, monkeypatch, caplog):
    app = engine_tables
    client, cli = ApiClient(app), app.test_cli_runner()
    admin = register(client)
    make_role(cli, admin, "admin")

    run_with_vog_expiry_broken(app, monkeypatch, caplog)

    r = client.get("/api/v1/admin/jobs", token=login(client, admin.email)["access_token"])
    assert r.status_code == 200
    jobs = {j["id"]: j for j in r.get_json()["jobs"]}
    assert set(jobs) == {j.id for j in JOBS}
    assert jobs["housekeeping"]["healthy"] is True and jobs["housekeeping"]["runs"] >= 1
    assert jobs["housekeeping"]["last_success_at"] is not None and jobs["housekeeping"]["trigger"] == "30 3 * * *"
    assert jobs["vog-expiry"]["healthy"] is False and jobs["vog-expiry"]["failures"] >= 1
    assert jobs["vog-expiry"]["last_error_at"] is not None
    assert set(r.get_json()["engine"]) == {"waiting", "running", "oldest_waiting_since", "workers"}
    assert set(r.get_json()["outbox"]) == {"pending", "sending", "dead", "oldest_due_at"}
    # The failure is logged and recorded by type and place, never by its message.
    assert "job vog-expiry failed: RuntimeError at " in caplog.text
    assert "anna" not in caplog.text and "anna" not in r.get_data(as_text=True)
    assert client.get("/api/v1/admin/jobs", token=register(client).token).status_code == 403

    shown = cli.invoke(args=["jobs"])
    assert shown.exit_code == 0, shown.output
    assert any(line.startswith("vog-expiry") and "UNHEALTHY" in line for line in shown.output.splitlines())
    assert "workers alive" in shown.output and "outbox: 0 pending" in shown.output


def test_every_scheduled_job_is_a_periodic_task_at_its_local_time(app):
    engine = build(app)
    periodic = {p.periodic_id: p for p in engine.periodic_registry.periodic_tasks.values()
                if p.task.name == SCHEDULED_JOB_TASK}
    assert set(periodic) == set(BY_ID)
    for job_id, task in periodic.items():
        assert task.configure_kwargs["lock"] == task.configure_kwargs["queueing_lock"] == f"job:{job_id}"

    def next_time(job_id, after):
        return datetime.fromtimestamp(periodic[job_id].croniter.get_next(float, start_time=after.timestamp()), AMS)

    # Ten o'clock in Amsterdam in winter (09:00 UTC) and in summer (08:00 UTC).
    assert next_time("availability-check", datetime(2027, 1, 12, 6, 0, tzinfo=AMS)) == \
        datetime(2027, 1, 12, 10, 0, tzinfo=AMS)
    assert next_time("availability-check", datetime(2027, 7, 12, 6, 0, tzinfo=AMS)) == \
        datetime(2027, 7, 12, 10, 0, tzinfo=AMS)
    # The weekly digest: the next Saturday 09:30 (2027-03-10 is a Wednesday).
    assert next_time("recommendation-digest", datetime(2027, 3, 10, 2, 39, tzinfo=AMS)) == \
        datetime(2027, 3, 13, 9, 30, tzinfo=AMS)
    assert BY_ID["recommendation-digest"].interval_seconds == 7 * 24 * 3600
    assert BY_ID["outbox-delivery"].interval_seconds == 10


def test_housekeeping_deletes_old_finished_engine_jobs_but_the_last_of_each_kind(cli, db_session):
    def finished(job_id, status):
        job = background.defer(SCHEDULED_JOB_TASK, job_id=job_id)
        db_session.execute(sa.text("UPDATE procrastinate_jobs SET status = 'doing' WHERE id = :id"), {"id": job})
        db_session.execute(sa.text("UPDATE procrastinate_jobs SET status = CAST(:s AS procrastinate_job_status) "
                                   "WHERE id = :id"), {"id": job, "s": status})
        return job

    old = [finished("vog-expiry", "succeeded") for _ in range(3)]
    old_failure, weekly = finished("vog-expiry", "failed"), finished("recommendation-digest", "succeeded")
    db_session.execute(sa.text("UPDATE procrastinate_events SET at = now() - interval '3 days'"))
    recent = finished("vog-expiry", "succeeded")
    waiting = background.defer(SCHEDULED_JOB_TASK, job_id="vog-expiry")
    result = cli.invoke(args=["run-job", "housekeeping"])
    assert result.exit_code == 0 and "3 finished engine jobs" in result.output, result.output
    left = set(db_session.scalars(sa.text("SELECT id FROM procrastinate_jobs")))
    # Gone: the old successes of a job that succeeded since. Kept: the last of each kind however old (the weekly
    # digest's last success, the last failure), the recent success and the waiting job.
    assert left == {old_failure, weekly, recent, waiting}
    assert not left & set(old)


def test_run_job_and_run_task_name_what_exists(cli):
    unknown = cli.invoke(args=["run-job", "no-such-job"])
    assert unknown.exit_code != 0 and "known: shift-reminders" in unknown.output
    unknown = cli.invoke(args=["run-task", "no.such.task"])
    assert unknown.exit_code != 0 and "doemee.matching_run" in unknown.output
    bad = cli.invoke(args=["run-task", "doemee.matching_run", "run_id"])
    assert bad.exit_code != 0 and "name=value" in bad.output


def test_jobs_of_a_dead_worker_are_retried_unless_their_next_run_is_queued(engine_tables):
    app = engine_tables
    with app.app_context():
        dead = db.session.scalar(sa.text("INSERT INTO procrastinate_workers (last_heartbeat) "
                                         "VALUES (now() - interval '1 hour') RETURNING id"))
        alive = db.session.scalar(sa.text("INSERT INTO procrastinate_workers DEFAULT VALUES RETURNING id"))

        def running(task, worker, **kwargs):
            job = background.defer(task, **kwargs)
            db.session.execute(sa.text("UPDATE procrastinate_jobs SET status = 'doing', worker_id = :w "
                                       "WHERE id = :id"), {"w": worker, "id": job})
            return job

        lock = "job:vog-expiry"
        overtaken = running(SCHEDULED_JOB_TASK, dead, lock=lock, queueing_lock=lock, job_id="vog-expiry")
        next_run = background.defer(SCHEDULED_JOB_TASK, lock=lock, queueing_lock=lock, job_id="vog-expiry")
        run = running("doemee.matching_run", dead, run_id="00000000-0000-0000-0000-000000000001")
        busy = running("doemee.matching_run", alive, run_id="00000000-0000-0000-0000-000000000002")
        db.session.commit()
        db.session.remove()

    result = app.test_cli_runner().invoke(args=["run-task", "doemee.retry_stalled_jobs", "timestamp=0"])
    assert result.exit_code == 0, result.output
    assert "2 stalled jobs: 1 retried" in result.output
    with app.app_context():
        status = dict(db.session.execute(sa.text("SELECT id, status::text FROM procrastinate_jobs")).all())
        db.session.remove()
    assert status == {overtaken: "failed", next_run: "todo", run: "todo", busy: "doing"}
