"""Sparse candidate generation for batch runs: never a dense demands x volunteers matrix.

Demands with a location are bucketed by *time* and *space*:

* time: the 4-hour block of the week their first half-hour falls in (42
  buckets). A volunteer can only take a demand whose first slot they are free
  for, so a volunteer visits only the blocks where their weekly availability
  (plus any slots added by dated exceptions) has at least one slot;
* space: horizontal strips of height ``h`` km, sorted by longitude inside a
  strip. A volunteer with reach ``r`` visits only the strips within ``r`` and,
  in each, the longitude interval of the circle's chord, converted to degrees
  at the volunteer's latitude exactly as the distance check does.

Each (volunteer, block, strip) is one ``searchsorted`` range over the sorted
demands. The chord is taken at the strip edge nearest the volunteer, so the
ranges hold every pair that can be feasible (plus a few extra near the
circle's edge, removed by the exact checks).
A flexible demand (``duration_minutes``) may be done in any block its window
touches: it is paired with the volunteers in reach (space only) whose blocks,
as a 42-bit mask, meet the window's blocks.
Ranges are expanded in chunks of at most ``chunk_pairs`` pairs, so memory
stays bounded whatever the input size. Remote demands use the time buckets only.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

import numpy as np

from ._time import SLOTS_PER_DAY
from ._pairs import distance_km
from ._columns import KM_PER_DEGREE_LAT
from .tables import DemandTable, VolunteerTable

_BLOCK = 8  # half-hour slots per time bucket
_BLOCKS_PER_DAY = SLOTS_PER_DAY // _BLOCK
N_BUCKETS = 7 * _BLOCKS_PER_DAY

Chunks = Iterator[tuple[np.ndarray, np.ndarray]]


def ragged_arange(counts: np.ndarray) -> np.ndarray:
    """Concatenation of arange(c) for every c in counts."""
    total = int(counts.sum())
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    return np.arange(total, dtype=np.int64) - starts


def demand_buckets(dt: DemandTable, drows: np.ndarray) -> np.ndarray:
    return (dt.slot_start[drows] % (7 * SLOTS_PER_DAY)) // _BLOCK


def volunteer_buckets(vt: VolunteerTable) -> np.ndarray:
    """(n, 42) bool: the volunteer may be free at some slot of that 4-hour block."""
    search = vt.avail.copy()
    if vt.exc_key.size:  # slots added on a date count for that weekday (a superset is fine)
        rows, days = vt.exc_key >> 32, vt.exc_key & 0xFFFFFFFF
        np.bitwise_or.at(search, (rows, days % 7), vt.exc_mask)
    blocks = [(search >> (_BLOCK * j)) & 0xFF for j in range(_BLOCKS_PER_DAY)]
    return (np.stack(blocks, axis=2) != 0).reshape(len(vt), N_BUCKETS)


def _block_bits(buckets: np.ndarray) -> np.ndarray:
    """(n, 42) bool -> one 42-bit mask per row."""
    return (buckets.astype(np.int64) << np.arange(N_BUCKETS, dtype=np.int64)).sum(axis=1)


def window_blocks(dt: DemandTable, drows: np.ndarray) -> np.ndarray:
    """42-bit mask of the 4-hour blocks of the week that a demand's slots touch."""
    first = dt.slot_start[drows] // _BLOCK
    count = (dt.slot_end[drows] - 1) // _BLOCK - first + 1
    everything = (1 << N_BUCKETS) - 1
    run = (np.left_shift(1, np.minimum(count, N_BUCKETS)) - 1).astype(np.uint64)
    turn = (first % N_BUCKETS).astype(np.uint64)  # rotate the run to the first block, wrapping at Sunday night
    # Unsigned: bits shifted past 63 are dropped (they are past bit 41 and come back through the right shift).
    rotated = ((run << turn) | (run >> (np.uint64(N_BUCKETS) - turn))) & np.uint64(everything)
    return np.where(count >= N_BUCKETS, everything, rotated.astype(np.int64))


def flexible_candidates(
    vt: VolunteerTable, dt: DemandTable, local_rows: np.ndarray, remote_rows: np.ndarray, chunk_pairs: int
) -> Chunks:
    """Flexible demands with every volunteer in reach (remote: every volunteer) who may be
    free in some 4-hour block of the demand's window."""
    if len(vt) == 0 or local_rows.size + remote_rows.size == 0:
        return
    volunteer_mask = _block_bits(volunteer_buckets(vt))
    demand_mask = np.zeros(len(dt), dtype=np.int64)
    rows = np.concatenate([local_rows, remote_rows])
    demand_mask[rows] = window_blocks(dt, rows)
    everyone = np.arange(len(vt), dtype=np.int64)
    remote_pairs = (
        (v, d) for d, v in _expand(remote_rows, np.zeros_like(remote_rows), np.full_like(remote_rows, len(vt)), everyone, chunk_pairs)
    )
    for vi, di in chain(local_candidates(vt, dt, local_rows, chunk_pairs, by_time=False), remote_pairs):
        meet = (volunteer_mask[vi] & demand_mask[di]) != 0
        yield vi[meet], di[meet]


def _expand(owner: np.ndarray, lo: np.ndarray, counts: np.ndarray, targets: np.ndarray, chunk_pairs: int) -> Chunks:
    """Pairs (owner[i], targets[lo[i] + j]) for j < counts[i], in chunks."""
    keep = counts > 0
    owner, lo, counts = owner[keep], lo[keep], counts[keep]
    cumulative = np.cumsum(counts)
    start = 0
    while start < counts.size:
        before = int(cumulative[start - 1]) if start else 0
        end = max(int(np.searchsorted(cumulative, before + chunk_pairs, side="right")), start + 1)
        c = counts[start:end]
        yield np.repeat(owner[start:end], c), targets[np.repeat(lo[start:end], c) + ragged_arange(c)]
        start = end


class _Layout:
    """Demands sorted by (time bucket, strip, longitude), and one search range per
    (volunteer, time bucket, strip) with the outer (superset) and inner (all truly
    in reach) longitude half-widths of the volunteer's circle in that strip."""

    def __init__(
        self, vt: VolunteerTable, dt: DemandTable, drows: np.ndarray, by_time: bool, inner: bool = False
    ) -> None:
        reach = np.minimum(vt.radius, dt.max_dist[drows].max())
        positive = reach[reach > 0]
        h = float(np.clip(np.median(positive) / 2 if positive.size else 1.0, 0.05, 100.0))
        yd, yv = dt.lat[drows] * KM_PER_DEGREE_LAT, vt.lat * KM_PER_DEGREE_LAT
        ymin = min(yd.min(), yv.min())
        lon0 = min(dt.lon[drows].min(), vt.lon.min()) - 1.0
        width = max(dt.lon[drows].max(), vt.lon.max()) - lon0 + 2.0
        strip_d = np.floor((yd - ymin) / h).astype(np.int64)
        n_strips = int(strip_d.max()) + 1
        bucket_d = demand_buckets(dt, drows) if by_time else np.zeros(drows.size, dtype=np.int64)
        keys = (bucket_d * n_strips + strip_d) * width + (dt.lon[drows] - lon0)
        order = np.argsort(keys, kind="stable")
        self.keys, self.sorted_rows = keys[order], drows[order]

        if by_time:
            rv, rb = np.nonzero(volunteer_buckets(vt))
        else:
            rv, rb = np.arange(len(vt), dtype=np.int64), np.zeros(len(vt), dtype=np.int64)
        s_lo = np.clip(np.floor((yv - reach - ymin) / h), 0, n_strips - 1).astype(np.int64)
        s_hi = np.clip(np.floor((yv + reach - ymin) / h), 0, n_strips - 1).astype(np.int64)
        per = (s_hi - s_lo + 1)[rv]
        self.rv, rb = np.repeat(rv, per), np.repeat(rb, per)
        strip = s_lo[self.rv] + ragged_arange(per)
        y, r2 = yv[self.rv], reach[self.rv] ** 2
        below, above = strip * h + ymin - y, y - ((strip + 1) * h + ymin)
        near_gap = np.maximum(0.0, np.maximum(below, above))
        far_gap = np.maximum(-below, -above)
        # Longitude degrees -> km at the volunteer's latitude, exactly as the distance check does.
        kx = np.maximum(vt.kx[self.rv], 1e-9)
        outer = np.sqrt(np.maximum(r2 - near_gap**2, 0.0)) / kx
        base = (rb * n_strips + strip) * width
        x = vt.lon[self.rv] - lon0

        def at(offset: np.ndarray, side: str) -> np.ndarray:
            return np.searchsorted(self.keys, base + np.clip(offset, 0.0, width - 0.5), side=side)

        self.outer_lo, self.outer_hi = at(x - outer - 1e-9, "left"), at(x + outer + 1e-9, "right")
        if inner:  # shrunk a little so that rounding never counts a pair just outside
            half = np.sqrt(np.maximum(r2 - far_gap**2, 0.0)) * (1 - 1e-9) / kx - 1e-12
            has_inner = (half > 0) & (r2 >= far_gap**2)
            self.inner_lo = np.where(has_inner, at(x - half, "right"), self.outer_lo)
            self.inner_hi = np.maximum(np.where(has_inner, at(x + half, "left"), self.outer_lo), self.inner_lo)


def local_candidates(
    vt: VolunteerTable, dt: DemandTable, drows: np.ndarray, chunk_pairs: int, by_time: bool = True
) -> Chunks:
    """(volunteer rows, demand rows) chunks covering every pair in reach (and, with
    ``by_time``, where the volunteer may be free at the demand's first slot)."""
    if drows.size == 0 or len(vt) == 0:
        return
    g = _Layout(vt, dt, drows, by_time)
    yield from _expand(g.rv, g.outer_lo, g.outer_hi - g.outer_lo, g.sorted_rows, chunk_pairs)


def reach_counts(vt: VolunteerTable, dt: DemandTable, drows: np.ndarray, chunk_pairs: int) -> np.ndarray:
    """Per demand row (of all of ``dt``): how many volunteers are within reach.

    Demands without a max distance are counted mostly without enumerating pairs:
    the part of each chord that is surely in reach adds 1 through a difference
    array, and only the two slivers near the circle's edge are checked pair by
    pair. Demands with a max distance are checked pair by pair.
    """
    counts = np.zeros(len(dt), dtype=np.int64)
    if drows.size == 0 or len(vt) == 0:
        return counts
    open_ended = np.isinf(dt.max_dist[drows])
    for rows, sure in ((drows[open_ended], True), (drows[~open_ended], False)):
        if rows.size == 0:
            continue
        g = _Layout(vt, dt, rows, by_time=False, inner=sure)
        if sure:
            diff = np.zeros(rows.size + 1, dtype=np.int64)
            np.add.at(diff, g.inner_lo, 1)
            np.add.at(diff, g.inner_hi, -1)
            counts[g.sorted_rows] += np.cumsum(diff)[:-1]
            spans = ((g.outer_lo, g.inner_lo), (g.inner_hi, g.outer_hi))
        else:
            spans = ((g.outer_lo, g.outer_hi),)
        for lo, hi in spans:
            for vi, di in _expand(g.rv, lo, hi - lo, g.sorted_rows, chunk_pairs):
                km = distance_km(vt.lat[vi], vt.lon[vi], vt.kx[vi], dt.lat[di], dt.lon[di])
                near = (km <= vt.radius[vi]) & (km <= dt.max_dist[di])
                counts += np.bincount(di[near], minlength=len(dt))
    return counts


def remote_candidates(vt: VolunteerTable, dt: DemandTable, drows: np.ndarray, chunk_pairs: int) -> Chunks:
    """Remote demands with every volunteer who may be free at their first slot."""
    if drows.size == 0 or len(vt) == 0:
        return
    buckets, volunteers = np.nonzero(volunteer_buckets(vt).T)  # sorted by bucket, then volunteer
    bounds = np.searchsorted(buckets, np.arange(N_BUCKETS + 1))
    b = demand_buckets(dt, drows)
    for d, v in _expand(drows, bounds[b], bounds[b + 1] - bounds[b], volunteers, chunk_pairs):
        yield v, d
