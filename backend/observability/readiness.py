"""May this process take traffic? Each dependency checked as a request would meet it, with its name and a short
reason that holds no secret, no address and no exception text:

- ``database``: one ``SELECT 1`` on the app's own connection pool;
- ``redis`` (when DOEMEE_RATELIMIT_STORAGE_URL names one: the login throttles need it): a PING, with a short timeout;
- ``worker``: the job engine's newest heartbeat (procrastinate_workers) is at most DOEMEE_READY_WORKER_SECONDS old;
  without a worker nothing is delivered, reminded or matched;
- ``outbox``: no due message has waited more than DOEMEE_READY_OUTBOX_SECONDS (the workers run, but deliver nothing).

The last two read the database: while it is down they are "unknown", not failed.
"""
from __future__ import annotations

from dataclasses import dataclass

import redis
import sqlalchemy as sa

from backend.extensions import db
from backend.models_base import utcnow
from backend.notifications.models import OutboxMessage

REDIS_TIMEOUT_SECONDS = 2.0
OK, FAIL, UNKNOWN = "ok", "fail", "unknown"


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # ok, fail or unknown
    reason: str | None = None  # why it failed, in words fit for anyone to read


def check_all(config) -> list[Check]:
    database = check_database()
    checks = [database]
    if config["RATELIMIT_STORAGE_URL"].startswith("redis://"):
        checks.append(check_redis(config["RATELIMIT_STORAGE_URL"]))
    if database.status == OK:
        checks += [_read("worker", _check_worker, config["READY_WORKER_SECONDS"]),
                   _read("outbox", _check_outbox, config["READY_OUTBOX_SECONDS"])]
    else:
        checks += [Check("worker", UNKNOWN, "database unreachable"), Check("outbox", UNKNOWN, "database unreachable")]
    return checks


def check_database() -> Check:
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return Check("database", FAIL, "unreachable")
    return Check("database", OK)


def check_redis(url: str) -> Check:
    client = redis.Redis.from_url(url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
                                  socket_timeout=REDIS_TIMEOUT_SECONDS)
    try:
        client.ping()
    except redis.RedisError:
        return Check("redis", FAIL, "unreachable")
    finally:
        client.close()
    return Check("redis", OK)


def _read(name: str, check, limit: int) -> Check:
    if not limit:
        return Check(name, OK, "not checked")
    try:
        return check(limit)
    except sa.exc.SQLAlchemyError:
        # The database answers, but not with our tables: not migrated (yet), or the wrong database.
        db.session.rollback()
        return Check(name, FAIL, "its table cannot be read: is the database migrated?")


def _check_worker(limit: int) -> Check:
    last = db.session.scalar(sa.text("SELECT max(last_heartbeat) FROM procrastinate_workers"))
    if last is None:
        return Check("worker", FAIL, "no job worker is running")
    age = (utcnow() - last).total_seconds()
    if age > limit:
        return Check("worker", FAIL, f"last worker heartbeat {int(age)} s ago")
    return Check("worker", OK)


def _check_outbox(limit: int) -> Check:
    now = utcnow()
    oldest = db.session.scalar(sa.select(sa.func.min(OutboxMessage.next_attempt_at)).where(
        OutboxMessage.status.in_(("pending", "sending")), OutboxMessage.next_attempt_at <= now))
    if oldest is not None and (now - oldest).total_seconds() > limit:
        return Check("outbox", FAIL, f"a due message has waited {int((now - oldest).total_seconds())} s")
    return Check("outbox", OK)
