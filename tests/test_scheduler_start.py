"""Starting the scheduler (run-scheduler, or serve-dev / make run) runs only what is due: nothing runs because
the process started; a job that missed its time while no scheduler ran runs once, not once per missed time.
And when the database server is down, the relay, the jobs and the requests say so in words an operator can act on."""
import logging
import threading
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
import time_machine

from doemee.app import create_app
from backend.devdb import free_port
from backend.extensions import db
from backend.jobs.models import JobHealth
from tests.conftest import app_config
from tests.support import pause

AMS = ZoneInfo("Europe/Amsterdam")
# A Wednesday night, as in the report: 2027-03-10 02:39 Amsterdam time.
WEDNESDAY_NIGHT = datetime(2027, 3, 10, 2, 39, tzinfo=AMS)
# When each job last ran before the scheduler went down (Amsterdam time); every other job never ran here.
LAST_RUNS = {
    "recommendation-digest": datetime(2027, 2, 27, 9, 30, 5, tzinfo=AMS),  # Sat; missed Sat 6 March (days ago)
    "milestones": datetime(2027, 3, 8, 7, 0, 5, tzinfo=AMS),               # Mon; missed Tue 07:00 (last night)
    "thank-yous": datetime(2027, 3, 1, 9, 0, 5, tzinfo=AMS),               # missed 8 mornings, the last yesterday
    "housekeeping": datetime(2027, 3, 9, 3, 30, 5, tzinfo=AMS),            # Tue 03:30; next is Wed 03:30: not due
    "shift-reminders": datetime(2027, 3, 9, 23, 0, 0, tzinfo=AMS),         # every 5 minutes; missed many
}
MADE_UP = {"milestones", "thank-yous", "shift-reminders"}


def _runs(app) -> dict:
    with app.app_context():
        try:
            return {h.job_id: h.runs for h in db.session.scalars(sa.select(JobHealth))}
        finally:
            db.session.remove()


@pytest.fixture
def stopped_installation(fresh_database):
    """An installation whose scheduler ran the jobs above at their times and was then down for a while."""
    app = create_app(app_config(fresh_database))
    cli = app.test_cli_runner()
    for job_id, moment in sorted(LAST_RUNS.items(), key=lambda item: item[1]):
        with time_machine.travel(moment, tick=False):
            result = cli.invoke(args=["run-job", job_id])
            assert result.exit_code == 0, result.output
    assert _runs(app) == {job_id: 1 for job_id in LAST_RUNS}
    yield app
    with app.app_context():
        db.engine.dispose()


def _start(app, how: str):
    if how == "run-scheduler":  # the scheduler process builds its scheduler the same way, blocking
        from backend.jobs.runner import build_scheduler

        scheduler = build_scheduler(app, background=True)
        scheduler.start()
        return lambda: scheduler.shutdown(wait=True)
    from backend.jobs.cli import start_in_process  # serve-dev (make run): scheduler and relay threads

    scheduler, stop = start_in_process(app)

    def shutdown():
        stop.set()
        scheduler.shutdown(wait=True)
    return shutdown


@pytest.mark.parametrize("how", ["run-scheduler", "serve-dev"])
def test_start_runs_only_due_jobs_and_a_missed_one_once(stopped_installation, how, caplog):
    app = stopped_installation
    caplog.set_level(logging.INFO, logger="doemee")
    with time_machine.travel(WEDNESDAY_NIGHT, tick=True):
        shutdown = _start(app, how)
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                runs = _runs(app)
                if all(runs.get(job_id) == 2 for job_id in MADE_UP):
                    break
                pause(0.2)  # (not time.sleep: see tests.support.pause)
            pause(2)  # a second run of anything, or a run of another job, would show by now
            runs = _runs(app)
        finally:
            shutdown()
    # Missed while down: run once now (not once per missed morning or five minutes).
    assert {job_id: runs[job_id] for job_id in MADE_UP} == {job_id: 2 for job_id in MADE_UP}
    # Not due: the weekly digest is not sent on a Wednesday night (its Saturday is days ago), housekeeping's
    # time is still to come, and jobs that never ran here wait for their first time.
    assert runs["recommendation-digest"] == 1 and runs["housekeeping"] == 1
    assert set(runs) == set(LAST_RUNS)
    assert "job milestones missed its time while no scheduler ran: running it once now" in caplog.text
    assert "recommendation-digest missed" not in caplog.text


def test_scheduler_plans_every_job_for_its_next_time_on_a_fresh_installation(fresh_database):
    from backend.jobs.runner import build_scheduler

    app = create_app(app_config(fresh_database))
    with time_machine.travel(WEDNESDAY_NIGHT, tick=False):
        jobs = {job.id: job.next_run_time for job in build_scheduler(app, background=True).get_jobs()}
    assert jobs["recommendation-digest"] == datetime(2027, 3, 13, 9, 30, tzinfo=AMS)
    assert jobs["housekeeping"] == datetime(2027, 3, 10, 3, 30, tzinfo=AMS)
    assert jobs["shift-reminders"] == datetime(2027, 3, 10, 2, 44, tzinfo=AMS)
    assert min(jobs.values()) > WEDNESDAY_NIGHT
    with app.app_context():
        db.engine.dispose()


UNREACHABLE = "database unreachable: check DOEMEE_DATABASE_URL and that the database server runs"


@pytest.fixture
def server_down():
    """An installation whose database server is down (nobody listens on its port)."""
    app = create_app(app_config(f"postgresql://postgres@127.0.0.1:{free_port()}/doemee"))
    yield app
    with app.app_context():
        db.engine.dispose()


def test_relay_explains_a_database_server_that_is_down_and_carries_on(server_down, caplog):
    from backend.notifications.relay import run_relay

    caplog.set_level(logging.INFO, logger="doemee")
    assert run_relay(server_down, threading.Event(), once=True) == 0
    failures = [r for r in caplog.records if r.name == "doemee.relay" and r.levelno >= logging.WARNING]
    assert len(failures) == 1
    message = failures[0].getMessage()
    assert message.startswith(f"relay batch failed: {UNREACHABLE}")
    assert "retrying" in message
    assert message != "relay batch failed: OperationalError"


def test_job_explains_a_database_server_that_is_down(server_down, caplog):
    caplog.set_level(logging.INFO, logger="doemee")
    result = server_down.test_cli_runner().invoke(args=["run-job", "housekeeping"])
    assert result.exit_code != 0
    assert f"job housekeeping failed: {UNREACHABLE}" in result.output
    logged = [r.getMessage() for r in caplog.records if r.name == "doemee.jobs" and r.levelno >= logging.ERROR]
    assert len(logged) == 1
    assert logged[0].startswith(f"job housekeeping failed: {UNREACHABLE}")
    assert "flask run-job housekeeping" in logged[0]


def test_a_request_meeting_a_database_server_that_is_down_is_503_with_retry_after(server_down, caplog):
    from tests.support import ApiClient

    client = ApiClient(server_down)
    r = client.get("/api/v1/municipalities", headers={"Accept-Language": "en"})
    assert r.status_code == 503
    assert r.headers["Retry-After"] == "5"
    assert r.get_json()["title"] == "Service unavailable"
    assert UNREACHABLE in caplog.text
