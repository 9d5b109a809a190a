"""Benchmark (issue 23): the matcher's tables at 1x and 10x - building them, a worker's first requests, its memory
after serving every municipality, and the feed right after a burst of sign-ups.

Not a test. One process plays one web worker (the app and the Flask test client, ``DOEMEE_ENV=production``),
against a seeded database: the demo (``flask seed-demo``) or its region copy (bench/scale/seed_region.py: 150,000
volunteers over Maassluis, Vlaardingen and Schiedam). It writes sessions, sign-ups and the stored tables.

1. ``build``: backend.recommendations.stored_tables.build_all (what ``flask matching-tables`` and its job run),
   timed per municipality.
2. ``cold``: per municipality, ``--repeat`` times: the worker's tables dropped (as in a new worker process), then
   GET /api/v1/opportunities/{id}/candidates (as the admin) and, dropped again, GET /api/v1/me/recommendations (a
   different volunteer each time): p50 / p95 / max.
3. ``warm``: the same requests with the tables kept.
4. ``rss``: the process's resident memory after serving every municipality (VmRSS and VmHWM).
5. ``burst``: ``--burst`` sign-ups (POST /api/v1/shifts/{id}/signups, volunteers of the municipality on its
   shifts with the fewest free places, so that many fill and move the demand token), then ``--after`` feed
   requests of that municipality's volunteers: p50 / p99 / max, and how many demand tables were built in them.

    DOEMEE_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/doemee_h5_region \\
        .venv/bin/python bench/scale/bench_tables.py [--repeat 20] [--burst 200] [--after 400] [--burst-in schiedam]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
ENV = {"DOEMEE_ENV": "production", "DOEMEE_RUN_SCHEDULER": "false", "DOEMEE_ACCESS_TOKEN_MINUTES": "240",
       "DOEMEE_SECRET_KEY": "bench-tables-secret-key-that-is-long-enough-for-hs256-0123456789"}
TABLES = ("doemee_volunteer_tables", "doemee_demand_tables")
DEMAND_BUILD = "organisations.name AS organisation"  # demand_table._opportunities


def rss() -> dict:
    status = Path("/proc/self/status").read_text()
    return {key: round(int(status.split(f"{key}:")[1].split()[0]) / 1024) for key in ("VmRSS", "VmHWM")}


def summary(took: list[float]) -> dict:
    took = sorted(took)
    return {"n": len(took), "p50": round(statistics.median(took), 1),
            "p95": round(took[int(0.95 * (len(took) - 1))], 1), "p99": round(took[int(0.99 * (len(took) - 1))], 1),
            "max": round(took[-1], 1)}


def prepare(app) -> dict:
    import sqlalchemy as sa

    from backend.accounts.models import User
    from backend.accounts.tokens import start_session
    from backend.extensions import db
    from backend.models_base import utcnow
    from backend.opportunities.models import Opportunity, Shift
    from backend.places.models import Municipality
    from backend.volunteers.models import VolunteerProfile

    def token(pair):
        return pair["access_token"] if isinstance(pair, dict) else pair.access_token

    rng = random.Random(20261207)
    out = {"municipalities": {}}
    with app.app_context():
        for slug, m in db.session.execute(sa.select(Municipality.slug, Municipality.id).order_by(Municipality.slug)):
            people = list(db.session.scalars(
                sa.select(User).join(VolunteerProfile, VolunteerProfile.user_id == User.id)
                .where(VolunteerProfile.municipality_id == m, VolunteerProfile.paused.is_(False))
                .order_by(User.id).limit(5000)))
            if not people:
                continue
            opps = [str(o) for o in db.session.scalars(
                sa.select(Opportunity.id).join(Shift, Shift.opportunity_id == Opportunity.id)
                .where(Opportunity.municipality_id == m, Opportunity.kind == "vacancy",
                       Opportunity.status == "published", Shift.status == "open",
                       Shift.starts_at > utcnow() + timedelta(hours=2), Shift.accepted_count < Shift.capacity)
                .group_by(Opportunity.id).order_by(Opportunity.id).limit(20))]
            shifts = [str(s) for s in db.session.scalars(
                sa.select(Shift.id).join(Opportunity, Shift.opportunity_id == Opportunity.id)
                .where(Opportunity.municipality_id == m, Opportunity.kind == "vacancy",
                       Opportunity.status == "published", Opportunity.requires_vog.is_(False),
                       Opportunity.min_age.is_(None) | (Opportunity.min_age <= 16),
                       Shift.status == "open", Shift.starts_at > utcnow() + timedelta(days=1),
                       Shift.accepted_count < Shift.capacity)
                .order_by(Shift.capacity - Shift.accepted_count, Shift.id).limit(400))]
            out["municipalities"][slug] = {
                "id": m, "volunteers": [token(start_session(p)) for p in rng.sample(people, min(400, len(people)))],
                "opportunities": opps, "shifts": shifts}
        admin = db.session.scalar(sa.select(User).where(User.email == "admin@demo.doemee.invalid"))
        out["admin"] = token(start_session(admin))
        db.session.commit()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--burst", type=int, default=200)
    parser.add_argument("--after", type=int, default=400)
    parser.add_argument("--burst-in", default="schiedam")
    parser.add_argument("--skip-build", action="store_true")
    args = parser.parse_args()
    if "DOEMEE_DATABASE_URL" not in os.environ:
        sys.exit("set DOEMEE_DATABASE_URL")
    os.environ.update(ENV)
    import sqlalchemy as sa

    from doemee.app import create_app
    from backend.extensions import db
    from backend.models_base import utcnow
    from backend.recommendations.stored_tables import build_all

    app = create_app()
    results = {"database": os.environ["DOEMEE_DATABASE_URL"].rsplit("/", 1)[-1], "load_before": os.getloadavg()[0]}
    print(f"{results['database']}: load {results['load_before']:.2f}; rss at start {rss()}", flush=True)
    prepared = prepare(app)
    places = prepared["municipalities"]
    client = app.test_client()

    def get(path, token):
        started = time.perf_counter()
        r = client.get(path, headers={"Authorization": f"Bearer {token}"})
        took = (time.perf_counter() - started) * 1000
        assert r.status_code == 200, (path, r.status_code, r.get_data(as_text=True)[:300])
        return took

    def drop():
        for name in TABLES:
            app.extensions.pop(name, None)

    if not args.skip_build:
        results["build_s"] = {}
        with app.app_context():
            for slug, p in places.items():
                started = time.perf_counter()
                built = build_all(utcnow(), municipality_ids=[p["id"]])
                results["build_s"][slug] = round(time.perf_counter() - started, 2)
                print(f"build {slug}: {results['build_s'][slug]} s {built[p['id']]} (volunteers, demands)",
                      flush=True)
        with app.app_context():
            results["stored_kb"] = {f"{slug} {kind}": round(size / 1024) for slug, kind, size in db.session.execute(
                sa.text("SELECT m.slug, t.kind, length(t.data) FROM matching_tables t JOIN municipalities m "
                        "ON m.id = t.municipality_id ORDER BY 1, 2"))}
        print(f"stored: {results['stored_kb']} kB", flush=True)

    print(f"{'request':40} {'p50':>7} {'p95':>7} {'max':>7}")
    for phase in ("cold", "warm"):
        for slug, p in places.items():
            if not p["opportunities"]:
                continue
            took = {"candidates": [], "feed": []}
            for i in range(args.repeat):
                if phase == "cold":
                    drop()
                took["candidates"].append(get(f"/api/v1/opportunities/{p['opportunities'][i % len(p['opportunities'])]}"
                                              "/candidates", prepared["admin"]))
                if phase == "cold":
                    drop()
                took["feed"].append(get("/api/v1/me/recommendations", p["volunteers"][i % len(p["volunteers"])]))
            for what, values in took.items():
                row = summary(values)
                results[f"{phase} {what} {slug}"] = row
                print(f"{phase + ' ' + what + ' ' + slug:40} {row['p50']:>7} {row['p95']:>7} {row['max']:>7}",
                      flush=True)
    results["rss_mb_after_every_municipality"] = rss()
    print(f"rss after serving every municipality: {results['rss_mb_after_every_municipality']}", flush=True)

    slug = args.burst_in
    p = places[slug]
    seen = []
    with app.app_context():
        engine = db.engine
    listener = lambda _c, _cur, statement, *_a: seen.append(DEMAND_BUILD in statement)  # noqa: E731
    signups, codes = [], {}
    for i in range(args.burst):
        shift = p["shifts"][i % len(p["shifts"])]
        token = p["volunteers"][(i * 7) % len(p["volunteers"])]
        started = time.perf_counter()
        r = client.post(f"/api/v1/shifts/{shift}/signups", headers={"Authorization": f"Bearer {token}"})
        signups.append((time.perf_counter() - started) * 1000)
        codes[r.status_code] = codes.get(r.status_code, 0) + 1
    results["burst_signups"] = {**summary(signups), "status": codes}
    print(f"burst: {args.burst} sign-ups in {slug}: {codes}, p50 {results['burst_signups']['p50']} ms", flush=True)
    sa.event.listen(engine, "before_cursor_execute", listener)
    feed = [get("/api/v1/me/recommendations", p["volunteers"][i % len(p["volunteers"])]) for i in range(args.after)]
    sa.event.remove(engine, "before_cursor_execute", listener)
    results["feed_after_burst"] = {**summary(feed), "demand_tables_built": sum(seen)}
    row = results["feed_after_burst"]
    print(f"feed right after the burst ({args.after} requests): p50 {row['p50']} p99 {row['p99']} max {row['max']} ms;"
          f" demand tables built: {row['demand_tables_built']}", flush=True)
    results["load_after"] = os.getloadavg()[0]
    print(f"load after: {results['load_after']:.2f}; rss {rss()}")
    Path(f"/tmp/bench-tables-{results['database']}.json").write_text(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
