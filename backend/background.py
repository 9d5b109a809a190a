"""Queue a background task in the current transaction (the job engine's workers run it, see backend/jobs/engine.py).

The job is a row of Procrastinate's queue, written through ``db.session`` like the domain rows it is about: it
exists exactly when the transaction that asked for it commits (no task for a run that was rolled back, no run
without its task), the same guarantee the outbox gives messages. Procrastinate's own ``defer`` uses a connection
of its own and so could not give it. The statement is the one ``defer`` runs (procrastinate_defer_jobs_v1), whose
insert also wakes a listening worker.
"""
from __future__ import annotations

import json

import sqlalchemy as sa

from backend.extensions import db

DEFAULT_QUEUE = "default"


def defer(task_name: str, *, lock: str | None = None, queueing_lock: str | None = None, **task_kwargs) -> int:
    """Queue ``task_name(**task_kwargs)`` (JSON values) in the current transaction; returns the job's id."""
    return db.session.execute(
        sa.text("SELECT unnest(procrastinate_defer_jobs_v1(ARRAY[ROW(:queue, :task, 0, :lock, :queueing_lock, "
                "CAST(:args AS jsonb), NULL::timestamptz)::procrastinate_job_to_defer_v1]))"),
        {"queue": DEFAULT_QUEUE, "task": task_name, "lock": lock, "queueing_lock": queueing_lock,
         "args": json.dumps(task_kwargs)}).scalar_one()
