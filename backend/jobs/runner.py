"""Running jobs: one at a time in an app context and its own transaction, with a health record; and the
scheduler process (APScheduler 3, blocking) with graceful shutdown on SIGTERM.

There must be exactly one scheduler process: APScheduler keeps its schedule in memory, so every process that
starts one runs every job. Web workers never start it (backend/wsgi.py does not); ``serve-dev`` does, for
the embedded default only. Even so, jobs are safe to run twice (outbox keys), so an accidental second
scheduler costs work, not duplicate messages.
"""
from __future__ import annotations

import importlib
import logging
import signal
import threading
import time
import traceback

from apscheduler.events import EVENT_SCHEDULER_START
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from backend.extensions import db
from backend.jobs.definitions import BY_ID, JOBS
from backend.jobs.models import JobHealth
from backend.models_base import utcnow

log = logging.getLogger("doemee.jobs")


class UnknownJob(KeyError):
    pass


def _function(path: str):
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def _health(job_id: str) -> JobHealth:
    row = db.session.get(JobHealth, job_id)
    if row is None:
        row = JobHealth(job_id=job_id, runs=0, failures=0)
        db.session.add(row)
    return row


def _where(exc: BaseException) -> str:
    """Type and place of an error, never its message (which can carry personal data)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/backend/" in f.filename] or frames
    place = f" at {ours[-1].filename.rsplit('/', 1)[-1]}:{ours[-1].lineno}" if ours else ""
    return f"{type(exc).__name__}{place}"[:300]


def run_job(job_id: str) -> str:
    """Run one job now, in the current app context. Commits its work, records its health; re-raises failure."""
    definition = BY_ID.get(job_id)
    if definition is None:
        raise UnknownJob(job_id)
    started = utcnow()
    clock = time.monotonic()
    _health(job_id).last_started_at = started
    db.session.commit()
    try:
        summary = str(_function(definition.function)() or "")
        db.session.commit()
    except Exception as exc:
        db.session.rollback()
        health = _health(job_id)
        health.runs, health.failures = health.runs + 1, health.failures + 1
        health.last_finished_at = health.last_error_at = utcnow()
        health.last_error = _where(exc)
        health.last_duration_ms = int((time.monotonic() - clock) * 1000)
        db.session.commit()
        log.error("job %s failed: %s", job_id, health.last_error)
        raise
    health = _health(job_id)
    health.runs += 1
    health.last_finished_at = health.last_success_at = utcnow()
    health.last_result = summary[:200]
    health.last_duration_ms = int((time.monotonic() - clock) * 1000)
    db.session.commit()
    log.info("job %s done in %d ms: %s", job_id, health.last_duration_ms, summary)
    return summary


def _run_in_app(app, job_id: str) -> None:
    with app.app_context():
        try:
            run_job(job_id)
        except Exception as exc:  # noqa: BLE001 - the scheduler carries on; run_job recorded what it could
            db.session.rollback()
            log.error("job %s did not complete: %s", job_id, _where(exc))
        finally:
            db.session.remove()


def build_scheduler(app, *, background: bool = False):
    config = app.extensions["doemee_config"]
    cls = BackgroundScheduler if background else BlockingScheduler
    # SQLite has one writer at a time: jobs in parallel would only wait for each other (or fail to).
    workers = 1 if config["DATABASE_URL"].startswith("sqlite") else 4
    scheduler = cls(timezone=config["TIMEZONE"], executors={"default": ThreadPoolExecutor(workers)})
    for job in JOBS:
        trigger = dict(job.trigger)
        kind = trigger.pop("type")
        scheduler.add_job(_run_in_app, kind, args=[app, job.id], id=job.id, name=job.description or job.id,
                          coalesce=job.coalesce, misfire_grace_time=job.misfire_grace_time,
                          max_instances=job.max_instances, replace_existing=True, **trigger)
    return scheduler


def run_scheduler(app) -> None:
    """The scheduler process: blocks until SIGTERM or SIGINT, then lets running jobs finish their transaction."""
    scheduler = build_scheduler(app)
    stopping = threading.Event()

    def stop(signum, _frame):
        log.info("scheduler stopping (signal %s); waiting for running jobs", signum)
        stopping.set()
        if scheduler.running:
            scheduler.shutdown(wait=True)
        # else: not started yet; the start listener below sees the flag

    def started(_event):
        log.info("scheduler started with %d jobs", len(JOBS))
        if stopping.is_set():
            scheduler.shutdown(wait=True)

    scheduler.add_listener(started, EVENT_SCHEDULER_START)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    scheduler.start()
    log.info("scheduler stopped")
