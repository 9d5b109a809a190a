"""Structured reasons and their Dutch / English rendering."""

from __future__ import annotations

from datetime import time

import pytest

import matching
from matching import Reason, render_reason, weekly_availability
from matching_factories import NOW, demand, volunteer


def reasons_for(v, d, **kwargs) -> tuple[Reason, ...]:
    [match] = matching.recommend(v, [d], 1, now=NOW, **kwargs)
    return match.reasons


def test_reasons_name_the_top_factors_then_availability():
    v = volunteer(skills=0b0111, preference="one_off", availability=weekly_availability([(1, time(18), time(22))]))
    reasons = reasons_for(v, demand(required_skills=0b1111, lat=51.931))
    assert reasons == (
        Reason("skills", {"matched": 3, "required": 4}),
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


@pytest.mark.parametrize(
    ("reason", "en", "nl"),
    [
        (Reason("skills", {"matched": 3, "required": 4}), "3 of 4 skills", "3 van 4 vaardigheden"),
        (Reason("skills", {"matched": 1, "required": 1}), "1 of 1 skill", "1 van 1 vaardigheid"),
        (Reason("available", {"weekday": 1, "part_of_day": "evening"}), "free on Tuesday evening", "vrij op dinsdagavond"),
        (Reason("available", {"weekday": 5, "part_of_day": "morning"}), "free on Saturday morning", "vrij op zaterdagochtend"),
        (Reason("distance", {"km": 1.2}), "1.2 km from you", "1,2 km van je vandaan"),
        (Reason("focus_neighbourhood", {}), "in a focus neighbourhood", "in een aandachtsbuurt"),
        (Reason("preference", {"kind": "one_off"}), "you asked for one-off tasks", "je vroeg om losse klussen"),
        (Reason("urgent", {"level": 1}), "urgent", "dringend"),
        (Reason("starts_soon", {"hours": 5}), "starts in 5 hours", "begint over 5 uur"),
        (Reason("starts_soon", {"hours": 75}), "starts in 3 days", "begint over 3 dagen"),
        (Reason("few_commitments", {"this_month": 0, "max": 4}), "no commitments yet this month", "nog geen afspraken deze maand"),
        ("no_one_available_in_time", "nobody is available at that time", "niemand is op dat moment beschikbaar"),
        ("capacity_exhausted", "suitable volunteers were all matched elsewhere", "geschikte vrijwilligers zijn al elders ingezet"),
    ],
)
def test_render_reason(reason, en, nl):
    assert render_reason(reason, "en") == en
    assert render_reason(reason, "nl") == nl


def test_every_code_the_library_emits_renders_in_both_locales():
    from matching.constraints import CODES

    emitted = ["skills", "nice_skills", "interest", "distance", "remote", "preference", "focus_neighbourhood",
               "own_focus_neighbourhood", "urgent", "starts_soon", "few_commitments", "reliable", "available"]
    params = {"matched": 1, "required": 2, "total": 2, "category": 3, "km": 2.0, "kind": "regular", "level": 2,
              "hours": 3, "this_month": 2, "max": 4, "completed": 7, "weekday": 6, "part_of_day": "night"}
    for code in emitted + list(CODES) + ["capacity_exhausted", "no_volunteers"]:
        for locale in ("nl", "en"):
            assert render_reason(Reason(code, params), locale).strip()


def test_render_rejects_unknown_locale_code_and_params():
    with pytest.raises(matching.InvalidInput, match="locale"):
        render_reason(Reason("urgent", {}), "de")
    with pytest.raises(matching.InvalidInput, match="code"):
        render_reason(Reason("teleport", {}), "en")
    with pytest.raises(matching.InvalidInput, match="params"):
        render_reason(Reason("skills", {"matched": 1}), "nl")
