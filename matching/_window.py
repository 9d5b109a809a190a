"""Flexible windows: a demand with a duration needs one fitting stretch, not its whole window.

A flexible demand (``duration_minutes`` set) is a task of ``duration``
minutes to be done some time in ``[start, end)``. It is *placed* on the
half-hour grid: placement ``i`` begins at ``t_i = max(start, 30 * (s0 + i))``
minutes, where ``s0`` is the slot holding ``start``, and must end by ``end``.
A placement fits a volunteer when every half-hour slot it touches is in their
availability (the weekly mask patched by the exceptions of that date) and no
accepted engagement overlaps ``[t_i, t_i + duration)`` (to the minute, as the
busy check of a rigid demand). A duration equal to the window's length leaves
one placement, the whole window: the rigid rule.

The search runs on unpacked bits for the (volunteer, flexible demand) pairs
only: one row per pair and one column per half-hour slot of the window (a
14-day window has at most 673). With ``cs`` the running count of free slots
of a row, placement ``i`` touching ``L`` slots is free of gaps iff
``cs[i + L] - cs[i] == L``. Engagements become intervals of blocked
placements, marked through a difference array. Rows are sorted by window
width and handled in chunks of about :data:`CHUNK_CELLS` cells, so memory is
bounded and a short window is never padded to the width of the longest.

>>> from datetime import datetime, time
>>> from matching import Demand, DemandTable, Volunteer, VolunteerTable, weekly_availability
>>> vt = VolunteerTable.from_volunteers([
...     Volunteer("v", 51.92, 4.25, 5, availability=weekly_availability([(1, time(14), time(16))]))])
>>> dt = DemandTable.from_demands([Demand("d", "help_request", datetime(2026, 5, 5, 10), datetime(2026, 5, 5, 17),
...                                       remote=True, duration_minutes=90)])
>>> available, free, slot = stretch_fit(vt, np.array([0]), dt, np.array([0]))
>>> bool(available[0]), bool(free[0]), int(slot[0] % 48)  # the first fitting stretch starts at 14:00
(True, True, 28)
"""

from __future__ import annotations

import numpy as np

from ._candidates import ragged_arange
from ._columns import patch_exceptions
from ._pairs import Pairs
from ._time import SLOT_MINUTES, SLOTS_PER_DAY
from .tables import DemandTable, VolunteerTable

CHUNK_CELLS = 1 << 18  # (pair, slot) cells per chunk: ~10 int64 temporaries of this size at once
_NAMES = ("stretch_available", "stretch_free", "stretch_slot")


def window_fit(p: Pairs, pending: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per pair of ``p`` (a 1-D view): whether some placement fits the availability,
    whether one of those also misses every engagement, and the first slot of the
    earliest placement that does both (rigid demands: True, True, their first slot).

    Without ``pending`` the result covers every pair and is cached on ``p``. With it,
    only pending flexible pairs are searched (the others report False, False) and
    nothing is cached: this is how :func:`matching.constraints.feasible` skips the
    search for pairs another constraint already removed.
    """
    if pending is None:
        return p.cached_group(_NAMES, lambda: _window_fit(p, None))
    return _window_fit(p, pending)


def _window_fit(p: Pairs, pending: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    shape = p.shape()
    slot = np.broadcast_to(p.d.slot_start, shape).copy()
    if p.d.table.n_flexible == 0:
        return np.ones(shape, dtype=bool), np.ones(shape, dtype=bool), slot
    flexible = np.broadcast_to(p.d.flexible, shape)
    available, free = ~flexible, ~flexible  # two new arrays
    todo = np.flatnonzero(flexible if pending is None else flexible & pending)
    if todo.size:
        vrows = np.broadcast_to(p.v.row_numbers(), shape)[todo]
        drows = np.broadcast_to(p.d.row_numbers(), shape)[todo]
        available[todo], free[todo], slot[todo] = stretch_fit(p.v.table, vrows, p.d.table, drows)
    return available, free, slot


def stretch_fit(
    vt: VolunteerTable, vrows: np.ndarray, dt: DemandTable, drows: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`window_fit` for explicit (volunteer row, flexible demand row) pairs."""
    n = vrows.size
    available, free = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    slot = dt.slot_start[drows].copy()
    width = dt.window_slots[drows]
    order = np.argsort(width, kind="stable")
    start = 0
    while start < n:
        end = min(n, start + max(1, CHUNK_CELLS // int(width[order[start]])))
        while end - start > 1 and (end - start) * int(width[order[end - 1]]) > CHUNK_CELLS:
            end = start + max(1, CHUNK_CELLS // int(width[order[end - 1]]))
        rows = order[start:end]
        available[rows], free[rows], slot[rows] = _chunk(vt, vrows[rows], dt, drows[rows])
        start = end
    return available, free, slot


def _chunk(
    vt: VolunteerTable, v: np.ndarray, dt: DemandTable, d: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    s0, duration = dt.slot_start[d], dt.duration[d]
    start_min, end_min = dt.start_min[d], dt.end_min[d]
    m, w = v.size, int(dt.window_slots[d].max())
    column = np.arange(w, dtype=np.int64)
    count = np.zeros((m, w + 1), dtype=np.int32)  # count[:, i] = free slots in columns < i
    np.cumsum(_available_cells(vt, v, dt, d, column), axis=1, out=count[:, 1:])
    # Columns past a row's window hold junk, but no placement of that row reaches them.
    k = -(-duration // SLOT_MINUTES)  # slots of a placement that starts on a boundary
    last = (end_min - duration) // SLOT_MINUTES - s0  # last column such a placement may start in
    reach = np.minimum(column + k[:, None], w)
    fits = (np.take_along_axis(count, reach, axis=1) - count[:, :w] == k[:, None]) & (column <= last[:, None])
    # Column 0 is the placement at ``start`` itself, which may touch one slot more.
    first_touched = -(-(start_min + duration) // SLOT_MINUTES) - s0
    fits[:, 0] = count[np.arange(m), first_touched] == first_touched
    blocked = _blocked(vt, v, s0, duration, start_min, end_min, w)
    free_fit = fits if blocked is None else fits & ~blocked
    return fits.any(axis=1), free_fit.any(axis=1), s0 + np.argmax(free_fit, axis=1)


def _available_cells(
    vt: VolunteerTable, v: np.ndarray, dt: DemandTable, d: np.ndarray, column: np.ndarray
) -> np.ndarray:
    """(pairs, columns) bool: the volunteer's patched availability at each slot of the window."""
    first_day = dt.first_day[d]
    n_days = int((dt.last_day[d] - first_day).max()) + 1
    have = np.empty((v.size, n_days), dtype=np.int64)
    flat_avail = vt.avail.ravel()
    for k in range(n_days):
        day = first_day + k
        masks = flat_avail[v * 7 + day % 7]
        have[:, k] = patch_exceptions(vt, v, day, masks) if vt.exc_key.size else masks
    in_days = (dt.slot_start[d] % SLOTS_PER_DAY)[:, None] + column  # slot counted from the first day's midnight
    day_of_cell = np.minimum(in_days // SLOTS_PER_DAY, n_days - 1)
    bits = np.take_along_axis(have, day_of_cell, axis=1) >> (in_days % SLOTS_PER_DAY)
    return (bits & 1).astype(bool)


def _blocked(
    vt: VolunteerTable,
    v: np.ndarray,
    s0: np.ndarray,
    duration: np.ndarray,
    start_min: np.ndarray,
    end_min: np.ndarray,
    w: int,
) -> np.ndarray | None:
    """(pairs, columns) bool: the placement of that column overlaps an accepted engagement
    (None: no engagement comes near any of these windows)."""
    if vt.busy_key.size == 0:
        return None
    # The volunteer's engagements that start before the window ends (sorted by start) ...
    first = np.searchsorted(vt.busy_row, v, side="left")
    last = np.searchsorted(vt.busy_key, (v << 32) + end_min, side="left")
    counts = np.maximum(last - first, 0)
    pair = np.repeat(np.arange(v.size, dtype=np.int64), counts)
    eng = np.repeat(first, counts) + ragged_arange(counts)
    busy_start = vt.busy_key[eng] - (vt.busy_row[eng] << 32)
    busy_end = vt.busy_end[eng]
    keep = busy_end > start_min[pair]  # ... and end after it starts
    if not keep.any():
        return None
    pair, busy_start, busy_end = pair[keep], busy_start[keep], busy_end[keep]
    s0, duration, start_min = s0[pair], duration[pair], start_min[pair]
    # Placements begin at non-decreasing times, so one engagement blocks a run of columns:
    # from the first placement that ends after it starts ...
    lo = np.where(
        start_min + duration > busy_start, 0, np.maximum(1, (busy_start - duration) // SLOT_MINUTES - s0 + 1)
    )
    # ... up to the first that begins when it has ended (columns >= 1 begin on boundaries).
    hi = np.where(start_min >= busy_end, 0, np.maximum(1, -(-busy_end // SLOT_MINUTES) - s0))
    lo, hi = np.minimum(lo, w), np.minimum(hi, w)
    marks = np.zeros((v.size, w + 1), dtype=np.int32)
    hit = lo < hi
    np.add.at(marks, (pair[hit], lo[hit]), 1)
    np.add.at(marks, (pair[hit], hi[hit]), -1)
    return np.cumsum(marks[:, :w], axis=1) > 0
