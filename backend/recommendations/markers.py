"""Change markers: how every worker learns, with one cheap statement, that its cached matching tables are old.

The rule (every cache of backend.recommendations relies on it):

    Any flush that inserts, changes or deletes a Shift, an Opportunity or a HelpRequest sets its municipality's
    ``demand_token`` to a new random value, except a change of a shift's ``accepted_count`` alone (a sign-up or
    withdrawal, also one that fills the shift or gives it a place again); any flush that
    does so to a VolunteerProfile, its skills, its weekly slots or its dated exceptions (or deletes a User) sets
    the municipality's ``volunteer_token``. Both happen in the flush's own transaction, so the new token becomes
    visible exactly when the change does. A volunteer's change also writes a row naming them
    (backend.recommendations.volunteer_changes), so that a worker reloads the changed volunteers alone.

A cache remembers the token it was built under and is valid while the token in the database is the same. The token
is read *before* the rows it describes, so a change committed while a cache is being built makes the token differ
at the next check (a newer table labelled with an older token is only rebuilt once more, never kept stale). Tokens
are random, not counters: a transaction rolled back never leaves behind a value some cache already saw.

Why the exception: every sign-up changes accepted_count. Moving the token for it made every worker rebuild its
demand table after each sign-up, and serialised a municipality's sign-ups on the marker row (locked until commit).
Until issue 23 a sign-up that filled a shift (or a withdrawal that reopened one) still moved it: in a burst of
sign-ups that rebuilt the demand table again and again, inside feed requests (2-4 s at 10x Schiedam). A table
therefore holds places that may be old, full shifts included (demand_table keeps every open shift, full or not);
those who show them read the live places of the shifts on their answer and leave the full ones out
(backend.recommendations.feed; the lists' versions: backend.opportunities.listing_version).

It is done with session events rather than a call in each operation so that no operation, present or future, can
forget it. Bulk ORM statements (``sa.update(Shift)``, ``sa.insert(Opportunity)`` ...) bypass the flush; they move
the tokens of every municipality, which is rare enough (the demo seed) to be cheap.
"""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from backend.recommendations import volunteer_changes
from backend.recommendations.models import MatchingMarker

DEMAND, VOLUNTEER = "demand_token", "volunteer_token"
CHANGED = "volunteers"  # (municipality id, user id) of each changed volunteer (volunteer_changes)
ERASED = "erased"  # ids of the accounts deleted
_PENDING = "matching_marker_bumps"


def read_tokens_stmt(municipality_id) -> sa.Select:
    return sa.select(MatchingMarker.demand_token, MatchingMarker.volunteer_token).where(
        MatchingMarker.municipality_id == municipality_id)


def bump(connection, municipality_ids, column: str) -> None:
    """Give the municipalities a new token (an upsert: the row is created by the first change)."""
    for municipality_id in sorted(set(municipality_ids), key=str):  # one lock order: no deadlock between two
        token = uuid.uuid4().hex
        values = {"municipality_id": municipality_id, DEMAND: token, VOLUNTEER: token}
        stmt = insert(MatchingMarker).values(**values)
        connection.execute(stmt.on_conflict_do_update(index_elements=["municipality_id"], set_={column: token}))


def _municipality_of(session: Session, obj) -> list:
    from backend.accounts.models import User
    from backend.help.models import HelpRequest
    from backend.opportunities.models import Opportunity, Shift
    from backend.volunteers.models import VolunteerProfile

    if isinstance(obj, (Opportunity, VolunteerProfile)):
        history = sa.inspect(obj).attrs.municipality_id.history
        return [m for m in (obj.municipality_id, *history.deleted) if m is not None]
    if isinstance(obj, (Shift, HelpRequest)):
        opp = session.get(Opportunity, obj.opportunity_id) if obj.opportunity_id else None
        return [opp.municipality_id] if opp is not None else []
    user_id = obj.id if isinstance(obj, User) else obj.user_id
    profile = session.get(VolunteerProfile, user_id) if user_id else None
    return [profile.municipality_id] if profile is not None else []


def _watched():
    from backend.accounts.models import User
    from backend.help.models import HelpRequest
    from backend.opportunities.models import Opportunity, Shift
    from backend.volunteers.models import AvailabilityException, AvailabilitySlot, ProfileSkill, VolunteerProfile

    return ((Shift, Opportunity, HelpRequest), (VolunteerProfile, ProfileSkill, AvailabilitySlot,
                                                AvailabilityException), User)


@event.listens_for(Session, "before_flush")
def _collect(session: Session, _context, _instances) -> None:
    demand_types, volunteer_types, user_type = _watched()
    pending = session.info.setdefault(_PENDING, {name: set() for name in (DEMAND, VOLUNTEER, CHANGED, ERASED)})
    changed = [*session.new, *session.deleted,
               *(o for o in session.dirty if session.is_modified(o, include_collections=False))]
    for obj in changed:
        if isinstance(obj, demand_types):
            if obj not in session.new and obj not in session.deleted and _places_only(obj):
                continue
            pending[DEMAND].update(_municipality_of(session, obj))
        elif isinstance(obj, volunteer_types) or (isinstance(obj, user_type) and obj in session.deleted):
            municipality_ids = _municipality_of(session, obj)
            pending[VOLUNTEER].update(municipality_ids)
            user_id = obj.id if isinstance(obj, user_type) else obj.user_id
            if isinstance(obj, user_type):  # an erased account: its id is not written down (see volunteer_changes)
                pending[ERASED].add(user_id)
                user_id = volunteer_changes.EVERYONE
            pending[CHANGED].update((m, user_id) for m in municipality_ids)


def _places_only(obj) -> bool:
    """Is the change of this (persistent) object a shift's accepted_count alone (a sign-up or withdrawal, whether
    it fills the shift, reopens it or neither)?"""
    from backend.opportunities.models import Shift

    if not isinstance(obj, Shift):
        return False
    state = sa.inspect(obj)
    if any(attr.history.has_changes() for attr in state.attrs if attr.key not in ("accepted_count", "updated_at")):
        return False
    before = state.attrs.accepted_count.history.deleted
    return len(before) == 1 and before[0] is not None  # else not a known old value: move the token, to be safe


@event.listens_for(Session, "after_flush")
def _bump(session: Session, _context) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    connection = session.connection()
    for column in (DEMAND, VOLUNTEER):
        if pending[column]:
            bump(connection, pending[column], column)
    if pending[CHANGED] or pending[ERASED]:
        volunteer_changes.record(connection, pending[CHANGED], erased=pending[ERASED])


@event.listens_for(Session, "do_orm_execute")
def _bulk(state) -> None:
    """A bulk INSERT/UPDATE/DELETE of a watched entity moves every municipality's tokens."""
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    mapper = state.bind_mapper
    if mapper is None:
        return
    demand_types, volunteer_types, user_type = _watched()
    cls = mapper.class_
    column = DEMAND if cls in demand_types else VOLUNTEER if cls in (*volunteer_types, user_type) else None
    if column is None or (cls is user_type and not state.is_delete):
        return
    from backend.places.models import Municipality

    connection = state.session.connection()
    municipality_ids = connection.execute(sa.select(Municipality.id)).scalars().all()
    bump(connection, municipality_ids, column)
    if column == VOLUNTEER:
        volunteer_changes.record(connection, [(m, volunteer_changes.EVERYONE) for m in municipality_ids])
