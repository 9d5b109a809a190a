"""Benchmark: feed, candidates and listing at 1x and at 10x Maassluis, side by side (issue 14, scale).

Not a test. Needs two seeded PostgreSQL databases: the full Maassluis demo (``flask seed-demo``) and its region copy
(bench/scale/seed_region.py: 150,000 volunteers, 20,000 vacancies; Maassluis unchanged, Vlaardingen and Schiedam
added). In one run:

1. With this tree's code, per database: access tokens for 100 Maassluis volunteers, 100 Schiedam volunteers (10x
   only) and the demo admin (candidates may be asked by an admin for any municipality), 20 Maassluis and 20
   Schiedam vacancies with an open upcoming shift.
2. gunicorn, 2 sync workers, per database (both up at once, on 127.0.0.1, ``DOEMEE_ENV=production``); the first
   requests of each worker (which build its matching tables) are timed apart as "cold".
3. ``--rounds`` rounds alternating the databases: each endpoint at one connection for ``--seconds`` (a Python client
   with a persistent connection, a different volunteer or vacancy per request): the feed, the candidates, GET
   /api/v1/shifts?limit=20 and ?limit=100 (as a volunteer).
4. The workers' RSS after all requests, load average before and after every measurement; results.json.

    .venv/bin/python bench/scale/bench_scale.py --db 1x=doemee_h14b_bench --db 10x=doemee_h14b_region
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench/feed"))
from bench_feed import hammer  # noqa: E402  (the load client of the feed benchmark)
from bench.processes import loadavg, worker_rss_mb  # noqa: E402

SECRET = "bench-scale-secret-key-that-is-long-enough-for-hs256-0123456789"


def env(db: str) -> dict:
    return {**os.environ, "FLASK_APP": "doemee.wsgi", "DOEMEE_ENV": "production", "DOEMEE_SECRET_KEY": SECRET,
            "DOEMEE_DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{db}", "DOEMEE_ACCESS_TOKEN_MINUTES": "240",
            "DOEMEE_RUN_SCHEDULER": "false", "PYTHONPATH": str(ROOT)}



PREPARE = r'''
import json, random, sys
from datetime import timedelta
import sqlalchemy as sa
from backend.accounts.models import User
from backend.accounts.tokens import start_session
from doemee.app import create_app
from backend.extensions import db
from backend.models_base import utcnow
from backend.opportunities.models import Opportunity, Shift
from backend.places.models import Municipality
from backend.volunteers.models import VolunteerProfile

def token(pair):
    return pair["access_token"] if isinstance(pair, dict) else pair.access_token

rng = random.Random(20261202)
app = create_app()
out = {}
with app.app_context():
    for slug in ("maassluis", "schiedam"):
        m = db.session.scalar(sa.select(Municipality.id).where(Municipality.slug == slug))
        people = list(db.session.scalars(sa.select(User).join(VolunteerProfile, VolunteerProfile.user_id == User.id)
                      .where(VolunteerProfile.municipality_id == m, VolunteerProfile.paused.is_(False))
                      .order_by(User.id).limit(3000)))
        if not people:
            continue
        opps = [str(o) for o in db.session.scalars(
            sa.select(Opportunity.id).join(Shift, Shift.opportunity_id == Opportunity.id)
            .where(Opportunity.municipality_id == m, Opportunity.kind == "vacancy", Opportunity.status == "published",
                   Shift.status == "open", Shift.starts_at > utcnow() + timedelta(hours=2),
                   Shift.accepted_count < Shift.capacity).group_by(Opportunity.id).order_by(Opportunity.id).limit(20))]
        out[slug] = {"volunteers": [token(start_session(p)) for p in rng.sample(people, 100)], "opportunities": opps}
    admin = db.session.scalar(sa.select(User).where(User.email == "admin@demo.doemee.invalid"))
    out["admin"] = token(start_session(admin))
    out["counts"] = {k: v for k, v in db.session.execute(sa.text(
        "SELECT 'volunteers', count(*) FROM volunteer_profiles UNION ALL "
        "SELECT 'open upcoming shifts', count(*) FROM shifts WHERE status = 'open' AND starts_at > now()")).all()}
    db.session.commit()
print(json.dumps(out))
'''


class Server:
    def __init__(self, port: int, db: str) -> None:
        self.port = port
        self.proc = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "-w", "2", "-k", "sync", "-b",
                                      f"127.0.0.1:{port}", "--timeout", "300", "--log-level", "warning",
                                      "doemee.wsgi:app"], cwd=ROOT, env=env(db))
        import urllib.request
        for _ in range(240):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=5).read()
                return
            except OSError:
                time.sleep(0.5)
        raise SystemExit("gunicorn did not come up")

    def rss_mb(self) -> list[int]:
        return worker_rss_mb(self.proc.pid)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def endpoints(prepared: dict) -> dict:
    out = {}
    for slug in ("maassluis", "schiedam"):
        if slug not in prepared:
            continue
        p = prepared[slug]
        out[f"feed {slug}"] = [("/api/v1/me/recommendations", t) for t in p["volunteers"]]
        out[f"candidates {slug}"] = [(f"/api/v1/opportunities/{o}/candidates", prepared["admin"])
                                     for o in p["opportunities"]]
    vols = prepared["maassluis"]["volunteers"]
    out["shifts?limit=20"] = [("/api/v1/shifts?limit=20", t) for t in vols]
    out["shifts?limit=100"] = [("/api/v1/shifts?limit=100", t) for t in vols]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", action="append", required=True, help="label=database (in the order to alternate)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--out", default="/tmp/bench-scale")
    options = parser.parse_args()
    dbs = dict(d.split("=", 1) for d in options.db)
    report = {"command": " ".join(sys.argv), "load_at_start": loadavg(), "prepared": {}, "cold": {}, "runs": []}
    prepared = {}
    for label, db in dbs.items():
        out = subprocess.run([str(ROOT / ".venv/bin/python"), "-c", PREPARE], cwd=ROOT, env=env(db), check=True,
                             capture_output=True, text=True).stdout
        prepared[label] = json.loads(out.strip().splitlines()[-1])
        report["prepared"][label] = prepared[label]["counts"]
        print(label, prepared[label]["counts"], flush=True)
    servers = {}
    try:
        for i, (label, db) in enumerate(dbs.items()):
            servers[label] = Server(8095 + i, db)
        for label, server in servers.items():  # each worker's first requests build its tables: timed apart
            for name, requests in endpoints(prepared[label]).items():
                if not name.startswith("shifts"):
                    report["cold"][f"{label} {name}"] = hammer(server.port, requests[:4], 2, 600, 4)
                    print("cold", label, name, report["cold"][f"{label} {name}"], flush=True)
        for r in range(options.rounds):
            order = list(servers) if r % 2 == 0 else list(reversed(servers))
            names = list(dict.fromkeys(n for label in order for n in endpoints(prepared[label])))
            for name in names:
                for label in order:
                    requests = endpoints(prepared[label]).get(name)
                    if not requests:
                        continue
                    before = loadavg()
                    result = hammer(servers[label].port, requests, 1, options.seconds)
                    result.update(round=r, endpoint=name, db=label, load_before=before, load_after=loadavg())
                    report["runs"].append(result)
                    print(f"round {r} {label:4} {name:24} p50 {result['p50_ms']:7.1f} ms  p99 {result['p99_ms']:7.1f} ms"
                          f"  {result['req_per_s']:6.1f} req/s  {result['statuses']}  load {before} -> "
                          f"{result['load_after']}", flush=True)
        report["rss_mb"] = {label: s.rss_mb() for label, s in servers.items()}
    finally:
        for server in servers.values():
            server.stop()
    report["load_at_end"] = loadavg()
    summary: dict = {}
    for run in report["runs"]:
        summary.setdefault(run["endpoint"], {}).setdefault(run["db"], []).append(run["p50_ms"])
    report["median_p50_ms"] = {k: {db: statistics.median(v) for db, v in by.items()} for k, by in summary.items()}
    Path(options.out).mkdir(parents=True, exist_ok=True)
    (Path(options.out) / "results.json").write_text(json.dumps(report, indent=1))
    print(json.dumps({"median_p50_ms": report["median_p50_ms"], "rss_mb": report.get("rss_mb"),
                      "load": [report["load_at_start"], report["load_at_end"]]}, indent=1))


if __name__ == "__main__":
    main()
