"""Hard constraints: a pair that breaks one is never proposed.

Each constraint is a failure mask over the pairs of a :class:`~matching._pairs.Pairs`
view, keyed by the code reported in :class:`matching.Unmatched`:

==========================  =======================================================
``already_started``         the demand starts at or before ``now``
``no_free_places``          the demand has no free places
``too_far``                 distance > volunteer's radius or > demand's max distance
                            (remote demands skip this check)
``no_one_available_in_time``a half-hour slot the demand touches is not in the
                            volunteer's weekly availability patched by dated exceptions;
                            for a flexible demand (``duration_minutes``): no placement
                            of the task in its window has all its slots available
``paused``                  the volunteer paused their profile
``at_max_load``             commitments this month >= the volunteer's maximum
``excluded``                (volunteer, demand) is in the backend's exclusion set
``busy_at_that_time``       overlaps an engagement the volunteer already accepted;
                            flexible: every available placement overlaps one
``missing_skill``           fewer than ``weights.min_skill_coverage`` of the required skills
``no_vog``                  VOG required but not valid through the demand's last date
                            (a flexible demand's: the window's last date)
``too_young``               age on the demand's start date < minimum age (unknown
                            birth date fails any minimum age > 0)
``missing_language``        none of the demand's languages (any-of) is spoken
==========================  =======================================================

For an unmatched demand, :func:`matching.assign` runs the volunteers in reach
through these checks as a funnel, in this order (availability first: it is
the most selective and the most useful to hear about), and reports the stage
that removed the most of them.

How a flexible demand's placements are searched: :mod:`matching._window`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np

from ._columns import patch_exceptions
from ._pairs import Pairs
from ._window import window_fit
from .tables import VolunteerTable
from .weights import Weights

CODES = (
    "already_started",
    "no_free_places",
    "too_far",
    "no_one_available_in_time",
    "paused",
    "at_max_load",
    "excluded",
    "busy_at_that_time",
    "missing_skill",
    "no_vog",
    "too_young",
    "missing_language",
)


def _checks(
    weights: Weights, excluded_keys: np.ndarray, *, search_windows: bool = True
) -> dict[str, Callable[[Pairs], np.ndarray]]:
    """One failure-mask function per code, in CODES order.

    With ``search_windows=False`` flexible demands pass the two time checks
    (:func:`feasible` searches their windows last, for the surviving pairs only).
    """
    return {
        "already_started": lambda p: p.d.start_min <= p.now_min,
        "no_free_places": lambda p: p.d.free <= 0,
        "too_far": too_far,
        "no_one_available_in_time": (lambda p: ~_available_in_window(p)) if search_windows else (lambda p: ~_available(p)),
        "paused": lambda p: p.v.paused,
        "at_max_load": lambda p: p.v.load >= p.v.max_load,
        "excluded": lambda p: _excluded(p, excluded_keys),
        "busy_at_that_time": _busy_in_window if search_windows else _busy,
        "missing_skill": lambda p: p.matched_required() < _skills_needed(p.d.n_req, weights.min_skill_coverage),
        "no_vog": lambda p: p.d.requires_vog & (p.v.vog_day < p.d.last_day),
        "too_young": lambda p: (p.d.min_age > 0) & ((p.d.start_ymd - p.v.birth_ymd) // 10000 < p.d.min_age),
        "missing_language": lambda p: (p.d.languages != 0) & ((p.d.languages & p.v.languages) == 0),
    }


def failures(p: Pairs, weights: Weights, excluded_keys: np.ndarray) -> dict[str, np.ndarray]:
    """Failure mask per constraint code, every mask of shape ``p.shape()``."""
    shape = p.shape()
    return {code: np.broadcast_to(check(p), shape) for code, check in _checks(weights, excluded_keys).items()}


def feasible(p: Pairs, weights: Weights, excluded_keys: np.ndarray) -> np.ndarray:
    """True where a pair breaks no hard constraint."""
    bad = np.zeros(p.shape(), dtype=bool)
    for check in _checks(weights, excluded_keys, search_windows=False).values():
        bad |= check(p)
    if p.d.table.n_flexible:
        # The stretch search is the costly check: run it only for pairs nothing else removed.
        _, free, _ = window_fit(p, pending=~bad)
        bad |= ~free
    return ~bad


def funnel(
    p: Pairs, weights: Weights, excluded_keys: np.ndarray, codes: tuple[str, ...]
) -> Iterator[tuple[str, np.ndarray, Pairs]]:
    """Apply ``codes`` in order to explicit pairs, dropping failures as it goes.

    Yields ``(code, demand rows eliminated at this stage, surviving pairs)``.
    """
    checks = _checks(weights, excluded_keys)
    for code in codes:
        fail = np.broadcast_to(checks[code](p), p.shape())
        eliminated = p.d.rows[fail]
        if eliminated.size:
            p = p.subset(~fail)
        yield code, eliminated, p


def too_far(p: Pairs) -> np.ndarray:
    dist = p.distance_km()
    within = (dist <= p.v.radius) & (dist <= p.d.max_dist)  # NaN (remote) compares False
    return ~(within | p.d.remote)


def _skills_needed(n_required: np.ndarray, coverage: float) -> np.ndarray:
    # The small epsilon keeps e.g. 0.5 * 4 from becoming 3 through rounding.
    return np.ceil(n_required * coverage - 1e-9).astype(np.int64)


def _excluded(p: Pairs, excluded_keys: np.ndarray) -> np.ndarray:
    if excluded_keys.size == 0:
        return np.zeros((), dtype=bool)
    keys = p.v.row_numbers() * len(p.d.table) + p.d.row_numbers()
    pos = np.minimum(np.searchsorted(excluded_keys, keys), excluded_keys.size - 1)
    return excluded_keys[pos] == keys


def _available(p: Pairs) -> np.ndarray:
    """Every slot of a rigid demand lies in the volunteer's patched availability (flexible: True)."""
    v, d = p.v, p.d
    vt = v.table
    vrows = v.row_numbers()
    day_need = d.day_need  # (..., max_days) masks, 0 past the demand's last day
    ok = np.ones(p.shape(), dtype=bool)
    for k in range(day_need.shape[-1]):
        need = day_need[..., k]
        day = d.first_day + k
        weekday = d.first_weekday if k == 0 else (d.first_weekday + k) % 7
        have = vt.avail.ravel()[vrows * 7 + weekday]
        if vt.exc_key.size:
            have = patch_exceptions(vt, vrows, day, have)
        ok &= (have & need) == need
    return ok


def _available_in_window(p: Pairs) -> np.ndarray:
    """Rigid demands: :func:`_available`; flexible: some placement has all its slots available."""
    ok = _available(p)
    return ok & window_fit(p)[0] if p.d.table.n_flexible else ok


def _busy_in_window(p: Pairs) -> np.ndarray:
    """Rigid demands: :func:`_busy`; flexible: some placement is available, but each overlaps an engagement."""
    clash = _busy(p)
    if p.d.table.n_flexible == 0:
        return clash
    available, free, _ = window_fit(p)
    return clash | (available & ~free)


def _busy(p: Pairs) -> np.ndarray:
    """Some accepted engagement overlaps [start, end) of a rigid demand (flexible: False)."""
    vt = p.v.table
    if vt.busy_key.size == 0:
        return np.zeros((), dtype=bool)
    clash = _busy_rigid(p, vt)
    return clash & ~p.d.flexible if p.d.table.n_flexible else clash


def _busy_rigid(p: Pairs, vt: VolunteerTable) -> np.ndarray:
    vrows = p.v.row_numbers()
    if vrows.size == 1:  # one volunteer (the feed): loop over their few engagements instead
        first, last = np.searchsorted(vt.busy_row, [vrows[0], vrows[0] + 1])
        clash = np.zeros(p.d.start_min.shape, dtype=bool)
        for i in range(first, last):
            start, end = vt.busy_key[i] - (vrows[0] << 32), vt.busy_end[i]
            clash |= (p.d.end_min > start) & (p.d.start_min < end)
        return clash
    # Last engagement of this volunteer that starts before the demand ends ...
    pos = np.searchsorted(vt.busy_key, (vrows << 32) + p.d.end_min) - 1
    safe = np.maximum(pos, 0)
    # ... and the latest end among that volunteer's engagements up to it.
    return (pos >= 0) & (vt.busy_row[safe] == vrows) & (vt.busy_end_max[safe] > p.d.start_min)
