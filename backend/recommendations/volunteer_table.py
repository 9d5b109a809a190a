"""The volunteers of a municipality as a matching.VolunteerTable, kept per worker between requests.

Invalidation rule: a worker's table of a municipality is used while (1) the municipality's ``volunteer_token``
(backend.recommendations.markers: it changes in the same transaction as any profile, skill, weekly slot or dated
exception, and when an account is deleted) is the one the table was built under, and (2) the current half hour
is the one it was built in. Otherwise it is rebuilt (load_volunteers: seven queries).

The engagement facts inside it (busy intervals, load, completed and no-show counts) are those of the build: they
move with every sign-up, so they do not move the token. Whoever uses the table therefore takes a shortlist from it
and re-checks the shortlist against the live engagements (backend.recommendations.candidates does), or reads
everyone's engagement facts again (a batch run: backend.recommendations.assignment.with_weekly_room), so that a
volunteer who became busy is never proposed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app

import matching
from backend.recommendations.encode import Codebook, load_volunteers, next_half_hour


@dataclass(frozen=True)
class VolunteerSnapshot:
    token: str | None
    half_hour: datetime
    codebook: Codebook
    volunteers: dict[str, matching.Volunteer]
    table: matching.VolunteerTable


def volunteer_snapshot(municipality_id, token: str | None, now: datetime) -> VolunteerSnapshot:
    """The worker's table for the municipality; ``token`` must have been read before this call (see markers)."""
    cache = current_app.extensions.setdefault("doemee_volunteer_tables", {})
    half_hour = next_half_hour(now)
    snapshot = cache.get(municipality_id)
    if snapshot is None or snapshot.token != token or snapshot.half_hour != half_hour:  # None: see demand_table
        codebook = Codebook()
        volunteers = load_volunteers(codebook, municipality_id=municipality_id, now=now)
        snapshot = VolunteerSnapshot(token, half_hour, codebook, {v.id: v for v in volunteers},
                                     matching.VolunteerTable.from_volunteers(volunteers))
        cache[municipality_id] = snapshot
    return snapshot
