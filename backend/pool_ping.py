"""A pooled PostgreSQL connection is pinged only when it sat idle in the pool (instead of SQLAlchemy's
``pool_pre_ping``, which sends ``SELECT 1`` before every request: a round trip that cost a listing ~8 % of its
worker time and a wait on the database).

Rule: a connection handed back to the pool less than ``DB_PING_AFTER_IDLE_SECONDS`` ago is handed out again as it
is; one idle for longer is pinged first, and one that fails the ping is replaced before anyone uses it (the pool
retries with a new connection when a checkout listener raises ``DisconnectionError``). 0 pings at every checkout.
Under load connections come back within milliseconds, so they are never pinged; after a quiet night every one is.
A connection that dies inside the window (the server restarted while requests were flowing) fails the one
statement that finds out: that request answers 503 with Retry-After (backend.errors), and SQLAlchemy then drops
every connection the pool made before that moment, so the requests after it get new ones.
"""
from __future__ import annotations

import time

import sqlalchemy as sa

_RETURNED_AT = "doemee_returned_at"


def install(engine: sa.Engine, idle_seconds: int) -> None:
    @sa.event.listens_for(engine, "checkin")
    def _returned(dbapi_connection, connection_record):
        connection_record.info[_RETURNED_AT] = time.monotonic()

    @sa.event.listens_for(engine, "checkout")
    def _handed_out(dbapi_connection, connection_record, _connection_proxy):
        returned_at = connection_record.info.get(_RETURNED_AT)
        # A connection never returned yet was opened just now: nothing to check.
        if returned_at is None or time.monotonic() - returned_at < idle_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # any failure: replace it rather than hand out a doubtful connection
            raise sa.exc.DisconnectionError(f"pooled connection failed its ping: {error}") from error
