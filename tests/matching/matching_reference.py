"""A slow, obviously-correct pure-Python statement of the hard constraints and the score.

The tests compare the vectorised library against it, and the benchmark uses it
as the naive per-pair baseline. It works on the public input dataclasses only.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

from matching import Demand, Volunteer, Weights

HALF_HOUR = timedelta(minutes=30)


def distance_km(v: Volunteer, d: Demand) -> float:
    dx = (d.lon - v.lon) * 111.320 * math.cos(math.radians(v.lat))
    dy = (d.lat - v.lat) * 110.574
    return math.sqrt(dx * dx + dy * dy)


def _free_at(v: Volunteer, moment: datetime) -> bool:
    slot = (moment.hour * 60 + moment.minute) // 30
    free = (v.availability >> (moment.weekday() * 48 + slot)) & 1
    removed = added = 0
    for exc in v.exceptions:
        if exc.day == moment.date():
            if exc.available:
                added |= exc.slots
            else:
                removed |= exc.slots
    return bool((free and not (removed >> slot) & 1) or (added >> slot) & 1)


def _slot_of(moment: datetime) -> datetime:
    return moment.replace(minute=moment.minute - moment.minute % 30, second=0, microsecond=0)


def _free_throughout(v: Volunteer, start: datetime, end: datetime) -> bool:
    """Every half-hour slot that [start, end) touches is free."""
    slot = _slot_of(start)
    while slot < end:
        if not _free_at(v, slot):
            return False
        slot += HALF_HOUR
    return True


def _clashes(v: Volunteer, start: datetime, end: datetime) -> bool:
    return any(busy_start < end and busy_end > start for busy_start, busy_end in v.busy)


def placements(d: Demand) -> list[datetime]:
    """Start times of a flexible demand's task: the window's start, then every later
    half-hour boundary, as long as the task ends by the window's end."""
    duration = timedelta(minutes=d.duration_minutes)
    out, t = [], d.start
    while t + duration <= d.end:
        out.append(t)
        t = _slot_of(t) + HALF_HOUR
    return out


def first_fitting_start(v: Volunteer, d: Demand) -> datetime | None:
    """The earliest placement that is available and clashes with no engagement."""
    duration = timedelta(minutes=d.duration_minutes)
    for t in placements(d):
        if _free_throughout(v, t, t + duration) and not _clashes(v, t, t + duration):
            return t
    return None


def _age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def failures(
    v: Volunteer, d: Demand, now: datetime, weights: Weights = Weights(), exclude: frozenset = frozenset()
) -> set[str]:
    """The codes of every hard constraint the pair breaks."""
    out = set()
    if d.start <= now:
        out.add("already_started")
    if d.free_places <= 0:
        out.add("no_free_places")
    if not d.remote:
        km = distance_km(v, d)
        if km > v.radius_km or (d.max_distance_km is not None and km > d.max_distance_km):
            out.add("too_far")
    if d.duration_minutes is None:
        if not _free_throughout(v, d.start, d.end):
            out.add("no_one_available_in_time")
        if _clashes(v, d.start, d.end):
            out.add("busy_at_that_time")
    else:
        available = [t for t in placements(d) if _free_throughout(v, t, t + timedelta(minutes=d.duration_minutes))]
        if not available:
            out.add("no_one_available_in_time")
        elif all(_clashes(v, t, t + timedelta(minutes=d.duration_minutes)) for t in available):
            out.add("busy_at_that_time")
    if v.paused:
        out.add("paused")
    if v.load >= v.max_load:
        out.add("at_max_load")
    if (v.id, d.id) in exclude:
        out.add("excluded")
    required = bin(d.required_skills).count("1")
    if bin(d.required_skills & v.skills).count("1") < math.ceil(required * weights.min_skill_coverage - 1e-9):
        out.add("missing_skill")
    last_day = (d.end - timedelta(minutes=1)).date()
    if d.requires_vog and (v.vog_valid_until is None or v.vog_valid_until < last_day):
        out.add("no_vog")
    if d.min_age > 0 and (v.birth_date is None or _age_on(v.birth_date, d.start.date()) < d.min_age):
        out.add("too_young")
    if d.languages and not d.languages & v.languages:
        out.add("missing_language")
    return out


def score(v: Volunteer, d: Demand, now: datetime, weights: Weights = Weights()) -> float:
    """The documented weighted mean of the factors, for a feasible pair."""
    required, nice = bin(d.required_skills).count("1"), bin(d.nice_skills).count("1")
    matched_required = bin(d.required_skills & v.skills).count("1")
    matched_nice = bin(d.nice_skills & v.skills).count("1")
    if v.preference == "both":
        preference = 0.5
    else:
        preference = 1.0 if (v.preference == "regular") == d.regular else 0.0
    hours = max((d.start - now) // timedelta(minutes=1), 0) / 60.0
    denominator = v.completed + v.no_shows + weights.reliability_prior
    factors = {
        "skills": matched_required / required if required else 1.0,
        "nice_skills": matched_nice / nice if nice else 0.0,
        "interest": 1.0 if d.interest is not None and (v.interests >> d.interest) & 1 else 0.0,
        "distance": weights.remote_distance_factor if d.remote else math.exp(-distance_km(v, d) / weights.distance_scale_km),
        "preference": preference,
        "focus_neighbourhood": min(max(d.neighbourhood_weight - 1.0, 0.0), 1.0),
        "own_focus_neighbourhood": min(max(v.neighbourhood_weight - 1.0, 0.0), 1.0),
        "urgency": d.urgency / 3.0,
        "starts_soon": math.exp(-hours / weights.soon_scale_hours),
        "fairness": min(max(1.0 - v.load / max(v.max_load, 1), 0.0), 1.0),
        "reliability": 1.0 - v.no_shows / denominator if denominator > 0 else 1.0,
        "base": 1.0,
    }
    total = sum(getattr(weights, name) * value for name, value in factors.items())
    return round(total / sum(getattr(weights, name) for name in factors), 9)


def recommend(v: Volunteer, demands: list[Demand], k: int, now: datetime, weights: Weights = Weights()) -> list[tuple[str, float]]:
    """(demand id, score) of the top k feasible demands, ties by id: the naive per-pair loop."""
    scored = [(d.id, score(v, d, now, weights)) for d in demands if not failures(v, d, now, weights)]
    scored.sort(key=lambda pair: (-pair[1], pair[0]))
    return scored[:k]
