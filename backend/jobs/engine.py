"""The job engine: Procrastinate on our PostgreSQL, its tasks, and the worker process.

- Every scheduled job (definitions.JOBS) is a periodic task. Procrastinate records each due time it defers in
  procrastinate_periodic_defers (unique per task, periodic id and time), so a due time runs once whatever the
  number of workers; a lock per job keeps two of its runs from overlapping, a queueing lock keeps at most one
  waiting (a job that fell behind runs once, not once per missed time).
- A matching run, and a file made for a staff member (backend/jobs/downloads.py: the letters PDF), is a task
  deferred in the transaction that records it (backend/background.py), so that it is queued exactly when it exists.
- A worker that dies (kill -9, a lost machine) stops sending heartbeats; every few seconds some worker retries
  the jobs of workers silent for WORKER_STALLED_SECONDS. Our tasks are safe to run again (outbox keys, a run
  that starts over), which is what makes that retry right.
- Each run of our tasks is counted (succeeded or failed, and its duration) in the metrics, by scheduled job id or task
  name (backend/observability/metrics.py).

Procrastinate's cron times are UTC; ours are local (DOEMEE_TIMEZONE): each periodic task gets a cron iterator in
that zone, so "0 10 * * *" is ten o'clock in Maassluis in winter and in summer.
"""
from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

import procrastinate
import sqlalchemy as sa
from croniter import croniter

from backend.diagnosis import explain
from backend.extensions import db
from backend.jobs.definitions import JOBS, SCHEDULED_JOB_TASK, JobDefinition
from backend.jobs.downloads import DOWNLOAD_TASK, make_download
from backend.jobs.runner import run_job
from backend.observability.metrics import job_run
from backend.recommendations.runs import MATCHING_RUN_TASK, execute_queued_run

log = logging.getLogger("doemee.jobs")

RETRY_STALLED_TASK = "doemee.retry_stalled_jobs"
# How often some worker looks for jobs of dead workers (six cron fields: the last one is seconds).
RETRY_STALLED_CRON = "* * * * * */10"
# A worker that starts within this long after a job's time makes that one time up (once), e.g. after a deploy.
MISSED_TIME_GRACE_SECONDS = 3600


class JobFailed(Exception):
    """A scheduled job failed (what and where, never the original message)."""


def conninfo(database_url: str) -> str:
    """libpq's form of our SQLAlchemy database URL (postgresql+psycopg://... -> postgresql://...)."""
    return sa.engine.make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


def build(flask_app, extra_jobs: tuple[JobDefinition, ...] = ()) -> procrastinate.App:
    """A Procrastinate app for ``flask_app``'s database with every task registered (not yet opened)."""
    config = flask_app.extensions["doemee_config"]
    connector = procrastinate.PsycopgConnector(conninfo=conninfo(config["DATABASE_URL"]),
                                               kwargs={"application_name": "doemee-worker"})
    engine = procrastinate.App(connector=connector,
                               periodic_defaults={"max_delay": MISSED_TIME_GRACE_SECONDS},
                               worker_defaults={"concurrency": config["WORKER_CONCURRENCY"],
                                                "update_heartbeat_interval": config["WORKER_HEARTBEAT_SECONDS"],
                                                "stalled_worker_timeout": config["WORKER_STALLED_SECONDS"]})
    zone = ZoneInfo(config["TIMEZONE"])
    definitions = {job.id: job for job in (*JOBS, *extra_jobs)}

    @engine.task(name=SCHEDULED_JOB_TASK)
    def scheduled_job(job_id: str, timestamp: int | None = None) -> str:
        with flask_app.app_context(), job_run(job_id):
            try:
                return run_job(job_id, definitions)
            except Exception as exc:  # logged by run_job; the engine records the failure
                # Re-raised without its message and cause, which the engine would log (they may name people).
                raise JobFailed(f"job {job_id} failed: {explain(exc)}") from None
            finally:
                db.session.remove()

    for job in definitions.values():
        key = f"job:{job.id}"
        engine.periodic(cron=job.trigger, periodic_id=job.id, task_kwargs={"job_id": job.id},
                        lock=key, queueing_lock=key)(scheduled_job)
        periodic = engine.periodic_registry.periodic_tasks[(SCHEDULED_JOB_TASK, job.id)]
        # Procrastinate reads a cron as UTC; an iterator that starts from a time in our zone keeps that zone.
        periodic.__dict__["croniter"] = croniter(job.trigger, datetime.now(zone))

    @engine.task(name=MATCHING_RUN_TASK)
    def matching_run(run_id: str) -> str:
        with flask_app.app_context(), job_run(MATCHING_RUN_TASK):
            try:
                return execute_queued_run(run_id)
            finally:
                db.session.remove()

    @engine.task(name=DOWNLOAD_TASK)
    def download(download_id: str) -> str:
        with flask_app.app_context(), job_run(DOWNLOAD_TASK):
            try:
                return make_download(download_id)
            finally:
                db.session.remove()

    # No engine lock on the check itself: a worker killed while it checks leaves its check "doing", and a lock would
    # keep every later check waiting for that one, which only a check can end. Two checks at once are harmless.
    @engine.periodic(cron=RETRY_STALLED_CRON, periodic_id="retry-stalled-jobs")
    @engine.task(name=RETRY_STALLED_TASK, queueing_lock=RETRY_STALLED_TASK)
    async def retry_stalled_jobs(timestamp: int) -> str:
        stalled = await engine.job_manager.get_stalled_jobs(seconds_since_heartbeat=config["WORKER_STALLED_SECONDS"])
        retried = 0
        for job in stalled:
            try:
                await engine.job_manager.retry_job(job)
            except procrastinate.exceptions.UniqueViolation:
                # A scheduled job's next due time is already queued (its queueing lock): that run replaces this
                # one, which ends as failed.
                log.warning("job %s (%s) lost its worker; its next run is queued already", job.id, job.task_name)
                await engine.job_manager.finish_job(job, status=procrastinate.jobs.Status.FAILED, delete_job=False)
            except procrastinate.exceptions.ConnectorException:
                log.info("job %s (%s) was retried by another check meanwhile", job.id, job.task_name)
            else:
                log.warning("job %s (%s) lost its worker; retrying it", job.id, job.task_name)
                retried += 1
        return f"{len(stalled)} stalled jobs: {retried} retried"

    return engine


def run_worker(flask_app, *, concurrency: int | None = None, extra_jobs: tuple[JobDefinition, ...] = ()) -> None:
    """The worker process: runs due periodic jobs and queued tasks until SIGTERM or SIGINT (running jobs finish
    first). Any number of workers may run, on any number of machines."""
    engine = build(flask_app, extra_jobs)
    options = {"concurrency": concurrency} if concurrency else {}
    log.info("worker started with %d scheduled jobs", len(JOBS) + len(extra_jobs))
    engine.run_worker(**options)
    log.info("worker stopped")
