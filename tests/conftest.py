"""Test fixtures.

The schema comes from the migrations, once per session and database. Each test then runs inside a transaction
that is rolled back at its end: requests, CLI commands and jobs all use ``db.session``, which for the test is
bound to that one connection and turns their commits into savepoints (SQLAlchemy's "join an external
transaction" recipe).

``make test`` runs everything on SQLite. With ``DOEMEE_TEST_DATABASE_URL`` set to a PostgreSQL database, every
database test runs on PostgreSQL as well, and the tests marked ``postgres`` (real concurrency) run too
(``DOEMEE_TEST_BACKENDS`` narrows the databases: the Makefile says when).
"""
from __future__ import annotations

import os
import tempfile

import pytest
import sqlalchemy as sa

from flask_sqlalchemy.session import _app_ctx_id

from tests.support import ApiClient

PG_URL = os.environ.get("DOEMEE_TEST_DATABASE_URL")
# "HH:MM": run the whole session with the clock at that local (Europe/Amsterdam) time of today, ticking. `make test`
# runs the suite once at the real hour and once each at 03:00 and 14:00, so a test that forgets to pin the clock
# (quiet hours, reminders, campaign windows) fails in CI at any hour, not only when CI happens to run at night.
LOCAL_TIME = os.environ.get("DOEMEE_TEST_LOCAL_TIME")
# ``DOEMEE_TEST_BACKENDS=postgresql``: only that one (`make test` with PostgreSQL runs the real-hour suite on
# PostgreSQL alone, since its two clock runs cover SQLite).
BACKENDS = [b for b in os.environ.get("DOEMEE_TEST_BACKENDS", "sqlite,postgresql").split(",")
            if b == "sqlite" or (b == "postgresql" and PG_URL)]
TEST_SECRET = "test-secret-key-that-is-long-enough-for-hs256"


def app_config(database_url: str, **extra) -> dict:
    # Argon2 at its cheapest: the suite hashes hundreds of passwords; production uses the defaults.
    return {"ENV": "test", "DATABASE_URL": database_url, "SECRET_KEY": TEST_SECRET, "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_KIB": 1024, **extra}


def _reset_postgres(url: str) -> None:
    from backend.config import load_config

    engine = sa.create_engine(load_config({"DATABASE_URL": url, "SECRET_KEY": TEST_SECRET})["DATABASE_URL"])
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


def build_database(backend: str, tmp_dir: str) -> str:
    if backend == "postgresql":
        _reset_postgres(PG_URL)
        return PG_URL
    return "sqlite:///" + os.path.join(tmp_dir, "test.sqlite3")


def migrate_and_load(app) -> None:
    from flask_migrate import upgrade

    from backend.extensions import db
    from backend.reference_data import load_reference_data

    with app.app_context():
        # "heads": several features may each add a migration on the same parent before they are merged.
        upgrade(revision="heads")
        load_reference_data()
        db.session.commit()
        db.session.remove()


@pytest.fixture(scope="session", autouse=True)
def _local_time_of_the_run():
    if not LOCAL_TIME:
        yield
        return
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    import time_machine

    amsterdam = ZoneInfo("Europe/Amsterdam")
    hour, minute = (int(part) for part in LOCAL_TIME.split(":"))
    moment = datetime.combine(datetime.now(amsterdam).date(), time(hour, minute), tzinfo=amsterdam)
    with time_machine.travel(moment, tick=True):
        yield


@pytest.fixture(scope="session", params=BACKENDS)
def app(request):
    from doemee.app import create_app
    from backend.extensions import db

    with tempfile.TemporaryDirectory() as tmp_dir:
        url = build_database(request.param, tmp_dir)
        application = create_app(app_config(url))
        application.testing = True
        migrate_and_load(application)
        yield application
        with application.app_context():
            db.engine.dispose()


@pytest.fixture(autouse=True)
def _transaction(request):
    """Roll back everything a test did, if it uses the app (tests that commit for real use ``committing_app``)."""
    if "app" not in request.fixturenames or "committing_app" in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    from backend.extensions import db, limiter

    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        original = db.session
        # A plain SQLAlchemy Session: Flask-SQLAlchemy's own picks the engine per table and would bypass the
        # connection that holds the test's transaction.
        db.session = sa.orm.scoped_session(
            sa.orm.sessionmaker(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False),
            scopefunc=_app_ctx_id)
        limiter.reset()
        # A worker's volunteer tables remember a position in the change log (ids on SQLite), which the rollback
        # of an earlier test may have handed out again: start each test with none, as a new worker would.
        app.extensions.pop("doemee_volunteer_tables", None)
        try:
            yield
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()


@pytest.fixture
def client(app):
    return ApiClient(app)


@pytest.fixture
def cli(app):
    return app.test_cli_runner()


@pytest.fixture
def db_session(app):
    """For assertions on database state (the same connection and transaction as the requests)."""
    from backend.extensions import db

    with app.app_context():
        yield db.session


_REFERENCE_TABLES = {"municipalities", "neighbourhoods", "postcode_areas", "skills", "alembic_version"}


@pytest.fixture
def committing_app(app):
    """The PostgreSQL app with real commits on real parallel connections (for concurrency tests).

    Runs only in the PostgreSQL round; afterwards every table but the reference data is emptied.
    """
    from backend.extensions import db, limiter

    with app.app_context():
        limiter.reset()
        if db.engine.dialect.name != "postgresql":
            pytest.skip("needs PostgreSQL (set DOEMEE_TEST_DATABASE_URL); SQLite cannot show real concurrency")
    yield app
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in db.metadata.sorted_tables if t.name not in _REFERENCE_TABLES]
        with db.engine.begin() as conn:
            conn.execute(sa.text("TRUNCATE " + ", ".join(tables) + " CASCADE"))
