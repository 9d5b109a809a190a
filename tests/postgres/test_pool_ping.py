"""Pooled PostgreSQL connections are pinged only after sitting idle (backend.pool_ping): one that died while idle
is replaced before a request uses it; one that died within the window fails that one request with a 503 and the
pool is renewed for the next (no SELECT 1 before every request)."""
import contextlib

import sqlalchemy as sa

from backend.extensions import db
from tests.opportunities.helpers import API
from tests.conftest import PG_URL, app_config
from tests.support import ApiClient, pause


def _worker(idle_seconds: int):
    from doemee.app import create_app

    app = create_app(app_config(PG_URL, DB_PING_AFTER_IDLE_SECONDS=idle_seconds))
    app.testing = True
    return app


def _pooled_backend(app) -> int:
    with app.app_context():
        assert db.engine.pool.checkedin() == 1  # the one connection the requests so far used
        with db.engine.connect() as conn:
            return conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()


def _terminate(pid: int) -> None:
    engine = sa.create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
        for _ in range(100):  # the server ends it asynchronously
            if not conn.execute(sa.text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"),
                                {"pid": pid}).scalar():
                break
            pause(0.02)
    engine.dispose()


@contextlib.contextmanager
def _worker_whose_connection_died(idle_seconds: int):
    """A worker app that answered one request, its pooled connection then killed on the server: (client, its pid)."""
    app = _worker(idle_seconds)
    try:
        client = ApiClient(app)
        assert client.get(f"{API}/shifts").status_code == 200
        dead = _pooled_backend(app)
        _terminate(dead)
        yield app, client, dead
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_a_connection_that_died_while_idle_is_replaced_before_use(committing_app):
    with _worker_whose_connection_died(idle_seconds=1) as (app, client, dead):
        pause(1.1)  # longer than the idle window (the pool's clock is monotonic: not pinned by tests)
        r = client.get(f"{API}/shifts")
        assert r.status_code == 200, r.get_json()
        assert _pooled_backend(app) != dead


def test_within_the_window_no_ping_is_sent_and_a_dead_connection_costs_one_request(committing_app):
    with _worker_whose_connection_died(idle_seconds=600) as (app, client, dead):
        r = client.get(f"{API}/shifts")  # no ping: the statement finds out
        assert r.status_code == 503
        assert r.headers["Retry-After"] == "5"
        assert r.get_json()["type"].endswith("service-unavailable")
        r = client.get(f"{API}/shifts")
        assert r.status_code == 200, r.get_json()
        assert _pooled_backend(app) != dead
