"""Bad input is refused at the boundary with InvalidInput naming field and id."""

from __future__ import annotations

import math
from datetime import date, datetime, timezone

import pytest

import matching
from matching import AvailabilityException, InvalidInput, MatchingError
from matching_factories import NOW, demand, volunteer


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: volunteer(lat=math.nan), "lat"),
        (lambda: volunteer(lon=math.inf), "lon"),
        (lambda: volunteer(lat=95.0), "lat"),
        (lambda: volunteer(radius_km=-1), "radius_km"),
        (lambda: volunteer(skills=1 << 128), "skills"),
        (lambda: volunteer(skills=-1), "skills"),
        (lambda: volunteer(interests=1 << 32), "interests"),
        (lambda: volunteer(languages=1 << 64), "languages"),
        (lambda: volunteer(availability=1 << 336), "availability"),
        (lambda: volunteer(preference="sometimes"), "preference"),
        (lambda: volunteer(load=-1), "load"),
        (lambda: volunteer(max_load=2.5), "max_load"),
        (lambda: volunteer(paused="no"), "paused"),
        (lambda: volunteer(busy=((datetime(2026, 5, 5, 12), datetime(2026, 5, 5, 11)),)), "busy"),
        (lambda: volunteer(vog_valid_until=datetime(2027, 1, 1)), "vog_valid_until"),
        (lambda: volunteer(exceptions=("2026-12-24",)), "exceptions"),
        (lambda: demand(end=datetime(2026, 5, 5, 18)), "end"),
        (lambda: demand(start=datetime(2026, 5, 5, 19, tzinfo=timezone.utc)), "start"),
        (lambda: demand(start=datetime(1999, 5, 5, 19)), "start"),
        (lambda: demand(lat=None), "lat"),
        (lambda: demand(lat=math.nan), "lat"),
        (lambda: demand(kind="party"), "kind"),
        (lambda: demand(urgency=4), "urgency"),
        (lambda: demand(free_places=-1), "free_places"),
        (lambda: demand(interest=32), "interest"),
        (lambda: demand(required_skills=1 << 130), "required_skills"),
        (lambda: demand(max_distance_km=-0.5), "max_distance_km"),
        (lambda: demand(min_age=-3), "min_age"),
    ],
)
def test_invalid_records_are_refused(build, field):
    with pytest.raises(InvalidInput) as caught:
        build()
    assert caught.value.field == field
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, MatchingError)
    assert caught.value.item_id in ("v1", "d1")


def test_exception_record_checks_its_fields():
    with pytest.raises(InvalidInput, match="slots"):
        AvailabilityException(date(2026, 12, 24), 1 << 48)


def test_duplicate_ids_are_refused():
    with pytest.raises(InvalidInput, match="duplicate") as caught:
        matching.DemandTable.from_demands([demand("x"), demand("x")])
    assert caught.value.item_id == "x"
    with pytest.raises(InvalidInput, match="duplicate"):
        matching.assign([demand()], [volunteer("v"), volunteer("v")], now=NOW)


@pytest.mark.parametrize("k", [0, -1, 1.5, True])
def test_k_must_be_a_positive_int(k):
    with pytest.raises(InvalidInput, match="k"):
        matching.recommend(volunteer(), [demand()], k, now=NOW)
    with pytest.raises(InvalidInput, match="k"):
        matching.candidates(demand(), [volunteer()], k, now=NOW)


def test_call_arguments_are_checked():
    with pytest.raises(InvalidInput, match="now"):
        matching.recommend(volunteer(), [demand()], 1, now=datetime(2026, 5, 4, tzinfo=timezone.utc))
    with pytest.raises(InvalidInput, match="now"):
        matching.recommend(volunteer(), [demand()], 1, now="2026-05-04")
    with pytest.raises(InvalidInput, match="weights"):
        matching.recommend(volunteer(), [demand()], 1, now=NOW, weights={"skills": 2})
    with pytest.raises(InvalidInput, match="exclude"):
        matching.recommend(volunteer(), [demand()], 1, now=NOW, exclude=[("v1",)])
    with pytest.raises(InvalidInput, match="volunteer"):
        matching.recommend("v1", [demand()], 1, now=NOW)
    with pytest.raises(InvalidInput, match="demands"):
        matching.recommend(volunteer(), [volunteer()], 1, now=NOW)


@pytest.mark.parametrize(
    "kwargs", [{"skills": -1.0}, {"distance_scale_km": 0.0}, {"min_skill_coverage": 1.5}, {"base": math.nan},
               {name: 0.0 for name in ("skills", "nice_skills", "interest", "distance", "preference", "focus_neighbourhood",
                                       "own_focus_neighbourhood", "urgency", "starts_soon", "fairness", "reliability", "base")}],
)
def test_weights_are_validated(kwargs):
    with pytest.raises(InvalidInput, match="weights"):
        matching.Weights(**kwargs)


def test_encode_helpers_validate():
    from datetime import time

    assert matching.bitset([0, 127]) == 1 | (1 << 127)
    with pytest.raises(InvalidInput):
        matching.bitset([128])
    with pytest.raises(InvalidInput):
        matching.weekly_availability([(7, time(9), time(10))])
    with pytest.raises(InvalidInput):
        matching.day_slots(time(10), time(9))
