"""The open demand of a municipality as a matching.DemandTable, kept per worker between requests.

Invalidation rule: a worker's table of a municipality is used while (1) the municipality's ``demand_token``
(backend.recommendations.markers: it changes in the same transaction as any shift, opportunity or help request)
is the one the table was built under, and (2) the current half hour is the one it was built in (help requests that
already began are matched from the next half hour on, and the feed's horizon moves; a table is thus never older
than 30 minutes, whatever happens to a marker). Otherwise it is loaded from PostgreSQL when another worker (or
``flask matching-tables``) built it for that token and half hour (backend.recommendations.stored_tables), else
rebuilt, from four column-only queries, and stored.

Free places are the exception: a sign-up or withdrawal moves no token, whether it fills the shift, reopens it or
neither (markers says why), so a table's free places may be old. The feed's table therefore holds every open shift,
full ones included (as if with one place: ``full=True``), and whoever shows them reads the live places of the
shifts on the answer and leaves out the full ones (backend.recommendations.feed).

What the table cannot know, every request checks itself: the clock (matching's ``now``: nothing that started is
proposed), and the volunteer's own engagements (busy intervals, exclusions), loaded live.
"""
from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import numpy as np
import sqlalchemy as sa

import matching
from backend.extensions import db
from backend.help.models import HelpRequest
from backend.opportunities.models import Opportunity, Shift
from backend.organisations.models import Organisation
from backend.places.models import Neighbourhood
from backend.recommendations import stored_tables
from backend.recommendations.stored_tables import worker_tables
from backend.recommendations.encode import (MAX_WINDOW, TYPICAL_MINUTES, URGENCY_LEVEL, Codebook, local_naive,
                                            next_half_hour)

FEED_HORIZON = timedelta(days=42)
SHOWN_KINDS = ("vacancy", "initiative_task")


@dataclass(frozen=True)
class DemandInfo:
    """What the API shows of one demand (a row of the table)."""

    kind: str  # vacancy, initiative_task or help_request
    opportunity_id: object
    shift_id: object
    help_request_id: object
    title: str
    category: str
    organisation: str | None
    neighbourhood: str | None
    remote: bool
    latitude: float | None
    longitude: float | None
    starts_at: datetime
    ends_at: datetime
    free_places: int


@dataclass(frozen=True)
class DemandSnapshot:
    token: str | None
    half_hour: datetime
    codebook: Codebook
    table: matching.DemandTable
    info: dict[str, DemandInfo]


def soonest_start(now: datetime) -> datetime:
    return now + timedelta(minutes=30)


def demand_snapshot(municipality_id, token: str | None, now: datetime) -> DemandSnapshot:
    """The worker's table for the municipality; ``token`` must have been read before this call (see markers)."""
    cache = worker_tables("doemee_demand_tables")  # at most MATCHING_TABLES_PER_WORKER municipalities
    half_hour = next_half_hour(now)
    snapshot = cache.get(municipality_id)
    # No marker row yet (nothing changed since the migration) is a token like any other: the first change
    # creates the row, and the token then differs from None.
    if snapshot is None or snapshot.token != token or snapshot.half_hour != half_hour:
        # Built by another worker, or by `flask matching-tables` (stored_tables): loaded in one statement.
        snapshot = stored_tables.load_demand(municipality_id, token, half_hour)
        if snapshot is None:
            snapshot = build_snapshot(municipality_id, token, now, full=True)
            stored_tables.save_demand(municipality_id, snapshot)
    cache.put(municipality_id, snapshot)
    return snapshot


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)


def info_arrays(info, ids) -> dict:
    """What the feed shows of each row (``info``, in the order of ``ids``) as arrays for stored_tables: per row the
    index of its opportunity, start, end (microseconds since 1970, UTC) and free places; per opportunity one JSON
    line (its id, kind, title, category, organisation, neighbourhood, remote, latitude, longitude) with the offsets
    of the lines. A row's id is its shift's or help request's id (the opportunity's kind says which)."""
    opportunities: dict = {}
    lines, index, starts, ends, free = [], [], [], [], []
    for demand_id in ids:
        d = info[demand_id]
        at = opportunities.get(d.opportunity_id)
        if at is None:
            at = opportunities[d.opportunity_id] = len(lines)
            lines.append(json.dumps([str(d.opportunity_id), d.kind, d.title, d.category, d.organisation,
                                     d.neighbourhood, d.remote, d.latitude, d.longitude]).encode())
        index.append(at)
        starts.append((d.starts_at - _EPOCH) // _MICROSECOND)
        ends.append((d.ends_at - _EPOCH) // _MICROSECOND)
        free.append(d.free_places)
    offsets = np.cumsum([0] + [len(line) for line in lines], dtype=np.int64)
    return {"info_opp__": np.array(index, dtype=np.int64), "info_start__": np.array(starts, dtype=np.int64),
            "info_end__": np.array(ends, dtype=np.int64), "info_free__": np.array(free, dtype=np.int64),
            "info_lines__": np.frombuffer(b"".join(lines), dtype=np.uint8), "info_offsets__": offsets}


class StoredInfo(Mapping):
    """A stored table's DemandInfo by id (the arrays of info_arrays), each made when asked for: a feed asks for a
    few of tens of thousands, and nothing is decoded for the others."""

    def __init__(self, table, arrays: dict) -> None:
        self._table = table
        self._a = arrays
        self._lines = arrays["info_lines__"].tobytes()

    def __getitem__(self, demand_id) -> DemandInfo:
        row = self._table.row(demand_id)
        if row is None:
            raise KeyError(demand_id)
        a = self._a
        at = int(a["info_opp__"][row])
        first, last = int(a["info_offsets__"][at]), int(a["info_offsets__"][at + 1])
        opp, kind, title, category, organisation, neighbourhood, remote, lat, lon = json.loads(self._lines[first:last])
        help_request = kind == "help_request"
        return DemandInfo(kind, uuid.UUID(opp), None if help_request else uuid.UUID(demand_id),
                          uuid.UUID(demand_id) if help_request else None, title, category, organisation,
                          neighbourhood, remote, lat, lon, _EPOCH + int(a["info_start__"][row]) * _MICROSECOND,
                          _EPOCH + int(a["info_end__"][row]) * _MICROSECOND, int(a["info_free__"][row]))

    def __iter__(self):
        return iter(self._table.ids)

    def __len__(self) -> int:
        return len(self._table.ids)


def build_snapshot(municipality_id, token: str | None, now: datetime, *, until: datetime | None = None,
                   shifts: bool = True, full: bool = False) -> DemandSnapshot:
    """A new table. ``full``: with the shifts that have no free place (the feed's table: a sign-up that fills or
    reopens a shift moves no token, markers; the feed checks the places live), each as if it had one place for
    matching (its DemandInfo says 0)."""
    codebook, cols = _load(municipality_id, now, until=until, shifts=shifts, full=full)
    return DemandSnapshot(token, next_half_hour(now), codebook, cols.table(), cols.info)


def help_request_demands(municipality_id, now: datetime, *, until: datetime) -> tuple[list, dict[str, DemandInfo]]:
    """The open help requests of the table (none of its shifts) as matching.Demand records, and what the API shows
    of each: what a batch run assigns, in rounds that change the records between calls."""
    _codebook, cols = _load(municipality_id, now, until=until, shifts=False)
    return cols.demands(), cols.info


def _load(municipality_id, now: datetime, *, until: datetime | None, shifts: bool, full: bool = False):
    codebook = Codebook()
    cols = _Columns()
    until = until or now + FEED_HORIZON
    opportunities = _opportunities(codebook, municipality_id, None if shifts else "help_request")
    if shifts:
        for sid, opp_id, starts, ends, capacity, accepted in db.session.execute(
                sa.select(Shift.id, Shift.opportunity_id, Shift.starts_at, Shift.ends_at, Shift.capacity,
                          Shift.accepted_count)
                .join(Opportunity, Shift.opportunity_id == Opportunity.id)
                .where(Opportunity.municipality_id == municipality_id, Opportunity.status == "published",
                       Opportunity.kind.in_(SHOWN_KINDS), Shift.status == "open", Shift.starts_at > now,
                       Shift.starts_at < until, *(() if full else (Shift.accepted_count < Shift.capacity,)))):
            opp = opportunities[opp_id]
            free = max(0, capacity - accepted)
            cols.add(str(sid), opp, "initiative_task" if opp["kind"] == "initiative_task" else "shift",
                     local_naive(starts), local_naive(ends), urgency=0, free=max(free, 1) if full else free,
                     duration=None)
            cols.info[str(sid)] = _info(opp, shift_id=sid, help_request_id=None, starts=starts, ends=ends, free=free)
    for hid, opp_id, window_start, window_end, urgency in db.session.execute(
            sa.select(HelpRequest.id, HelpRequest.opportunity_id, HelpRequest.window_start, HelpRequest.window_end,
                      HelpRequest.urgency)
            .join(Opportunity, HelpRequest.opportunity_id == Opportunity.id)
            .where(Opportunity.municipality_id == municipality_id, Opportunity.status == "published",
                   HelpRequest.matched_at.is_(None), HelpRequest.window_end > soonest_start(now),
                   HelpRequest.window_start < until)):
        opp = opportunities.get(opp_id)
        if opp is None:
            continue
        # What is left of the window (from the next half hour on), at most the two weeks matching looks ahead.
        start = next_half_hour(now) if now > window_start else window_start
        end = min(window_end, start + MAX_WINDOW)
        window = int((end - start).total_seconds() // 60)
        typical = TYPICAL_MINUTES.get(opp["category"], 90)
        cols.add(str(hid), opp, "help_request", local_naive(start), local_naive(end),
                 urgency=URGENCY_LEVEL.get(urgency, 1), free=1, duration=typical if typical < window else None)
        cols.info[str(hid)] = _info(opp, shift_id=None, help_request_id=hid, starts=window_start, ends=window_end,
                                    free=1)
    return codebook, cols


def _opportunities(codebook: Codebook, municipality_id, kind: str | None = None) -> dict:
    """The published opportunities (of one kind if given), each JSON column decoded and encoded once (not once per
    shift)."""
    out = {}
    only = () if kind is None else (Opportunity.kind == kind,)
    for row in db.session.execute(
            sa.select(Opportunity.id, Opportunity.kind, Opportunity.title, Opportunity.category, Opportunity.remote,
                      Opportunity.latitude, Opportunity.longitude, Opportunity.max_distance_km,
                      Opportunity.required_skills, Opportunity.nice_skills, Opportunity.languages,
                      Opportunity.requires_vog, Opportunity.min_age, Opportunity.commitment,
                      Neighbourhood.focus_weight, Neighbourhood.name, Organisation.name.label("organisation"))
            .outerjoin(Neighbourhood, Opportunity.neighbourhood_id == Neighbourhood.id)
            .outerjoin(Organisation, Opportunity.organisation_id == Organisation.id)
            .where(Opportunity.municipality_id == municipality_id, Opportunity.status == "published", *only)):
        out[row.id] = {
            "id": row.id, "kind": row.kind, "title": row.title, "category": row.category, "remote": row.remote,
            "latitude": row.latitude, "longitude": row.longitude, "max_distance_km": row.max_distance_km,
            "required_skills": codebook.skills(row.required_skills), "nice_skills": codebook.skills(row.nice_skills),
            "interest": codebook.interest_bit.get(row.category), "languages": codebook.languages(row.languages),
            "requires_vog": row.requires_vog, "min_age": row.min_age or 0, "regular": row.commitment == "regular",
            "focus_weight": row.focus_weight or 1.0, "neighbourhood": row.name, "organisation": row.organisation}
    return out


def _info(opp: dict, *, shift_id, help_request_id, starts, ends, free) -> DemandInfo:
    return DemandInfo(opp["kind"], opp["id"], shift_id, help_request_id, opp["title"], opp["category"],
                      opp["organisation"], opp["neighbourhood"], opp["remote"], opp["latitude"], opp["longitude"],
                      starts, ends, free)


class _Columns:
    """The table's columns, appended row by row from the opportunity's values computed once."""

    OPPORTUNITY_FIELDS = ("max_distance_km", "required_skills", "nice_skills", "interest", "requires_vog",
                          "min_age", "languages", "regular")

    def __init__(self) -> None:
        self.cols: dict[str, list] = {name: [] for name in (
            "ids", "kind", "start", "end", "lat", "lon", "remote", "urgency", "free_places",
            "neighbourhood_weight", "duration_minutes", *self.OPPORTUNITY_FIELDS)}
        self.info: dict[str, DemandInfo] = {}

    def add(self, demand_id: str, opp: dict, kind: str, start: datetime, end: datetime, *, urgency: int, free: int,
            duration: int | None) -> None:
        c = self.cols
        for name, value in (("ids", demand_id), ("kind", kind), ("start", start), ("end", end),
                            ("lat", None if opp["remote"] else opp["latitude"]),
                            ("lon", None if opp["remote"] else opp["longitude"]), ("remote", opp["remote"]),
                            ("urgency", urgency), ("free_places", free), ("neighbourhood_weight", opp["focus_weight"]),
                            ("duration_minutes", duration)):
            c[name].append(value)
        for name in self.OPPORTUNITY_FIELDS:
            c[name].append(opp[name])

    def table(self) -> matching.DemandTable:
        return matching.DemandTable.from_columns(**self.cols)

    def demands(self) -> list[matching.Demand]:
        names = ["id" if name == "ids" else name for name in self.cols]
        return [matching.Demand(**dict(zip(names, row))) for row in zip(*self.cols.values())]
