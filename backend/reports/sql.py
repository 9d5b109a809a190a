"""A timestamp plus some seconds, in SQL, with the amount in the statement's text (and so in its cache key)."""
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


@compiles(plus_seconds)
def _plus_seconds(element, compiler, **kw):
    expr, seconds = element.clauses
    return f"({compiler.process(expr, **kw)} + interval '{seconds.name} seconds')"
