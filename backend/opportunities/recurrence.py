"""The weekly rule of a regular vacancy, unrolled into dated shifts.

The rule is in local time (DOEMEE_TIMEZONE, see backend/localtime.py): "every Tuesday 18:00-20:00" stays 18:00
on the clock in winter and in summer, so its UTC time moves by an hour across the daylight-saving switches.
dateutil's rrule works on naive local datetimes here; zoneinfo then gives each occurrence its own offset.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from dateutil import rrule

from backend.localtime import local_zone

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RRULE_DAYS = dict(zip(WEEKDAYS, (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)))


def parse_hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def occurrences(rule: dict, *, first_day: date, last_day: date) -> list[tuple[datetime, datetime]]:
    """(starts_at, ends_at) in UTC of every occurrence of ``rule`` on the local days first_day..last_day.

    The two nights of a daylight-saving switch follow ``local_span``: a start in the hour skipped in March moves
    to the first valid local time (03:00) and the shift keeps its length; a start in the hour that repeats in
    October is the first of the two.

    >>> rule = {"weekdays": ["tue"], "start": "18:00", "end": "20:00"}
    >>> [s.isoformat() for s, _ in occurrences(rule, first_day=date(2026, 3, 24), last_day=date(2026, 3, 31))]
    ['2026-03-24T17:00:00+00:00', '2026-03-31T16:00:00+00:00']
    """
    start = parse_hhmm(rule["start"])
    days = [_RRULE_DAYS[d] for d in rule["weekdays"]]
    local_starts = rrule.rrule(rrule.WEEKLY, byweekday=days, dtstart=datetime.combine(first_day, start),
                               until=datetime.combine(last_day, start))
    return [local_span(local_start.date(), rule["start"], rule["end"]) for local_start in local_starts]


def local_span(day: date, start: str, end: str) -> tuple[datetime, datetime]:
    """Local clock times on a local day, in UTC.

    The clock decides, except on the two nights of a daylight-saving switch:
    - a start in the hour skipped in March (02:00-03:00) moves to the first valid local time (03:00) and the
      shift keeps its planned length (02:00-03:00 becomes 03:00-04:00), so it still ends after it starts;
    - a start in the hour that repeats in October is the first of the two (summer time); the end stays on the
      clock, so 02:00-03:00 then lasts the two hours the clock shows.

    >>> [t.isoformat() for t in local_span(date(2027, 3, 28), "02:00", "03:00")]
    ['2027-03-28T01:00:00+00:00', '2027-03-28T02:00:00+00:00']
    >>> [t.isoformat() for t in local_span(date(2027, 10, 31), "02:00", "03:00")]
    ['2027-10-31T00:00:00+00:00', '2027-10-31T02:00:00+00:00']
    """
    local_start, local_end = datetime.combine(day, parse_hhmm(start)), datetime.combine(day, parse_hhmm(end))
    if _exists(local_start):
        return _to_utc(local_start), _to_utc(local_end)
    moved = _first_valid(local_start)
    starts_at = _to_utc(moved)
    return starts_at, starts_at + (local_end - local_start)


def window(rule: dict, today: date) -> tuple[date, date]:
    """The local days to generate for: ``weeks`` weeks from the rule's first day, or from today once that has
    passed (so that generating again later extends the schedule instead of repeating it)."""
    first = max(date.fromisoformat(str(rule["starting"])), today)
    return first, first + timedelta(weeks=int(rule["weeks"])) - timedelta(days=1)


def local_today(now: datetime) -> date:
    return now.astimezone(local_zone()).date()


def _to_utc(local: datetime) -> datetime:
    # fold=0: in the repeated hour of October the first of the two (summer time).
    return local.replace(tzinfo=local_zone(), fold=0).astimezone(timezone.utc)


def _exists(local: datetime) -> bool:
    """False for a wall-clock time skipped by a daylight-saving switch (it does not survive a round trip)."""
    return _to_utc(local).astimezone(local_zone()).replace(tzinfo=None) == local


def _first_valid(local: datetime) -> datetime:
    # Gaps are whole minutes (an hour in Europe); walking minute by minute is exact and bounded.
    for _ in range(24 * 60):
        local += timedelta(minutes=1)
        if _exists(local):
            return local
    raise ValueError(f"no valid local time after {local}")  # no zone skips a whole day
