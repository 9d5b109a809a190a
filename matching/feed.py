"""Top-k lists: demands for one volunteer (the feed) and volunteers for one demand."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

import numpy as np

from . import _validate
from ._exclude import excluded_keys
from ._pairs import Pairs, Side
from ._time import floor_minutes
from .constraints import feasible
from .errors import InvalidInput
from .inputs import Demand, Volunteer
from .reasons import build_reasons
from .results import Match
from .score import combine, factors
from .tables import DemandTable, VolunteerTable, as_demand_table, as_volunteer_table
from .weights import DEFAULT_WEIGHTS, Weights, check_weights

__all__ = ["recommend", "candidates", "feasible_demands"]


def recommend(
    volunteer: Volunteer,
    demands: DemandTable | Sequence[Demand],
    k: int,
    *,
    now: datetime,
    weights: Weights = DEFAULT_WEIGHTS,
    exclude: Iterable[tuple[str, str]] = (),
    only: np.ndarray | None = None,
) -> list[Match]:
    """The ``k`` best feasible demands for one volunteer, best first.

    Ties in score are broken by demand id. ``exclude`` holds
    ``(volunteer_id, demand_id)`` pairs never to propose (already engaged,
    declined recently). Pass a prebuilt :class:`DemandTable` to score the
    same open demands for many volunteers without rebuilding arrays.
    ``only``: a boolean per row of the table (in its id order), the demands
    the volunteer asked about (a filter): the top k are chosen among them, not
    cut from the top k of all.

    >>> from datetime import datetime
    >>> v = Volunteer("v", 51.92, 4.25, radius_km=3, availability=(1 << 336) - 1, skills=0b11)
    >>> d = Demand("d", "shift", datetime(2026, 5, 5, 19), datetime(2026, 5, 5, 21),
    ...            lat=51.925, lon=4.25, required_skills=0b111)
    >>> [m] = recommend(v, [d], 5, now=datetime(2026, 5, 1))
    >>> m.demand_id, m.reasons[0]
    ('d', Reason(code='skills', params={'matched': 2, 'required': 3, 'bits': (0, 1)}))
    """
    vt, dt, ok, now_min, weights = _feasible_for(volunteer, demands, k, now, weights, exclude)
    if only is not None:
        ok &= _check_only(only, len(dt))
    return _best(vt, np.zeros(1, dtype=np.int64), dt, np.flatnonzero(ok), now_min, k, weights)


def feasible_demands(
    volunteer: Volunteer,
    demands: DemandTable,
    *,
    now: datetime,
    weights: Weights = DEFAULT_WEIGHTS,
    exclude: Iterable[tuple[str, str]] = (),
) -> np.ndarray:
    """A boolean per row of ``demands`` (id order): True where the pair breaks no hard constraint. With it a
    caller can say how many demands a filter of its own leaves out (why a filtered feed is empty).

    >>> from datetime import datetime
    >>> v = Volunteer("v", 51.92, 4.25, radius_km=3, availability=(1 << 336) - 1)
    >>> near = Demand("near", "shift", datetime(2026, 5, 5, 19), datetime(2026, 5, 5, 21), lat=51.925, lon=4.25)
    >>> far = Demand("far", "shift", datetime(2026, 5, 5, 19), datetime(2026, 5, 5, 21), lat=52.5, lon=4.25)
    >>> feasible_demands(v, DemandTable.from_demands([near, far]), now=datetime(2026, 5, 1)).tolist()
    [False, True]
    """
    if not isinstance(demands, DemandTable):
        raise InvalidInput("demands", f"must be a DemandTable, got {type(demands).__name__}")
    return _feasible_for(volunteer, demands, 1, now, weights, exclude)[2]


def _feasible_for(volunteer, demands, k, now, weights, exclude):
    if not isinstance(volunteer, Volunteer):
        raise InvalidInput("volunteer", f"must be a Volunteer, got {type(volunteer).__name__}")
    vt = VolunteerTable.from_volunteers([volunteer])
    dt = as_demand_table(demands)
    k, now_min, weights = _common_args(k, now, weights)
    keys = excluded_keys(exclude, vt, dt)
    return vt, dt, feasible(Pairs.one_volunteer(vt, 0, dt, now_min), weights, keys), now_min, weights


def _check_only(only: object, rows: int) -> np.ndarray:
    if not isinstance(only, np.ndarray) or only.dtype != bool or only.shape != (rows,):
        raise InvalidInput("only", f"must be a boolean numpy array of {rows} rows (one per demand)")
    return only


def candidates(
    demand: Demand,
    volunteers: VolunteerTable | Sequence[Volunteer],
    k: int,
    *,
    now: datetime,
    weights: Weights = DEFAULT_WEIGHTS,
    exclude: Iterable[tuple[str, str]] = (),
) -> list[Match]:
    """The ``k`` best feasible volunteers for one demand, best first (ties by volunteer id).

    >>> from datetime import datetime
    >>> week = (1 << 336) - 1
    >>> vs = [Volunteer("near", 51.92, 4.25, 5, availability=week),
    ...       Volunteer("paused", 51.92, 4.25, 5, availability=week, paused=True)]
    >>> d = Demand("d", "help_request", datetime(2026, 5, 5, 10), datetime(2026, 5, 5, 11), lat=51.921, lon=4.25)
    >>> [m.volunteer_id for m in candidates(d, vs, 3, now=datetime(2026, 5, 1))]
    ['near']
    """
    if not isinstance(demand, Demand):
        raise InvalidInput("demand", f"must be a Demand, got {type(demand).__name__}")
    dt = DemandTable.from_demands([demand])
    vt = as_volunteer_table(volunteers)
    k, now_min, weights = _common_args(k, now, weights)
    keys = excluded_keys(exclude, vt, dt)
    ok = feasible(Pairs.one_demand(dt, 0, vt, now_min), weights, keys)
    return _best(vt, np.flatnonzero(ok), dt, np.zeros(1, dtype=np.int64), now_min, k, weights)


def _common_args(k: object, now: object, weights: object) -> tuple[int, int, Weights]:
    return _validate.check_k(k), floor_minutes(_validate.check_now(now)), check_weights(weights)


def _best(
    vt: VolunteerTable, vrows: np.ndarray, dt: DemandTable, drows: np.ndarray, now_min: int, k: int, weights: Weights
) -> list[Match]:
    """Score feasible pairs and keep the top k; one of ``vrows``/``drows`` has one row and broadcasts."""
    if vrows.size == 0 or drows.size == 0:
        return []
    varying = drows if drows.size >= vrows.size else vrows
    p = Pairs(Side(vt, vrows), Side(dt, drows), now_min)
    scores = np.broadcast_to(combine(factors(p, weights), weights), varying.shape)
    top = top_k(scores, varying, k)

    def pick(rows: np.ndarray) -> np.ndarray:
        return rows if rows.size == 1 else rows[top]

    chosen = Pairs(Side(vt, pick(vrows)), Side(dt, pick(drows)), now_min)
    reasons = build_reasons(chosen, factors(chosen, weights), weights)
    vr = np.broadcast_to(chosen.v.rows, top.shape)
    dr = np.broadcast_to(chosen.d.rows, top.shape)
    return [
        Match(dt.ids[int(dr[j])], vt.ids[int(vr[j])], float(scores[i]), reasons[j]) for j, i in enumerate(top)
    ]


def top_k(scores: np.ndarray, rows: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k highest scores, ordered by (-score, row); row order is id order."""
    if scores.size > k:
        threshold = scores[np.argpartition(-scores, k - 1)[:k]].min()
        pool = np.flatnonzero(scores >= threshold)  # keeps every tie at the boundary
    else:
        pool = np.arange(scores.size)
    order = np.lexsort((rows[pool], -scores[pool]))
    return pool[order[:k]]
