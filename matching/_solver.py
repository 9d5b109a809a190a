"""Maximum-weight b-matching, delegated to scipy's sparse assignment solver.

Problem: pick edges (demand d, volunteer v, weight w > 0) maximising the total
weight, with at most ``places[d]`` edges at d, at most ``cap[v]`` at v, and
each edge used at most once (one volunteer never takes two places of the same
shift).

Reduction to a full bipartite matching for
:func:`scipy.sparse.csgraph.min_weight_full_bipartite_matching` (rows must all
be matched, columns may stay free):

* rows: ``places[d]`` copies of every demand; columns: ``cap[v]`` copies of
  every volunteer; edge cost ``2 - w`` between every copy of d and of v;
* every demand copy also gets a private *dummy* column of cost 2, so leaving
  a place open is always possible and a full matching always exists;
* copies alone would let v take two copies of d when both have >= 2 copies.
  Such an edge e (added lazily, see :func:`max_weight_b_matching`) instead
  gets a gadget: a column x_e and a row y_e; the copies
  of d connect to x_e (cost 2 - w), y_e connects to x_e and to the copies of v
  (cost 1). If a copy of d takes x_e, y_e must take a copy of v: the edge uses
  one unit at each end and can be taken only once.

Every matching then costs ``constant - sum(w of used edges)``, so the cheapest
full matching is a maximum-weight b-matching. When either end has a single
copy (the common case ``cap_per_volunteer == 1``) no gadget is needed.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from ._candidates import ragged_arange
from .errors import MatchingError


def _compact(index: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """(nodes that occur, position of each element's node among them) without sorting."""
    present = np.bincount(index, minlength=size) > 0
    local = np.cumsum(present) - 1
    return np.flatnonzero(present), local[index]


def max_weight_b_matching(
    vi: np.ndarray, di: np.ndarray, w: np.ndarray, cap: np.ndarray, places: np.ndarray
) -> np.ndarray:
    """Boolean mask over the edges: which ones the optimal b-matching uses.

    ``cap`` is indexed by volunteer row, ``places`` by demand row. Edges must be
    distinct (d, v) pairs with ``w`` in (0, 1].

    Gadgets are added lazily: solve with plain copies, give a gadget to every
    edge that came out used twice, solve again. Each round relaxes the true
    problem less, so the first duplicate-free solution is optimal for it. In
    practice a few rounds suffice; after ``_MAX_ROUNDS`` the problem goes to
    HiGHS as a linear program instead (exact, but slower on big inputs).
    """
    if w.size == 0:
        return np.zeros(0, dtype=bool)
    g = _Graph(vi, di, w, cap, places)
    multi = g.multi_copy_edges()
    # Start with gadgets where duplicates are likely: demands with few candidates per place.
    needs_gadget = multi & (g.degree_d <= 2 * g.e_b)
    for _ in range(_MAX_ROUNDS):
        used = g.solve(needs_gadget)
        twice = used > 1
        if not twice.any():
            return used > 0
        needs_gadget |= twice
    return _linear_program(vi, di, w, cap, places)


def _linear_program(vi: np.ndarray, di: np.ndarray, w: np.ndarray, cap: np.ndarray, places: np.ndarray) -> np.ndarray:
    """Last resort: the same problem as an LP. Its matrix (bipartite incidence) is
    totally unimodular, so the simplex vertex HiGHS returns is already 0/1."""
    n = w.size
    a_d = sp.csr_array((np.ones(n), (di, np.arange(n))), shape=(places.size, n))
    a_v = sp.csr_array((np.ones(n), (vi, np.arange(n))), shape=(cap.size, n))
    result = linprog(
        -w,
        A_ub=sp.vstack([a_d, a_v]).tocsr(),
        b_ub=np.concatenate([places, cap]).astype(np.float64),
        bounds=(0, 1),
        method="highs-ds",
    )
    if result.status != 0:
        raise MatchingError(f"assignment LP failed: {result.message}")
    return result.x > 0.5


_MAX_ROUNDS = 12


class _Graph:
    """Demand copies (rows) x volunteer copies (columns) for one b-matching problem."""

    def __init__(self, vi: np.ndarray, di: np.ndarray, w: np.ndarray, cap: np.ndarray, places: np.ndarray) -> None:
        dnodes, self.d_loc = _compact(di, places.size)
        vnodes, self.v_loc = _compact(vi, cap.size)
        self.w = w
        self.b = np.minimum(places[dnodes], np.bincount(self.d_loc))
        self.c = np.minimum(cap[vnodes], np.bincount(self.v_loc))
        self.row0 = np.cumsum(self.b) - self.b  # first copy of each demand
        self.col0 = np.cumsum(self.c) - self.c
        self.e_b, self.e_c = self.b[self.d_loc], self.c[self.v_loc]
        self.degree_d = np.bincount(self.d_loc)[self.d_loc]
        key = self.d_loc * self.c.size + self.v_loc
        self.order = np.argsort(key)
        self.sorted_key = key[self.order]

    def multi_copy_edges(self) -> np.ndarray:
        return (self.e_b > 1) & (self.e_c > 1)

    def solve(self, gadget_mask: np.ndarray) -> np.ndarray:
        """How many times each edge is used in the cheapest full matching."""
        b, c, w, e_b, e_c = self.b, self.c, self.w, self.e_b, self.e_c
        d_loc, v_loc, row0, col0 = self.d_loc, self.v_loc, self.row0, self.col0
        n_dcopies, n_vcopies = int(b.sum()), int(c.sum())
        usable = (e_b > 0) & (e_c > 0)
        gadget = np.flatnonzero(usable & gadget_mask)
        direct = np.flatnonzero(usable & ~gadget_mask)
        n_gadgets = gadget.size
        x_col = n_vcopies + np.arange(n_gadgets, dtype=np.int64)
        y_row = n_dcopies + np.arange(n_gadgets, dtype=np.int64)
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        # Direct edges: every copy of d to every copy of v.
        k = ragged_arange(e_b[direct] * e_c[direct])
        rep = np.repeat(direct, e_b[direct] * e_c[direct])
        parts.append((row0[d_loc[rep]] + k // e_c[rep], col0[v_loc[rep]] + k % e_c[rep], 2.0 - w[rep]))
        # Gadgets.
        rep = np.repeat(np.arange(n_gadgets), e_b[gadget])
        parts.append((row0[d_loc[gadget[rep]]] + ragged_arange(e_b[gadget]), x_col[rep], 2.0 - w[gadget[rep]]))
        parts.append((y_row, x_col, np.ones(n_gadgets)))
        rep = np.repeat(np.arange(n_gadgets), e_c[gadget])
        parts.append((y_row[rep], col0[v_loc[gadget[rep]]] + ragged_arange(e_c[gadget]), np.ones(rep.size)))
        # Dummies: a place may stay open.
        n_dummy0 = n_vcopies + n_gadgets
        parts.append((np.arange(n_dcopies), n_dummy0 + np.arange(n_dcopies), np.full(n_dcopies, 2.0)))

        rows, cols, cost = (np.concatenate(column) for column in zip(*parts))
        shape = (n_dcopies + n_gadgets, n_dummy0 + n_dcopies)
        graph = sp.coo_array((cost, (rows, cols)), shape=shape).tocsr()
        matched_rows, matched_cols = min_weight_full_bipartite_matching(graph)

        # Decode: a demand copy matched to a volunteer copy (direct) or to x_e (gadget).
        used = np.zeros(w.size, dtype=np.int64)
        real = matched_rows < n_dcopies
        matched_rows, matched_cols = matched_rows[real], matched_cols[real]
        to_gadget = (matched_cols >= n_vcopies) & (matched_cols < n_dummy0)
        used[gadget[matched_cols[to_gadget] - n_vcopies]] += 1
        to_volunteer = matched_cols < n_vcopies
        owner_d = np.repeat(np.arange(b.size), b)[matched_rows[to_volunteer]]
        owner_v = np.repeat(np.arange(c.size), c)[matched_cols[to_volunteer]]
        edge = self.order[np.searchsorted(self.sorted_key, owner_d * c.size + owner_v)]
        np.add.at(used, edge, 1)
        return used
