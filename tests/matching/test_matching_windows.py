"""Flexible windows: a demand with ``duration_minutes`` needs one free stretch of that length in its window."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import matching
import matching_reference as ref
from matching import AvailabilityException, InvalidInput, Reason, day_slots, weekly_availability
from matching_factories import NOW, demand, instances, volunteer
from test_matching_assign import assert_batch_finds_every_pair, check_valid, feasible_edges, milp_optimum
from test_matching_constraints import EVERYWHERE, NOWHERE, appears

TUESDAY = date(2026, 5, 5)


def tuesday(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 5, 5, hour, minute)


def free_on_tuesday(start: time, end: time, **overrides) -> matching.Volunteer:
    return volunteer(availability=weekly_availability([(1, start, end)]), **overrides)


def help_request(did="d1", start=tuesday(10), end=tuesday(17), minutes=90, **overrides) -> matching.Demand:
    return demand(did, kind="help_request", start=start, end=end, duration_minutes=minutes, **overrides)


def available_reason(v, d) -> Reason:
    [match] = matching.recommend(v, [d], 1, now=NOW)
    return match.reasons[-1]


# --- the examples of the issue ------------------------------------------------------------------


def test_fits_a_volunteer_free_for_long_enough_inside_the_window():
    assert appears(free_on_tuesday(time(14), time(16)), help_request()) == EVERYWHERE
    assert available_reason(free_on_tuesday(time(14), time(16)), help_request()) == Reason(
        "available", {"weekday": 1, "part_of_day": "afternoon"}
    )


def test_a_stretch_shorter_than_the_duration_does_not_fit():
    assert appears(free_on_tuesday(time(14), time(15)), help_request()) == NOWHERE


def test_the_stretch_must_lie_inside_the_window():
    late = free_on_tuesday(time(16), time(19))  # 16:00-17:00 is in the window, 90 minutes are not
    assert appears(late, help_request()) == NOWHERE
    assert appears(late, help_request(end=tuesday(17, 30))) == EVERYWHERE


def test_duration_is_rounded_up_to_half_hours():
    assert appears(free_on_tuesday(time(14), time(15)), help_request(minutes=60)) == EVERYWHERE
    assert appears(free_on_tuesday(time(14), time(15)), help_request(minutes=61)) == NOWHERE


def test_an_accepted_engagement_in_the_stretch_removes_it():
    busy = ((tuesday(14), tuesday(15, 30)),)
    assert appears(free_on_tuesday(time(14), time(16), busy=busy), help_request()) == NOWHERE


def test_an_engagement_elsewhere_in_the_window_does_not_matter():
    v = free_on_tuesday(time(14), time(16), busy=((tuesday(10), tuesday(12)), (tuesday(16), tuesday(17))))
    assert appears(v, help_request()) == EVERYWHERE


def test_an_engagement_moves_the_stretch_later():
    v = free_on_tuesday(time(13), time(16), busy=((tuesday(12, 30), tuesday(13, 20)),))
    assert appears(v, help_request()) == EVERYWHERE  # 13:30-15:00
    assert available_reason(v, help_request()).params == {"weekday": 1, "part_of_day": "afternoon"}


def test_engagements_are_compared_to_the_minute():
    # The task can be done 14:00-15:30; an engagement from 15:30 touches the same slot but not the task.
    v = free_on_tuesday(time(14), time(16), busy=((tuesday(15, 30), tuesday(17)),))
    assert appears(v, help_request()) == EVERYWHERE
    v = free_on_tuesday(time(14), time(16), busy=((tuesday(15, 29), tuesday(17)),))
    assert appears(v, help_request()) == NOWHERE


def test_an_engagement_may_start_as_the_placement_at_the_window_start_ends():
    # 19:10-20:50 is the only placement (19:30 would end after 21:00); the engagement begins at 20:50.
    window = help_request(start=tuesday(19, 10), end=tuesday(21), minutes=100)
    assert appears(volunteer(busy=((tuesday(20, 50), tuesday(22)),)), window) == EVERYWHERE
    assert appears(volunteer(busy=((tuesday(20, 49), tuesday(22)),)), window) == NOWHERE


def test_a_dated_exception_removes_the_stretch():
    away = AvailabilityException(TUESDAY, day_slots(time(15), time(15, 30)))
    assert appears(free_on_tuesday(time(14), time(16), exceptions=(away,)), help_request()) == NOWHERE
    a_week_later = help_request(start=datetime(2026, 5, 12, 10), end=datetime(2026, 5, 12, 17))
    assert appears(free_on_tuesday(time(14), time(16), exceptions=(away,)), a_week_later) == EVERYWHERE


def test_a_dated_exception_adds_the_stretch():
    extra = AvailabilityException(TUESDAY, day_slots(time(15), time(15, 30)), available=True)
    assert appears(free_on_tuesday(time(14), time(15), exceptions=(extra,)), help_request()) == EVERYWHERE


def test_a_window_over_midnight():
    night = help_request(start=tuesday(22), end=datetime(2026, 5, 6, 2), minutes=120)
    across = volunteer(availability=weekly_availability([(1, time(23), time(0)), (2, time(0), time(1))]))
    assert appears(across, night) == EVERYWHERE
    assert available_reason(across, night).params == {"weekday": 1, "part_of_day": "evening"}
    gap = volunteer(availability=weekly_availability([(1, time(23), time(0)), (2, time(0, 30), time(1, 30))]))
    assert appears(gap, night) == NOWHERE
    after_midnight = volunteer(availability=weekly_availability([(2, time(0), time(2))]))
    assert available_reason(after_midnight, night).params == {"weekday": 2, "part_of_day": "night"}


def test_a_multi_day_window_where_only_the_second_day_fits():
    two_days = help_request(end=datetime(2026, 5, 6, 17))
    v = volunteer(availability=weekly_availability([(1, time(10), time(11)), (2, time(14), time(16))]))
    assert appears(v, two_days) == EVERYWHERE
    assert available_reason(v, two_days) == Reason("available", {"weekday": 2, "part_of_day": "afternoon"})
    assert appears(v, help_request()) == NOWHERE  # Tuesday alone


def test_a_fourteen_day_window_finds_the_last_day():
    fortnight = help_request(start=datetime(2026, 5, 5), end=datetime(2026, 5, 19))
    v = volunteer(availability=weekly_availability([(0, time(9), time(11))]),
                  exceptions=(AvailabilityException(date(2026, 5, 11), day_slots(time(0), time(0))),))
    assert available_reason(v, fortnight).params == {"weekday": 0, "part_of_day": "morning"}  # Monday 18 May
    [match] = matching.recommend(v, [fortnight], 1, now=NOW)
    assert matching.assign([fortnight], [v], now=NOW).pairs[0].reasons == match.reasons
    away_too = AvailabilityException(date(2026, 5, 18), day_slots(time(9), time(10)))
    assert appears(replace(v, exceptions=v.exceptions + (away_too,)), fortnight) == NOWHERE


RIGID_CASES = [
    pytest.param(tuesday(19), tuesday(21), free_on_tuesday(time(18), time(22)), id="fits"),
    pytest.param(tuesday(19), tuesday(21), free_on_tuesday(time(19), time(20)), id="free for part"),
    pytest.param(tuesday(19, 15), tuesday(20, 45), free_on_tuesday(time(19), time(20, 30)), id="unaligned, last slot missing"),
    pytest.param(tuesday(19, 15), tuesday(20, 45), free_on_tuesday(time(19), time(21)), id="unaligned, fits"),
    pytest.param(tuesday(19), tuesday(21), volunteer(busy=((tuesday(20, 50), tuesday(22)),)), id="busy at the end"),
    pytest.param(tuesday(19), tuesday(21), volunteer(busy=((tuesday(17), tuesday(19)),)), id="busy until it starts"),
    pytest.param(tuesday(19, 10), tuesday(20, 50), volunteer(busy=((tuesday(20, 50), tuesday(22)),)), id="busy from its end"),
    pytest.param(tuesday(23), datetime(2026, 5, 6, 1), free_on_tuesday(time(22), time(0)), id="overnight, Tuesday only"),
]


@pytest.mark.parametrize(("start", "end", "v"), RIGID_CASES)
def test_duration_equal_to_the_window_is_the_rigid_rule(start, end, v):
    rigid = demand(start=start, end=end)
    flexible = demand(start=start, end=end, duration_minutes=(end - start) // timedelta(minutes=1))
    assert appears(v, flexible) == appears(v, rigid)
    if appears(v, rigid)["recommend"]:
        assert matching.recommend(v, [flexible], 1, now=NOW) == matching.recommend(v, [rigid], 1, now=NOW)


def test_unmatched_flexible_demands_name_the_time_reasons():
    ds = [help_request("nobody_free"), help_request("all_busy", start=datetime(2026, 5, 6, 10), end=datetime(2026, 5, 6, 17))]
    vs = [volunteer("ann", availability=weekly_availability([(2, time(14), time(16))]),
                    busy=((datetime(2026, 5, 6, 15), datetime(2026, 5, 6, 16)),))]
    result = matching.assign(ds, vs, now=NOW)
    assert {u.demand_id: u.reason for u in result.unmatched} == {
        "nobody_free": "no_one_available_in_time",
        "all_busy": "busy_at_that_time",
    }


def test_rigid_and_flexible_demands_mix_in_one_table():
    v = free_on_tuesday(time(14), time(21))
    ds = [help_request("flex"), demand("rigid"), help_request("flex_no", minutes=8 * 60, end=tuesday(23))]
    table = matching.DemandTable.from_demands(ds)
    assert {m.demand_id for m in matching.recommend(v, table, 5, now=NOW)} == {"flex", "rigid"}
    twins = [v, replace(v, id="twin")]
    assert {m.demand_id for m in matching.assign(table, twins, now=NOW).pairs} == {"flex", "rigid"}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"minutes": 0}, "duration_minutes"),
        ({"minutes": -30}, "duration_minutes"),
        ({"minutes": 90.0}, "duration_minutes"),
        ({"minutes": True}, "duration_minutes"),
        ({"minutes": 7 * 60 + 1}, "duration_minutes"),
        ({"end": datetime(2026, 5, 19, 10, 1), "minutes": 60}, "end"),
    ],
)
def test_invalid_durations_are_refused(overrides, field):
    with pytest.raises(InvalidInput) as caught:
        help_request(**overrides)
    assert (caught.value.field, caught.value.item_id) == (field, "d1")


def test_limits_themselves_are_accepted():
    assert help_request(minutes=7 * 60).duration_minutes == 420
    assert help_request(end=datetime(2026, 5, 19, 10), minutes=1).duration_minutes == 1
    assert demand(end=datetime(2026, 6, 5, 10)).duration_minutes is None  # rigid demands keep no length limit


# --- against the pure-Python reference ------------------------------------------------------------

_DAY0 = datetime(2026, 5, 4)  # Monday, the day of NOW


@st.composite
def week_masks(draw) -> int:
    """Weekly availability: a few runs, sometimes sprinkled with random slots."""
    mask = 0
    for _ in range(draw(st.integers(0, 10))):
        first, length = draw(st.integers(0, 335)), draw(st.integers(1, 30))
        mask |= ((1 << length) - 1) << first
    if draw(st.booleans()):
        mask |= draw(st.integers(0, (1 << 336) - 1)) & draw(st.integers(0, (1 << 336) - 1))
    return mask & ((1 << 336) - 1)


@st.composite
def time_volunteers(draw, vid: str) -> matching.Volunteer:
    exceptions = tuple(
        AvailabilityException(
            (_DAY0 + timedelta(days=draw(st.integers(0, 16)))).date(),
            draw(st.sampled_from([(1 << 48) - 1, 0xFFFF << 20])) if draw(st.booleans()) else draw(st.integers(0, (1 << 48) - 1)),
            draw(st.booleans()),
        )
        for _ in range(draw(st.integers(0, 3)))
    )
    busy = []
    for _ in range(draw(st.integers(0, 6))):
        grid = draw(st.sampled_from([30, 1]))
        start = _DAY0 + timedelta(minutes=grid * draw(st.integers(0, 16 * 1440 // grid)))
        busy.append((start, start + timedelta(minutes=grid * draw(st.integers(1, 300 // grid)))))
    return volunteer(vid, availability=draw(week_masks()), exceptions=exceptions, busy=tuple(busy))


@st.composite
def windows(draw, did: str) -> matching.Demand:
    grid = draw(st.sampled_from([30, 30, 15, 1]))  # mostly on half-hours, sometimes not
    start = NOW + timedelta(minutes=grid * draw(st.integers(1, 14 * 1440 // grid)))
    minutes = draw(st.one_of(st.integers(1, 180), st.integers(1, 12 * 60), st.integers(1, 14 * 1440)))
    unit = draw(st.sampled_from([30, 15, 1]))  # whole half-hours are the usual case and the boundary case
    short = unit * draw(st.integers(1, max(1, min(minutes, 240) // unit)))
    duration = draw(st.sampled_from([min(short, minutes), draw(st.integers(1, minutes)), minutes]))
    rigid = draw(st.integers(0, 9)) == 0
    return demand(did, start=start, end=start + timedelta(minutes=minutes), duration_minutes=None if rigid else duration)


@st.composite
def pairs_near_the_edge(draw) -> tuple[matching.Volunteer, matching.Demand]:
    """One window and a volunteer whose free runs, exceptions and engagements sit around it,
    so that boundaries (a run just long enough, an engagement ending as a placement starts) are common."""
    grid = draw(st.sampled_from([30, 15, 1]))
    start = datetime(2026, 5, 5) + timedelta(minutes=grid * draw(st.integers(0, 1439 // grid)))
    minutes = draw(st.one_of(st.integers(1, 300), st.integers(1, 3 * 1440)))
    duration = draw(st.sampled_from([30 * draw(st.integers(1, max(1, minutes // 30))) if minutes >= 30 else minutes,
                                     draw(st.integers(1, minutes)), minutes]))
    duration = min(duration, minutes)
    anchor = (start - _DAY0) // timedelta(minutes=30)  # slot of the window's start, counted from Monday
    mask = 0
    for _ in range(draw(st.integers(0, 3))):
        first = (anchor + draw(st.integers(-2, max(2, minutes // 30)))) % 336
        length = -(-duration // 30) + draw(st.integers(-1, 2))
        mask |= (((1 << max(length, 0)) - 1) << first) | (((1 << max(length, 0)) - 1) << first >> 336)
    exceptions = tuple(
        AvailabilityException((start + timedelta(days=draw(st.integers(0, minutes // 1440)))).date(),
                              draw(st.integers(0, (1 << 48) - 1)), draw(st.booleans()))
        for _ in range(draw(st.integers(0, 1)))
    )
    busy = []
    for _ in range(draw(st.integers(0, 2))):
        begin = start + timedelta(minutes=grid * draw(st.integers(-120 // grid, minutes // grid)))
        busy.append((begin, begin + timedelta(minutes=grid * draw(st.integers(1, 180 // grid)))))
    v = volunteer(availability=mask & ((1 << 336) - 1), exceptions=exceptions, busy=tuple(busy))
    return v, demand(start=start, end=start + timedelta(minutes=minutes), duration_minutes=duration)


def expected_reason(v, d) -> Reason:
    start = d.start if d.duration_minutes is None else ref.first_fitting_start(v, d)
    return Reason("available", {"weekday": start.weekday(), "part_of_day": ("night", "morning", "afternoon", "evening")[start.hour // 6]})


def _agree_with_the_reference(matches, side: str, pairs: list) -> dict:
    """``matches`` of one volunteer or one demand are exactly the ``pairs`` ((the other side's id, volunteer,
    demand) each) that the reference finds feasible, each with its time as the last reason. Returns them by the
    other side's id (``side``: "demand_id" or "volunteer_id")."""
    got = {getattr(m, side): m for m in matches}
    assert set(got) == {i for i, v, d in pairs if not ref.failures(v, d, NOW)}
    for i, v, d in pairs:
        if i in got:
            assert got[i].reasons[-1] == expected_reason(v, d)
    return got


@settings(max_examples=150, deadline=None, database=None)
@given(time_volunteers("v1"), st.lists(st.integers(0, 10**6), min_size=1, max_size=6, unique=True), st.data())
def test_feed_agrees_with_the_reference(v, ids, data):
    ds = [data.draw(windows(f"d{i}")) for i in ids]
    got = _agree_with_the_reference(matching.recommend(v, ds, len(ds), now=NOW), "demand_id",
                                    [(d.id, v, d) for d in ds])
    for d in ds:
        if d.id in got:
            assert got[d.id].score == ref.score(v, d, NOW)
        else:  # everything but time is arranged to pass
            assert ref.failures(v, d, NOW) <= {"no_one_available_in_time", "busy_at_that_time"}


@settings(max_examples=300, deadline=None, database=None)
@given(pairs_near_the_edge())
def test_boundary_cases_agree_with_the_reference(pair):
    v, d = pair
    got = matching.recommend(v, [d], 1, now=NOW)
    assert bool(got) == (not ref.failures(v, d, NOW))
    if got:
        assert got[0].reasons[-1] == expected_reason(v, d)


@settings(max_examples=100, deadline=None, database=None)
@given(windows("d1"), st.lists(st.integers(0, 10**6), min_size=1, max_size=6, unique=True), st.data())
def test_candidates_agree_with_the_reference(d, ids, data):
    vs = [data.draw(time_volunteers(f"v{i}")) for i in ids]
    _agree_with_the_reference(matching.candidates(d, vs, len(vs), now=NOW), "volunteer_id", [(v.id, v, d) for v in vs])


@settings(max_examples=100, deadline=None, database=None)
@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=5, unique=True),
       st.lists(st.integers(0, 10**6), min_size=1, max_size=5, unique=True), st.data())
def test_assign_never_pairs_a_volunteer_without_a_fitting_stretch(d_ids, v_ids, data):
    ds = [data.draw(windows(f"d{i}")) for i in d_ids]
    vs = [data.draw(time_volunteers(f"v{i}")) for i in v_ids]
    result = matching.assign(ds, vs, now=NOW)
    check_valid(result, ds, vs, frozenset(), NOW, 1)
    assert result.total_score == pytest.approx(milp_optimum(ds, vs, feasible_edges(ds, vs, frozenset(), NOW), 1), abs=1e-7)
    by_d, by_v = {d.id: d for d in ds}, {v.id: v for v in vs}
    for m in result.pairs:
        assert m.reasons[-1] == expected_reason(by_v[m.volunteer_id], by_d[m.demand_id])


@settings(max_examples=80, deadline=None, database=None)
@given(instances(max_demands=5, max_volunteers=6, flexible=True))
def test_assign_with_flexible_demands_is_valid_and_optimal(instance):
    ds, vs, exclude, now = instance
    result = matching.assign(ds, vs, now=now, exclude=exclude)
    check_valid(result, ds, vs, exclude, now, 1)
    assert result.total_score == pytest.approx(milp_optimum(ds, vs, feasible_edges(ds, vs, exclude, now), 1), abs=1e-7)


def test_batch_candidate_generation_finds_every_flexible_pair():
    """White-box: the block filter for flexible windows loses no pair that a dense check finds."""
    rnd = random.Random(5)
    vs = []
    for i in range(300):
        ranges = [(rnd.randrange(7), time(h), time(h + rnd.randint(1, 4))) for h in rnd.sample(range(0, 20), 2)]
        vs.append(volunteer(f"v{i}", lat=51.92 + rnd.uniform(-0.1, 0.1), lon=4.25 + rnd.uniform(-0.15, 0.15),
                            radius_km=rnd.choice([1.0, 3.0, 8.0]), availability=weekly_availability(ranges)))
    ds = []
    for i in range(200):
        start = NOW + timedelta(minutes=rnd.randrange(1, 14 * 1440))
        minutes = rnd.choice([60, 240, 600, 1440, 3 * 1440])
        ds.append(demand(f"d{i}", start=start, end=start + timedelta(minutes=minutes), remote=i % 10 == 0,
                         lat=None if i % 10 == 0 else 51.92 + rnd.uniform(-0.1, 0.1),
                         lon=None if i % 10 == 0 else 4.25 + rnd.uniform(-0.15, 0.15),
                         duration_minutes=None if i % 4 == 0 else rnd.randint(1, min(minutes, 180))))
    assert_batch_finds_every_pair(vs, ds, 300)
