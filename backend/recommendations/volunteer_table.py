"""The volunteers of a municipality as a matching.VolunteerTable, kept per worker between requests.

Invalidation rule: a worker's table of a municipality is used as it is while (1) the municipality's
``volunteer_token`` (backend.recommendations.markers: it changes in the same transaction as any profile, skill,
weekly slot or dated exception, and when an account is deleted) is the one the table was built under, and (2) the
current half hour is the one it was built in. When the token moved within the half hour, the volunteers changed
since the table's last read (backend.recommendations.volunteer_changes, one statement) are reloaded alone
(load_volunteers filtered to them) and replaced or removed in the table (matching.replace_volunteers); the table
then carries the new token and read position. It is rebuilt in full (load_volunteers: seven queries) when the half
hour changed, after a bulk statement, or when very many volunteers changed.

The engagement facts inside it (busy intervals, load, completed and no-show counts) are those of the build (or of
the reload of a changed volunteer): they move with every sign-up, so they do not move the token. Whoever uses the
table therefore takes a shortlist from it and re-checks the shortlist against the live engagements
(backend.recommendations.candidates does), or reads everyone's engagement facts again (a batch run:
backend.recommendations.assignment.with_weekly_room), so that a volunteer who became busy is never proposed.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from flask import current_app

import matching
from backend.recommendations import volunteer_changes
from backend.recommendations.encode import Codebook, load_volunteers, next_half_hour


@dataclass(frozen=True)
class VolunteerSnapshot:
    token: str | None
    half_hour: datetime
    codebook: Codebook
    volunteers: dict[str, matching.Volunteer]
    table: matching.VolunteerTable
    position: int = 0  # where the change log was last read (volunteer_changes)


def volunteer_snapshot(municipality_id, token: str | None, now: datetime) -> VolunteerSnapshot:
    """The worker's table for the municipality; ``token`` must have been read before this call (see markers)."""
    cache = current_app.extensions.setdefault("doemee_volunteer_tables", {})
    half_hour = next_half_hour(now)
    snapshot = cache.get(municipality_id)
    if snapshot is not None and snapshot.token == token and snapshot.half_hour == half_hour:  # None: demand_table
        return snapshot
    if snapshot is not None and snapshot.half_hour == half_hour:
        position, changed = volunteer_changes.read(municipality_id, snapshot.position)
        if changed is not volunteer_changes.EVERYONE:
            snapshot = _with_changes(snapshot, municipality_id, changed, token, position, now)
            cache[municipality_id] = snapshot
            return snapshot
    else:
        position, _ = volunteer_changes.read(municipality_id, None)  # before the rows: see volunteer_changes
    codebook = Codebook()
    volunteers = load_volunteers(codebook, municipality_id=municipality_id, now=now)
    snapshot = VolunteerSnapshot(token, half_hour, codebook, {v.id: v for v in volunteers},
                                 matching.VolunteerTable.from_volunteers(volunteers), position)
    cache[municipality_id] = snapshot
    return snapshot


def _with_changes(snapshot: VolunteerSnapshot, municipality_id, changed, token, position,
                  now: datetime) -> VolunteerSnapshot:
    """The snapshot with the changed volunteers reloaded; those no longer in the municipality (a deleted account,
    a profile moved away) removed."""
    reloaded = load_volunteers(snapshot.codebook, municipality_id=municipality_id, user_ids=changed,
                               now=now) if changed else []
    removed = {str(user_id) for user_id in changed}
    volunteers = dict(snapshot.volunteers)
    for vid in removed:
        volunteers.pop(vid, None)
    volunteers.update((v.id, v) for v in reloaded)
    return replace(snapshot, token=token, position=position, volunteers=volunteers,
                   table=matching.replace_volunteers(snapshot.table, reloaded, removed))
