"""Apps with settings of their own on the suite's database (their requests run in the test's transaction too)."""
from __future__ import annotations

import pytest

from tests.conftest import app_config


def app_like(app, **settings):
    from doemee.app import create_app

    other = create_app(app_config(app.config["SQLALCHEMY_DATABASE_URI"], **settings))
    other.testing = True
    return other


@pytest.fixture(scope="module")
def strict_app(app):
    """A per-address allowance of 3 failed logins (the default, 50, takes a slow test to reach)."""
    return app_like(app, LOGIN_FAILURES_PER_IP_PER_MINUTE=3)


@pytest.fixture(scope="module")
def proxied_app(app):
    """Behind one reverse proxy (X-Forwarded-For and X-Forwarded-Proto are believed), the allowance of 3 too."""
    return app_like(app, PROXY_COUNT=1, LOGIN_FAILURES_PER_IP_PER_MINUTE=3)
