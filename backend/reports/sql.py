"""The one piece of SQL that differs between SQLite and PostgreSQL in the reports: a timestamp plus some time."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class plus_seconds(FunctionElement):
    """``expr + seconds`` on a UTC timestamp column, computed by the database (``seconds`` is a literal int)."""

    type = sa.DateTime()
    inherit_cache = True
    name = "plus_seconds"

    def __init__(self, expr, seconds: int):
        # The amount travels as a literal clause so that it is part of the statement's cache key.
        super().__init__(expr, sa.literal_column(str(int(seconds))))


@compiles(plus_seconds, "sqlite")
def _sqlite(element, compiler, **kw):
    # Naive UTC text; datetime() drops the microseconds, which a comparison at this scale does not miss.
    expr, seconds = element.clauses
    return f"datetime({compiler.process(expr, **kw)}, '+{seconds.name} seconds')"


@compiles(plus_seconds, "postgresql")
def _postgresql(element, compiler, **kw):
    expr, seconds = element.clauses
    return f"({compiler.process(expr, **kw)} + interval '{seconds.name} seconds')"
