"""Count the SQL statements a request sends (SQLAlchemy's cursor events), split into authentication and the rest."""
from __future__ import annotations

import contextlib
import re

import sqlalchemy as sa
from sqlalchemy import event

# What every authenticated route pays before the view runs (the access token's session, the user, their roles):
# a SELECT that reads those tables and no other.
AUTH_TABLES = {"auth_sessions", "users", "role_grants"}
_TABLES_READ = re.compile(r"\b(?:FROM|JOIN)\s+(\w+)", re.I)


def is_auth(statement: str) -> bool:
    tables = set(_TABLES_READ.findall(statement))
    return statement.lstrip().upper().startswith("SELECT") and bool(tables) and tables <= AUTH_TABLES


class Statements(list):
    @property
    def auth(self) -> list[str]:
        return [s for s in self if is_auth(s)]

    @property
    def own(self) -> list[str]:
        """The statements of the view itself: everything but authentication."""
        auth = self.auth
        return [s for s in self if s not in auth]


@contextlib.contextmanager
def counting():
    seen = Statements()

    def before(_conn, _cursor, statement, _params, _context, _many):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
            seen.append(statement)

    event.listen(sa.engine.Engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(sa.engine.Engine, "before_cursor_execute", before)


def one_request(send):
    """``send()`` (a request through the test client) and the statements it sent, in a session of its own.

    Inside a test the requests share the test's app context, so one SQLAlchemy session (and its identity map)
    would carry the user, their roles and whatever else earlier requests loaded: a count would come out lower
    than in production, where every request starts empty. The test's own work is committed (to its savepoint:
    nothing leaves the test's transaction) before the session is dropped."""
    from backend.extensions import db

    db.session.commit()
    db.session.remove()
    with counting() as seen:
        response = send()
    return response, seen
