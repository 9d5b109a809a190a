r"""The soft score of a feasible (volunteer, demand) pair.

Every factor :math:`f_i` lies in [0, 1]; the score is their weighted mean

.. math::  \mathrm{score} = \frac{\sum_i w_i f_i}{\sum_i w_i} \in [0, 1]

with the weights :math:`w_i` of :class:`matching.Weights` (rounded to 9 decimals
so that equal inputs give equal scores on any path through the code):

====================  ===========================================================
factor                value
====================  ===========================================================
skills                matched required / required (1 when none are required)
nice_skills           matched nice-to-have / nice-to-have (0 when none listed)
interest              1 when the demand's category is among the volunteer's interests
distance              exp(-km / distance_scale_km); remote: remote_distance_factor
preference            1 when one-off/regular matches the volunteer's wish,
                      0 when it contradicts it, 0.5 for "both"
focus_neighbourhood   clip(demand neighbourhood weight - 1, 0, 1)
own_focus_neighbourhood  clip(volunteer's neighbourhood weight - 1, 0, 1)
urgency               urgency / 3
starts_soon           exp(-hours until start / soon_scale_hours)
fairness              1 - load / max_load (fewer commitments this month -> higher)
reliability           1 - no_shows / (completed + no_shows + reliability_prior)
base                  1 (any feasible pair is worth something, so assign fills places)
====================  ===========================================================

Distance is equirectangular: ``dx = dlon * 111.320 * cos(volunteer lat)``,
``dy = dlat * 110.574``, ``km = hypot(dx, dy)`` — within 0.5 % of the great
circle at the scale of a region, and the same formula decides the radius check.

>>> from datetime import datetime
>>> from matching import Volunteer, Demand, recommend
>>> v = Volunteer("v", 51.92, 4.25, radius_km=5, availability=(1 << 336) - 1)
>>> near = Demand("near", "shift", datetime(2026, 5, 5, 19), datetime(2026, 5, 5, 21), lat=51.921, lon=4.25)
>>> far = Demand("far", "shift", datetime(2026, 5, 5, 19), datetime(2026, 5, 5, 21), lat=51.95, lon=4.25)
>>> [m.demand_id for m in recommend(v, [far, near], 2, now=datetime(2026, 5, 1))]
['near', 'far']
"""

from __future__ import annotations

import numpy as np

from ._pairs import Pairs
from .weights import FACTOR_NAMES, Weights

__all__: list[str] = []


def factors(p: Pairs, weights: Weights) -> np.ndarray:
    """Factor values, shape ``(len(FACTOR_NAMES),) + p.shape()``, rows in FACTOR_NAMES order."""
    v, d = p.v, p.d
    shape = p.shape()
    dist = p.distance_km()
    denominator = v.completed + v.no_shows + weights.reliability_prior
    hours_to_start = np.maximum(d.start_min - p.now_min, 0) / 60.0
    wants = np.where(d.regular, 2, 1)  # PREFERENCES index of the matching wish
    values = {
        "skills": np.where(d.n_req > 0, p.matched_required() / np.maximum(d.n_req, 1), 1.0),
        "nice_skills": np.where(d.n_nice > 0, p.matched_nice() / np.maximum(d.n_nice, 1), 0.0),
        "interest": ((v.interests & d.interest_bit) != 0).astype(np.float64),
        "distance": np.where(d.remote, weights.remote_distance_factor, np.exp(-np.nan_to_num(dist) / weights.distance_scale_km)),
        "preference": np.where(v.pref == 0, 0.5, np.where(v.pref == wants, 1.0, 0.0)),
        "focus_neighbourhood": np.clip(d.nw - 1.0, 0.0, 1.0),
        "own_focus_neighbourhood": np.clip(v.nw - 1.0, 0.0, 1.0),
        "urgency": d.urgency / 3.0,
        "starts_soon": np.exp(-hours_to_start / weights.soon_scale_hours),
        "fairness": np.clip(1.0 - v.load / np.maximum(v.max_load, 1), 0.0, 1.0),
        "reliability": np.where(denominator > 0, 1.0 - v.no_shows / np.maximum(denominator, 1e-300), 1.0),
        "base": np.ones(()),
    }
    out = np.empty((len(FACTOR_NAMES),) + shape, dtype=np.float64)
    for i, name in enumerate(FACTOR_NAMES):
        out[i] = values[name]
    return out


def combine(factor_values: np.ndarray, weights: Weights) -> np.ndarray:
    """Weighted mean over axis 0, summed in a fixed order for reproducible floats."""
    w = weights.factor_vector()
    total = np.zeros(factor_values.shape[1:], dtype=np.float64)
    for i, wi in enumerate(w):
        if wi:
            total += wi * factor_values[i]
    return np.round(total / sum(w), 9)
