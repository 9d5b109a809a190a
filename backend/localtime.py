"""The local time zone, from one place: a municipality's own zone (Municipality.timezone) where the question is
about one municipality, else the DOEMEE_TIMEZONE setting (validated at start; Europe/Amsterdam by default).

Times are stored in UTC; local time matters for what people read (a check-in window, a reminder) and for rules
that speak of days (a weekly recurrence, "today"). Read at call time, never at import (the app factory owns
the configuration).
"""
from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import current_app


def local_zone(municipality=None) -> ZoneInfo:
    if municipality is not None and municipality.timezone:
        return ZoneInfo(municipality.timezone)
    return ZoneInfo(current_app.extensions["doemee_config"]["TIMEZONE"])
