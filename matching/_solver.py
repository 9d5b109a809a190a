"""Maximum-weight assignment of demand places to volunteers, delegated to scipy's sparse assignment solver.

Problem: pick edges (demand d, volunteer v, weight w > 0) maximising the total weight, with at most
``places[d]`` edges at d and at most one edge at each volunteer (one demand per volunteer per call; a batch that
may give someone more calls again with the first call's pairs as busy intervals, so that nobody is given two
demands at the same hour - see :func:`matching.assign`).

Reduction to a full bipartite matching for :func:`scipy.sparse.csgraph.min_weight_full_bipartite_matching`
(rows must all be matched, columns may stay free):

* rows: ``places[d]`` copies of every demand; columns: the volunteers; edge cost ``2 - w`` between every copy of
  d and v (a volunteer is one column, so never takes two places of one shift);
* every demand copy also gets a private *dummy* column of cost 2, so leaving a place open is always possible and
  a full matching always exists.

Every matching then costs ``constant - sum(w of used edges)``, so the cheapest full matching is a maximum-weight
assignment.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from ._candidates import ragged_arange


def _compact(index: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """(nodes that occur, position of each element's node among them) without sorting."""
    present = np.bincount(index, minlength=size) > 0
    local = np.cumsum(present) - 1
    return np.flatnonzero(present), local[index]


def max_weight_assignment(vi: np.ndarray, di: np.ndarray, w: np.ndarray, places: np.ndarray) -> np.ndarray:
    """Boolean mask over the edges: which ones the optimal assignment uses.

    ``places`` is indexed by demand row. Edges must be distinct (d, v) pairs with ``w`` in (0, 1].
    """
    if w.size == 0:
        return np.zeros(0, dtype=bool)
    dnodes, d_loc = _compact(di, places.size)
    vnodes, v_loc = _compact(vi, int(vi.max()) + 1)
    b = np.minimum(places[dnodes], np.bincount(d_loc))  # copies of each demand that can be used
    row0 = np.cumsum(b) - b
    e_b = b[d_loc]
    usable = np.flatnonzero(e_b > 0)
    n_rows, n_volunteers = int(b.sum()), vnodes.size
    rep = np.repeat(usable, e_b[usable])
    rows = np.concatenate([row0[d_loc[rep]] + ragged_arange(e_b[usable]), np.arange(n_rows)])
    cols = np.concatenate([v_loc[rep], n_volunteers + np.arange(n_rows)])
    cost = np.concatenate([2.0 - w[rep], np.full(n_rows, 2.0)])
    graph = sp.coo_array((cost, (rows, cols)), shape=(n_rows, n_volunteers + n_rows)).tocsr()
    matched_rows, matched_cols = min_weight_full_bipartite_matching(graph)
    to_volunteer = matched_cols < n_volunteers
    owner_d = np.repeat(np.arange(b.size), b)[matched_rows[to_volunteer]]
    owner_v = matched_cols[to_volunteer]
    key = d_loc * n_volunteers + v_loc
    order = np.argsort(key)
    used = np.zeros(w.size, dtype=bool)
    used[order[np.searchsorted(key[order], owner_d * n_volunteers + owner_v)]] = True
    return used
