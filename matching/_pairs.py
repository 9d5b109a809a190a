"""A lazily gathered view of (volunteer, demand) pairs.

The same constraint and score code serves three shapes:

* one volunteer against all demands (``recommend``): volunteer columns are
  1-row arrays that broadcast against whole demand columns (no gather);
* one demand against all volunteers (``candidates``): the mirror image;
* explicit pairs (``assign``): both sides gathered by row index arrays.
"""

from __future__ import annotations

import numpy as np

from .tables import DemandTable, VolunteerTable


class Side:
    """Columns of one table, restricted to ``rows`` (None = every row, in order)."""

    def __init__(self, table: VolunteerTable | DemandTable, rows: np.ndarray | None) -> None:
        self.table = table
        self.rows = rows
        self._cache: dict[str, np.ndarray] = {}

    def __getattr__(self, name: str) -> np.ndarray:
        if name.startswith("_"):
            raise AttributeError(name)
        cache = self._cache
        if name not in cache:
            column = getattr(self.table, name)
            cache[name] = column if self.rows is None else column[self.rows]
        return cache[name]

    def subset(self, keep: np.ndarray) -> Side:
        """The elements at positions ``keep`` (explicit rows only); columns are gathered anew."""
        return Side(self.table, self.rows[keep])

    def row_numbers(self) -> np.ndarray:
        """Table row of every element (for lookups keyed by row)."""
        if self.rows is None:
            return np.arange(len(self.table), dtype=np.int64)
        return self.rows


class Pairs:
    """Volunteer side ``v`` and demand side ``d`` whose columns broadcast together."""

    def __init__(self, v: Side, d: Side, now_min: int) -> None:
        self.v = v
        self.d = d
        self.now_min = now_min
        self._cache: dict[str, np.ndarray] = {}

    @classmethod
    def one_volunteer(cls, vt: VolunteerTable, row: int, dt: DemandTable, now_min: int) -> Pairs:
        return cls(Side(vt, np.array([row], dtype=np.int64)), Side(dt, None), now_min)

    @classmethod
    def one_demand(cls, dt: DemandTable, row: int, vt: VolunteerTable, now_min: int) -> Pairs:
        return cls(Side(vt, None), Side(dt, np.array([row], dtype=np.int64)), now_min)

    @classmethod
    def explicit(cls, vt: VolunteerTable, vi: np.ndarray, dt: DemandTable, di: np.ndarray, now_min: int) -> Pairs:
        return cls(Side(vt, vi), Side(dt, di), now_min)

    def subset(self, keep: np.ndarray) -> Pairs:
        """The pairs at positions ``keep`` (explicit pairs only), reusing computed columns."""
        if keep.dtype == bool:
            keep = np.flatnonzero(keep)
        out = Pairs(self.v.subset(keep), self.d.subset(keep), self.now_min)
        out._cache = {name: values[keep] for name, values in self._cache.items()}
        return out

    def shape(self) -> tuple[int, ...]:
        return np.broadcast_shapes(self.v.lat.shape, self.d.start_min.shape)

    def cached(self, name: str, compute) -> np.ndarray:  # noqa: ANN001 - a zero-argument callable
        if name not in self._cache:
            self._cache[name] = compute()
        return self._cache[name]

    def cached_group(self, names: tuple[str, ...], compute) -> tuple[np.ndarray, ...]:  # noqa: ANN001
        """Like :meth:`cached` for a callable returning one array per name (computed together)."""
        if names[0] not in self._cache:
            for name, values in zip(names, compute(), strict=True):
                self._cache[name] = values
        return tuple(self._cache[name] for name in names)

    def distance_km(self) -> np.ndarray:
        """Approximate distance in km (NaN for remote demands); see :mod:`matching.score`."""
        return self.cached("distance", lambda: distance_km(self.v.lat, self.v.lon, self.v.kx, self.d.lat, self.d.lon))

    def matched_required(self) -> np.ndarray:
        return self.cached(
            "matched_required", lambda: _common_bits(self.v.skills_lo, self.v.skills_hi, self.d.req_lo, self.d.req_hi)
        )

    def matched_nice(self) -> np.ndarray:
        return self.cached(
            "matched_nice", lambda: _common_bits(self.v.skills_lo, self.v.skills_hi, self.d.nice_lo, self.d.nice_hi)
        )


def distance_km(vlat: np.ndarray, vlon: np.ndarray, vkx: np.ndarray, dlat: np.ndarray, dlon: np.ndarray) -> np.ndarray:
    """Equirectangular distance, longitude scaled at the volunteer's latitude."""
    dx = (dlon - vlon) * vkx
    dy = (dlat - vlat) * 110.574
    return np.sqrt(dx * dx + dy * dy)


def _common_bits(a_lo: np.ndarray, a_hi: np.ndarray, b_lo: np.ndarray, b_hi: np.ndarray) -> np.ndarray:
    """Number of bits two 128-bit sets (as low/high uint64 words) share."""
    return np.bitwise_count(a_lo & b_lo).astype(np.int64) + np.bitwise_count(a_hi & b_hi)
