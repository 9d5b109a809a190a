"""Versions of lists (their ETags), and the summary of the shifts changed lately that the feed's version uses.

A version is ``<digest>-<until>``: a digest of the question and of the data behind the answer, then the moment
(Unix seconds; 0: none) until which that answer stays the same while the data does. A version handed out earlier is
current while its digest is today's and that moment has not come. Nothing is remembered between requests. Who
makes one decides what the data is (the rule everywhere: the version changes whenever the answer would):

- the shift and opportunity lists (backend.opportunities.listing) and the initiatives (backend.initiatives.listing):
  the page itself as read, every column of every row and the next cursor; no moment (a shift that starts leaves
  the page as read, so the page's digest changes by itself);
- the help requests nearby (backend.help.nearby): the volunteer's place, the municipality's ``demand_token`` (below),
  the neighbourhoods and my offers, read before the page, and the end of the earliest window on it;
- the feed (backend.recommendations.feed): its own row, which carries ``changed_shifts_summary`` (below).

``SETTLE`` and the summary: a sign-up that neither fills a shift nor reopens it moves no marker
(backend.recommendations.markers), so a version that is not made of the rows shown learns of such a change from
the shifts' stamps (``updated_at``). The newest stamp alone could miss one: commit order is not flush order, and a
transaction that stamped its shift before another one's may commit after it; while it commits within SETTLE of its
flush (a sign-up commits milliseconds after), its shift is in the summary of the last SETTLE and the digest
changes. Its cost grows with the shifts changed in that window (a burst of sign-ups): the lists stopped using it
for that reason and digest their page instead.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from backend.opportunities.models import Shift

# Raise when the items' shape changes: a version from before a deploy must not answer "not modified".
FORMAT = "2"
NEVER = 0  # "valid until" of a page no clock can change
# Longer than any transaction that changes places takes between its flush and its commit.
SETTLE = timedelta(minutes=5)

_markers = sa.table("matching_markers", sa.column("municipality_id"), sa.column("demand_token"))


def changed_shifts_summary(since, *where, join=None) -> sa.ScalarSelect:
    """"count/places taken/places offered/sum of stamps" of the shifts changed since ``since`` (and ``where``),
    as a scalar subquery; ``where`` may refer to the enclosing statement's tables (it is correlated to them: the
    aggregates are not wrapped in a derived table, which would not be, and would join every row of such a table)."""
    stmt = sa.select(_concat_all(sa.func.count(), sa.func.sum(Shift.accepted_count), sa.func.sum(Shift.capacity),
                                 sa.func.sum(_epoch(Shift.updated_at)))).select_from(Shift)
    if join is not None:
        stmt = stmt.join(*join)
    return stmt.where(Shift.updated_at >= since, *where).scalar_subquery()


class _epoch(FunctionElement):
    """A moment as a number: seconds since 1970 (numeric: exact to the microsecond)."""

    type = sa.Numeric()
    inherit_cache = True


@compiles(_epoch)
def _epoch_sql(element, compiler, **kw):
    return f"EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)})"


def _concat_all(*columns):
    out = sa.cast(sa.func.coalesce(sa.cast(columns[0], sa.String), ""), sa.String)
    for column in columns[1:]:
        out = out.concat("/").concat(sa.func.coalesce(sa.cast(column, sa.String), ""))
    return out


def demand_token(municipality_id) -> sa.ScalarSelect:
    """One municipality's demand marker (a scalar subquery; NULL until the first change there)."""
    return sa.select(_markers.c.demand_token).where(_markers.c.municipality_id == municipality_id).scalar_subquery()


def digest(question: tuple, data: tuple) -> str:
    text = repr((FORMAT, question, tuple(str(v) for v in data)))
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def version(digest_: str, valid_until: datetime | None) -> str:
    stamp = NEVER if valid_until is None else int(valid_until.timestamp())
    return f"{digest_}-{stamp}"


def is_current(known: str, digest_: str, now: datetime) -> bool:
    known_digest, _, stamp = known.partition("-")
    if known_digest != digest_ or not stamp.isdigit():
        return False
    return int(stamp) == NEVER or now < datetime.fromtimestamp(int(stamp), timezone.utc)
