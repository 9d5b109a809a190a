"""Batch assignment: feasibility, capacities, optimality, order independence, unmatched reasons."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from datetime import datetime, time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, linear_sum_assignment, milp

import matching
import matching_reference as ref
from matching import weekly_availability
from matching_factories import NOW, demand, instances, volunteer


def run(ds, vs, exclude=frozenset(), now=NOW):
    return matching.assign(ds, vs, now=now, exclude=exclude)


def feasible_edges(ds, vs, exclude, now):
    """(demand index, volunteer index, score) for every feasible pair, from the reference."""
    return [
        (i, j, ref.score(v, d, now))
        for i, d in enumerate(ds)
        for j, v in enumerate(vs)
        if not ref.failures(v, d, now, exclude=exclude)
    ]


def capacity(v, cap):
    return max(0, min(cap, v.max_load - v.load))


def brute_force_optimum(ds, vs, edges, cap) -> float:
    best = 0.0
    for r in range(len(edges) + 1):
        for subset in itertools.combinations(edges, r):
            per_d = Counter(i for i, _, _ in subset)
            per_v = Counter(j for _, j, _ in subset)
            if all(per_d[i] <= ds[i].free_places for i in per_d) and all(per_v[j] <= capacity(vs[j], cap) for j in per_v):
                best = max(best, sum(s for _, _, s in subset))
    return best


def lsa_optimum(ds, vs, edges) -> float:
    """One demand per volunteer: demand places x volunteers, plus a dummy column per place."""
    places = [i for i, d in enumerate(ds) for _ in range(d.free_places)]
    if not places:
        return 0.0
    score = {(i, j): s for i, j, s in edges}
    forbidden = -1e6
    matrix = np.full((len(places), len(vs) + len(places)), forbidden)
    for r, i in enumerate(places):
        matrix[r, len(vs) + r] = 0.0
        for j, v in enumerate(vs):
            if (i, j) in score and capacity(v, 1) > 0:
                matrix[r, j] = score[(i, j)]
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    return float(matrix[rows, cols].sum())


def milp_optimum(ds, vs, edges, cap) -> float:
    if not edges:
        return 0.0
    n = len(edges)
    a = np.zeros((len(ds) + len(vs), n))
    for e, (i, j, _) in enumerate(edges):
        a[i, e] = 1
        a[len(ds) + j, e] = 1
    upper = [d.free_places for d in ds] + [capacity(v, cap) for v in vs]
    result = milp(
        c=-np.array([s for _, _, s in edges]),
        constraints=LinearConstraint(a, -np.inf, upper),
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
    )
    return -result.fun


def check_valid(result, ds, vs, exclude, now, cap):
    by_d, by_v = {d.id: d for d in ds}, {v.id: v for v in vs}
    seen = Counter((m.demand_id, m.volunteer_id) for m in result.pairs)
    assert all(count == 1 for count in seen.values()), "a volunteer took two places of one demand"
    for m in result.pairs:
        assert ref.failures(by_v[m.volunteer_id], by_d[m.demand_id], now, exclude=exclude) == set()
        assert abs(m.score - ref.score(by_v[m.volunteer_id], by_d[m.demand_id], now)) <= 1e-9
    per_d = Counter(m.demand_id for m in result.pairs)
    per_v = Counter(m.volunteer_id for m in result.pairs)
    assert all(per_d[i] <= by_d[i].free_places for i in per_d)
    assert all(per_v[j] <= capacity(by_v[j], cap) for j in per_v)
    assert abs(result.total_score - sum(m.score for m in result.pairs)) <= 1e-9
    open_places = {d.id: d.free_places - per_d[d.id] for d in ds if d.free_places > per_d[d.id]}
    assert {u.demand_id: u.open_places for u in result.unmatched} == open_places


@settings(max_examples=150, deadline=None, database=None)
@given(instances(max_demands=3, max_volunteers=4))
def test_assign_is_valid_and_matches_brute_force(instance):
    ds, vs, exclude, now = instance
    cap = 1  # one demand per volunteer per call
    result = run(ds, vs, exclude, now)
    check_valid(result, ds, vs, exclude, now, cap)
    edges = feasible_edges(ds, vs, exclude, now)
    if len(edges) <= 10:
        assert result.total_score == pytest.approx(brute_force_optimum(ds, vs, edges, cap), abs=1e-7)


@pytest.mark.parametrize("optimum", [lsa_optimum, lambda ds, vs, edges: milp_optimum(ds, vs, edges, 1)],
                         ids=["dense linear_sum_assignment", "integer program"])
@settings(max_examples=100, deadline=None, database=None)
@given(instances(max_demands=6, max_volunteers=8))
def test_assign_matches_the_optimum_of_an_independent_solver(optimum, instance):
    ds, vs, exclude, now = instance
    result = run(ds, vs, exclude, now)
    check_valid(result, ds, vs, exclude, now, 1)
    assert result.total_score == pytest.approx(optimum(ds, vs, feasible_edges(ds, vs, exclude, now)), abs=1e-7)


@settings(max_examples=80, deadline=None, database=None)
@given(instances(max_demands=6, max_volunteers=8), st.randoms(use_true_random=False))
def test_assign_does_not_depend_on_input_order(instance, rnd):
    ds, vs, exclude, now = instance
    first = run(ds, vs, exclude, now)
    ds2, vs2 = list(ds), list(vs)
    rnd.shuffle(ds2)
    rnd.shuffle(vs2)
    second = run(ds2, vs2, frozenset(reversed(sorted(exclude))), now)
    assert second == first


def test_ties_are_resolved_the_same_way_for_every_input_order():
    twins = [volunteer(f"v{i}") for i in range(4)]
    results = {run([demand(free_places=2)], order).pairs for order in itertools.permutations(twins)}
    assert len(results) == 1
    assert len(next(iter(results))) == 2


def test_one_volunteer_never_takes_two_places_of_one_shift():
    result = run([demand(free_places=3)], [volunteer()])
    assert len(result.pairs) == 1
    assert result.unmatched[0].open_places == 2


def test_assignment_maximises_total_not_greedy():
    # Greedy would give ann (the best for both) the cooking shift; optimal gives her driving.
    cooking = demand("cook", required_skills=0b01)
    driving = demand("drive", required_skills=0b10, start=datetime(2026, 5, 6, 10), end=datetime(2026, 5, 6, 12))
    ann = volunteer("ann", skills=0b11)
    bob = volunteer("bob", skills=0b01)
    result = run([cooking, driving], [ann, bob])
    assert {(m.demand_id, m.volunteer_id) for m in result.pairs} == {("cook", "bob"), ("drive", "ann")}


def test_one_demand_per_volunteer_per_call_and_none_when_the_month_is_full():
    ds = [demand(f"d{i}", start=datetime(2026, 5, 5 + i, 19), end=datetime(2026, 5, 5 + i, 21)) for i in range(3)]
    assert len(run(ds, [volunteer(load=2, max_load=4)]).pairs) == 1
    assert run(ds, [volunteer(load=4, max_load=4)]).pairs == ()


def test_unmatched_reasons():
    tuesday_evening = weekly_availability([(1, time(18), time(22))])
    ds = [
        demand("contested", free_places=1),
        demand("contested2", free_places=1),
        demand("far", lat=52.2),
        demand("nobody_free", start=datetime(2026, 5, 7, 9), end=datetime(2026, 5, 7, 11)),
        demand("skills", required_skills=1 << 100),
        demand("started", start=datetime(2026, 5, 4, 7), end=datetime(2026, 5, 4, 9)),
    ]
    vs = [volunteer("ann", availability=tuesday_evening), volunteer("bob", availability=tuesday_evening, radius_km=0.1)]
    result = run(ds, vs)
    reasons = {u.demand_id: u.reason for u in result.unmatched}
    [(contested, volunteer_id)] = [(m.demand_id, m.volunteer_id) for m in result.pairs]
    assert volunteer_id == "ann" and contested in ("contested", "contested2")
    other = "contested2" if contested == "contested" else "contested"
    assert reasons == {
        other: "capacity_exhausted",
        "far": "too_far",
        "nobody_free": "no_one_available_in_time",
        "skills": "missing_skill",
        "started": "already_started",
    }
    skills = next(u for u in result.unmatched if u.demand_id == "skills")
    assert skills.eliminated == {"missing_skill": 1, "too_far": 1}
    assert run(ds[:1], []).unmatched[0].reason == "no_volunteers"


def test_unmatched_reason_is_the_stage_that_removed_most():
    vs = [volunteer(f"v{i}", vog_valid_until=None) for i in range(3)] + [volunteer("paused", paused=True)]
    [u] = run([demand(requires_vog=True)], vs).unmatched
    assert (u.reason, u.eliminated) == ("no_vog", {"paused": 1, "no_vog": 3, "too_far": 0})


def assert_batch_finds_every_pair(vs: list, ds: list, at_least: int):
    """White-box: the batch's sparse search finds exactly the feasible (volunteer, demand) pairs that a dense check
    (candidates() for every demand) finds, and there are at least ``at_least`` of them. Returns the tables."""
    from matching._time import floor_minutes
    from matching.batch import _feasible_edges

    vt, dt = matching.VolunteerTable.from_volunteers(vs), matching.DemandTable.from_demands(ds)
    (vi, di, _), _ = _feasible_edges(vt, dt, floor_minutes(NOW), matching.DEFAULT_WEIGHTS, np.zeros(0, dtype=np.int64))
    sparse = {(vt.ids[v], dt.ids[d]) for v, d in zip(vi, di)}
    dense = {(m.volunteer_id, d.id) for d in ds for m in matching.candidates(d, vt, len(vs), now=NOW)}
    assert len(dense) > at_least
    assert sparse == dense
    return vt, dt


def test_candidate_generation_misses_no_pair_in_reach():
    """White-box: the sparse grid finds exactly the feasible pairs (and in-reach counts) a dense check finds."""
    rnd = random.Random(11)
    vs = [
        volunteer(f"v{i}", lat=51.92 + rnd.uniform(-0.15, 0.15), lon=4.25 + rnd.uniform(-0.25, 0.25),
                  radius_km=rnd.choice([0.0, 0.5, 2.0, 5.0, 12.0]))
        for i in range(300)
    ]
    ds = [
        demand(f"d{i}", lat=51.92 + rnd.uniform(-0.15, 0.15), lon=4.25 + rnd.uniform(-0.25, 0.25),
               max_distance_km=rnd.choice([None, 1.0, 4.0]), remote=rnd.random() < 0.05)
        for i in range(200)
    ]
    ds = [d if not d.remote else demand(d.id, remote=True, lat=None, lon=None) for d in ds]
    vt, dt = assert_batch_finds_every_pair(vs, ds, 500)

    from matching._candidates import reach_counts

    counts = reach_counts(vt, dt, np.flatnonzero(~dt.remote), 1000)
    for d in ds:
        if not d.remote:
            limit = [min(v.radius_km, d.max_distance_km or float("inf")) for v in vs]
            expected = sum(ref.distance_km(v, d) <= lim for v, lim in zip(vs, limit))
            assert counts[dt.row(d.id)] == expected, d.id
