"""Structured reasons: the factors that contributed most to a pair's score.

A factor is *shown* only when it says something true and positive (e.g. the
volunteer has at least one of the skills, the preference actually matches);
shown factors are ranked by weighted contribution (ties: factor order in
:data:`matching.weights.FACTOR_NAMES`), the top ``weights.max_reasons`` are
kept, and an ``"available"`` reason (weekday and part of day of the start) is
always appended. For a flexible demand (``duration_minutes``) it names the
start of the first placement in the window that fits the volunteer.

Codes and params::

    skills               {"matched": int, "required": int, "bits": tuple of the matched skills' bit positions}
    nice_skills          {"matched": int, "total": int}
    interest             {"category": int}
    distance             {"km": float, one decimal}
    remote               {}
    preference           {"kind": "one_off" | "regular"}
    focus_neighbourhood  {}
    own_focus_neighbourhood {}
    urgent               {"level": 1..3}
    starts_soon          {"hours": int}
    few_commitments      {"this_month": int, "max": int}
    reliable             {"completed": int}
    available            {"weekday": 0..6 (0 = Monday), "part_of_day": "night" | "morning" | "afternoon" | "evening"}
"""

from __future__ import annotations

import numpy as np

from ._pairs import Pairs
from ._time import SLOTS_PER_DAY
from ._window import window_fit
from .results import Reason
from .weights import FACTOR_NAMES, Weights

_MIN_SHOWN = 0.2
_PARTS_OF_DAY = ("night", "morning", "afternoon", "evening")  # 6-hour blocks from midnight
_IDX = {name: i for i, name in enumerate(FACTOR_NAMES)}


def _shown(p: Pairs, f: np.ndarray) -> np.ndarray:
    v, d = p.v, p.d
    shown = f >= _MIN_SHOWN
    shown[_IDX["skills"]] = (d.n_req > 0) & (p.matched_required() > 0)
    shown[_IDX["nice_skills"]] = (d.n_nice > 0) & (p.matched_nice() > 0)
    shown[_IDX["preference"]] = f[_IDX["preference"]] == 1.0
    shown[_IDX["focus_neighbourhood"]] = f[_IDX["focus_neighbourhood"]] > 0
    shown[_IDX["own_focus_neighbourhood"]] = f[_IDX["own_focus_neighbourhood"]] > 0
    shown[_IDX["urgency"]] = d.urgency > 0
    shown[_IDX["reliability"]] &= v.completed > 0
    shown[_IDX["base"]] = False
    return shown


def build_reasons(p: Pairs, f: np.ndarray, weights: Weights) -> list[tuple[Reason, ...]]:
    """Reasons for every pair of ``p`` (a 1-D view), given its factor matrix ``f``."""
    n = f.shape[1]
    w = np.array(weights.factor_vector())[:, None]
    contribution = np.where(_shown(p, f), w * f, -1.0)
    contribution[contribution == 0] = -1.0  # a zero-weight factor explains nothing
    order = np.argsort(-contribution, axis=0, kind="stable")[: weights.max_reasons]
    cols = {name: np.broadcast_to(getattr(p.v, name), (n,)) for name in ("load", "max_load", "completed", "pref")}
    dcols = {name: np.broadcast_to(getattr(p.d, name), (n,)) for name in
             ("n_req", "n_nice", "interest", "remote", "urgency", "start_min", "regular")}
    stretch_slot = np.broadcast_to(window_fit(p)[2], (n,))  # the demand's first slot unless flexible
    matched_req = np.broadcast_to(p.matched_required(), (n,))
    common_lo = np.broadcast_to(p.v.skills_lo & p.d.req_lo, (n,))
    common_hi = np.broadcast_to(p.v.skills_hi & p.d.req_hi, (n,))
    matched_nice = np.broadcast_to(p.matched_nice(), (n,))
    dist = np.broadcast_to(p.distance_km(), (n,))
    out = []
    for j in range(n):
        reasons = []
        for i in order[:, j]:
            if contribution[i, j] <= 0:
                break
            name = FACTOR_NAMES[i]
            if name == "skills":
                reasons.append(Reason("skills", {"matched": int(matched_req[j]), "required": int(dcols["n_req"][j]),
                                                 "bits": _bits(int(common_lo[j]), int(common_hi[j]))}))
            elif name == "nice_skills":
                reasons.append(Reason("nice_skills", {"matched": int(matched_nice[j]), "total": int(dcols["n_nice"][j])}))
            elif name == "interest":
                reasons.append(Reason("interest", {"category": int(dcols["interest"][j])}))
            elif name == "distance":
                if dcols["remote"][j]:
                    reasons.append(Reason("remote", {}))
                else:
                    reasons.append(Reason("distance", {"km": round(float(dist[j]), 1)}))
            elif name == "preference":
                reasons.append(Reason("preference", {"kind": "regular" if dcols["regular"][j] else "one_off"}))
            elif name in ("focus_neighbourhood", "own_focus_neighbourhood"):
                reasons.append(Reason(name, {}))
            elif name == "urgency":
                reasons.append(Reason("urgent", {"level": int(dcols["urgency"][j])}))
            elif name == "starts_soon":
                hours = max(0, (int(dcols["start_min"][j]) - p.now_min) // 60)
                reasons.append(Reason("starts_soon", {"hours": hours}))
            elif name == "fairness":
                reasons.append(Reason("few_commitments", {"this_month": int(cols["load"][j]), "max": int(cols["max_load"][j])}))
            elif name == "reliability":
                reasons.append(Reason("reliable", {"completed": int(cols["completed"][j])}))
        reasons.append(_available_reason(int(stretch_slot[j])))
        out.append(tuple(reasons))
    return out


def _bits(lo: int, hi: int) -> tuple[int, ...]:
    """Bit positions of a 128-bit set given as its low and high 64-bit words (the service names the skills)."""
    value = lo | (hi << 64)
    return tuple(i for i in range(value.bit_length()) if value >> i & 1)


def _available_reason(slot_start: int) -> Reason:
    day, slot = divmod(slot_start, SLOTS_PER_DAY)
    return Reason("available", {"weekday": day % 7, "part_of_day": _PARTS_OF_DAY[slot // 12]})
