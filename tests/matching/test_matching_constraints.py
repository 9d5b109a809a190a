"""Each hard constraint makes a pair disappear from recommend, candidates and assign."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

import matching
from matching import AvailabilityException, day_slots, weekly_availability
from matching_factories import NOW, demand, volunteer


def appears(v, d, exclude=(), now=NOW) -> dict[str, bool]:
    """Whether the pair shows up in each public entry point."""
    feed = matching.recommend(v, [d], 5, now=now, exclude=exclude)
    pool = matching.candidates(d, [v], 5, now=now, exclude=exclude)
    batch = matching.assign([d], [v], now=now, exclude=exclude)
    return {"recommend": bool(feed), "candidates": bool(pool), "assign": bool(batch.pairs)}


EVERYWHERE = {"recommend": True, "candidates": True, "assign": True}
NOWHERE = {"recommend": False, "candidates": False, "assign": False}


def test_baseline_pair_appears_everywhere():
    assert appears(volunteer(), demand()) == EVERYWHERE


TUESDAY_EVENINGS = weekly_availability([(1, time(18), time(22))])


@pytest.mark.parametrize(
    ("v", "d"),
    [
        pytest.param(volunteer(availability=weekly_availability([(2, time(18), time(22))])), demand(), id="free on another day"),
        pytest.param(volunteer(availability=weekly_availability([(1, time(19), time(20))])), demand(), id="free for part of it"),
        pytest.param(
            volunteer(availability=TUESDAY_EVENINGS, exceptions=(AvailabilityException(date(2026, 5, 5), day_slots(time(20), time(21))),)),
            demand(),
            id="dated exception removes the slot",
        ),
        pytest.param(
            volunteer(busy=((datetime(2026, 5, 5, 20, 30), datetime(2026, 5, 5, 22)),)), demand(), id="already accepted something then"
        ),
        pytest.param(volunteer(radius_km=0.3), demand(), id="outside the volunteer's radius"),
        pytest.param(volunteer(radius_km=10), demand(lat=51.95, max_distance_km=2.0), id="outside the demand's max distance"),
        pytest.param(volunteer(vog_valid_until=None), demand(requires_vog=True), id="no VOG"),
        pytest.param(volunteer(vog_valid_until=date(2026, 5, 4)), demand(requires_vog=True), id="VOG expires before the date"),
        pytest.param(volunteer(birth_date=date(2009, 5, 6)), demand(min_age=17), id="turns 17 one day too late"),
        pytest.param(volunteer(birth_date=None), demand(min_age=16), id="unknown age with a minimum age"),
        pytest.param(volunteer(languages=0b01), demand(languages=0b110), id="speaks none of the languages"),
        pytest.param(volunteer(paused=True), demand(), id="paused"),
        pytest.param(volunteer(load=4, max_load=4), demand(), id="at maximum load"),
        pytest.param(volunteer(skills=0b1), demand(required_skills=0b111), id="too few required skills"),
        pytest.param(volunteer(), demand(start=datetime(2026, 5, 4, 7), end=datetime(2026, 5, 4, 9)), id="already started"),
        pytest.param(volunteer(), demand(free_places=0), id="no free places"),
    ],
)
def test_hard_constraint_removes_pair(v, d):
    assert appears(v, d) == NOWHERE


def test_exclusion_set_removes_pair():
    assert appears(volunteer(), demand(), exclude={("v1", "d1")}) == NOWHERE
    assert appears(volunteer(), demand(), exclude={("v1", "other"), ("v2", "d1")}) == EVERYWHERE


def test_remote_demand_skips_distance():
    far_away = volunteer(lat=53.2, lon=6.56, radius_km=1)
    assert appears(far_away, demand(remote=True, lat=None, lon=None)) == EVERYWHERE
    assert appears(far_away, demand()) == NOWHERE


@pytest.mark.parametrize(
    ("v", "d"),
    [
        pytest.param(
            volunteer(availability=0, exceptions=(AvailabilityException(date(2026, 5, 5), day_slots(time(19), time(21)), True),)),
            demand(),
            id="dated exception adds the slot",
        ),
        pytest.param(volunteer(availability=TUESDAY_EVENINGS), demand(start=datetime(2026, 5, 12, 19), end=datetime(2026, 5, 12, 21)), id="weekly slot a week later"),
        pytest.param(volunteer(busy=((datetime(2026, 5, 5, 17), datetime(2026, 5, 5, 19)),)), demand(), id="engagement ends as it starts"),
        pytest.param(volunteer(vog_valid_until=date(2026, 5, 5)), demand(requires_vog=True), id="VOG valid through the day"),
        pytest.param(volunteer(birth_date=date(2009, 5, 5)), demand(min_age=17), id="17th birthday that day"),
        pytest.param(volunteer(languages=0b10), demand(languages=0b110), id="speaks one of the languages"),
        pytest.param(volunteer(skills=0b11), demand(required_skills=0b111), id="two of three required skills"),
        pytest.param(volunteer(load=3, max_load=4), demand(), id="one below maximum load"),
        pytest.param(volunteer(radius_km=0.56), demand(), id="just inside the radius"),
    ],
)
def test_boundary_cases_stay_feasible(v, d):
    assert appears(v, d) == EVERYWHERE


def test_overnight_demand_needs_both_days():
    night = demand(start=datetime(2026, 5, 5, 23), end=datetime(2026, 5, 6, 1))
    tuesday_only = weekly_availability([(1, time(22), time(0))])
    both = tuesday_only | weekly_availability([(2, time(0), time(2))])
    assert appears(volunteer(availability=tuesday_only), night) == NOWHERE
    assert appears(volunteer(availability=both), night) == EVERYWHERE


def test_skill_threshold_comes_from_weights():
    strict = matching.Weights(min_skill_coverage=1.0)
    v, d = volunteer(skills=0b11), demand(required_skills=0b111)
    assert matching.recommend(v, [d], 1, now=NOW)
    assert not matching.recommend(v, [d], 1, now=NOW, weights=strict)
