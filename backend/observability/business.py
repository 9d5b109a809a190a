"""What users did, counted for the metrics (``doemee_events_total{event=...}``) once it is committed.

Every audited action counts (backend/audit records them: ``account.registered``, ``campaign.gift_claimed`` and
``campaign.letter_code_exchanged`` for claims, ``campaign.voucher_redeemed`` and ``campaign.letter_code_redeemed`` for
redemptions, ...), and a few that are not audited (``engagement.signed_up``: a sign-up for a shift). The count is made
when the transaction commits and forgotten when it rolls back (a sign-up that ended in a 409, a claim the stock
refused), so the metric counts what is in the database, not what was tried.
"""
from __future__ import annotations

import sqlalchemy as sa

from backend.extensions import db
from backend.observability.metrics import EVENTS

_PENDING = "doemee_events_on_commit"


def count_on_commit(event: str) -> None:
    """Count ``event`` (doemee_events_total{event=...}) when the current transaction commits."""
    db.session.info.setdefault(_PENDING, []).append(event)


def _committed(session) -> None:
    for event in session.info.pop(_PENDING, ()):
        EVENTS.labels(event).inc()


def _ended(session, transaction) -> None:
    # A commit counted them already (after_commit runs first); after a rollback of the whole transaction they are
    # dropped. A savepoint's end (transaction.parent set) leaves them to the transaction around it.
    if transaction.parent is None:
        session.info.pop(_PENDING, None)


def install() -> None:
    """Listen to every session's commits (once per process, whatever the number of apps)."""
    if not sa.event.contains(sa.orm.Session, "after_commit", _committed):
        sa.event.listen(sa.orm.Session, "after_commit", _committed)
        sa.event.listen(sa.orm.Session, "after_transaction_end", _ended)
