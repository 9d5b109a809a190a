"""What went wrong, in words an operator can act on, for the logs of jobs and the relay.

Only the type and place of an error are logged, never its message (messages can carry personal data: an e-mail
address in a constraint violation, a name in a parameter). A few database conditions are recognised by their
driver's fixed text and explained instead, because "OperationalError" alone tells nobody what to do.
"""
from __future__ import annotations

import traceback

import sqlalchemy as sa

# (text the driver uses, explanation). The driver texts are fixed strings without data.
_DATABASE_CONDITIONS = (
    ("lock timeout", "a lock was held too long by another transaction (a long job, a migration or a shell)"),
    ("too many clients", "the database server has no connection left: fewer processes or workers, or raise "
                         "its max_connections"),
    ("does not exist", "database schema missing or out of date: run `flask db upgrade`"),
    ("no space left", "the database server's disk is full: free disk space"),
    ("deadlock detected", "deadlock with another transaction: PostgreSQL broke it"),
    ("could not serialize", "transaction conflicted with another one"),
    ("connection", "database unreachable: check DOEMEE_DATABASE_URL and that the database server runs"),
    ("server closed", "database connection lost: check that the database server runs"),
)


def where(exc: BaseException) -> str:
    """Type and place of an error, never its message."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/backend/" in f.filename] or frames
    place = f" at {ours[-1].filename.rsplit('/', 1)[-1]}:{ours[-1].lineno}" if ours else ""
    return f"{type(exc).__name__}{place}"[:300]


def explain(exc: BaseException) -> str:
    """A known database condition explained, else the error's type and place."""
    if isinstance(exc, sa.exc.DBAPIError):
        text = str(getattr(exc, "orig", "") or "").lower()
        for needle, explanation in _DATABASE_CONDITIONS:
            if needle in text:
                return explanation
    return where(exc)
