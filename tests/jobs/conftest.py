"""Fixtures of the job engine's tests: its tables emptied around each test that commits, and worker processes."""
from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys

import pytest
import sqlalchemy as sa

from tests.conftest import PG_URL, TEST_SECRET
from tests.support import real_clock_env, wait_for_exit

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ENGINE_TABLES = "procrastinate_events, procrastinate_periodic_defers, procrastinate_jobs, procrastinate_workers"


@pytest.fixture
def engine_tables(committing_app):
    """The engine's tables empty before and after the test (committing_app empties only our models' tables)."""
    from backend.extensions import db

    def empty():
        with committing_app.app_context():
            with db.engine.begin() as conn:
                conn.execute(sa.text(f"TRUNCATE {ENGINE_TABLES} CASCADE"))

    empty()
    yield committing_app
    empty()


def run_with_vog_expiry_broken(app, monkeypatch, caplog) -> None:
    """Defers housekeeping and the VOG-expiry job, whose function fails (with personal data in its message), and runs
    them with a worker in this process that stops once the queue is empty (wait=False)."""
    from backend import background
    from backend.extensions import db
    from backend.jobs.engine import SCHEDULED_JOB_TASK, build

    def broken():
        raise RuntimeError("boom with personal data anna@example.org")

    monkeypatch.setattr("backend.jobs.vog.warn_expiring_vogs", broken)
    with app.app_context():
        background.defer(SCHEDULED_JOB_TASK, job_id="housekeeping")
        background.defer(SCHEDULED_JOB_TASK, job_id="vog-expiry")
        db.session.commit()
        db.session.remove()
    caplog.set_level(logging.INFO)
    build(app).run_worker(wait=False, install_signal_handlers=False, listen_notify=False)


class Workers:
    """Worker processes (``python -m tests.jobs.worker``) on the test database; each one's output in a file."""

    def __init__(self, app, tmp_path):
        self.app, self.tmp_path, self.settings, self.procs = app, tmp_path, {}, []

    def start(self) -> subprocess.Popen:
        # The child runs on the real clock (see tests.support.real_clock_env): heartbeats and due times are real.
        env = real_clock_env(DOEMEE_DATABASE_URL=PG_URL, DOEMEE_ENV="test", DOEMEE_SECRET_KEY=TEST_SECRET,
                             DOEMEE_WORKER_HEARTBEAT_SECONDS="1", DOEMEE_WORKER_STALLED_SECONDS="3",
                             DOEMEE_WORKER_CONCURRENCY="4", PYTHONUNBUFFERED="1",
                             **{f"DOEMEE_{k}": str(v) for k, v in self.settings.items()})
        log_path = self.tmp_path / f"worker{len(self.procs)}.log"
        with open(log_path, "w") as out:  # the child writes to its own copy of the file descriptor
            proc = subprocess.Popen([sys.executable, "-m", "tests.jobs.worker"], cwd=ROOT, env=env, stdout=out,
                                    stderr=subprocess.STDOUT)
        proc.log_path = log_path
        self.procs.append(proc)
        return proc

    @staticmethod
    def output(proc) -> str:
        with open(proc.log_path) as f:
            return f.read()

    def stop(self, proc, timeout: float = 60) -> int:
        proc.send_signal(signal.SIGTERM)
        try:
            return wait_for_exit(proc, timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise AssertionError(f"worker did not stop within {timeout} s of SIGTERM:\n{self.output(proc)}")

    def kill_all(self):
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


@pytest.fixture
def workers(engine_tables, tmp_path):
    """Worker processes; meanwhile this process keeps the real time too (a run of the suite at a pinned hour moves
    only this process' clock), so that what the test writes is due when the workers look."""
    import time_machine

    from backend.extensions import db

    if not PG_URL:
        pytest.skip("needs PostgreSQL (DOEMEE_TEST_DATABASE_URL)")
    with engine_tables.app_context():
        real_now = db.session.scalar(sa.text("SELECT clock_timestamp()"))
        db.session.remove()
    started = Workers(engine_tables, tmp_path)
    with time_machine.travel(real_now, tick=True):
        yield started
    started.kill_all()
