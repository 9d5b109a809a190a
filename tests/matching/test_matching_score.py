"""Score ordering, agreement with the reference formula, determinism."""

from __future__ import annotations

import random
from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

import matching
import matching_reference as ref
from matching_factories import NOW, demand, demands, volunteer, volunteers


def feed_ids(v, ds, **kwargs) -> list[str]:
    return [m.demand_id for m in matching.recommend(v, ds, 10, now=NOW, **kwargs)]


def score_of(v, d, **kwargs) -> float:
    [match] = matching.recommend(v, [d], 1, now=NOW, **kwargs)
    return match.score


def test_more_required_skills_score_higher():
    d = demand(required_skills=0b1111)
    assert score_of(volunteer(skills=0b1111), d) > score_of(volunteer(skills=0b0111), d) > score_of(volunteer(skills=0b0011), d)


def test_nice_to_have_skills_count_less_than_required():
    d = demand(required_skills=0b0011, nice_skills=0b1100)
    all_required = score_of(volunteer(skills=0b0011), d)
    all_nice_half_required = score_of(volunteer(skills=0b1101), d)
    assert all_required > all_nice_half_required
    assert score_of(volunteer(skills=0b0111), d) > all_required  # a nice-to-have still adds


def test_nearer_scores_higher():
    v = volunteer()
    assert feed_ids(v, [demand("far", lat=51.94), demand("near", lat=51.921), demand("mid", lat=51.93)]) == ["near", "mid", "far"]


def test_interest_urgency_focus_and_preference_raise_the_score():
    v = volunteer(interests=0b10, preference="one_off")
    plain = score_of(v, demand(regular=True))
    assert score_of(v, demand(regular=True, interest=1)) > plain
    assert score_of(v, demand(regular=True, urgency=3)) > plain
    assert score_of(v, demand(regular=True, neighbourhood_weight=2.0)) > plain
    assert score_of(v, demand(regular=False)) > plain


def test_sooner_start_scores_higher():
    v = volunteer()
    soon = demand("soon", start=datetime(2026, 5, 4, 19), end=datetime(2026, 5, 4, 21))
    later = demand("later", start=datetime(2026, 5, 14, 19), end=datetime(2026, 5, 14, 21))
    assert feed_ids(v, [later, soon]) == ["soon", "later"]


def test_fairness_and_reliability_order_candidates():
    d = demand()
    busy = volunteer("busy", load=3, max_load=4)
    idle = volunteer("idle", load=0, max_load=4)
    flaky = volunteer("flaky", completed=2, no_shows=2)
    pool = [m.volunteer_id for m in matching.candidates(d, [flaky, busy, idle], 3, now=NOW)]
    assert pool.index("idle") < pool.index("busy")
    assert pool.index("idle") < pool.index("flaky")


def test_weights_override_changes_ranking():
    v = volunteer(interests=0b1, radius_km=10)
    near_no_interest = demand("near", lat=51.9205)
    far_interest = demand("far", lat=51.98, interest=0)
    assert feed_ids(v, [near_no_interest, far_interest])[0] == "near"
    interest_first = matching.Weights(interest=20.0)
    assert feed_ids(v, [near_no_interest, far_interest], weights=interest_first)[0] == "far"


def test_equal_scores_are_ordered_by_id_whatever_the_input_order():
    ds = [demand(f"d{i}") for i in range(6)]
    random.Random(4).shuffle(ds)
    assert feed_ids(volunteer(), ds) == [f"d{i}" for i in range(6)]
    assert [m.demand_id for m in matching.recommend(volunteer(), ds, 2, now=NOW)] == ["d0", "d1"]


def test_prebuilt_table_gives_the_same_feed():
    ds = [demand("a", lat=51.93), demand("b"), demand("c", urgency=2)]
    table = matching.DemandTable.from_demands(ds)
    assert matching.recommend(volunteer(), table, 3, now=NOW) == matching.recommend(volunteer(), ds, 3, now=NOW)


@settings(max_examples=150, deadline=None, database=None)
@given(st.data())
def test_feed_agrees_with_reference_implementation(data):
    v = data.draw(volunteers("v"))
    ds = [data.draw(demands(f"d{i}")) for i in range(data.draw(st.integers(1, 8)))]
    k = data.draw(st.integers(1, 8))
    got = [(m.demand_id, m.score) for m in matching.recommend(v, ds, k, now=NOW)]
    want = ref.recommend(v, ds, k, NOW)
    assert [i for i, _ in got] == [i for i, _ in want]
    assert all(abs(a - b) <= 1e-9 for (_, a), (_, b) in zip(got, want))


@settings(max_examples=100, deadline=None, database=None)
@given(st.data())
def test_candidates_agree_with_reference_and_recommend(data):
    d = data.draw(demands("d"))
    vs = [data.draw(volunteers(f"v{i}")) for i in range(data.draw(st.integers(1, 8)))]
    got = matching.candidates(d, vs, 8, now=NOW)
    feasible = {v.id for v in vs if not ref.failures(v, d, NOW)}
    assert {m.volunteer_id for m in got} == feasible
    by_id = {v.id: v for v in vs}
    for m in got:
        assert abs(m.score - ref.score(by_id[m.volunteer_id], d, NOW)) <= 1e-9
        [same] = matching.recommend(by_id[m.volunteer_id], [d], 1, now=NOW)
        assert same.score == m.score and same.reasons == m.reasons
