"""Liveness and readiness: /health/live answers whatever is down; /health/ready answers 503 while a dependency
fails and names it, without an address, a secret or a stack trace (the old /api/v1/health is
tests/http/test_service.py's)."""
import os
import socket
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
import time_machine

from backend.devdb import free_port
from backend.notifications.models import OutboxMessage
from tests.conftest import PG_URL
from tests.support import ApiClient

NOW = datetime(2026, 3, 10, 14, 0, tzinfo=timezone.utc)


@pytest.fixture
def pinned():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def worker_heartbeat(db_session):
    """Sets the only job worker's last heartbeat (the engine's own table)."""

    def beat(at: datetime) -> None:
        db_session.execute(sa.text("DELETE FROM procrastinate_workers"))
        db_session.execute(sa.text("INSERT INTO procrastinate_workers (last_heartbeat) VALUES (:at)"), {"at": at})
        db_session.commit()

    return beat


def _closed_port_url(scheme: str) -> str:
    # A port on this machine that nobody listens on: the server is down, the connection is refused.
    return f"{scheme}://127.0.0.1:{free_port()}/0" if scheme == "redis" else \
        f"postgresql://postgres:topsecret@127.0.0.1:{free_port()}/doemee"


def _assert_nothing_secret(body: str) -> None:
    for leak in ("127.0.0.1", "topsecret", "postgres", "redis://", "Traceback", "Error", "psycopg"):
        assert leak not in body, leak


def test_live_answers_without_touching_the_database(own_app):
    app = own_app(_closed_port_url("postgresql"))
    r = app.test_client().get("/health/live")
    assert r.status_code == 200 and r.get_json() == {"status": "ok"}
    assert r.headers["Cache-Control"] == "no-store"


def test_ready_fails_while_the_database_is_unreachable_and_says_so(own_app):
    app = own_app(_closed_port_url("postgresql"))
    r = app.test_client().get("/health/ready")
    assert r.status_code == 503 and r.mimetype == "application/json"
    body = r.get_json()
    assert body["status"] == "fail" and body["failing"] == ["database"]
    assert body["checks"]["database"] == {"status": "fail", "reason": "unreachable"}
    # What needs the database to be checked is not known, not failed.
    assert body["checks"]["worker"]["status"] == "unknown" and body["checks"]["outbox"]["status"] == "unknown"
    assert "redis" not in body["checks"]  # not configured: rate limits in memory
    _assert_nothing_secret(r.get_data(as_text=True))


def test_ready_fails_on_a_database_host_that_takes_the_connection_and_never_answers(own_app):
    # A server that accepts the TCP connection (the kernel does, from the backlog) and never says a word: without
    # a connect timeout the check would wait for good.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        app = own_app(f"postgresql://postgres@127.0.0.1:{silent.getsockname()[1]}/doemee", DB_CONNECT_TIMEOUT_SECONDS=1)
        r = app.test_client().get("/health/ready")
    assert r.status_code == 503
    assert r.get_json()["checks"]["database"] == {"status": "fail", "reason": "unreachable"}


def test_ready_is_ok_when_everything_answers(client, worker_heartbeat, pinned):
    worker_heartbeat(NOW - timedelta(seconds=5))
    r = client.get("/health/ready")
    assert r.status_code == 200, r.get_json()
    assert r.get_json() == {"status": "ok", "failing": [], "checks": {
        "database": {"status": "ok"}, "worker": {"status": "ok"}, "outbox": {"status": "ok"}}}


def test_ready_fails_while_redis_is_unreachable(app_with, worker_heartbeat, pinned):
    with_redis = app_with(RATELIMIT_STORAGE_URL=_closed_port_url("redis"))
    worker_heartbeat(NOW - timedelta(seconds=5))
    r = with_redis.test_client().get("/health/ready")
    assert r.status_code == 503
    body = r.get_json()
    assert body["failing"] == ["redis"] and body["checks"]["redis"] == {"status": "fail", "reason": "unreachable"}
    assert body["checks"]["database"] == {"status": "ok"}
    _assert_nothing_secret(r.get_data(as_text=True))


@pytest.mark.skipif(not os.environ.get("DOEMEE_TEST_REDIS_URL"),
                    reason="set DOEMEE_TEST_REDIS_URL (CI does) to check a Redis that answers")
def test_ready_is_ok_with_a_redis_that_answers(app_with, worker_heartbeat, pinned):
    with_redis = app_with(RATELIMIT_STORAGE_URL=os.environ["DOEMEE_TEST_REDIS_URL"])
    worker_heartbeat(NOW - timedelta(seconds=5))
    r = with_redis.test_client().get("/health/ready")
    assert r.status_code == 200 and r.get_json()["checks"]["redis"] == {"status": "ok"}
    assert ApiClient(with_redis).get("/api/v1/health").get_json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_ready_fails_when_the_last_worker_heartbeat_is_stale(client, worker_heartbeat, pinned):
    worker_heartbeat(NOW - timedelta(seconds=121))  # DOEMEE_READY_WORKER_SECONDS: 120
    r = client.get("/health/ready")
    assert r.status_code == 503
    assert r.get_json()["failing"] == ["worker"]
    assert r.get_json()["checks"]["worker"] == {"status": "fail", "reason": "last worker heartbeat 121 s ago"}

    worker_heartbeat(NOW - timedelta(seconds=119))
    assert client.get("/health/ready").status_code == 200


def test_ready_fails_when_no_worker_ever_ran(client, db_session, pinned):
    db_session.execute(sa.text("DELETE FROM procrastinate_workers"))
    r = client.get("/health/ready")
    assert r.status_code == 503
    assert r.get_json()["checks"]["worker"] == {"status": "fail", "reason": "no job worker is running"}


def _message(session, key: str, due: datetime, status: str = "pending") -> None:
    session.add(OutboxMessage(dedupe_key=key, channel="email", template="signup_accepted", payload={},
                              status=status, next_attempt_at=due))
    session.commit()


def test_ready_fails_when_a_due_outbox_message_waits_too_long(client, db_session, worker_heartbeat, pinned):
    worker_heartbeat(NOW - timedelta(seconds=5))
    # Delivered long ago, dead-lettered, or due only later (quiet hours): none of these is waiting.
    _message(db_session, "observe:sent", NOW - timedelta(days=2), status="sent")
    _message(db_session, "observe:dead", NOW - timedelta(days=2), status="dead")
    _message(db_session, "observe:later", NOW + timedelta(hours=8))
    _message(db_session, "observe:recent", NOW - timedelta(seconds=60))
    assert client.get("/health/ready").status_code == 200

    _message(db_session, "observe:old", NOW - timedelta(minutes=20))  # DOEMEE_READY_OUTBOX_SECONDS: 900
    r = client.get("/health/ready")
    assert r.status_code == 503
    assert r.get_json()["failing"] == ["outbox"]
    assert r.get_json()["checks"]["outbox"] == {"status": "fail", "reason": "a due message has waited 1200 s"}


def test_the_checks_can_be_switched_off(app_with, db_session, pinned):
    db_session.execute(sa.text("DELETE FROM procrastinate_workers"))
    _message(db_session, "observe:old", NOW - timedelta(hours=3))
    relaxed = app_with(READY_WORKER_SECONDS=0, READY_OUTBOX_SECONDS=0)
    r = relaxed.test_client().get("/health/ready")
    assert r.status_code == 200
    assert r.get_json()["checks"]["worker"] == {"status": "ok", "reason": "not checked"}


def test_the_apps_health_path_fails_while_redis_is_unreachable(app_with):
    # /api/v1/health (the app's) said "ok" while every login failed on a Redis that was down.
    with_redis = app_with(RATELIMIT_STORAGE_URL=_closed_port_url("redis"))
    r = ApiClient(with_redis).get("/api/v1/health")
    assert r.status_code == 503 and r.mimetype == "application/problem+json"
    _assert_nothing_secret(r.get_data(as_text=True))


def test_ready_fails_on_a_database_that_was_never_migrated(own_app):
    from tests import databases

    url = databases.create_database(PG_URL, databases.name_of(PG_URL) + "__unmigrated")
    try:
        r = own_app(url).test_client().get("/health/ready")
    finally:
        databases.drop_databases(PG_URL, [databases.name_of(url)])
    assert r.status_code == 503
    body = r.get_json()
    assert body["failing"] == ["worker", "outbox"] and body["checks"]["database"] == {"status": "ok"}
    assert body["checks"]["outbox"]["reason"] == "its table cannot be read: is the database migrated?"
    _assert_nothing_secret(r.get_data(as_text=True))
