"""The application factory."""
from __future__ import annotations

from datetime import timedelta
import os
from typing import Any

import sqlalchemy as sa
from flask import Flask

from backend.config import ConfigError, load_config
from backend.extensions import db, jwt, limiter, migrate
from backend.json_provider import OrjsonProvider

POOL_SIZE, POOL_OVERFLOW = 10, 10
# An installed wheel carries the migrations as doemee/migrations (setup.py); a checkout has them next to doemee/.
_PACKAGED_MIGRATIONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "migrations")
MIGRATIONS_DIR = _PACKAGED_MIGRATIONS if os.path.isdir(_PACKAGED_MIGRATIONS) else os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "migrations")


def create_app(config_override: dict[str, Any] | None = None) -> Flask:
    config = load_config(config_override)
    if config["DATABASE_URL"] is None:
        raise ConfigError("DOEMEE_DATABASE_URL is not set: give a PostgreSQL URL (postgresql://user@host:port/db); "
                          "`make run` starts an embedded PostgreSQL and sets it")
    app = Flask("doemee", static_folder=None)
    app.extensions["doemee_config"] = config
    app.json = OrjsonProvider(app)
    # Keys in the order the schemas give them (Flask 3 sorts them by default, at a cost on every answer; the
    # JSON_SORT_KEYS setting that used to switch it off is gone).
    app.json.sort_keys = False
    app.config.update(
        SECRET_KEY=config["SECRET_KEY"],
        SQLALCHEMY_DATABASE_URI=config["DATABASE_URL"],
        # No pool_pre_ping: backend.pool_ping checks only the connections that sat idle.
        # A database host that takes a connection and never answers fails a request (and /health/ready) after
        # DOEMEE_DB_CONNECT_TIMEOUT_SECONDS instead of holding it until the client gives up.
        SQLALCHEMY_ENGINE_OPTIONS={"pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW,
                                   "connect_args": {"connect_timeout": config["DB_CONNECT_TIMEOUT_SECONDS"]}},
        MAX_CONTENT_LENGTH=config["MAX_REQUEST_BYTES"],
        RATELIMIT_STORAGE_URI=config["RATELIMIT_STORAGE_URL"],
        RATELIMIT_HEADERS_ENABLED=True,
        JWT_SECRET_KEY=config["SECRET_KEY"],
        JWT_ALGORITHM="HS256",
        JWT_DECODE_ALGORITHMS=["HS256"],
        JWT_TOKEN_LOCATION=["headers"],
        JWT_ACCESS_TOKEN_EXPIRES=timedelta(minutes=config["ACCESS_TOKEN_MINUTES"]),
        JWT_REFRESH_TOKEN_EXPIRES=timedelta(days=config["REFRESH_TOKEN_DAYS"]),
        JWT_ERROR_MESSAGE_KEY="detail",
    )

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR)
    jwt.init_app(app)
    limiter.init_app(app)
    with app.app_context():
        _configure_engine(db.engine, config)

    _import_models()
    # The request pipeline, in the order a request passes it (backend.http): the shared steps, then the API's
    # (its requests only), then the pages' (every other request).
    from backend import http
    http.install(app)
    from backend.observability import business, endpoints
    business.install()
    app.register_blueprint(endpoints.blp)  # /health/live, /health/ready, /metrics: neither surface's
    from mobile_api import init_api
    init_api(app)
    from web import init_web
    init_web(app)

    if config["PROXY_COUNT"]:
        # Behind that many reverse proxies: the client address (login throttling), scheme and host come from
        # their X-Forwarded-* headers. Without proxies those headers are whatever the client wrote: ignored.
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n)

    from doemee.cli import register_cli
    register_cli(app)
    from backend.observability import logs
    logs.configure(app)
    return app


def _configure_engine(engine: sa.Engine, config) -> None:
    from backend import pool_ping

    pool_ping.install(engine, config["DB_PING_AFTER_IDLE_SECONDS"])
    from backend.observability import metrics

    metrics.watch_pool(engine, POOL_SIZE + POOL_OVERFLOW)


def _import_models() -> None:
    # Registers every table on db.metadata (Alembic and relationships need them all).
    import backend.accounts.models  # noqa: F401
    import backend.appreciation.models  # noqa: F401
    import backend.audit.models  # noqa: F401
    import backend.campaigns.models  # noqa: F401
    import backend.engagements.models  # noqa: F401
    import backend.help.models  # noqa: F401
    import backend.initiatives.models  # noqa: F401
    import backend.jobs.models  # noqa: F401
    import backend.saved.models  # noqa: F401
    import backend.opportunities.models  # noqa: F401
    import backend.organisations.models  # noqa: F401
    import backend.notifications.models  # noqa: F401
    import backend.places.models  # noqa: F401
    import backend.recommendations.markers  # noqa: F401  (registers the change markers, see there)
    import backend.recommendations.models  # noqa: F401
    import backend.volunteers.models  # noqa: F401
