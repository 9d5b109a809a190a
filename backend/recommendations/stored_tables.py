"""Matching tables kept in PostgreSQL and in a bounded cache per worker (issue 23; docs/decisions/matching-tables.md).

Building a municipality's volunteer table means reading every volunteer and encoding them (3 s at the demo's
15,000 volunteers, ~10 s at ten times that). It used to be done by every web worker, inside a request, on its first
request and every half hour. Now:

- ``build(municipality_id, now)`` builds it once and stores it (``matching_tables``: numpy columns in ``np.savez``
  form, no pickle) with the marker's token and the change log's position read *before* the rows (the rule of
  backend.recommendations.markers and volunteer_changes). ``build_all`` does so for every municipality:
  ``flask matching-tables`` and, once scheduled, a periodic job (every ``REFRESH``).
- A worker that has no table of the municipality in memory, or one older than ``MAX_AGE``, loads the stored
  one (one statement, a few ms per thousand volunteers) and brings it up to date with the volunteers changed since
  its position (volunteer_changes, as before). Only when none is stored, or the stored one is older than
  ``MAX_AGE`` (nobody ran the command or job), does a request build it, and stores it for the others.
- What a worker keeps is bounded: ``WorkerTables`` is a least-recently-used map of at most
  ``MATCHING_TABLES_PER_WORKER`` municipalities (setting), and a volunteer table is numpy columns only (no
  matching.Volunteer object per volunteer: whoever needs records loads the few it needs, live).
"""
from __future__ import annotations

import io
import zlib
from collections import OrderedDict
from datetime import datetime, timedelta, timezone

import numpy as np
import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects.postgresql import insert

import matching
from backend.extensions import db
from backend.models_base import utcnow
from backend.recommendations.models import MatchingTable

VOLUNTEERS = "volunteers"
# A table is used (brought up to date by the change log) while younger than this. The change log keeps an hour
# (volunteer_changes.KEEP), so a table's position must be younger than that; the busy intervals and loads in it
# are those of its build (whoever proposes re-checks them live: backend.recommendations.candidates).
MAX_AGE = timedelta(minutes=45)
# How often the command or job should rebuild every municipality's table, so that no request has to.
REFRESH = timedelta(minutes=15)


class WorkerTables:
    """A worker's tables of one kind, by municipality: at most ``size``, the least recently used dropped first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict = OrderedDict()

    def get(self, municipality_id):
        item = self._items.get(municipality_id)
        if item is not None:
            self._items.move_to_end(municipality_id)
        return item

    def put(self, municipality_id, item) -> None:
        self._items[municipality_id] = item
        self._items.move_to_end(municipality_id)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, municipality_id) -> bool:
        return municipality_id in self._items


def worker_tables(name: str) -> WorkerTables:
    """This worker's tables called ``name`` (the app's extensions: one per worker process)."""
    tables = current_app.extensions.get(name)
    if tables is None:
        tables = current_app.extensions[name] = WorkerTables(
            current_app.extensions["doemee_config"]["MATCHING_TABLES_PER_WORKER"])
    return tables


# Raise when what table_bytes writes changes: a table stored by an older deploy is then built again, not misread.
FORMAT = 2  # 2: demand tables hold the full shifts too


class StaleFormat(ValueError):
    pass


# --- encoding ------------------------------------------------------------------------------------------------------

def table_bytes(table, **extra) -> bytes:
    """The table's numpy columns and ids, in ``np.savez`` form (read back without pickle), each integer column in
    the smallest type that holds it (named ``column@type``), compressed (zlib level 1: 5x smaller, and at
    ~300 MB/s inflated faster than the bytes it saves cross the network). ``extra``: more arrays to keep (their
    names end in ``__``)."""
    arrays = {name: value for name, value in vars(table).items() if isinstance(value, np.ndarray)}
    scalars = {name: value for name, value in vars(table).items() if type(value) is int}
    others = set(vars(table)) - set(arrays) - set(scalars) - {"ids", "_row"}
    if others or any(a.dtype == object for a in arrays.values()):
        raise TypeError(f"not a table of numpy columns: {sorted(others)}")
    stored = {"format__": np.array(FORMAT), "ids__": np.frombuffer("\n".join(table.ids).encode(), dtype=np.uint8),
              **extra,
              **{f"{name}@int": np.array(value, dtype=np.int64) for name, value in scalars.items()}}
    for name, value in arrays.items():
        if value.dtype.kind in "iu" and value.size:
            small = np.result_type(np.min_scalar_type(value.min()), np.min_scalar_type(value.max()))
            if small.itemsize < value.dtype.itemsize:
                stored[f"{name}@{value.dtype.str}"] = value.astype(small)
                continue
        stored[name] = value
    out = io.BytesIO()
    np.savez(out, **stored)
    return zlib.compress(out.getbuffer(), 1)


def table_from_bytes(data: bytes, cls=matching.VolunteerTable, extra: dict | None = None):
    """The table ``table_bytes`` stored; the extra arrays it was given go into ``extra``."""
    table = cls.__new__(cls)
    with np.load(io.BytesIO(zlib.decompress(data)), allow_pickle=False) as stored:
        if "format__" not in stored.files or int(stored["format__"]) != FORMAT:
            raise StaleFormat("stored by another version")
        for key in stored.files:
            if key.endswith("__"):
                if extra is not None and key not in ("ids__", "format__"):
                    extra[key] = stored[key]
                continue
            name, _, dtype = key.partition("@")
            if dtype == "int":
                setattr(table, name, int(stored[key]))
                continue
            value = stored[key].astype(dtype) if dtype else stored[key]
            value.flags.writeable = False
            setattr(table, name, value)
        text = stored["ids__"].tobytes().decode()
    table.ids = tuple(text.split("\n")) if text else ()
    table._row = {vid: i for i, vid in enumerate(table.ids)}
    return table


# --- stored tables ---------------------------------------------------------------------------------------------------

def save(municipality_id, kind: str, *, token, position: int, built_at: datetime, table, half_hour=None,
         data=None, wait: bool = False) -> bool:
    """Store (replace) the table, in the caller's transaction; ``data``: a function giving the bytes (default:
    table_bytes). A request does not wait for another transaction storing the same table (``wait=False``: it
    skips, the other's is as good): two requests storing two tables in opposite orders cannot deadlock, and a
    request never queues behind a build. False when skipped."""
    key = sa.func.hashtextextended(f"matching_tables:{municipality_id}:{kind}", 0)
    if wait:
        db.session.execute(sa.select(sa.func.pg_advisory_xact_lock(key)))
    elif not db.session.scalar(sa.select(sa.func.pg_try_advisory_xact_lock(key))):
        return False
    values = {"municipality_id": municipality_id, "kind": kind, "token": token, "position": position,
              "built_at": built_at, "half_hour": half_hour, "rows": len(table),
              "data": table_bytes(table) if data is None else data()}
    stmt = insert(MatchingTable).values(**values)
    db.session.execute(stmt.on_conflict_do_update(
        index_elements=["municipality_id", "kind"], set_={k: v for k, v in values.items()
                                                          if k not in ("municipality_id", "kind")}))
    return True


def load(municipality_id, kind: str, now: datetime):
    """(token, position, built_at, table) of the stored table younger than MAX_AGE, or None: one statement, read
    in PostgreSQL's binary format (bytea as text would be twice the bytes, and decoded)."""
    cursor = db.session.connection().connection.driver_connection.cursor(binary=True)
    row = cursor.execute(
        "SELECT token, position, built_at, data FROM matching_tables"
        " WHERE municipality_id = %s AND kind = %s AND built_at > %s",
        (municipality_id, kind, (now - MAX_AGE).astimezone(timezone.utc).replace(tzinfo=None))).fetchone()
    if row is None:
        return None
    token, position, built_at, data = row
    try:
        table = table_from_bytes(bytes(data))
    except StaleFormat:
        return None
    return token, position, built_at.replace(tzinfo=timezone.utc), table


# --- demand tables ---------------------------------------------------------------------------------------------------

def demand_kind(half_hour: datetime) -> str:
    """Two rows per municipality: the table of this half hour and the one prepared for the next."""
    return f"demand-{int(half_hour.timestamp()) // 1800 % 2}"


def save_demand(municipality_id, snapshot, *, wait: bool = False) -> bool:
    """Store (replace) a DemandSnapshot (demand_table): its columns, and what the feed shows of each row
    (demand_table.info_arrays: numbers per row, one JSON line per opportunity). ``wait``: as save."""
    from backend.recommendations.demand_table import info_arrays

    return save(municipality_id, demand_kind(snapshot.half_hour), token=snapshot.token, position=0,
                built_at=utcnow(), half_hour=snapshot.half_hour, table=snapshot.table, wait=wait,
                data=lambda: table_bytes(snapshot.table, **info_arrays(snapshot.info, snapshot.table.ids)))


def load_demand(municipality_id, token, half_hour: datetime):
    """The stored DemandSnapshot built under ``token`` for ``half_hour``, or None: one statement."""
    from backend.recommendations.demand_table import DemandSnapshot, StoredInfo
    from backend.recommendations.encode import Codebook

    cursor = db.session.connection().connection.driver_connection.cursor(binary=True)
    row = cursor.execute(
        "SELECT data FROM matching_tables WHERE municipality_id = %s AND kind = %s AND half_hour = %s"
        " AND token IS NOT DISTINCT FROM %s",
        (municipality_id, demand_kind(half_hour), half_hour.astimezone(timezone.utc).replace(tzinfo=None),
         token)).fetchone()
    if row is None:
        return None
    extra = {}
    try:
        table = table_from_bytes(bytes(row[0]), matching.DemandTable, extra)
    except StaleFormat:
        return None
    return DemandSnapshot(token, half_hour, Codebook(), table, StoredInfo(table, extra))


# --- building --------------------------------------------------------------------------------------------------

def build(municipality_id, now: datetime) -> int:
    """Build the municipality's volunteer table from the database and store it (the caller commits); the number
    of volunteers in it."""
    from backend.recommendations.volunteer_table import build_snapshot

    snapshot = build_snapshot(municipality_id, now)
    save(municipality_id, VOLUNTEERS, token=snapshot.token, position=snapshot.position, built_at=snapshot.built_at,
         table=snapshot.table, wait=True)
    return len(snapshot.table)


def build_demand(municipality_id, now: datetime) -> int:
    """Build the municipality's demand table for the half hour of ``now`` and, when the next begins within
    REFRESH, for the next too (as a request just after it would), and store them; the rows of the first."""
    from backend.recommendations.demand_table import build_snapshot
    from backend.recommendations.encode import next_half_hour
    from backend.recommendations.markers import read_tokens_stmt

    row = db.session.execute(read_tokens_stmt(municipality_id)).one_or_none()  # before the rows
    token = row.demand_token if row else None
    snapshot = build_snapshot(municipality_id, token, now, full=True)
    save_demand(municipality_id, snapshot, wait=True)
    boundary = next_half_hour(now)
    if boundary - now <= REFRESH:
        save_demand(municipality_id, build_snapshot(municipality_id, token, boundary + timedelta(microseconds=1),
                                                    full=True), wait=True)
    return len(snapshot.table)


def build_all(now: datetime, *, municipality_ids=None) -> dict:
    """``build`` and ``build_demand`` for every municipality (or those given), each committed on its own: what the
    periodic job runs (every REFRESH). {municipality id: (volunteers, demands)}."""
    from backend.places.models import Municipality

    if municipality_ids is None:
        municipality_ids = db.session.scalars(sa.select(Municipality.id).order_by(Municipality.slug)).all()
    built = {}
    for municipality_id in municipality_ids:
        built[municipality_id] = (build(municipality_id, now), build_demand(municipality_id, now))
        db.session.commit()
    return built
