"""Columnar containers: build the arrays once, reuse them for many calls.

Rows are sorted by id, so every result is independent of the order in which
the backend listed its records, and row order doubles as the id tie-break.

>>> from datetime import datetime
>>> table = DemandTable.from_demands([
...     Demand("b", "shift", datetime(2026, 5, 5, 19), datetime(2026, 5, 5, 21), lat=51.92, lon=4.25),
...     Demand("a", "help_request", datetime(2026, 5, 6, 10), datetime(2026, 5, 6, 11), remote=True),
... ])
>>> table.ids, len(table)
(('a', 'b'), 2)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np

from ._time import (
    DAY_MASK,
    SLOT_MINUTES,
    SLOTS_PER_DAY,
    ceil_minutes,
    day_number,
    floor_minutes,
    ymd,
)
from .errors import InvalidInput
from .inputs import DEMAND_KINDS, PREFERENCES, Demand, Volunteer

__all__ = ["VolunteerTable", "DemandTable"]

KM_PER_DEGREE_LAT = 110.574
KM_PER_DEGREE_LON_AT_EQUATOR = 111.320
NO_DAY = -(1 << 40)  # "no VOG": earlier than any demand
UNKNOWN_BIRTH = 99_999_999  # makes the computed age negative, so any min_age > 0 fails
_WORD = (1 << 64) - 1


def _words(values: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """128-bit ints -> (low, high) uint64 words."""
    low = np.array([x & _WORD for x in values], dtype=np.uint64)
    high = np.array([x >> 64 for x in values], dtype=np.uint64)
    return low, high


def _popcount(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    return np.bitwise_count(low).astype(np.int64) + np.bitwise_count(high)


def _sorted_unique(items: Iterable, cls: type, what: str) -> list:
    items = list(items)
    for item in items:
        if not isinstance(item, cls):
            raise InvalidInput(what, f"must hold {cls.__name__} records, got {type(item).__name__}")
    items.sort(key=lambda item: item.id)
    for before, after in zip(items, items[1:]):
        if before.id == after.id:
            raise InvalidInput("id", f"duplicate id in {what}", after.id)
    return items


def _freeze(obj: object) -> None:
    for value in vars(obj).values():
        if isinstance(value, np.ndarray):
            value.flags.writeable = False


class _Table:
    ids: tuple[str, ...]
    _row: dict[str, int]

    def __len__(self) -> int:
        return len(self.ids)

    def row(self, item_id: str) -> int | None:
        """Row of ``item_id``, or None when it is not in the table."""
        return self._row.get(item_id)


class VolunteerTable(_Table):
    """Volunteers as numpy columns (one row per volunteer, sorted by id).

    Build with :meth:`from_volunteers`; treat as read-only.
    """

    @classmethod
    def from_volunteers(cls, volunteers: Iterable[Volunteer]) -> VolunteerTable:
        items = _sorted_unique(volunteers, Volunteer, "volunteers")
        t = cls()
        t.ids = tuple(x.id for x in items)
        t._row = {vid: i for i, vid in enumerate(t.ids)}
        t.lat = np.array([x.lat for x in items], dtype=np.float64)
        t.lon = np.array([x.lon for x in items], dtype=np.float64)
        # Longitude degrees -> km at the volunteer's own latitude (see score.py on distance).
        t.kx = KM_PER_DEGREE_LON_AT_EQUATOR * np.cos(np.radians(t.lat))
        t.radius = np.array([x.radius_km for x in items], dtype=np.float64)
        t.skills_lo, t.skills_hi = _words([x.skills for x in items])
        t.interests = np.array([x.interests for x in items], dtype=np.int64)
        t.languages = np.array([x.languages for x in items], dtype=np.uint64)
        t.avail = np.array(
            [[(x.availability >> (d * SLOTS_PER_DAY)) & DAY_MASK for d in range(7)] for x in items],
            dtype=np.int64,
        ).reshape(len(items), 7)
        t.vog_day = np.array(
            [NO_DAY if x.vog_valid_until is None else day_number(x.vog_valid_until) for x in items], dtype=np.int64
        )
        t.birth_ymd = np.array(
            [UNKNOWN_BIRTH if x.birth_date is None else ymd(x.birth_date) for x in items], dtype=np.int64
        )
        t.paused = np.array([x.paused for x in items], dtype=bool)
        t.pref = np.array([PREFERENCES.index(x.preference) for x in items], dtype=np.int64)
        t.load = np.array([x.load for x in items], dtype=np.int64)
        t.max_load = np.array([x.max_load for x in items], dtype=np.int64)
        t.completed = np.array([x.completed for x in items], dtype=np.int64)
        t.no_shows = np.array([x.no_shows for x in items], dtype=np.int64)
        t.nw = np.array([x.neighbourhood_weight for x in items], dtype=np.float64)
        t._build_exceptions(items)
        t._build_busy(items)
        _freeze(t)
        return t

    def _build_exceptions(self, items: list[Volunteer]) -> None:
        keys, masks = [], []
        for row, x in enumerate(items):
            by_day: dict[int, list[int]] = {}
            for exc in x.exceptions:
                removed_added = by_day.setdefault(day_number(exc.day), [0, 0])
                removed_added[exc.available] |= exc.slots
            for day, (removed, added) in by_day.items():
                if day < 0:
                    continue  # before the supported range: no demand can fall on it
                weekly = int(self.avail[row, day % 7])
                keys.append((row << 32) + day)
                masks.append((weekly & ~removed) | added)
        order = np.argsort(np.array(keys, dtype=np.int64), kind="stable")
        self.exc_key = np.array(keys, dtype=np.int64)[order]
        self.exc_mask = np.array(masks, dtype=np.int64)[order]
        self.has_exceptions = np.zeros(len(items), dtype=bool)
        self.has_exceptions[self.exc_key >> 32] = True

    def _build_busy(self, items: list[Volunteer]) -> None:
        rows, starts, ends = [], [], []
        for row, x in enumerate(items):
            for start, end in x.busy:
                rows.append(row)
                starts.append(floor_minutes(start))
                ends.append(ceil_minutes(end))
        rows_a = np.array(rows, dtype=np.int64)
        key = (rows_a << 32) + np.array(starts, dtype=np.int64)
        order = np.argsort(key, kind="stable")
        self.busy_key = key[order]
        self.busy_row = rows_a[order]
        self.busy_end = np.array(ends, dtype=np.int64)[order]
        # Running maximum of end times within each volunteer: shifting by row << 32
        # keeps groups apart, so one accumulate handles all volunteers at once.
        ends_shifted = (rows_a << 32)[order] + np.array(ends, dtype=np.int64)[order]
        self.busy_end_max = np.maximum.accumulate(ends_shifted) - (self.busy_row << 32)


class DemandTable(_Table):
    """Demand items as numpy columns (one row per demand, sorted by id)."""

    @classmethod
    def from_demands(cls, demands: Iterable[Demand]) -> DemandTable:
        items = _sorted_unique(demands, Demand, "demands")
        t = cls()
        n = len(items)
        t.ids = tuple(x.id for x in items)
        t._row = {did: i for i, did in enumerate(t.ids)}
        t.kind = np.array([DEMAND_KINDS.index(x.kind) for x in items], dtype=np.int64)
        t.start_min = np.array([floor_minutes(x.start) for x in items], dtype=np.int64)
        t.end_min = np.array([ceil_minutes(x.end) for x in items], dtype=np.int64)
        t.slot_start = t.start_min // SLOT_MINUTES
        t.slot_end = -(-t.end_min // SLOT_MINUTES)
        t.first_day = t.slot_start // SLOTS_PER_DAY
        t.last_day = (t.slot_end - 1) // SLOTS_PER_DAY
        t.first_weekday = t.first_day % 7  # the epoch is a Monday
        t.start_ymd = np.array([ymd(x.start.date()) for x in items], dtype=np.int64)
        t.remote = np.array([x.remote for x in items], dtype=bool)
        t.lat = np.array([math.nan if x.remote else x.lat for x in items], dtype=np.float64)
        t.lon = np.array([math.nan if x.remote else x.lon for x in items], dtype=np.float64)
        t.max_dist = np.array(
            [math.inf if x.max_distance_km is None else x.max_distance_km for x in items], dtype=np.float64
        )
        t.req_lo, t.req_hi = _words([x.required_skills for x in items])
        t.n_req = _popcount(t.req_lo, t.req_hi)
        t.nice_lo, t.nice_hi = _words([x.nice_skills for x in items])
        t.n_nice = _popcount(t.nice_lo, t.nice_hi)
        t.interest = np.array([-1 if x.interest is None else x.interest for x in items], dtype=np.int64)
        t.interest_bit = np.where(t.interest >= 0, np.left_shift(1, np.maximum(t.interest, 0)), 0).astype(np.int64)
        t.requires_vog = np.array([x.requires_vog for x in items], dtype=bool)
        t.min_age = np.array([x.min_age for x in items], dtype=np.int64)
        t.languages = np.array([x.languages for x in items], dtype=np.uint64)
        t.regular = np.array([x.regular for x in items], dtype=bool)
        t.urgency = np.array([x.urgency for x in items], dtype=np.int64)
        t.free = np.array([x.free_places for x in items], dtype=np.int64)
        t.nw = np.array([x.neighbourhood_weight for x in items], dtype=np.float64)
        # Flexible windows (see matching._window): duration in minutes, 0 = the whole window is needed.
        t.duration = np.array([x.duration_minutes or 0 for x in items], dtype=np.int64)
        t.flexible = t.duration > 0
        t.window_slots = t.slot_end - t.slot_start
        t.n_flexible = int(t.flexible.sum())
        rigid = ~t.flexible
        t.max_days = int((t.last_day - t.first_day)[rigid].max()) + 1 if rigid.any() else 0
        # Slots needed on the k-th local day of each rigid demand, as a 48-bit mask per day
        # (0 for flexible demands, whose long windows would otherwise widen this for all).
        k = np.arange(t.max_days, dtype=np.int64)
        day_start = (t.first_day[:, None] + k) * SLOTS_PER_DAY
        lo = np.clip(t.slot_start[:, None] - day_start, 0, SLOTS_PER_DAY)
        hi = np.clip(t.slot_end[:, None] - day_start, 0, SLOTS_PER_DAY)
        t.day_need = np.left_shift(1, hi) - np.left_shift(1, lo)
        t.day_need[t.flexible] = 0
        _freeze(t)
        return t


def patch_exceptions(vt: VolunteerTable, vrows: np.ndarray, day: np.ndarray, have: np.ndarray) -> np.ndarray:
    """Replace the weekly mask by the dated one where the volunteer has an exception that day."""
    shape = np.broadcast_shapes(vrows.shape, day.shape, have.shape)
    affected = np.flatnonzero(np.broadcast_to(vt.has_exceptions[vrows], shape))
    if affected.size == 0:
        return have
    keys = (np.broadcast_to(vrows, shape)[affected] << 32) + np.broadcast_to(day, shape)[affected]
    pos = np.minimum(np.searchsorted(vt.exc_key, keys), vt.exc_key.size - 1)
    hit = vt.exc_key[pos] == keys
    have = np.broadcast_to(have, shape).copy()
    have[affected[hit]] = vt.exc_mask[pos[hit]]
    return have


def as_volunteer_table(volunteers: object) -> VolunteerTable:
    if isinstance(volunteers, VolunteerTable):
        return volunteers
    if isinstance(volunteers, Volunteer):
        return VolunteerTable.from_volunteers([volunteers])
    if isinstance(volunteers, (str, bytes)) or not isinstance(volunteers, Iterable):
        raise InvalidInput("volunteers", "must be a VolunteerTable or a sequence of Volunteer")
    return VolunteerTable.from_volunteers(volunteers)


def as_demand_table(demands: object) -> DemandTable:
    if isinstance(demands, DemandTable):
        return demands
    if isinstance(demands, Demand):
        return DemandTable.from_demands([demands])
    if isinstance(demands, (str, bytes)) or not isinstance(demands, Iterable):
        raise InvalidInput("demands", "must be a DemandTable or a sequence of Demand")
    return DemandTable.from_demands(demands)

