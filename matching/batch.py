"""Batch assignment: the feasible pairing with the highest total score."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import datetime
from itertools import chain

import numpy as np

from . import _validate
from ._candidates import flexible_candidates, local_candidates, reach_counts, remote_candidates
from ._exclude import excluded_keys
from ._pairs import Pairs
from ._solver import max_weight_assignment
from ._time import floor_minutes
from .constraints import CODES, funnel
from .inputs import Demand, Volunteer
from .reasons import build_reasons
from .results import Assignment, Match, Unmatched
from .score import combine, factors
from .tables import DemandTable, VolunteerTable, as_demand_table, as_volunteer_table
from .weights import DEFAULT_WEIGHTS, Weights, check_weights

__all__ = ["assign"]

CHUNK_PAIRS = 1 << 20  # candidate pairs evaluated at once; bounds peak memory
_AFTER_AVAILABILITY = CODES[CODES.index("no_one_available_in_time") + 1 :]
_FUNNEL = ("no_one_available_in_time",) + _AFTER_AVAILABILITY


def assign(
    demands: DemandTable | Sequence[Demand],
    volunteers: VolunteerTable | Sequence[Volunteer],
    *,
    now: datetime,
    weights: Weights = DEFAULT_WEIGHTS,
    exclude: Iterable[tuple[str, str]] = (),
) -> Assignment:
    """Assign volunteers to demands, maximising the total score.

    Each volunteer gets at most one demand (none when ``load >= max_load``),
    each demand at most ``free_places`` volunteers, and no pair breaks a hard
    constraint. Pairs
    with score 0 are never assigned. The solution is computed on id-sorted
    tables, so it does not depend on input order; among equally good
    solutions the solver's choice on that canonical order is returned.

    One demand per volunteer per call is deliberate: a batch that may ask
    someone more than once calls again with the first call's pairs added to
    the volunteers' ``busy`` intervals (and ``load``), so nobody is given two
    demands at the same hour. Measured against one call that allows several
    per volunteer (which cannot see such clashes), those rounds were faster
    and within 0.5-3 % of its total score (bench/RESULTS.md, issue 10 §5).

    >>> from datetime import datetime
    >>> week = (1 << 336) - 1
    >>> vs = [Volunteer("ann", 51.92, 4.25, 5, availability=week, skills=0b1),
    ...       Volunteer("bob", 51.92, 4.25, 5, availability=week)]
    >>> ds = [Demand("cook", "shift", datetime(2026, 5, 5, 17), datetime(2026, 5, 5, 19),
    ...              lat=51.92, lon=4.25, required_skills=0b1),
    ...       Demand("walk", "help_request", datetime(2026, 5, 5, 10), datetime(2026, 5, 5, 11),
    ...              lat=51.92, lon=4.25)]
    >>> result = assign(ds, vs, now=datetime(2026, 5, 1))
    >>> [(m.demand_id, m.volunteer_id) for m in result.pairs]
    [('cook', 'ann'), ('walk', 'bob')]
    >>> result.unmatched
    ()
    """
    dt, vt = as_demand_table(demands), as_volunteer_table(volunteers)
    now_min = floor_minutes(_validate.check_now(now))
    weights = check_weights(weights)
    keys = excluded_keys(exclude, vt, dt)

    edges, stats = _feasible_edges(vt, dt, now_min, weights, keys)
    vi, di, w = edges
    has_room = (vt.max_load > vt.load)[vi]
    chosen = np.zeros(vi.size, dtype=bool)
    chosen[has_room] = max_weight_assignment(vi[has_room], di[has_room], w[has_room], dt.free)
    feasible_count = np.bincount(di, minlength=len(dt))
    vi, di, w = vi[chosen], di[chosen], w[chosen]
    order = np.lexsort((vi, di))  # rows are id-sorted: this is (demand_id, volunteer_id)
    vi, di, w = vi[order], di[order], w[order]
    pairs = _matches(vt, vi, dt, di, w, now_min, weights)
    assigned = np.bincount(di, minlength=len(dt))
    return Assignment(
        pairs=pairs,
        total_score=math.fsum(float(x) for x in w),
        unmatched=_unmatched(vt, dt, now_min, assigned, feasible_count, stats),
    )


def _feasible_edges(
    vt: VolunteerTable, dt: DemandTable, now_min: int, weights: Weights, keys: np.ndarray
) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], dict[str, np.ndarray]]:
    """All feasible pairs with positive score, plus per-demand funnel counts."""
    nd = len(dt)
    open_rows = (dt.free > 0) & (dt.start_min > now_min)
    local, remote = np.flatnonzero(open_rows & ~dt.remote & ~dt.flexible), np.flatnonzero(open_rows & dt.remote & ~dt.flexible)
    local_flexible = np.flatnonzero(open_rows & ~dt.remote & dt.flexible)
    remote_flexible = np.flatnonzero(open_rows & dt.remote & dt.flexible)
    counts = np.zeros((len(_AFTER_AVAILABILITY), nd), dtype=np.int64)
    available_in_reach = np.zeros(nd, dtype=np.int64)
    found_v, found_d, found_w = [], [], []
    chunks = chain(
        local_candidates(vt, dt, local, CHUNK_PAIRS),
        remote_candidates(vt, dt, remote, CHUNK_PAIRS),
        # A flexible demand's window may cover many time blocks: found by space, filtered by blocks.
        flexible_candidates(vt, dt, local_flexible, remote_flexible, CHUNK_PAIRS),
    )
    for vi, di in chunks:
        p = Pairs.explicit(vt, vi, dt, di, now_min)
        for _, _, p in funnel(p, weights, keys, ("no_one_available_in_time", "too_far")):
            pass
        available_in_reach += np.bincount(p.d.rows, minlength=nd)
        for c, (_, eliminated, p) in enumerate(funnel(p, weights, keys, _AFTER_AVAILABILITY)):
            counts[c] += np.bincount(eliminated, minlength=nd)
        score = combine(factors(p, weights), weights)
        positive = score > 0
        found_v.append(p.v.rows[positive])
        found_d.append(p.d.rows[positive])
        found_w.append(score[positive])
    edges = tuple(
        np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)
        for parts, dtype in ((found_v, np.int64), (found_d, np.int64), (found_w, np.float64))
    )
    return edges, {"counts": counts, "available_in_reach": available_in_reach}  # type: ignore[return-value]


def _in_reach(vt: VolunteerTable, dt: DemandTable, drows: np.ndarray) -> np.ndarray:
    """Number of volunteers within reach of each demand in ``drows`` (others: 0)."""
    counts = reach_counts(vt, dt, drows[~dt.remote[drows]], CHUNK_PAIRS)
    counts[drows[dt.remote[drows]]] = len(vt)
    return counts


def _matches(
    vt: VolunteerTable, vi: np.ndarray, dt: DemandTable, di: np.ndarray, w: np.ndarray, now_min: int, weights: Weights
) -> tuple[Match, ...]:
    if w.size == 0:
        return ()
    p = Pairs.explicit(vt, vi, dt, di, now_min)
    reasons = build_reasons(p, factors(p, weights), weights)
    return tuple(
        Match(dt.ids[int(d)], vt.ids[int(v)], float(s), r) for d, v, s, r in zip(di, vi, w, reasons)
    )


def _unmatched(
    vt: VolunteerTable,
    dt: DemandTable,
    now_min: int,
    assigned: np.ndarray,
    feasible_count: np.ndarray,
    stats: dict[str, np.ndarray],
) -> tuple[Unmatched, ...]:
    open_places = dt.free - assigned
    rows = np.flatnonzero(open_places > 0)
    started = dt.start_min[rows] <= now_min
    in_reach = _in_reach(vt, dt, rows[~started])
    stages = np.vstack([in_reach - stats["available_in_reach"], stats["counts"]])
    out = []
    for d in rows:
        eliminated = {code: int(stages[c, d]) for c, code in enumerate(_FUNNEL) if stages[c, d]}
        if dt.start_min[d] <= now_min:
            reason, eliminated = "already_started", {}
        elif len(vt) == 0:
            reason = "no_volunteers"
        else:
            eliminated["too_far"] = len(vt) - int(in_reach[d])
            if feasible_count[d] > assigned[d]:
                reason = "capacity_exhausted"
            elif stages[:, d].max() == 0:
                reason = "too_far"
            else:
                reason = _FUNNEL[int(np.argmax(stages[:, d]))]
        out.append(Unmatched(dt.ids[d], int(open_places[d]), reason, eliminated))
    return tuple(out)
