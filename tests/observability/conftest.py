import pytest

from doemee.app import create_app
from tests.conftest import PG_URL, app_config
from tests.jobs.conftest import engine_tables  # noqa: F401  (fixture: the job engine's tables, emptied)


@pytest.fixture
def own_app():
    """Makes apps with settings of their own. Flask-Limiter is one extension for every app of the process: each app
    made points it at its own storage, so the one it had is put back afterwards (a Redis that is down would fail the
    next test's reset). Without the ``app`` fixture, such an app has its own connections (a database that is down);
    with it, the test's transaction binds the one ``db`` of every app (see ``app_with``)."""
    from backend.extensions import db, limiter

    saved, made = (limiter._storage, limiter._limiter), []

    def make(database_url: str = PG_URL, **settings):
        made.append(create_app(app_config(database_url, **settings)))
        return made[-1]

    yield make
    limiter._storage, limiter._limiter = saved
    for one in made:
        with one.app_context():
            db.engine.dispose()


@pytest.fixture
def app_with(app, own_app):
    """An app with settings of its own on the test database, inside the test's transaction."""
    return own_app
