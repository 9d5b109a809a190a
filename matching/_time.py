"""Local wall-clock time as integers.

All times the library sees are *naive* datetimes in Europe/Amsterdam wall-clock
time (the backend converts from UTC once). They are turned into whole minutes
since :data:`EPOCH`, a Monday, so that ``minutes // 1440 % 7`` is the weekday
(0 = Monday) and ``minutes % 1440 // 30`` the half-hour slot of the day.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

EPOCH = datetime(2000, 1, 3)  # a Monday
LATEST = datetime(2100, 1, 1)
SLOT_MINUTES = 30
SLOTS_PER_DAY = 48
DAY_MASK = (1 << SLOTS_PER_DAY) - 1
_MINUTE = timedelta(minutes=1)


def floor_minutes(moment: datetime) -> int:
    """Minutes since EPOCH, rounded down."""
    return (moment - EPOCH) // _MINUTE


def ceil_minutes(moment: datetime) -> int:
    """Minutes since EPOCH, rounded up (for exclusive end times)."""
    return -((EPOCH - moment) // _MINUTE)


def day_number(day: date) -> int:
    """Days since EPOCH's date."""
    return (day - EPOCH.date()).days


def ymd(day: date) -> int:
    """``date(2026, 12, 24)`` -> ``20261224`` (for whole-year age arithmetic)."""
    return day.year * 10000 + day.month * 100 + day.day
