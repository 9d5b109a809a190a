"""The log of changed volunteers: which volunteers a worker's table must reload since its last read.

Written by the flush hook that moves the ``volunteer_token`` (backend.recommendations.markers), in the same
transaction: one row per changed volunteer and municipality (a moved profile changes in both), or one row with no
volunteer ("everyone": reload them all) for a bulk statement or an erased account. An erasure leaves no trace of the
person: its row names nobody, and the rows that named them are deleted (a worker that had not read them yet
reloads everyone anyway). Erasures are rare, and their bulk statements reload everyone already.

Reading without missing a row although commit order is not id order: a row's ``xid`` is its writer's
``pg_current_xact_id()``; a reader remembers the ``xmin`` of the snapshot it read with
(``pg_snapshot_xmin(pg_current_snapshot())``, in the same statement as the rows), and next reads the rows with
``xid >= xmin``. Every transaction not committed at the previous read was running then (its xid >= xmin) or got
its xid later (>= xmax >= xmin), so none is missed; some rows are read twice, which only reloads those volunteers
again.

Rows are kept ``KEEP`` (an hour) and deleted by the housekeeping job. A reader's position is never older than its
table (rebuilt every half hour), so it never needs a deleted row, unless a transaction took longer than half an
hour between writing its row and committing (no request or job does).
"""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa

from backend.extensions import db
from backend.models_base import utcnow
from backend.recommendations.models import MatchingVolunteerChange as Change

KEEP = timedelta(hours=1)
EVERYONE = None
# More changed volunteers than this since the last read: a full reload is as cheap.
MAX_CHANGED = 2000


def record(connection, changes, *, erased=()) -> None:
    """Insert the (municipality id, user id or EVERYONE) pairs, in one statement. ``erased``: accounts deleted
    (their municipality has an EVERYONE row among ``changes``): rows naming them go, so that no trace of the
    person stays (one more statement, only then)."""
    xid = sa.literal_column("pg_current_xact_id()::text::bigint")
    now = utcnow()
    rows = [{"municipality_id": m, "user_id": u, "xid": xid, "changed_at": now}
            for m, u in sorted(set(changes), key=str) if u is None or u not in erased]
    if erased:
        connection.execute(sa.delete(Change).where(Change.user_id.in_(list(erased))))
    if rows:
        connection.execute(sa.insert(Change).values(rows))


def read(municipality_id, position: int | None) -> tuple[int, set[uuid.UUID] | None]:
    """(the position to read from next time, the volunteers changed since ``position``): one statement. The set
    is None when everyone must be reloaded (a bulk change, or very many); with no ``position`` (a full build is
    about to read every volunteer) only the position is read."""
    here = sa.literal_column("pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
    columns = [here.label("next_position")]
    if position is not None:
        since = Change.xid >= position
        who = sa.case((Change.user_id.is_(None), "*"), else_=sa.cast(Change.user_id, sa.String))
        columns.append(sa.select(sa.func.aggregate_strings(who, ","))
                       .where(Change.municipality_id == municipality_id, since).scalar_subquery().label("changed"))
    row = db.session.execute(sa.select(*columns)).one()
    if position is None:
        return row.next_position, EVERYONE
    items = set(filter(None, (row.changed or "").split(",")))
    if "*" in items or len(items) > MAX_CHANGED:
        return row.next_position, EVERYONE
    return row.next_position, {uuid.UUID(item) for item in items}


def prune(now: datetime) -> int:
    """Delete the rows older than KEEP (the housekeeping job)."""
    return db.session.execute(sa.delete(Change).where(Change.changed_at < now - KEEP)).rowcount
