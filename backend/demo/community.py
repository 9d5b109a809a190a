"""The demo's community side, after the volunteers and the organisations' vacancies: resident initiatives, open
requests for help, and a history of engagements on the vacancies' shifts.

- Demo residents (``bewoner-001@...``) propose initiatives and post requests for help themselves; demo wijkteam
  workers (``wijkteam-01@...``, intermediaries of Maassluis) post on residents' behalf, with the resident's
  first name and recorded consent. Addresses use invented street names (no real address of Maassluis).
- Initiatives: a mix of statuses; supporters; supported ones often have tasks (opportunities with one shift).
- Requests for help: open, windows in the coming two weeks, an urgency mix, some with open offers.
- Engagements: the regular vacancies' past four weeks get shifts with completed engagements and approved hours
  (some no-shows, some check-ins still awaiting approval, some withdrawals and declined invitations); upcoming
  shifts get sign-ups (accepted_count in step, never over capacity), waitlists, invitations.

Deterministic: every row's id is derived from what it is (uuid5), and every item draws from a random generator
seeded with its own name, so an item is the same whatever else exists. Idempotent: an initiative or request whose
id exists is skipped; a past shift is added with its engagements or not at all; an upcoming shift gets demo
sign-ups only while it has no engagement at all (so sign-ups people made in the running demo are never counted
twice). Rows go in with bulk inserts. Times are relative to the day of seeding.
"""
from __future__ import annotations


import sqlalchemy as sa

from backend.accounts.models import ConsentRecord, RoleGrant, User
from backend.accounts.passwords import hash_password
from backend.demo.common import _Context, _FIRST_NAMES, _id
from backend.demo.history import _History
from backend.demo.hours import seed_waiting_hours
from backend.demo.initiatives_and_help import _seed_help_requests, _seed_initiatives
from backend.demo.people import DEMO_DOMAIN, DEMO_PASSWORD
from backend.extensions import db


def seed_community(*, initiatives: int = 150, help_requests: int = 500, progress: bool = True) -> list[str]:
    """Add what is missing of the demo's initiatives, requests for help and engagement history."""
    ctx = _Context()
    lines = [_ensure_people(ctx), _seed_initiatives(ctx, initiatives), _seed_help_requests(ctx, help_requests)]
    lines.append(_History(ctx).seed(progress))
    lines.append(seed_waiting_hours(ctx))
    _refresh_statistics()
    return lines


def _refresh_statistics() -> None:
    """PostgreSQL plans from table statistics, which autovacuum refreshes only a while after a bulk load; until
    then the planner takes the freshly loaded tables for nearly empty (the shift listing ran a nested loop over
    22 million row pairs, 2.4 s, instead of an index scan). ANALYZE here also counts this transaction's rows."""
    db.session.execute(sa.text("ANALYZE"))


# --- residents and wijkteam workers --------------------------------------------------------------------------

def _ensure_people(ctx: _Context) -> str:
    wanted = [(uid, f"bewoner-{n:03d}@{DEMO_DOMAIN}", "resident", None, _FIRST_NAMES[n % len(_FIRST_NAMES)])
              for n, uid in enumerate(ctx.residents, start=1)]
    wanted += [(uid, f"wijkteam-{n:02d}@{DEMO_DOMAIN}", "intermediary", ctx.maassluis.id, f"Wijkteam {n}")
               for n, uid in enumerate(ctx.intermediaries, start=1)]
    existing = set(db.session.scalars(sa.select(User.email).where(
        User.email.in_([w[1] for w in wanted]))))
    missing = [w for w in wanted if w[1] not in existing]
    if not missing:
        return f"demo residents and wijkteam workers: all {len(wanted)} already there"
    password_hash = hash_password(DEMO_PASSWORD)
    now = ctx.now
    db.session.execute(sa.insert(User), [
        {"id": uid, "email": email, "password_hash": password_hash, "display_name": name, "locale": "nl",
         "created_at": now, "updated_at": now} for uid, email, _, _, name in missing])
    db.session.execute(sa.insert(RoleGrant), [
        {"id": _id("role", uid), "user_id": uid, "role": role, "municipality_id": municipality_id, "created_at": now}
        for uid, _, role, municipality_id, _ in missing])
    db.session.execute(sa.insert(ConsentRecord), [
        {"id": _id("consent", uid), "user_id": uid, "purpose": "privacy_statement", "text_version": ctx.version,
         "given_at": now} for uid, *_ in missing])
    return (f"demo residents and wijkteam workers: {len(missing)} added (bewoner-001@{DEMO_DOMAIN}, "
            f"wijkteam-01@{DEMO_DOMAIN} ...)")


# --- initiatives ---------------------------------------------------------------------------------------------

