"""Count the SQL statements a request sends (SQLAlchemy's cursor events), split into authentication and the rest."""
from __future__ import annotations

import contextlib
import re

import sqlalchemy as sa
from sqlalchemy import event

# What every authenticated route pays before the view runs (the access token's session, the user, their roles).
AUTH_TABLES = re.compile(r"^\s*SELECT .*?\bFROM (auth_sessions|users|role_grants)\b", re.S | re.I)


class Statements(list):
    @property
    def auth(self) -> list[str]:
        return [s for s in self if AUTH_TABLES.match(s) and " JOIN " not in s.upper()]

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
