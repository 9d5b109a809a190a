"""The volunteers of a municipality as a matching.VolunteerTable, kept per worker between requests.

Invalidation rule: a worker's table of a municipality is used as it is while (1) the municipality's
``volunteer_token`` (backend.recommendations.markers: it changes in the same transaction as any profile, skill,
weekly slot or dated exception, and when an account is deleted) is the one the table was built under, and (2) it
is younger than stored_tables.MAX_AGE. When the token moved, the volunteers changed since the table's last read
(backend.recommendations.volunteer_changes, one statement) are reloaded alone (load_volunteers filtered to them)
and replaced or removed in the table (matching.replace_volunteers); the table then carries the new token and read
position. A table too old (or none in memory) is taken from PostgreSQL (backend.recommendations.stored_tables:
built by ``flask matching-tables`` or its job, one statement to load) and brought up to date the same way; it is
built in full (load_volunteers: seven queries) only when none younger than MAX_AGE is stored, after a bulk
statement, or when very many volunteers changed, and then stored for the other workers.

The engagement facts inside it (busy intervals, load, completed and no-show counts) are those of the build (or of
the reload of a changed volunteer): they move with every sign-up, so they do not move the token. Whoever uses the
table therefore takes a shortlist from it and loads the shortlist's volunteers live
(backend.recommendations.candidates does), or reads everyone again (a batch run:
backend.recommendations.assignment.with_weekly_room), so that a volunteer who became busy is never proposed. The
table holds numpy columns only, no matching.Volunteer record per volunteer (a worker's memory must not grow with
the volunteers it serves); a worker keeps the tables of at most MATCHING_TABLES_PER_WORKER municipalities.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

import matching
from matching._time import DAY_MASK, EPOCH, SLOTS_PER_DAY
from matching.inputs import PREFERENCES
from matching.tables import NO_DAY, UNKNOWN_BIRTH
from backend.extensions import db
from backend.recommendations import stored_tables, volunteer_changes
from backend.recommendations.encode import Codebook, load_volunteers
from backend.recommendations.markers import read_tokens_stmt
from backend.recommendations.stored_tables import worker_tables


@dataclass(frozen=True)
class VolunteerSnapshot:
    token: str | None
    built_at: datetime
    codebook: Codebook
    table: matching.VolunteerTable
    position: int = 0  # where the change log was last read (volunteer_changes)


CACHE = "doemee_volunteer_tables"


def volunteer_snapshot(municipality_id, token: str | None, now: datetime) -> VolunteerSnapshot:
    """The worker's table for the municipality; ``token`` must have been read before this call (see markers)."""
    cache = worker_tables(CACHE)
    snapshot = cache.get(municipality_id)
    if snapshot is not None and snapshot.built_at <= now - stored_tables.MAX_AGE:
        snapshot = None
    if snapshot is None:
        stored = stored_tables.load(municipality_id, stored_tables.VOLUNTEERS, now)
        if stored is not None:
            stored_token, position, built_at, table = stored
            snapshot = VolunteerSnapshot(stored_token, built_at, Codebook(), table, position)
    if snapshot is not None and snapshot.token == token:  # None: demand_table
        cache.put(municipality_id, snapshot)
        return snapshot
    if snapshot is not None:
        position, changed = volunteer_changes.read(municipality_id, snapshot.position)
        if changed is not volunteer_changes.EVERYONE:
            snapshot = _with_changes(snapshot, municipality_id, changed, token, position, now)
            cache.put(municipality_id, snapshot)
            return snapshot
    snapshot = build_snapshot(municipality_id, now, token=token)
    stored_tables.save(municipality_id, stored_tables.VOLUNTEERS, token=snapshot.token, position=snapshot.position,
                       built_at=snapshot.built_at, table=snapshot.table)
    cache.put(municipality_id, snapshot)
    return snapshot


_UNREAD = object()


def build_snapshot(municipality_id, now: datetime, *, token=_UNREAD) -> VolunteerSnapshot:
    """A new table of every volunteer of the municipality: the token (unless the caller read it) and the change
    log's position are read before the rows (see markers and volunteer_changes)."""
    if token is _UNREAD:
        row = db.session.execute(read_tokens_stmt(municipality_id)).one_or_none()
        token = row.volunteer_token if row else None
    position, _ = volunteer_changes.read(municipality_id, None)
    codebook = Codebook()
    volunteers = load_volunteers(codebook, municipality_id=municipality_id, now=now)
    return VolunteerSnapshot(token, now, codebook, matching.VolunteerTable.from_volunteers(volunteers), position)


def _with_changes(snapshot: VolunteerSnapshot, municipality_id, changed, token, position,
                  now: datetime) -> VolunteerSnapshot:
    """The snapshot with the changed volunteers reloaded; those no longer in the municipality (a deleted account,
    a profile moved away) removed."""
    reloaded = load_volunteers(snapshot.codebook, municipality_id=municipality_id, user_ids=changed,
                               now=now) if changed else []
    removed = {str(user_id) for user_id in changed}
    return replace(snapshot, token=token, position=position,
                   table=matching.replace_volunteers(snapshot.table, reloaded, removed))


def volunteers_of_table(table: matching.VolunteerTable, ids=None) -> list[matching.Volunteer]:
    """The table's rows (those of ``ids``, all when None; ids not in it are left out) as matching.Volunteer
    records, without their engagement facts (busy, load, completed, no-shows are zero: the caller reads them live
    and sets them with ``with_engagements``). A dated exception comes back as the day's final slots (all slots
    removed, those free added), which the table encodes the same way."""
    epoch = EPOCH.date()
    out = []
    for vid in table.ids if ids is None else ids:
        r = table.row(vid)
        if r is None:
            continue
        availability = 0
        for day in range(7):
            availability |= int(table.avail[r, day]) << (day * SLOTS_PER_DAY)
        exceptions = []
        first, last = (int(i) for i in table.exc_key.searchsorted([r << 32, (r + 1) << 32]))
        for key, mask in zip(table.exc_key[first:last].tolist(), table.exc_mask[first:last].tolist()):
            day = epoch + timedelta(days=key - (r << 32))
            exceptions += [matching.AvailabilityException(day, slots=DAY_MASK, available=False),
                           matching.AvailabilityException(day, slots=mask, available=True)]
        vog, birth = int(table.vog_day[r]), int(table.birth_ymd[r])
        lat, lon, radius = float(table.lat[r]), float(table.lon[r]), float(table.radius[r])
        out.append(matching.Volunteer(
            vid, lat=None if math.isnan(lat) else lat, lon=None if math.isnan(lon) else lon,
            radius_km=None if math.isnan(radius) else radius,
            skills=int(table.skills_lo[r]) | (int(table.skills_hi[r]) << 64), interests=int(table.interests[r]),
            languages=int(table.languages[r]), availability=availability, exceptions=tuple(exceptions),
            vog_valid_until=None if vog == NO_DAY else epoch + timedelta(days=vog),
            birth_date=None if birth == UNKNOWN_BIRTH else date(birth // 10000, birth // 100 % 100, birth % 100),
            paused=bool(table.paused[r]), preference=PREFERENCES[int(table.pref[r])],
            max_load=int(table.max_load[r]), neighbourhood_weight=float(table.nw[r])))
    return out
