"""Narrowing the "for you" feed by what the volunteer chose on the page: kind, distance, day. The feed itself
(operations.feed) ranks; this keeps the ranking and drops what does not fit."""
from __future__ import annotations

from datetime import date

from backend.localtime import local_zone

KINDS = ("vacancy", "initiative_task", "help_request")


def _field(item, name):
    return item[name] if isinstance(item, dict) else getattr(item, name)


def narrow(items: list, *, kind: str | None = None, within_km: float | None = None,
           day: date | None = None) -> list:
    """The items that fit, in the feed's order. Remote work fits every distance; a day is a local date."""
    out = []
    for item in items:
        if kind and _field(item, "kind") != kind:
            continue
        distance = _field(item, "distance_km")
        if within_km is not None and distance is not None and distance > within_km:
            continue
        starts_at = _field(item, "starts_at")
        if day is not None and (starts_at is None or starts_at.astimezone(local_zone()).date() != day):
            continue
        out.append(item)
    return out
