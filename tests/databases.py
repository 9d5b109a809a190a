"""The test run's databases: siblings of DOEMEE_TEST_DATABASE_URL's database on the same server.

The suite's own database is the URL's; a test that needs an installation of its own gets ``<db>__<n>``, copied from
``<db>__template`` (migrated once per run); the clock runs of `make test` get ``<db>_0300`` and ``<db>_1400``
(tests/clock_runs.sh: ``python -m tests.databases create|drop URL SUFFIX``). Sibling names never start with another
run's prefix, so runs side by side on one server never touch each other's databases.
"""
from __future__ import annotations

import sys

import sqlalchemy as sa
from sqlalchemy.engine import make_url


def _server_engine(url: str) -> sa.Engine:
    """AUTOCOMMIT on the server's `postgres` database: CREATE and DROP DATABASE run outside a transaction."""
    admin = make_url(url).set(drivername="postgresql+psycopg", database="postgres")
    return sa.create_engine(admin, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)


def name_of(url: str) -> str:
    return make_url(url).database


def sibling_url(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def create_database(url: str, name: str, *, template: str | None = None) -> str:
    """(Re)create the database ``name`` next to ``url``'s, empty or as a copy of ``template``; return its URL."""
    engine = _server_engine(url)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    finally:
        engine.dispose()
    return sibling_url(url, name)


def drop_databases(url: str, names) -> None:
    engine = _server_engine(url)
    try:
        with engine.connect() as conn:
            for name in names:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        engine.dispose()


def drop_children(url: str) -> None:
    """Drop ``<db>__*``: what an earlier run of this database left behind when it was killed."""
    prefix = name_of(url) + "__"
    engine = _server_engine(url)
    try:
        with engine.connect() as conn:
            names = [n for n in conn.exec_driver_sql("SELECT datname FROM pg_database").scalars()
                     if n.startswith(prefix)]
    finally:
        engine.dispose()
    drop_databases(url, names)


def main(argv: list[str]) -> int:
    """``create URL SUFFIX`` prints the URL of ``<db>_SUFFIX`` (made anew); ``drop URL SUFFIX`` drops it."""
    action, url, suffix = argv
    name = f"{name_of(url)}_{suffix}"
    if action == "create":
        print(create_database(url, name))
    elif action == "drop":
        drop_databases(url, [name])
        drop_children(sibling_url(url, name))
    else:
        raise SystemExit(f"unknown action {action!r}: create or drop")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
