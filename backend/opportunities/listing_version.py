"""Versions of the public lists (shifts and opportunities): what their ETags are made of.

The rule: a page's version changes whenever the page would. A version is a digest of

- the question: which list, its filters, cursor and page size, and the origin distances are measured from;
- the data behind the answer: every municipality's ``demand_token`` (backend.recommendations.markers: it changes in
  the same transaction as any shift or opportunity, through the ORM or a bulk statement) and the newest
  ``updated_at`` of an organisation (its name is shown; organisations move no marker);
- the free places: a sign-up or withdrawal that neither fills a shift nor reopens it moves no marker (markers says
  why), so the newest ``updated_at`` of a shift and a summary of the shifts changed in the last ``SETTLE`` (before
  the moment of reading: ``params(now)``) are part of it. The newest stamp alone could miss a change: commit order
  is not flush order, and a transaction that stamped its shift before another one's may commit after it; while it
  commits within SETTLE of its flush (a sign-up commits milliseconds after), its shift is in the summary and the
  digest changes. A shift leaves the summary SETTLE after its change, which changes the digest once more (one
  extra full answer); the window is not measured from the newest change, because after a bulk change (the seed, a
  recurrence generating a season of shifts) that would put thousands of shifts in every list's statement;

followed by the moment until which that page stays the same while the data does: the start of its earliest shift
(an open shift leaves the list when it starts), or, for opportunities filtered by their shifts, the next minute.
A version handed out earlier is current while its digest is today's and that moment has not come. Nothing is
remembered between requests: every check reads the markers (one statement, or a part of the page's statement).

The markers are read by table name (like notifications reads users): opportunities sits below recommendations.
The list of help requests nearby (backend.help.nearby) reads its municipality's marker through ``demand_token``
and makes its versions with the functions below; so do the initiatives (backend.initiatives.listing).
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from backend.opportunities.models import Shift
from backend.organisations.models import Organisation

# Raise when the items' shape changes: a version from before a deploy must not answer "not modified".
FORMAT = "1"
NEVER = 0  # "valid until" of a page no clock can change
# Longer than any transaction that changes places takes between its flush and its commit.
SETTLE = timedelta(minutes=5)

DATA_NAMES = ("version_tokens", "version_organisations", "version_shifts", "version_places")

_markers = sa.table("matching_markers", sa.column("municipality_id"), sa.column("demand_token"))


def data_columns() -> list:
    """Four scalar subqueries that sum up the data behind every list (usable alone or beside a page's columns)."""
    ordered = sa.select(_markers.c.demand_token).order_by(_markers.c.municipality_id).subquery()
    tokens = sa.select(sa.func.aggregate_strings(ordered.c.demand_token, ",")).scalar_subquery()
    organisations = sa.select(sa.func.max(Organisation.updated_at)).scalar_subquery()
    return [tokens.label("version_tokens"), organisations.label("version_organisations"), *places_columns()]


def places_columns() -> list:
    """The newest ``updated_at`` of a shift, and a summary of the shifts changed since the bound ``version_since``
    (``params``): how many, their places taken and offered, and the sum of their stamps (read through the index on
    updated_at). A summary, not the list: under a run of sign-ups the list would grow with every shift signed up
    for in the last SETTLE, in every list's statement. A change that becomes visible late (see above) changes its
    shift's stamp, so the stamps' sum changes (exact on PostgreSQL, whose epoch is a numeric; on SQLite the
    transactions are serialised, so a later commit also has the newer stamp)."""
    newest = sa.select(sa.func.max(Shift.updated_at)).scalar_subquery()
    since = sa.bindparam("version_since", type_=Shift.updated_at.type)
    return [newest.label("version_shifts"), changed_shifts_summary(since).label("version_places")]


def changed_shifts_summary(since, *where, join=None) -> sa.ScalarSelect:
    """"count/places taken/places offered/sum of stamps" of the shifts changed since ``since`` (and ``where``)."""
    stmt = sa.select(sa.func.count().label("n"), sa.func.sum(Shift.accepted_count).label("taken"),
                     sa.func.sum(Shift.capacity).label("offered"), sa.func.sum(_epoch(Shift.updated_at)).label("t"))
    if join is not None:
        stmt = stmt.join(*join)
    places = stmt.where(Shift.updated_at >= since, *where).subquery()
    return sa.select(_concat_all(*places.c)).scalar_subquery()


class _epoch(FunctionElement):
    """A moment as a number: seconds since 1970 (PostgreSQL, numeric: exact to the microsecond), days (SQLite)."""

    type = sa.Numeric()
    inherit_cache = True


@compiles(_epoch)
def _epoch_sql(element, compiler, **kw):
    return f"EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)})"


@compiles(_epoch, "sqlite")
def _epoch_sqlite(element, compiler, **kw):
    return f"julianday({compiler.process(element.clauses, **kw)})"


def _concat_all(*columns):
    out = sa.cast(sa.func.coalesce(sa.cast(columns[0], sa.String), ""), sa.String)
    for column in columns[1:]:
        out = out.concat("/").concat(sa.func.coalesce(sa.cast(column, sa.String), ""))
    return out


def params(now: datetime) -> dict:
    """The values a statement with ``data_columns`` needs."""
    return {"version_since": now - SETTLE}


def demand_token(municipality_id) -> sa.ScalarSelect:
    """One municipality's demand marker (a scalar subquery; NULL until the first change there)."""
    return sa.select(_markers.c.demand_token).where(_markers.c.municipality_id == municipality_id).scalar_subquery()


def read_data(now: datetime) -> tuple:
    from backend.extensions import db

    return tuple(db.session.execute(sa.select(*data_columns()), params(now)).one())


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


def next_minute(now: datetime) -> datetime:
    return now.replace(second=0, microsecond=0) + timedelta(minutes=1)
