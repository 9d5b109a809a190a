"""Helpers for the backend to build the bitsets the inputs use.

>>> bitset([0, 2])
5
>>> from datetime import time
>>> day_slots(time(18), time(21)) == sum(1 << s for s in range(36, 42))
True
>>> weekly_availability([(1, time(18), time(21))]) == day_slots(time(18), time(21)) << 48
True
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time

from ._time import SLOT_MINUTES, SLOTS_PER_DAY
from .errors import InvalidInput

__all__ = ["bitset", "day_slots", "weekly_availability"]


def bitset(indices: Iterable[int], size: int = 128) -> int:
    """The int with bits ``indices`` set; every index must be in ``0..size-1``."""
    mask = 0
    for index in indices:
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < size:
            raise InvalidInput("indices", f"must be ints in 0..{size - 1}, got {index!r}")
        mask |= 1 << index
    return mask


def day_slots(start: time, end: time) -> int:
    """48-bit mask of the half-hours from ``start`` to ``end`` on one day.

    ``start`` is rounded down and ``end`` up to whole half-hours;
    ``end == time(0)`` means midnight at the end of the day.
    """
    if not isinstance(start, time) or not isinstance(end, time):
        raise InvalidInput("day_slots", "start and end must be datetime.time")
    first = (start.hour * 60 + start.minute) // SLOT_MINUTES
    end_minutes = end.hour * 60 + end.minute + (1 if end.second or end.microsecond else 0)
    last = -(-end_minutes // SLOT_MINUTES) if end != time(0) else SLOTS_PER_DAY
    if last <= first:
        raise InvalidInput("day_slots", f"end {end} is not after start {start}")
    return (1 << last) - (1 << first)


def weekly_availability(ranges: Iterable[tuple[int, time, time]]) -> int:
    """Weekly slot mask from ``(weekday, start, end)`` ranges (weekday 0 = Monday)."""
    mask = 0
    for weekday, start, end in ranges:
        if isinstance(weekday, bool) or not isinstance(weekday, int) or not 0 <= weekday < 7:
            raise InvalidInput("weekday", f"must be 0 (Monday)..6 (Sunday), got {weekday!r}")
        mask |= day_slots(start, end) << (weekday * SLOTS_PER_DAY)
    return mask
