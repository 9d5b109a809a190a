"""Structured reasons (their words are the service's: tests/test_i18n_catalogue.py)."""

from __future__ import annotations

from datetime import time

import matching
from matching import Reason, weekly_availability
from matching_factories import NOW, demand, volunteer


def reasons_for(v, d, **kwargs) -> tuple[Reason, ...]:
    [match] = matching.recommend(v, [d], 1, now=NOW, **kwargs)
    return match.reasons


def test_reasons_name_the_top_factors_then_availability():
    v = volunteer(skills=0b0111, preference="one_off", availability=weekly_availability([(1, time(18), time(22))]))
    reasons = reasons_for(v, demand(required_skills=0b1111, lat=51.931))
    assert reasons == (
        Reason("skills", {"matched": 3, "required": 4, "bits": (0, 1, 2)}),
        Reason("distance", {"km": 1.2}),
        Reason("preference", {"kind": "one_off"}),
        Reason("available", {"weekday": 1, "part_of_day": "evening"}),
    )


def test_focus_neighbourhood_and_urgency_reasons():
    weights = matching.Weights(focus_neighbourhood=10.0, urgency=8.0, max_reasons=2)
    reasons = reasons_for(volunteer(), demand(neighbourhood_weight=2.0, urgency=3), weights=weights)
    assert [r.code for r in reasons] == ["focus_neighbourhood", "urgent", "available"]
    assert reasons[1].params == {"level": 3}


def test_contradicted_preference_and_missing_interest_are_not_reasons():
    reasons = reasons_for(volunteer(preference="regular", interests=0b1), demand(regular=False, interest=5))
    assert "preference" not in {r.code for r in reasons}
    assert "interest" not in {r.code for r in reasons}


def test_remote_reason():
    reasons = reasons_for(volunteer(), demand(remote=True, lat=None, lon=None), weights=matching.Weights(distance=50.0))
    assert reasons[0] == Reason("remote", {})


def test_assign_pairs_carry_the_same_reasons_as_the_feed():
    v, d = volunteer(skills=0b1), demand(required_skills=0b1)
    result = matching.assign([d], [v], now=NOW)
    assert result.pairs[0].reasons == reasons_for(v, d)
    assert result.pairs[0].score == matching.recommend(v, [d], 1, now=NOW)[0].score


def test_a_filter_chooses_the_top_k_among_the_demands_asked_about():
    import numpy as np

    table = matching.DemandTable.from_demands([demand(f"d{i}", lat=51.92 + i * 0.001) for i in range(5)])
    v = volunteer()
    assert [m.demand_id for m in matching.recommend(v, table, 1, now=NOW)] == ["d0"]
    only = np.array([False, False, False, True, False])
    assert [m.demand_id for m in matching.recommend(v, table, 1, now=NOW, only=only)] == ["d3"]
    assert matching.feasible_demands(v, table, now=NOW).tolist() == [True] * 5
