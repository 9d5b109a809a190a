"""Synthetic, seeded volunteers and demand for Maassluis and its region.

Maassluis is about 4 km across around (51.92 N, 4.25 E); the region is ten
times wider. Larger populations are spread over several towns in that region.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import numpy as np

from matching import AvailabilityException, Demand, Volunteer

CENTRE = (51.92, 4.25)
TOWN_SPREAD_KM = 1.2  # standard deviation: a town ~4 km across
REGION_KM = 40.0
NOW = datetime(2026, 3, 2, 8, 0)  # a Monday morning
KM_LAT = 110.574
KM_LON = 111.320 * math.cos(math.radians(CENTRE[0]))

# Skills/interests are not equally common: a few dozen cover most needs.
_SKILL_P = 1.0 / np.arange(1, 129) ** 1.1
_SKILL_P /= _SKILL_P.sum()
_INTEREST_P = 1.0 / np.arange(1, 33) ** 0.8
_INTEREST_P /= _INTEREST_P.sum()


def _towns(rng: np.random.Generator, n_people: int) -> np.ndarray:
    """Town centres (lat, lon): Maassluis first, more towns for bigger populations."""
    n_towns = max(1, n_people // 5000)
    offsets = rng.uniform(-REGION_KM / 2, REGION_KM / 2, size=(n_towns, 2))
    offsets[0] = 0.0
    return np.column_stack([CENTRE[0] + offsets[:, 0] / KM_LAT, CENTRE[1] + offsets[:, 1] / KM_LON])


def _places(rng: np.random.Generator, towns: np.ndarray, n: int) -> np.ndarray:
    which = rng.integers(0, len(towns), size=n)
    jitter = rng.normal(0.0, TOWN_SPREAD_KM, size=(n, 2))
    return np.column_stack([towns[which, 0] + jitter[:, 0] / KM_LAT, towns[which, 1] + jitter[:, 1] / KM_LON])


def _bits(rng: np.random.Generator, p: np.ndarray, count: int) -> int:
    if count <= 0:
        return 0
    chosen = rng.choice(len(p), size=count, replace=False, p=p)
    return sum(1 << int(i) for i in chosen)


def volunteers(n: int, seed: int = 1, towns: np.ndarray | None = None) -> list[Volunteer]:
    rng = np.random.default_rng(seed)
    towns = _towns(np.random.default_rng(seed + 1000), n) if towns is None else towns
    where = _places(rng, towns, n)
    radii = rng.choice([1.0, 2.0, 3.0, 5.0, 8.0, 10.0, 15.0], size=n, p=[0.1, 0.2, 0.25, 0.2, 0.12, 0.08, 0.05])
    out = []
    for i in range(n):
        availability = 0
        for _ in range(rng.integers(2, 7)):  # a few 4-hour blocks a week
            weekday, block = int(rng.integers(0, 7)), int(rng.integers(1, 4))  # morning/afternoon/evening
            availability |= ((1 << 8) - 1) << (weekday * 48 + block * 12 - (2 if block == 3 else 0))
        exceptions = ()
        if rng.random() < 0.1:
            day = NOW.date() + timedelta(days=int(rng.integers(0, 14)))
            exceptions = (AvailabilityException(day, (1 << 48) - 1, available=False),)
        busy = tuple(
            (start, start + timedelta(hours=2))
            for start in (NOW + timedelta(hours=int(rng.integers(1, 14 * 24))) for _ in range(rng.integers(0, 3)))
        )
        languages = 1 | (2 if rng.random() < 0.4 else 0) | (1 << int(rng.integers(2, 12)) if rng.random() < 0.15 else 0)
        out.append(
            Volunteer(
                id=f"v{i:07d}",
                lat=float(where[i, 0]),
                lon=float(where[i, 1]),
                radius_km=float(radii[i]),
                skills=_bits(rng, _SKILL_P, int(rng.integers(1, 8))),
                interests=_bits(rng, _INTEREST_P, int(rng.integers(1, 5))),
                languages=languages,
                availability=availability,
                exceptions=exceptions,
                busy=busy,
                vog_valid_until=date(2027, 1, 1) if rng.random() < 0.35 else None,
                birth_date=date(int(rng.integers(1940, 2010)), int(rng.integers(1, 13)), 1),
                paused=bool(rng.random() < 0.05),
                preference=str(rng.choice(["both", "one_off", "regular"], p=[0.5, 0.3, 0.2])),
                load=int(rng.integers(0, 3)),
                max_load=int(rng.integers(3, 9)),
                completed=int(rng.integers(0, 40)),
                no_shows=int(rng.integers(0, 3)) if rng.random() < 0.2 else 0,
                neighbourhood_weight=1.5 if rng.random() < 0.2 else 1.0,
            )
        )
    return out


def demands(n: int, seed: int = 2, towns: np.ndarray | None = None) -> list[Demand]:
    rng = np.random.default_rng(seed)
    towns = _towns(np.random.default_rng(seed + 1000), n * 5) if towns is None else towns
    where = _places(rng, towns, n)
    kinds = rng.choice(["shift", "help_request", "initiative_task"], size=n, p=[0.6, 0.25, 0.15])
    out = []
    for i in range(n):
        day = int(rng.integers(0, 14))
        start_slot = int(rng.integers(16, 42))  # 08:00 .. 21:00
        start = NOW.replace(hour=0) + timedelta(days=day, minutes=30 * start_slot)
        end = start + timedelta(minutes=30 * int(rng.integers(2, 7)))
        remote = bool(rng.random() < 0.03)
        kind = str(kinds[i])
        out.append(
            Demand(
                id=f"d{i:07d}",
                kind=kind,
                start=start,
                end=end,
                lat=None if remote else float(where[i, 0]),
                lon=None if remote else float(where[i, 1]),
                remote=remote,
                max_distance_km=5.0 if kind == "help_request" and rng.random() < 0.5 else None,
                required_skills=_bits(rng, _SKILL_P[:30] / _SKILL_P[:30].sum(), int(rng.integers(0, 3))),
                nice_skills=_bits(rng, _SKILL_P, int(rng.integers(0, 3))),
                interest=int(rng.choice(32, p=_INTEREST_P)),
                requires_vog=bool(rng.random() < 0.2),
                min_age=int(rng.choice([0, 16, 18], p=[0.7, 0.15, 0.15])),
                languages=(1 << int(rng.integers(1, 6))) if rng.random() < 0.05 else 0,
                regular=bool(rng.random() < 0.4),
                urgency=int(rng.integers(0, 4)),
                free_places=int(rng.integers(1, 5)) if kind == "shift" else 1,
                neighbourhood_weight=1.5 if rng.random() < 0.25 else 1.0,
            )
        )
    return out


def region(n_demands: int, n_volunteers: int, seed: int = 7) -> tuple[list[Demand], list[Volunteer]]:
    """Demands and volunteers living in the same towns."""
    towns = _towns(np.random.default_rng(seed), n_volunteers)
    return demands(n_demands, seed + 1, towns), volunteers(n_volunteers, seed + 2, towns)
