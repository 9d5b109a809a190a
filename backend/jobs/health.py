"""The health signal admins see (GET /api/v1/admin/jobs, ``flask jobs``), read from the job engine's own tables:

- per scheduled job: its last start, success and failure, its runs and failures (of the jobs the engine still
  keeps: housekeeping deletes finished ones after ENGINE_JOBS_RETENTION_HOURS, the last of each kind excepted),
  and its queue (waiting runs and since when);
- the engine as a whole: jobs waiting and running, the oldest waiting, and the workers alive;
- the outbox backlog and dead letters.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from backend.extensions import db
from backend.jobs.common import config
from backend.jobs.definitions import JOBS, SCHEDULED_JOB_TASK
from backend.models_base import utcnow
from backend.notifications.models import OutboxMessage

# A job is unhealthy when it has not succeeded for this many of its periods.
MISSED_PERIODS = 3


@dataclass(frozen=True)
class JobStatus:
    id: str
    description: str
    trigger: str
    healthy: bool
    last_started_at: datetime | None
    last_success_at: datetime | None
    last_error_at: datetime | None
    runs: int
    failures: int
    waiting: int
    waiting_since: datetime | None


@dataclass(frozen=True)
class EngineStatus:
    waiting: int
    running: int
    oldest_waiting_since: datetime | None
    workers: int


@dataclass(frozen=True)
class OutboxStatus:
    pending: int
    sending: int
    dead: int
    oldest_due_at: datetime | None


@dataclass(frozen=True)
class HealthReport:
    jobs: list[JobStatus]
    engine: EngineStatus
    outbox: OutboxStatus


_HISTORY = sa.text("""
    SELECT j.args->>'job_id' AS job_id,
           max(e.at) FILTER (WHERE e.type = 'started') AS last_started_at,
           max(e.at) FILTER (WHERE e.type = 'succeeded') AS last_success_at,
           max(e.at) FILTER (WHERE e.type = 'failed') AS last_error_at,
           count(*) FILTER (WHERE e.type IN ('succeeded', 'failed')) AS runs,
           count(*) FILTER (WHERE e.type = 'failed') AS failures
      FROM procrastinate_jobs j JOIN procrastinate_events e ON e.job_id = j.id
     WHERE j.task_name = :task
     GROUP BY 1""")

# Waiting jobs, per scheduled job (NULL for every other task), since their deferral.
_WAITING = sa.text("""
    SELECT CASE WHEN j.task_name = :task THEN j.args->>'job_id' END AS job_id,
           count(*) AS waiting, min(COALESCE(j.scheduled_at, e.at)) AS since
      FROM procrastinate_jobs j LEFT JOIN procrastinate_events e ON e.job_id = j.id AND e.type = 'deferred'
     WHERE j.status = 'todo'
     GROUP BY 1""")


def report() -> HealthReport:
    now = utcnow()
    history = {r.job_id: r for r in db.session.execute(_HISTORY, {"task": SCHEDULED_JOB_TASK})}
    waiting = {r.job_id: r for r in db.session.execute(_WAITING, {"task": SCHEDULED_JOB_TASK})}
    jobs = []
    for job in JOBS:
        h, w = history.get(job.id), waiting.get(job.id)
        recent = h is not None and h.last_success_at is not None and \
            h.last_success_at >= now - timedelta(seconds=MISSED_PERIODS * job.interval_seconds)
        last_failed = h is not None and h.last_error_at is not None and \
            (h.last_success_at is None or h.last_error_at > h.last_success_at)
        jobs.append(JobStatus(
            id=job.id, description=job.description, trigger=job.trigger, healthy=recent and not last_failed,
            last_started_at=h and h.last_started_at, last_success_at=h and h.last_success_at,
            last_error_at=h and h.last_error_at, runs=h.runs if h else 0, failures=h.failures if h else 0,
            waiting=w.waiting if w else 0, waiting_since=w and w.since))
    return HealthReport(jobs, _engine(waiting), _outbox(now))


def _engine(waiting: dict) -> EngineStatus:
    running = db.session.scalar(sa.text("SELECT count(*) FROM procrastinate_jobs WHERE status = 'doing'"))
    workers = db.session.scalar(sa.text(
        "SELECT count(*) FROM procrastinate_workers WHERE last_heartbeat >= now() - make_interval(secs => :s)"),
        {"s": config()["WORKER_STALLED_SECONDS"]})
    since = [w.since for w in waiting.values() if w.since is not None]
    return EngineStatus(waiting=sum(w.waiting for w in waiting.values()), running=running,
                        oldest_waiting_since=min(since, default=None), workers=workers)


def _outbox(now) -> OutboxStatus:
    counts = dict(db.session.execute(sa.select(OutboxMessage.status, sa.func.count())
                                     .where(OutboxMessage.status != "sent").group_by(OutboxMessage.status)).all())
    oldest = db.session.scalar(sa.select(sa.func.min(OutboxMessage.next_attempt_at)).where(
        OutboxMessage.status.in_(("pending", "sending")), OutboxMessage.next_attempt_at <= now))
    return OutboxStatus(pending=counts.get("pending", 0), sending=counts.get("sending", 0),
                        dead=counts.get("dead", 0), oldest_due_at=oldest)


def prune_finished(now: datetime) -> int:
    """Housekeeping: delete the engine's finished jobs older than ENGINE_JOBS_RETENTION_HOURS, except the last
    of each kind (task, scheduled job, outcome), so that a weekly job's last success stays visible."""
    return db.session.execute(sa.text("""
        DELETE FROM procrastinate_jobs WHERE id IN (
            SELECT ranked.id FROM (
                SELECT j.id, row_number() OVER (PARTITION BY j.task_name, j.status, j.args->>'job_id'
                                                ORDER BY j.id DESC) AS newest
                  FROM procrastinate_jobs j
                 WHERE j.status IN ('succeeded', 'failed', 'cancelled', 'aborted')) ranked
             WHERE ranked.newest > 1
               AND NOT EXISTS (SELECT 1 FROM procrastinate_events e WHERE e.job_id = ranked.id AND e.at >= :before))
        """), {"before": now - timedelta(hours=config()["ENGINE_JOBS_RETENTION_HOURS"])}).rowcount
