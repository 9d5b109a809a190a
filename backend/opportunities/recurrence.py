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

    A local start that does not exist (the hour skipped in March) resolves as zoneinfo does (fold=0: the
    offset before the switch, so 02:30 becomes 03:30 summer time); such rules are rare and the shift is still
    real and ends after it starts.

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
    """Local clock times on a local day, in UTC."""
    return (_to_utc(datetime.combine(day, parse_hhmm(start))), _to_utc(datetime.combine(day, parse_hhmm(end))))


def window(rule: dict, today: date) -> tuple[date, date]:
    """The local days to generate for: ``weeks`` weeks from the rule's first day, or from today once that has
    passed (so that generating again later extends the schedule instead of repeating it)."""
    first = max(date.fromisoformat(str(rule["starting"])), today)
    return first, first + timedelta(weeks=int(rule["weeks"])) - timedelta(days=1)


def local_today(now: datetime) -> date:
    return now.astimezone(local_zone()).date()


def _to_utc(local: datetime) -> datetime:
    return local.replace(tzinfo=local_zone()).astimezone(timezone.utc)
