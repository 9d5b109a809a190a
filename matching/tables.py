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
from datetime import datetime

import numpy as np

from ._columns import (
    KM_PER_DEGREE_LON_AT_EQUATOR,
    NO_DAY,
    UNKNOWN_BIRTH,
    _freeze,
    _popcount,
    _sorted_unique,
    _Table,
    _words,
)
from ._time import DAY_MASK, SLOT_MINUTES, SLOTS_PER_DAY, ceil_minutes, day_number, floor_minutes, ymd
from .errors import InvalidInput
from .inputs import DEMAND_KINDS, PREFERENCES, Demand, Volunteer

__all__ = ["VolunteerTable", "DemandTable"]


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
    """Demand items as numpy columns (one row per demand, sorted by id).

    Build it from :class:`Demand` records (:meth:`from_demands`) or, when the
    backend already holds columns, from arrays (:meth:`from_columns`), which
    skips the per-record checks and checks each column at once instead.
    """

    @classmethod
    def from_demands(cls, demands: Iterable[Demand]) -> DemandTable:
        items = _sorted_unique(demands, Demand, "demands")
        return cls._build(
            ids=[x.id for x in items],
            kind=[DEMAND_KINDS.index(x.kind) for x in items],
            start_min=[floor_minutes(x.start) for x in items],
            end_min=[ceil_minutes(x.end) for x in items],
            start_ymd=[ymd(x.start.date()) for x in items],
            remote=[x.remote for x in items],
            lat=[math.nan if x.remote else x.lat for x in items],
            lon=[math.nan if x.remote else x.lon for x in items],
            max_dist=[math.inf if x.max_distance_km is None else x.max_distance_km for x in items],
            required_skills=[x.required_skills for x in items],
            nice_skills=[x.nice_skills for x in items],
            interest=[-1 if x.interest is None else x.interest for x in items],
            requires_vog=[x.requires_vog for x in items],
            min_age=[x.min_age for x in items],
            languages=[x.languages for x in items],
            regular=[x.regular for x in items],
            urgency=[x.urgency for x in items],
            free=[x.free_places for x in items],
            nw=[x.neighbourhood_weight for x in items],
            duration=[x.duration_minutes or 0 for x in items],
        )

    @classmethod
    def from_columns(
        cls,
        ids: Sequence[str],
        kind: Sequence[str],
        start: Sequence[datetime],
        end: Sequence[datetime],
        *,
        lat: Sequence[float | None],
        lon: Sequence[float | None],
        remote: Sequence[bool],
        max_distance_km: Sequence[float | None],
        required_skills: Sequence[int],
        nice_skills: Sequence[int],
        interest: Sequence[int | None],
        requires_vog: Sequence[bool],
        min_age: Sequence[int],
        languages: Sequence[int],
        regular: Sequence[bool],
        urgency: Sequence[int],
        free_places: Sequence[int],
        neighbourhood_weight: Sequence[float],
        duration_minutes: Sequence[int | None] | None = None,
    ) -> DemandTable:
        """The same table as :meth:`from_demands` over the same values, one column per field of :class:`Demand`.

        Every column is as long as ``ids`` (any order; rows are sorted by id here). Times are naive local
        datetimes as in :class:`Demand`. The checks are those of :class:`Demand`, made per column.

        >>> from datetime import datetime
        >>> t = DemandTable.from_columns(
        ...     ["b", "a"], ["shift", "help_request"], [datetime(2026, 5, 5, 19), datetime(2026, 5, 6, 10)],
        ...     [datetime(2026, 5, 5, 21), datetime(2026, 5, 6, 11)], lat=[51.92, None], lon=[4.25, None],
        ...     remote=[False, True], max_distance_km=[None, None], required_skills=[0, 0], nice_skills=[0, 0],
        ...     interest=[None, 3], requires_vog=[False, False], min_age=[0, 0], languages=[0, 0],
        ...     regular=[False, False], urgency=[0, 1], free_places=[2, 1], neighbourhood_weight=[1.0, 1.0])
        >>> t.ids, t.free.tolist()
        (('a', 'b'), [1, 2])
        """
        n = len(ids)
        columns = dict(kind=kind, start=start, end=end, lat=lat, lon=lon, remote=remote,
                       max_distance_km=max_distance_km, required_skills=required_skills, nice_skills=nice_skills,
                       interest=interest, requires_vog=requires_vog, min_age=min_age, languages=languages,
                       regular=regular, urgency=urgency, free_places=free_places,
                       neighbourhood_weight=neighbourhood_weight)
        if duration_minutes is None:
            duration_minutes = [None] * n
        columns["duration_minutes"] = duration_minutes
        for name, column in columns.items():
            if len(column) != n:
                raise InvalidInput(name, f"has {len(column)} values for {n} ids")
        order = sorted(range(n), key=ids.__getitem__)
        ids_sorted = [ids[i] for i in order]
        for i in order:
            if not isinstance(ids[i], str) or not ids[i]:
                raise InvalidInput("id", f"must be a non-empty str, got {ids[i]!r}")
        for before, after in zip(ids_sorted, ids_sorted[1:]):
            if before == after:
                raise InvalidInput("id", "duplicate id in demands", after)

        def col(name: str) -> list:
            values = columns[name]
            return [values[i] for i in order]

        starts, ends = col("start"), col("end")
        for did, s, e in zip(ids_sorted, starts, ends):
            if not isinstance(s, datetime) or s.tzinfo is not None or not isinstance(e, datetime) or e <= s:
                raise InvalidInput("end", "start and end must be naive datetimes with start < end", did)
        remote_ = np.array(col("remote"), dtype=bool)
        lat_ = np.array([math.nan if r or x is None else x for r, x in zip(remote_, col("lat"))], dtype=np.float64)
        lon_ = np.array([math.nan if r or x is None else x for r, x in zip(remote_, col("lon"))], dtype=np.float64)
        bad = ~remote_ & ~((np.abs(lat_) <= 90) & (np.abs(lon_) <= 180))
        if bad.any():
            raise InvalidInput("lat", "a demand that is not remote needs lat and lon in range",
                               ids_sorted[int(np.flatnonzero(bad)[0])])
        kinds = col("kind")
        unknown = set(kinds) - set(DEMAND_KINDS)
        if unknown:
            raise InvalidInput("kind", f"must be one of {DEMAND_KINDS}, got {sorted(unknown)[0]!r}")
        table = cls._build(
            ids=ids_sorted,
            kind=[DEMAND_KINDS.index(k) for k in kinds],
            start_min=[floor_minutes(x) for x in starts],
            end_min=[ceil_minutes(x) for x in ends],
            start_ymd=[ymd(x.date()) for x in starts],
            remote=remote_, lat=lat_, lon=lon_,
            max_dist=[math.inf if x is None else x for x in col("max_distance_km")],
            required_skills=col("required_skills"), nice_skills=col("nice_skills"),
            interest=[-1 if x is None else x for x in col("interest")],
            requires_vog=col("requires_vog"), min_age=col("min_age"), languages=col("languages"),
            regular=col("regular"), urgency=col("urgency"), free=col("free_places"),
            nw=col("neighbourhood_weight"), duration=[x or 0 for x in col("duration_minutes")],
        )
        table._check_ranges()
        return table

    def _check_ranges(self) -> None:
        """The per-column form of Demand's checks (the first offending id is named)."""
        checks = (
            ("max_distance_km", ~(self.max_dist >= 0)),
            ("interest", (self.interest < -1) | (self.interest > 31)),
            ("min_age", (self.min_age < 0) | (self.min_age > 150)),
            ("urgency", (self.urgency < 0) | (self.urgency > 3)),
            ("free_places", self.free < 0),
            ("neighbourhood_weight", ~(self.nw >= 0)),
            ("duration_minutes", (self.duration < 0) | (self.duration > self.end_min - self.start_min)),
        )
        for name, bad in checks:
            if bad.any():
                raise InvalidInput(name, "out of range", self.ids[int(np.flatnonzero(bad)[0])])

    @classmethod
    def _build(cls, *, ids, kind, start_min, end_min, start_ymd, remote, lat, lon, max_dist, required_skills,
               nice_skills, interest, requires_vog, min_age, languages, regular, urgency, free, nw,
               duration) -> DemandTable:
        t = cls()
        t.ids = tuple(ids)
        t._row = {did: i for i, did in enumerate(t.ids)}
        t.kind = np.array(kind, dtype=np.int64)
        t.start_min = np.array(start_min, dtype=np.int64)
        t.end_min = np.array(end_min, dtype=np.int64)
        t.slot_start = t.start_min // SLOT_MINUTES
        t.slot_end = -(-t.end_min // SLOT_MINUTES)
        t.first_day = t.slot_start // SLOTS_PER_DAY
        t.last_day = (t.slot_end - 1) // SLOTS_PER_DAY
        t.first_weekday = t.first_day % 7  # the epoch is a Monday
        t.start_ymd = np.array(start_ymd, dtype=np.int64)
        t.remote = np.array(remote, dtype=bool)
        t.lat = np.array(lat, dtype=np.float64)
        t.lon = np.array(lon, dtype=np.float64)
        t.max_dist = np.array(max_dist, dtype=np.float64)
        for name, values, bits in (("required_skills", required_skills, 128), ("nice_skills", nice_skills, 128),
                                   ("languages", languages, 64)):
            if any(x < 0 or x >> bits for x in set(values)):
                raise InvalidInput(name, f"bitset out of range: only bits 0..{bits - 1} may be set")
        t.req_lo, t.req_hi = _words(required_skills)
        t.n_req = _popcount(t.req_lo, t.req_hi)
        t.nice_lo, t.nice_hi = _words(nice_skills)
        t.n_nice = _popcount(t.nice_lo, t.nice_hi)
        t.interest = np.array(interest, dtype=np.int64)
        t.interest_bit = np.where(t.interest >= 0, np.left_shift(1, np.maximum(t.interest, 0)), 0).astype(np.int64)
        t.requires_vog = np.array(requires_vog, dtype=bool)
        t.min_age = np.array(min_age, dtype=np.int64)
        t.languages = np.array(languages, dtype=np.uint64)
        t.regular = np.array(regular, dtype=bool)
        t.urgency = np.array(urgency, dtype=np.int64)
        t.free = np.array(free, dtype=np.int64)
        t.nw = np.array(nw, dtype=np.float64)
        # Flexible windows (see matching._window): duration in minutes, 0 = the whole window is needed.
        t.duration = np.array(duration, dtype=np.int64)
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


def as_volunteer_table(volunteers: object) -> VolunteerTable:
    return _as_table(volunteers, "volunteers", VolunteerTable, Volunteer, VolunteerTable.from_volunteers)


def as_demand_table(demands: object) -> DemandTable:
    return _as_table(demands, "demands", DemandTable, Demand, DemandTable.from_demands)


def _as_table(items: object, name: str, table: type, item: type, build):
    """``items`` as a table: a table as it is, one item or a sequence of them built into one."""
    if isinstance(items, table):
        return items
    if isinstance(items, item):
        return build([items])
    if isinstance(items, (str, bytes)) or not isinstance(items, Iterable):
        raise InvalidInput(name, f"must be a {table.__name__} or a sequence of {item.__name__}")
    return build(items)

