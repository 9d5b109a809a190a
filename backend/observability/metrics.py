"""Prometheus metrics (prometheus-client), read at ``/metrics`` (backend/observability/endpoints.py).

Counted where they happen, in the process they happen in: requests (backend/http/observe.py), database connections in
use (pool events), job runs (the job engine's tasks), what users did (``business``). With PROMETHEUS_MULTIPROC_DIR set
(gunicorn with several workers, and job workers on the same machine), every process writes its counts to files in that
directory and a scrape adds them up; without it, a scrape sees its own process only.

Read from the database at each scrape, so the same whichever process answers: the outbox backlog and the wait of its
oldest due message, the job engine's queue, the workers alive. A scrape that cannot reach the database leaves those
out and says so (``doemee_database_up 0``).

Labels are bounded sets: a route is the URL rule (``/api/v1/opportunities/<uuid:opportunity_id>``), never the path
that was asked for; a task is a task name or a scheduled job's id.
"""
from __future__ import annotations

import atexit
import os
import time
from contextlib import contextmanager
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

from backend.extensions import db
from backend.models_base import utcnow
from backend.notifications.models import OutboxMessage

# In multiprocess mode a metric writes to its file in that directory as soon as it is made (those below: at import):
# the directory must exist by then, whichever command imports this first (gunicorn, `flask worker`, `flask db upgrade`).
# A process' gauges of connections in use count while it lives: at its exit they go (a command such as `flask db
# upgrade` included; gunicorn's workers also by its hook, backend/observability/gunicorn.py).
if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)
    atexit.register(multiprocess.mark_process_dead, os.getpid())

REQUESTS = Counter("doemee_http_requests", "Requests answered, by method, route (the URL rule) and status",
                   ["method", "route", "status"])
REQUEST_SECONDS = Histogram("doemee_http_request_duration_seconds", "Time to answer a request, by method and route",
                            ["method", "route"],
                            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0))
DB_CONNECTIONS_IN_USE = Gauge("doemee_db_pool_connections_in_use", "Database connections checked out of the pools",
                              multiprocess_mode="livesum")
DB_CONNECTIONS_LIMIT = Gauge("doemee_db_pool_connections_limit", "Most connections the pools may hold (size + overflow)",
                             multiprocess_mode="livesum")
JOBS = Counter("doemee_jobs", "Job runs ended, by task (a scheduled job's id or a task name) and outcome",
               ["task", "outcome"])
JOB_SECONDS = Histogram("doemee_job_duration_seconds", "Time a job run took, by task", ["task"],
                        buckets=(0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 3600.0))
EVENTS = Counter("doemee_events", "What users did, counted when it was committed, by event", ["event"])


@contextmanager
def job_run(task: str):
    """Count one run of ``task``: succeeded or failed (it raised), and how long it took."""
    started = time.perf_counter()
    try:
        yield
    except BaseException:
        JOBS.labels(task, "failed").inc()
        raise
    else:
        JOBS.labels(task, "succeeded").inc()
    finally:
        JOB_SECONDS.labels(task).observe(time.perf_counter() - started)


def watch_pool(engine: sa.Engine, limit: int) -> None:
    """Count the connections ``engine``'s pool hands out and takes back."""
    DB_CONNECTIONS_LIMIT.set(limit)
    sa.event.listen(engine, "checkout", lambda *_: DB_CONNECTIONS_IN_USE.inc())
    sa.event.listen(engine, "checkin", lambda *_: DB_CONNECTIONS_IN_USE.dec())


def exposition() -> bytes:
    """Every metric in Prometheus' text format (call inside an app context: the database gauges read it)."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())
    registry.register(_DatabaseGauges())
    return generate_latest(registry)


class _ThisProcess:
    """The process' own metrics (the default registry: ours, and the process' memory, CPU and open files)."""

    def collect(self):
        yield from REGISTRY.collect()


_ENGINE = sa.text("""SELECT status, count(*) FROM procrastinate_jobs WHERE status IN ('todo', 'doing') GROUP BY status""")
_WORKERS = sa.text("""SELECT count(*) FROM procrastinate_workers WHERE last_heartbeat >= :since""")


class _DatabaseGauges:
    def collect(self):
        up = GaugeMetricFamily("doemee_database_up", "Whether this scrape could read the database (1) or not (0)")
        try:
            families = list(self._read())
        except sa.exc.SQLAlchemyError:  # (the session is closed at the end of the request)
            families = []
        up.add_metric([], 1 if families else 0)
        yield up
        yield from families

    @staticmethod
    def _read():
        now = utcnow()
        backlog = GaugeMetricFamily("doemee_outbox_messages", "Outbox messages not sent, by status", labels=["status"])
        due = sa.and_(OutboxMessage.status.in_(("pending", "sending")), OutboxMessage.next_attempt_at <= now)
        rows = db.session.execute(
            sa.select(OutboxMessage.status, sa.func.count().label("messages"),
                      sa.func.min(OutboxMessage.next_attempt_at).filter(due).label("due"))
            .where(OutboxMessage.status != "sent").group_by(OutboxMessage.status)).all()
        counts = {row.status: row.messages for row in rows}
        for status in ("pending", "sending", "dead"):
            backlog.add_metric([status], counts.get(status, 0))
        oldest = min((row.due for row in rows if row.due is not None), default=None)
        age = GaugeMetricFamily("doemee_outbox_oldest_due_seconds",
                                "How long the oldest due outbox message has waited to be delivered (0: none waits)")
        age.add_metric([], max((now - oldest).total_seconds(), 0.0) if oldest else 0.0)
        engine = GaugeMetricFamily("doemee_engine_jobs", "Jobs of the job engine waiting (todo) or running (doing)",
                                   labels=["status"])
        jobs = dict(db.session.execute(_ENGINE).all())
        for status in ("todo", "doing"):
            engine.add_metric([status], jobs.get(status, 0))
        # A worker counts as alive as long as the engine does not take it for dead (DOEMEE_WORKER_STALLED_SECONDS).
        stalled = current_app.extensions["doemee_config"]["WORKER_STALLED_SECONDS"]
        workers = GaugeMetricFamily("doemee_workers_alive", "Job workers whose heartbeat is recent")
        workers.add_metric([], db.session.scalar(_WORKERS, {"since": now - timedelta(seconds=stalled)}))
        return backlog, age, engine, workers

