"""Test fixtures.

The schema comes from the migrations, once per session and database. Each test then runs inside a transaction
that is rolled back at its end: requests, CLI commands and jobs all use ``db.session``, which for the test is
bound to that one connection and turns their commits into savepoints (SQLAlchemy's "join an external
transaction" recipe).

Everything runs on PostgreSQL: the database ``DOEMEE_TEST_DATABASE_URL`` names (its schema ``public`` is dropped and
made anew), or, when it is not set, one on an embedded server started for the run (backend.devdb). A test that needs
an installation of its own (``fresh_database``) gets a database next to it (tests.databases).
"""
from __future__ import annotations

import atexit
import itertools
import logging
import os
import shutil
import tempfile

import pytest
import sqlalchemy as sa

from flask.globals import app_ctx

from tests import databases
from tests.notifications.conftest import _smtp_server, mailbox, settings  # noqa: F401  (fixtures)
from tests.support import ApiClient
from tests.web_support import Browser


def _embedded_database() -> str:
    """A PostgreSQL for this run alone (pytest run by hand without DOEMEE_TEST_DATABASE_URL), stopped at exit."""
    from backend.devdb import EmbeddedPostgres

    parent = tempfile.mkdtemp(prefix="doemee-pg-", dir="/tmp")
    os.chmod(parent, 0o755)  # run as root, the server runs as nobody, who must reach its data directory
    server = EmbeddedPostgres(os.path.join(parent, "data"), throwaway=True)
    atexit.register(lambda: (server.stop(), shutil.rmtree(parent, ignore_errors=True)))
    server.start()
    return server.create_database("doemee_test")


PG_URL = os.environ.get("DOEMEE_TEST_DATABASE_URL") or _embedded_database()
# "HH:MM": run the whole session with the clock at that local (Europe/Amsterdam) time of today, ticking. `make test`
# runs the suite once at the real hour and once at 03:00 or 14:00 (the other end of the day), so a test that forgets to pin the clock
# (quiet hours, reminders, campaign windows) fails in CI at any hour, not only when CI happens to run at night.
LOCAL_TIME = os.environ.get("DOEMEE_TEST_LOCAL_TIME")
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


def pins_its_own_clock(function) -> bool:
    """Whether a test function is wrapped by ``@time_machine.travel(...)`` (on the function or its class): it runs
    at the moment it names whatever the hour of the run, so a clock run would only repeat it."""
    import time_machine

    seen = set()
    while function is not None and id(function) not in seen:
        seen.add(id(function))
        cells = getattr(function, "__closure__", None) or ()
        if any(isinstance(_contents(cell), time_machine.travel) for cell in cells):
            return True
        function = getattr(function, "__wrapped__", None)
    return False


def _contents(cell):
    try:
        return cell.cell_contents
    except ValueError:  # an empty cell
        return None


def pytest_collection_modifyitems(config, items):
    # The real-browser tests last (their order among themselves kept): `make test` runs the clock runs beside this
    # run, and by the time it gets here they are done, so the browser's timeouts do not meet a machine busy with them.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
    # A clock run (DOEMEE_TEST_LOCAL_TIME) is there to catch a test that forgets to pin the clock: one that pins
    # it itself (a decorator), or is marked any_hour (a module that never reads the clock, or moves it to fixed
    # moments in every test), would run exactly as in the real-hour run, and is left to that run.
    if LOCAL_TIME:
        own = [item for item in items if item.get_closest_marker("any_hour")
               or pins_its_own_clock(getattr(item, "obj", None))]
        if own:
            config.hook.pytest_deselected(items=own)
            items[:] = [item for item in items if item not in set(own)]


@pytest.fixture(autouse=True)
def _no_error_logged(request, caplog):
    """A test fails when anything logs an ERROR (or worse) while it is set up or runs, as in ephios' suite: an error
    line in the log is a failure that nobody would see otherwise. A test that provokes one on purpose is marked
    ``logs_error`` and asserts the line itself (with ``caplog``)."""
    yield
    if request.node.get_closest_marker("logs_error"):
        return
    errors = [record for when in ("setup", "call") for record in caplog.get_records(when)
              if record.levelno >= logging.ERROR]
    if errors:
        pytest.fail("logged at ERROR (mark the test logs_error if it is meant to, and assert the line): "
                    + "; ".join(f"{record.name}: {record.getMessage()}" for record in errors), pytrace=False)


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


@pytest.fixture(scope="session")
def app():
    from doemee.app import create_app
    from backend.extensions import db

    _reset_postgres(PG_URL)
    application = create_app(app_config(PG_URL))
    application.testing = True
    migrate_and_load(application)
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def _template_database():
    """``<db>__template``: migrated, with the reference data, once per run; fresh databases are copies of it."""
    from doemee.app import create_app
    from backend.extensions import db

    databases.drop_children(PG_URL)  # left by a run that was killed
    name = databases.name_of(PG_URL) + "__template"
    application = create_app(app_config(databases.create_database(PG_URL, name)))
    migrate_and_load(application)
    with application.app_context():
        db.engine.dispose()
    yield name
    databases.drop_children(PG_URL)


@pytest.fixture(scope="session")
def new_database(_template_database):
    """Makes databases of their own (for apps of their own, tests that commit for real or start servers): each
    call returns the URL of a new one, migrated, with the reference data, and nothing else. Dropped at the end of
    the run (``fresh_database``: at the end of the test)."""
    numbers = itertools.count(1)

    def make() -> str:
        name = f"{databases.name_of(PG_URL)}__{next(numbers)}"
        return databases.create_database(PG_URL, name, template=_template_database)

    return make


@pytest.fixture
def fresh_database(new_database):
    """The URL of a database of this test's own (see ``new_database``), dropped at the end of the test."""
    url = new_database()
    yield url
    databases.drop_databases(PG_URL, [databases.name_of(url)])


def _app_context_id() -> int:
    """The scope of the test's session: the application context, as Flask-SQLAlchemy scopes its own."""
    return id(app_ctx._get_current_object())


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
            scopefunc=_app_context_id)
        limiter.reset()
        # A worker's volunteer tables remember a position in the change log, which the rollback of an earlier
        # test may make meaningless: start each test with none, as a new worker would.
        forget_matching_tables(app)
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
def browser(app):
    """A browser-like client for the web pages (cookies, CSRF tokens read from the forms): tests.web_support."""
    return Browser(app)


@pytest.fixture
def other_browser(app):
    return Browser(app)


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


def forget_matching_tables(app) -> None:
    for name in ("doemee_volunteer_tables", "doemee_demand_tables"):
        app.extensions.pop(name, None)


@pytest.fixture
def committing_app(app):
    """The app with real commits on real parallel connections (for concurrency tests).

    Afterwards every table but the reference data is emptied.
    """
    from backend.extensions import db, limiter

    with app.app_context():
        limiter.reset()
    # The worker's matching tables of an earlier test name people that test's TRUNCATE removed behind the change
    # log's back (a run would invite them): start with none, as a new worker would.
    forget_matching_tables(app)
    yield app
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in db.metadata.sorted_tables if t.name not in _REFERENCE_TABLES]
        with db.engine.begin() as conn:
            conn.execute(sa.text("TRUNCATE " + ", ".join(tables) + " CASCADE"))
