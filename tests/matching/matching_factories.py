"""Builders with sensible defaults, and hypothesis strategies for small instances."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import strategies as st

from matching import AvailabilityException, Demand, Volunteer

NOW = datetime(2026, 5, 4, 8, 0)  # Monday 4 May 2026, 08:00 local time
TUESDAY_EVENING = (datetime(2026, 5, 5, 19, 0), datetime(2026, 5, 5, 21, 0))
ALWAYS = (1 << 336) - 1
MAASSLUIS = (51.920, 4.250)


def volunteer(vid: str = "v1", **overrides) -> Volunteer:
    fields = dict(
        lat=MAASSLUIS[0], lon=MAASSLUIS[1], radius_km=5.0, availability=ALWAYS,
        skills=0b1111, languages=0b1, vog_valid_until=date(2030, 1, 1), birth_date=date(1980, 6, 1),
    )
    fields.update(overrides)
    return Volunteer(vid, **fields)


def demand(did: str = "d1", **overrides) -> Demand:
    start, end = TUESDAY_EVENING
    fields = dict(kind="shift", start=start, end=end, lat=MAASSLUIS[0] + 0.005, lon=MAASSLUIS[1])
    fields.update(overrides)
    return Demand(did, **fields)


# --- hypothesis: small instances where every constraint fires now and then ----------------

_DAY0 = datetime(2026, 5, 4)  # Monday
_SKILL_BITS = (0, 1, 2, 127)  # includes the high uint64 word


def _bits(draw, choices) -> int:
    return sum(1 << b for b in draw(st.sets(st.sampled_from(choices))))


@st.composite
def volunteers(draw, vid: str) -> Volunteer:
    availability = 0
    for _ in range(draw(st.integers(0, 3))):
        day, first = draw(st.integers(0, 1)), draw(st.integers(16, 40))
        length = draw(st.integers(1, 12))
        availability |= ((1 << length) - 1) << (day * 48 + first)
    exceptions = tuple(
        AvailabilityException(
            (_DAY0 + timedelta(days=draw(st.integers(0, 1)))).date(),
            draw(st.integers(0, (1 << 48) - 1)),
            draw(st.booleans()),
        )
        for _ in range(draw(st.integers(0, 1)))
    )
    busy = tuple(
        (start, start + timedelta(minutes=draw(st.integers(15, 240))))
        for start in (
            _DAY0 + timedelta(days=draw(st.integers(0, 1)), minutes=15 * draw(st.integers(32, 84)))
            for _ in range(draw(st.integers(0, 1)))
        )
    )
    max_load = draw(st.integers(0, 4))
    return Volunteer(
        vid,
        lat=MAASSLUIS[0] + draw(st.integers(-30, 30)) / 1000,
        lon=MAASSLUIS[1] + draw(st.integers(-30, 30)) / 1000,
        radius_km=draw(st.sampled_from([0.5, 1.0, 2.0, 3.0, 6.0])),
        skills=_bits(draw, _SKILL_BITS),
        interests=_bits(draw, (0, 1, 31)),
        languages=_bits(draw, (0, 1)),
        availability=availability,
        exceptions=exceptions,
        busy=busy,
        vog_valid_until=draw(st.sampled_from([None, date(2026, 5, 4), date(2027, 1, 1)])),
        birth_date=draw(st.sampled_from([None, date(1960, 1, 1), date(2010, 5, 5), date(2008, 5, 5)])),
        paused=draw(st.booleans()) and draw(st.booleans()),
        preference=draw(st.sampled_from(["both", "one_off", "regular"])),
        load=draw(st.integers(0, max_load + 1)),
        max_load=max_load,
        completed=draw(st.integers(0, 5)),
        no_shows=draw(st.integers(0, 2)),
        neighbourhood_weight=draw(st.sampled_from([1.0, 1.5])),
    )


@st.composite
def demands(draw, did: str, flexible: bool = False) -> Demand:
    start = _DAY0 + timedelta(days=draw(st.integers(0, 1)), minutes=15 * draw(st.integers(30, 88)))
    end = start + timedelta(minutes=15 * draw(st.integers(1, 12)))
    duration = None
    if flexible and draw(st.booleans()):  # a window of up to a day and a half, often past midnight
        end = start + timedelta(minutes=15 * draw(st.integers(1, 144)))
        duration = draw(st.integers(1, (end - start) // timedelta(minutes=1)))
    remote = draw(st.booleans()) and draw(st.booleans())
    return Demand(
        did,
        kind=draw(st.sampled_from(["shift", "help_request", "initiative_task"])),
        start=start,
        end=end,
        lat=None if remote else MAASSLUIS[0] + draw(st.integers(-30, 30)) / 1000,
        lon=None if remote else MAASSLUIS[1] + draw(st.integers(-30, 30)) / 1000,
        remote=remote,
        max_distance_km=draw(st.sampled_from([None, None, 1.0, 3.0])),
        required_skills=_bits(draw, _SKILL_BITS),
        nice_skills=_bits(draw, _SKILL_BITS),
        interest=draw(st.sampled_from([None, 0, 1, 31])),
        requires_vog=draw(st.booleans()),
        min_age=draw(st.sampled_from([0, 0, 16, 18])),
        languages=draw(st.sampled_from([0, 0, 0b1, 0b10])),
        regular=draw(st.booleans()),
        urgency=draw(st.integers(0, 3)),
        free_places=draw(st.integers(0, 3)),
        neighbourhood_weight=draw(st.sampled_from([1.0, 2.0])),
        duration_minutes=duration,
    )


@st.composite
def instances(draw, max_demands: int = 4, max_volunteers: int = 5, flexible: bool = False):
    """With ``flexible``, about half of the demands have a duration in a longer window."""
    n_d = draw(st.integers(0, max_demands))
    n_v = draw(st.integers(0, max_volunteers))
    ds = [draw(demands(f"d{i}", flexible)) for i in range(n_d)]
    vs = [draw(volunteers(f"v{i}")) for i in range(n_v)]
    pairs = [(v.id, d.id) for v in vs for d in ds]
    exclude = frozenset(draw(st.sets(st.sampled_from(pairs), max_size=2))) if pairs else frozenset()
    now = NOW + timedelta(minutes=30 * draw(st.integers(0, 8)))
    return ds, vs, exclude, now
