"""Benchmark (issue 23): server time of the pages people wait for, on the full Maassluis demo.

Not a test. The pages: the coordinator's shift page with candidates (``/organisatie/diensten/<id>``), the campaign
list and the campaign's live view (``/gemeente/acties``, ``/gemeente/acties/<id>``), the finance page
(``/gemeente/acties/<id>/financien``), the dashboard (``/gemeente``) and "Voor jou" (``/voor-jou``).

What it does, in one process with the app (``DOEMEE_ENV=production``), through the Flask test client:

1. Logs in as the demo's staff member (gemeente@), a coordinator (coordinator-001@) and a volunteer
   (vrijwilliger-00001@) through the log-in page; picks the first open future shift of coordinator-001's
   organisation and the demo's year-end campaign.
2. Warm: each page ``--repeat`` times after 3 warm-up requests; p50, p95, max and the SQL statements of one request.
3. Cold (the shift page and "Voor jou"): the same, but before every request the worker's matching tables are
   dropped (``app.extensions`` doemee_volunteer_tables / doemee_demand_tables), as in a fresh worker process:
   what the first view costs.

The database must hold the demo (``flask db upgrade heads``, ``load-reference-data``, ``seed-demo``); nothing is
written but sessions and audit rows. Usage, from the repository root:

    DOEMEE_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/doemee_h5_bench \\
        .venv/bin/python bench/web/bench_pages.py [--repeat 30] [--only shift,finance]

Figures are written up in bench/RESULTS.md ("Issue 23, pages and matcher tables").
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from bench.web.bench_web import statements  # noqa: E402  (SQL statements of one request for a page)

GOAL_MS = 150.0
ENV = {
    "DOEMEE_ENV": "production",
    "DOEMEE_SECRET_KEY": "bench-pages-secret-key-that-is-long-enough-for-hs256-0123456789",
    "DOEMEE_RUN_SCHEDULER": "false",
    "DOEMEE_LOGIN_ATTEMPTS_PER_MINUTE": "100",
}


def log_in(application, local_part: str):
    from backend.demo import DEMO_DOMAIN, DEMO_PASSWORD

    client = application.test_client()
    page = client.get("/inloggen").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    r = client.post("/inloggen", data={"csrf_token": token, "email": f"{local_part}@{DEMO_DOMAIN}",
                                       "password": DEMO_PASSWORD})
    assert r.status_code == 303, (local_part, r.status_code)
    return client


def ids(application) -> dict:
    """A shift of coordinator-001's organisation that shows candidates, and the demo's campaign."""
    import sqlalchemy as sa

    from backend.accounts.models import User
    from backend.campaigns.models import Campaign
    from backend.demo import DEMO_DOMAIN
    from backend.extensions import db
    from backend.models_base import utcnow
    from backend.opportunities.models import Opportunity, Shift
    from backend.organisations.models import OrganisationMember

    with application.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == f"coordinator-001@{DEMO_DOMAIN}"))
        shift_id = db.session.scalar(
            sa.select(Shift.id).join(Opportunity, Shift.opportunity_id == Opportunity.id)
            .join(OrganisationMember, OrganisationMember.organisation_id == Opportunity.organisation_id)
            .where(OrganisationMember.user_id == user_id, Shift.status == "open", Shift.starts_at > utcnow(),
                   Opportunity.status == "published", Shift.accepted_count < Shift.capacity)
            .order_by(Shift.starts_at).limit(1))
        campaign_id = db.session.scalar(sa.select(Campaign.id).order_by(Campaign.created_at.desc()).limit(1))
    return {"shift": shift_id, "campaign": campaign_id}


def drop_tables(application) -> None:
    for name in ("doemee_volunteer_tables", "doemee_demand_tables"):
        application.extensions.pop(name, None)


def timed(application, client, path: str, repeat: int, *, cold: bool) -> dict:
    for _ in range(3):
        r = client.get(path)
        assert r.status_code == 200, (path, r.status_code)
    took = []
    for _ in range(repeat):
        if cold:
            drop_tables(application)
        started = time.perf_counter()
        r = client.get(path)
        took.append((time.perf_counter() - started) * 1000)
        assert r.status_code == 200, (path, r.status_code)
    took.sort()
    return {"p50": round(statistics.median(took), 1), "p95": round(took[int(0.95 * (len(took) - 1))], 1),
            "max": round(took[-1], 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--only", default="", help="comma-separated page names")
    args = parser.parse_args()
    if "DOEMEE_DATABASE_URL" not in os.environ:
        sys.exit("set DOEMEE_DATABASE_URL to a database holding the demo")
    os.environ.update(ENV)
    from doemee.app import create_app

    application = create_app()
    found = ids(application)
    staff, coordinator, volunteer = (log_in(application, who) for who in (
        "gemeente", "coordinator-001", "vrijwilliger-00001"))
    pages = [("shift + candidates", coordinator, f"/organisatie/diensten/{found['shift']}", False),
             ("shift + candidates, cold", coordinator, f"/organisatie/diensten/{found['shift']}", True),
             ("campaigns", staff, "/gemeente/acties", False),
             ("campaign live view", staff, f"/gemeente/acties/{found['campaign']}", False),
             ("finance", staff, f"/gemeente/acties/{found['campaign']}/financien", False),
             ("dashboard", staff, "/gemeente", False),
             ("for you", volunteer, "/voor-jou", False),
             ("for you, cold", volunteer, "/voor-jou", True)]
    only = {name.strip() for name in args.only.split(",") if name.strip()}
    load_before = os.getloadavg()
    print(f"load before: {load_before[0]:.2f}", flush=True)
    print(f"{'page':28} {'SQL':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    results = []
    for name, client, path, cold in pages:
        if only and not any(name.startswith(o) for o in only):
            continue
        row = {"page": name, "path": path, **timed(application, client, path, args.repeat, cold=cold)}
        if cold:
            drop_tables(application)
        row["sql"] = statements(application, client, path)
        results.append(row)
        flag = "" if row["p95"] <= GOAL_MS else " SLOW"
        print(f"{name:28} {row['sql']:>4} {row['p50']:>8.1f} {row['p95']:>8.1f} {row['max']:>8.1f}{flag}", flush=True)
    print(f"load after: {os.getloadavg()[0]:.2f}")
    Path("/tmp/bench-pages.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
