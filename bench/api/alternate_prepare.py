"""Prepare one code tree's share of bench/api/bench_alternate.py: tokens, request files, statement counts.

Run by bench_alternate.py with the tree's own code (cwd and PYTHONPATH = that tree, e.g. the old commit's
worktree), so tokens are minted and statements counted by the code under test. Not a test: it commits sessions
(and the counted sign-up and claim) to the bench database.

    python bench/api/alternate_prepare.py OUT_DIR --label old --slices 0:2500,2500:5000 --pairs 3000

Each slice is a range of demo volunteers (by e-mail, unpaused) for one measurement; slices of different trees
and rounds never overlap, so every sign-up and every claim in the run is a new one.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, os.getcwd())  # the tree under test


def _token(pair) -> str:
    return pair["access_token"] if isinstance(pair, dict) else pair.access_token


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--label", required=True)
    parser.add_argument("--slices", required=True, help="start:end,start:end (one per measurement)")
    parser.add_argument("--pairs", type=int, default=3000, help="sign-ups per measurement")
    parser.add_argument("--spare", type=int, required=True, help="first of 4 volunteers for counting statements")
    options = parser.parse_args()
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)

    from backend.accounts.models import User
    from backend.accounts.tokens import start_session
    from doemee.app import create_app
    from backend.demo import DEMO_DOMAIN
    from backend.extensions import db
    from backend.models_base import utcnow
    from backend.opportunities.models import Opportunity, Shift
    from backend.volunteers.models import VolunteerProfile

    app = create_app()
    rng = random.Random(f"{options.label}-20261202")
    result = {"label": options.label, "measurements": []}
    with app.app_context():
        people = list(db.session.scalars(
            sa.select(User).join(VolunteerProfile, VolunteerProfile.user_id == User.id)
            .where(VolunteerProfile.paused.is_(False), User.email.like(f"vrijwilliger-%@{DEMO_DOMAIN}"))
            .order_by(User.email)))
        shifts = list(db.session.scalars(
            sa.select(Shift.id).join(Opportunity, Opportunity.id == Shift.opportunity_id)
            .where(Shift.status == "open", Shift.starts_at > utcnow() + timedelta(hours=2),
                   Opportunity.status == "published").order_by(Shift.id)))
        taken = {(v, s) for v, s in db.session.execute(sa.text(
            "SELECT volunteer_id, shift_id FROM engagements WHERE shift_id IS NOT NULL"))}
        campaign, gifts = _campaign(db)
        for n, piece in enumerate(options.slices.split(",")):
            start, end = (int(x) for x in piece.split(":"))
            group = people[start:end]
            tokens = {p.id: _token(start_session(p)) for p in group}
            db.session.commit()
            lines, ids = [], list(tokens)
            while len(lines) < options.pairs:
                shift_id, volunteer_id = rng.choice(shifts), rng.choice(ids)
                if (volunteer_id, shift_id) not in taken:
                    taken.add((volunteer_id, shift_id))
                    lines.append(f"{shift_id} {tokens[volunteer_id]}\n")
            signups = out / f"{options.label}-{n}-signups.txt"
            signups.write_text("".join(lines))
            claims = out / f"{options.label}-{n}-claims.txt"
            claims.write_text("".join(
                f"/api/v1/campaigns/{campaign}/claims|{t}|{json.dumps({'gift_id': rng.choice(gifts)})}\n"
                for t in tokens.values()))
            result["measurements"].append({"signups": str(signups), "claims": str(claims),
                                           "listing_token": next(iter(tokens.values()))})
        result["statements"] = _count(app, db, people[options.spare:options.spare + 4], shifts, taken, campaign, gifts)
    (out / f"{options.label}.json").write_text(json.dumps(result, indent=1))
    print(json.dumps(result["statements"]))


def _campaign(db):
    """The demo's open campaign of Maassluis; its gifts get a stock no run can exhaust (every claim is a 201)."""
    campaign = db.session.execute(sa.text(
        "SELECT id FROM campaigns WHERE cancelled_at IS NULL AND opens_at < now() AND closes_at > now()")).scalar()
    db.session.execute(sa.text("UPDATE gifts SET stock_offered = stock_offered + 1000000, stock = stock + 1000000 "
                               "WHERE campaign_id = :c AND stock_offered < 1000000"), {"c": campaign})
    db.session.commit()
    gifts = [str(g) for g in db.session.execute(sa.text("SELECT id FROM gifts WHERE campaign_id = :c ORDER BY id"),
                                                {"c": campaign}).scalars()]
    return campaign, gifts


def _count(app, db, spare, shifts, taken, campaign, gifts) -> dict:
    """SQL statements of the second request of each kind (the first warms up), through the test client."""
    from backend.accounts.tokens import start_session

    seen: list[str] = []

    def listen(_conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE")):
            seen.append(statement)

    tokens = [_token(start_session(p)) for p in spare]
    db.session.commit()
    free = [s for s in shifts if all((p.id, s) not in taken for p in spare)][:2]
    client = app.test_client()
    counts = {}
    sa.event.listen(sa.engine.Engine, "before_cursor_execute", listen)
    try:
        for label, method, requests in (
                ("GET /shifts?limit=20", "GET", [("/api/v1/shifts?limit=20", tokens[0], None)] * 2),
                ("GET /shifts?limit=100", "GET", [("/api/v1/shifts?limit=100", tokens[0], None)] * 2),
                ("POST /shifts/{id}/signups", "POST", [(f"/api/v1/shifts/{free[i]}/signups", tokens[i], None)
                                                       for i in range(2)]),
                ("POST /campaigns/{id}/claims", "POST", [(f"/api/v1/campaigns/{campaign}/claims", tokens[2 + i],
                                                          {"gift_id": gifts[0]}) for i in range(2)])):
            for path, token, body in requests:
                seen.clear()
                r = client.open(path, method=method, json=body, headers={"Authorization": f"Bearer {token}"})
            counts[label] = {"status": r.status_code, "statements": len(seen)}
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", listen)
    return counts


if __name__ == "__main__":
    main()
