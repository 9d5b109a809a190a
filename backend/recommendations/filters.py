"""What the volunteer asks "for you" about: a kind of work, a distance, a day of the week, a part of the day.

The filter is the matcher's question, not a sieve over the cards already chosen: the feed asks matching for the
best k among the demands that fit the filter (``only``), so a vacancy far down the unfiltered list shows when the
volunteer asks for vacancies. When nothing fits, ``explain`` says which part of the filter left what out, and which
wider filters would find something (one tap on the page, the same numbers in the API).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from marshmallow import fields, validate

from backend.localtime import local_zone
from backend.schemas import Schema

KINDS = ("vacancy", "initiative_task", "help_request")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_PARTS = ("morning", "afternoon", "evening")
# The distances the page offers, and the steps a filter is widened by.
DISTANCES = (1, 2, 5, 10, 20)


class FeedFilterSchema(Schema):
    """The filter of the feed (shape only): the API's query and the "for you" page's form."""

    kind = fields.String(load_default=None, validate=validate.OneOf(KINDS),
                         metadata={"description": "only this kind: vacancy, initiative_task or help_request"})
    within_km = fields.Integer(load_default=None, data_key="withinKm", validate=validate.Range(1, 100),
                               metadata={"description": "only what is at most this many km from home (what can "
                                                        "be done from home always fits)"})
    day = fields.String(load_default=None, validate=validate.OneOf(DAYS),
                        metadata={"description": "only what starts on this day of the week (mon ... sun)"})
    day_part = fields.String(load_default=None, data_key="dayPart", validate=validate.OneOf(DAY_PARTS),
                             metadata={"description": "only what starts in this part of the day: morning (before "
                                                      "12:00), afternoon (12:00-18:00) or evening (from 18:00)"})


@dataclass(frozen=True)
class FeedFilter:
    kind: str | None = None
    within_km: int | None = None
    day: str | None = None
    day_part: str | None = None

    @classmethod
    def of(cls, data: dict | None) -> FeedFilter:
        return cls(**{name: (data or {}).get(name) for name in ("kind", "within_km", "day", "day_part")})

    def is_empty(self) -> bool:
        return self == FeedFilter()


@dataclass(frozen=True)
class Widening:
    """A wider filter and how many demands it would find."""

    filter: FeedFilter
    count: int


@dataclass(frozen=True)
class Explanation:
    """Why a filtered feed is empty: how many demands fit the volunteer at all, how many fit each part of the
    filter on its own (``alone``: part name -> count), and wider filters that find something."""

    possible: int
    alone: dict
    widen: list


@dataclass(frozen=True)
class _Columns:
    """The demands of a table as the filter reads them (one entry per row, in the table's id order)."""

    kind: np.ndarray
    day: np.ndarray  # 0 = Monday, local time of the start
    part: np.ndarray  # 0 morning, 1 afternoon, 2 evening
    lat: np.ndarray  # NaN: can be done from home
    lon: np.ndarray


# The columns of the last few tables (a worker keeps a table per municipality for its half hour): read once per
# table, not at every filtered request (a Python pass over a municipality's ~2,000 demands).
_CACHE: dict[int, tuple[object, _Columns]] = {}
_CACHED_TABLES = 8


def columns_of(table, info) -> _Columns:
    """``columns`` of a table, remembered while the worker keeps the table."""
    cached = _CACHE.get(id(table))
    if cached is not None and cached[0] is table:
        return cached[1]
    if len(_CACHE) >= _CACHED_TABLES:
        _CACHE.pop(next(iter(_CACHE)))
    cols = columns(table.ids, info)
    _CACHE[id(table)] = (table, cols)
    return cols


def columns(table_ids, info) -> _Columns:
    zone = local_zone()
    starts = [info[i].starts_at.astimezone(zone) for i in table_ids]
    return _Columns(
        kind=np.array([info[i].kind for i in table_ids], dtype=object),
        day=np.array([s.weekday() for s in starts], dtype=np.int64),
        part=np.array([0 if s.hour < 12 else 1 if s.hour < 18 else 2 for s in starts], dtype=np.int64),
        lat=np.array([np.nan if info[i].remote or info[i].latitude is None else info[i].latitude
                      for i in table_ids], dtype=np.float64),
        lon=np.array([np.nan if info[i].remote or info[i].longitude is None else info[i].longitude
                      for i in table_ids], dtype=np.float64))


def _distance_km(cols: _Columns, lat: float, lon: float) -> np.ndarray:
    """Great-circle km from home (NaN: from home); the same figure the cards show."""
    p1, p2 = np.radians(lat), np.radians(cols.lat)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(cols.lon - lon) / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(a))


def _parts(f: FeedFilter, cols: _Columns, distance: np.ndarray) -> dict[str, np.ndarray]:
    """One boolean column per part of the filter that is set."""
    out = {}
    if f.kind:
        out["kind"] = cols.kind == f.kind
    if f.within_km is not None:
        out["within_km"] = np.isnan(distance) | (np.round(distance, 1) <= f.within_km)
    if f.day:
        out["day"] = cols.day == DAYS.index(f.day)
    if f.day_part:
        out["day_part"] = cols.part == DAY_PARTS.index(f.day_part)
    return out


def mask(f: FeedFilter, cols: _Columns, lat: float, lon: float) -> np.ndarray:
    """True for the rows that fit every part of the filter."""
    fits = np.ones(len(cols.kind), dtype=bool)
    for part in _parts(f, cols, _distance_km(cols, lat, lon)).values():
        fits &= part
    return fits


def explain(f: FeedFilter, cols: _Columns, lat: float, lon: float, possible: np.ndarray) -> Explanation:
    """Why nothing that is ``possible`` (matching's hard constraints) fits ``f``, and what would."""
    distance = _distance_km(cols, lat, lon)
    parts = _parts(f, cols, distance)
    alone = {name: int((possible & part).sum()) for name, part in parts.items()}
    widen: list[Widening] = []
    for wider in _wider(f):
        count = int((possible & mask(wider, cols, lat, lon)).sum())
        # a greater distance that finds no more than a smaller one already offered is no choice
        same_distance_step = widen and wider.within_km != f.within_km and widen[-1].filter.within_km != f.within_km
        if count and not (same_distance_step and widen[-1].count == count and not wider.is_empty()):
            widen.append(Widening(wider, count))
    return Explanation(int(possible.sum()), alone, widen)


def _wider(f: FeedFilter) -> list[FeedFilter]:
    """Wider filters, one change each, the smallest first: the next distances, the whole day, every day (at the
    same part of the day), every kind; and last everything (no filter)."""
    out = []
    if f.within_km is not None:
        out += [replace(f, within_km=km) for km in DISTANCES if km > f.within_km][:2]
        out.append(replace(f, within_km=None))
    if f.day_part:
        out.append(replace(f, day_part=None))
    if f.day:
        out.append(replace(f, day=None))
    if f.kind:
        out.append(replace(f, kind=None))
    if len(out) > 1:
        out.append(FeedFilter())
    return out
