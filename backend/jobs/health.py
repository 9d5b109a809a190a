"""The health signal admins see: per job its last run, success and error; the outbox backlog and dead letters."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from backend.extensions import db
from backend.jobs.definitions import JOBS
from backend.jobs.models import JobHealth
from backend.models_base import utcnow
from backend.notifications.models import OutboxMessage

# A job is unhealthy when it has not succeeded for this many of its periods.
MISSED_PERIODS = 3


def report() -> dict:
    now = utcnow()
    rows = {h.job_id: h for h in db.session.scalars(sa.select(JobHealth))}
    jobs = []
    for job in JOBS:
        h = rows.get(job.id)
        recent = h is not None and h.last_success_at is not None and \
            h.last_success_at >= now - timedelta(seconds=MISSED_PERIODS * job.interval_seconds)
        last_failed = h is not None and h.last_error_at is not None and \
            (h.last_success_at is None or h.last_error_at > h.last_success_at)
        jobs.append({
            "id": job.id, "description": job.description, "trigger": job.trigger,
            "healthy": recent and not last_failed,
            **{f: getattr(h, f) if h else None for f in ("last_started_at", "last_success_at", "last_error_at",
                                                           "last_error", "last_result", "last_duration_ms")},
            "runs": h.runs if h else 0, "failures": h.failures if h else 0,
        })
    return {"jobs": jobs, "outbox": _outbox(now)}


def _outbox(now) -> dict:
    counts = dict(db.session.execute(sa.select(OutboxMessage.status, sa.func.count())
                                     .where(OutboxMessage.status != "sent").group_by(OutboxMessage.status)).all())
    oldest = db.session.scalar(sa.select(sa.func.min(OutboxMessage.next_attempt_at)).where(
        OutboxMessage.status.in_(("pending", "sending")), OutboxMessage.next_attempt_at <= now))
    return {"pending": counts.get("pending", 0), "sending": counts.get("sending", 0), "dead": counts.get("dead", 0),
            "oldest_due_at": oldest}
