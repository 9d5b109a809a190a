"""Running jobs: one at a time in an app context and its own transaction, with a health record; and the
scheduler process (APScheduler 3, blocking) with graceful shutdown on SIGTERM.

There must be exactly one scheduler process: APScheduler keeps its schedule in memory, so every process that
starts one runs every job. Web workers never start it (doemee/wsgi.py does not); ``serve-dev`` does, for
the embedded default only. Even so, jobs are safe to run twice (outbox keys), so an accidental second
scheduler costs work, not duplicate messages.
"""
from __future__ import annotations

import importlib
import logging
import signal
import threading
import time
from datetime import datetime, timedelta

import sqlalchemy as sa
from apscheduler.events import EVENT_SCHEDULER_START
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from backend.extensions import db
from backend.jobs.definitions import BY_ID, JOBS, JobDefinition
from backend.diagnosis import explain, where
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


def run_job(job_id: str) -> str:
    """Run one job now, in the current app context. Commits its work, records its health; re-raises failure
    after logging it (by type and place, or as a database condition explained, never by message)."""
    definition = BY_ID.get(job_id)
    if definition is None:
        raise UnknownJob(job_id)
    started = utcnow()
    clock = time.monotonic()
    try:
        _health(job_id).last_started_at = started
        db.session.commit()
        summary = str(_function(definition.function)() or "")
        db.session.commit()
    except Exception as exc:
        db.session.rollback()
        log.error("job %s failed: %s; it runs again at its next time (or now: flask run-job %s)",
                  job_id, explain(exc), job_id)
        _record_failure(job_id, exc, started, clock)
        raise
    health = _health(job_id)
    health.runs += 1
    health.last_finished_at = health.last_success_at = utcnow()
    health.last_result = summary[:200]
    health.last_duration_ms = int((time.monotonic() - clock) * 1000)
    db.session.commit()
    log.info("job %s done in %d ms: %s", job_id, health.last_duration_ms, summary)
    return summary


def _record_failure(job_id: str, exc: Exception, started: datetime, clock: float) -> None:
    try:
        health = _health(job_id)
        health.last_started_at = health.last_started_at or started
        health.runs, health.failures = health.runs + 1, health.failures + 1
        health.last_finished_at = health.last_error_at = utcnow()
        health.last_error = where(exc)
        health.last_duration_ms = int((time.monotonic() - clock) * 1000)
        db.session.commit()
    except sa.exc.SQLAlchemyError:  # the database itself is the trouble (logged above); nothing to record into
        db.session.rollback()


def _run_in_app(app, job_id: str) -> None:
    with app.app_context():
        try:
            run_job(job_id)
        except Exception:  # noqa: BLE001 - the scheduler carries on; run_job logged and recorded the failure
            db.session.rollback()
        finally:
            db.session.remove()


def _trigger(job: JobDefinition, timezone: str):
    options = dict(job.trigger)
    kind = options.pop("type")
    if kind == "interval":
        return IntervalTrigger(timezone=timezone, **options)
    if kind == "cron":
        return CronTrigger(timezone=timezone, **options)
    raise ValueError(f"job {job.id}: unknown trigger type {kind!r}")


def first_run_time(job: JobDefinition, trigger, last_started: datetime | None, now: datetime) -> datetime:
    """When a freshly started scheduler first runs ``job``.

    Its next regular time, unless a time was missed while no scheduler ran: the job last started before a time
    that has passed, at most ``grace_seconds`` ago. Then it runs once now (not once per missed time). A job that
    never ran on this installation has missed nothing: it waits for its first time, so that starting a new
    installation (or ``make run`` at night) does not run every job at once.
    """
    regular = trigger.get_next_fire_time(None, now)
    if last_started is None:
        return regular
    if isinstance(trigger, IntervalTrigger):
        missed = last_started + trigger.interval <= now
    else:
        since = max(last_started + timedelta(microseconds=1), now - timedelta(seconds=job.grace_seconds))
        slot = trigger.get_next_fire_time(None, since)
        missed = slot is not None and slot <= now
    return now if missed else regular


def _last_starts(app) -> dict:
    with app.app_context():
        try:
            return {h.job_id: h.last_started_at for h in db.session.scalars(sa.select(JobHealth))}
        except sa.exc.SQLAlchemyError as exc:
            db.session.rollback()
            log.warning("scheduler: job history unreadable (%s); no missed runs are made up", explain(exc))
            return {}
        finally:
            db.session.remove()


def build_scheduler(app, *, background: bool = False):
    config = app.extensions["doemee_config"]
    cls = BackgroundScheduler if background else BlockingScheduler
    # SQLite has one writer at a time: jobs in parallel would only wait for each other (or fail to).
    workers = 1 if config["DATABASE_URL"].startswith("sqlite") else 4
    scheduler = cls(timezone=config["TIMEZONE"], executors={"default": ThreadPoolExecutor(workers)})
    last_starts = _last_starts(app)
    now = utcnow()
    for job in JOBS:
        trigger = _trigger(job, config["TIMEZONE"])
        first = first_run_time(job, trigger, last_starts.get(job.id), now)
        if first == now:
            log.info("job %s missed its time while no scheduler ran: running it once now", job.id)
        scheduler.add_job(_run_in_app, trigger, args=[app, job.id], id=job.id, name=job.description or job.id,
                          coalesce=job.coalesce, misfire_grace_time=job.grace_seconds,
                          max_instances=job.max_instances, replace_existing=True, next_run_time=first)
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
