"""The health signal admins see: per job its last run, success and error; the outbox backlog and dead letters."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from backend.extensions import db
from backend.jobs.definitions import JOBS
from backend.jobs.models import JobHealth
from backend.models_base import utcnow
from backend.notifications.models import OutboxMessage

# A job is unhealthy when it has not succeeded for this many of its periods.
MISSED_PERIODS = 3


@dataclass(frozen=True)
class JobStatus:
    id: str
    description: str
    trigger: dict
    healthy: bool
    last_started_at: datetime | None
    last_success_at: datetime | None
    last_error_at: datetime | None
    last_error: str | None
    last_result: str | None
    last_duration_ms: int | None
    runs: int
    failures: int


@dataclass(frozen=True)
class OutboxStatus:
    pending: int
    sending: int
    dead: int
    oldest_due_at: datetime | None


@dataclass(frozen=True)
class HealthReport:
    jobs: list[JobStatus]
    outbox: OutboxStatus


def report() -> HealthReport:
    now = utcnow()
    rows = {h.job_id: h for h in db.session.scalars(sa.select(JobHealth))}
    jobs = []
    for job in JOBS:
        h = rows.get(job.id)
        recent = h is not None and h.last_success_at is not None and \
            h.last_success_at >= now - timedelta(seconds=MISSED_PERIODS * job.interval_seconds)
        last_failed = h is not None and h.last_error_at is not None and \
            (h.last_success_at is None or h.last_error_at > h.last_success_at)
        jobs.append(JobStatus(
            id=job.id, description=job.description, trigger=job.trigger,
            healthy=recent and not last_failed,
            **{f: getattr(h, f) if h else None for f in ("last_started_at", "last_success_at", "last_error_at",
                                                         "last_error", "last_result", "last_duration_ms")},
            runs=h.runs if h else 0, failures=h.failures if h else 0,
        ))
    return HealthReport(jobs, _outbox(now))


def _outbox(now) -> OutboxStatus:
    counts = dict(db.session.execute(sa.select(OutboxMessage.status, sa.func.count())
                                     .where(OutboxMessage.status != "sent").group_by(OutboxMessage.status)).all())
    oldest = db.session.scalar(sa.select(sa.func.min(OutboxMessage.next_attempt_at)).where(
        OutboxMessage.status.in_(("pending", "sending")), OutboxMessage.next_attempt_at <= now))
    return OutboxStatus(pending=counts.get("pending", 0), sending=counts.get("sending", 0),
                        dead=counts.get("dead", 0), oldest_due_at=oldest)
