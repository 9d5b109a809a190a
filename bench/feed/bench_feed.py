"""Benchmark: the feed, candidates and batch runs on the full Maassluis demo, old commit vs this one (issue 14).

Not a test (it drops and recreates its own database and commits). What it does, in order:

1. ``DROP``/``CREATE DATABASE doemee_bench_speed``; ``flask db upgrade heads``; ``flask load-reference-data``;
   ``flask seed-demo`` (skipped with ``--skip-load``).
2. Access tokens for 300 demo volunteers and for the demo's municipality staff (``start_session``, what
   ``POST /auth/login`` calls after the password check), and 40 published vacancies with an open upcoming shift.
3. SQL statements of one feed and one candidates request (the second of each, through the Flask test client).
4. For each round, for the old commit (a detached worktree) and then this one: gunicorn, 2 sync workers, on
   127.0.0.1, ``DOEMEE_ENV=production``; a small Python load client (persistent HTTP/1.1 connections, one thread
   per connection, each request a different volunteer) runs the feed at 1 connection and at 8, and candidates
   at 1 connection, each for ``--seconds`` (at most ``--old-requests`` requests for the slow old candidates);
   the workers' RSS afterwards; gunicorn stops.
5. The batch run: ``POST /api/v1/matching/runs`` (this commit: 202 at once) and ``flask run-job matching-runs``.

    .venv/bin/python bench/feed/bench_feed.py --old 4e1d740              # about 6 minutes on 2 shared cores
    .venv/bin/python bench/feed/bench_feed.py --old 4e1d740 --skip-load

Results go to stdout and /tmp/bench-feed/results.json; bench/RESULTS.md has the write-up.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from bench.processes import loadavg, worker_rss_mb  # noqa: E402
DB = "doemee_bench_speed"
URL = f"postgresql://postgres@127.0.0.1:5432/{DB}"
OUT = Path("/tmp/bench-feed")
OLD_TREE = Path("/tmp/bench-feed-old-tree")
ENV = {
    "FLASK_APP": "doemee.wsgi",
    "DOEMEE_DATABASE_URL": URL,
    "DOEMEE_ENV": "production",
    "DOEMEE_SECRET_KEY": "bench-feed-secret-key-that-is-long-enough-for-hs256-0123456789",
    "DOEMEE_ACCESS_TOKEN_MINUTES": "240",
    "DOEMEE_RUN_SCHEDULER": "false",
}


def sh(args, cwd=ROOT, **kw):
    return subprocess.run(args, cwd=cwd, env={**os.environ, **ENV, "PYTHONPATH": str(cwd)}, check=True, text=True,
                          **kw)



def load() -> None:
    sh(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-c", f"DROP DATABASE IF EXISTS {DB}",
        "-c", f"CREATE DATABASE {DB}"])
    flask = str(ROOT / ".venv/bin/flask")
    for step in (["db", "upgrade", "heads"], ["load-reference-data"], ["seed-demo", "--quiet"]):
        started = time.monotonic()
        sh([flask, *step], stdout=subprocess.DEVNULL)
        print(f"{' '.join(step)}: {time.monotonic() - started:.1f} s", flush=True)


def app():
    os.environ.update(ENV)
    from doemee.app import create_app

    return create_app()


def prepare(application) -> dict:
    from backend.accounts.models import User
    from backend.accounts.tokens import start_session
    from backend.demo import DEMO_DOMAIN
    from backend.extensions import db
    from backend.models_base import utcnow
    from backend.opportunities.models import Opportunity, Shift
    from backend.volunteers.models import VolunteerProfile

    rng = random.Random(20261202)
    with application.app_context():
        people = list(db.session.scalars(
            sa.select(User).join(VolunteerProfile, VolunteerProfile.user_id == User.id)
            .where(VolunteerProfile.paused.is_(False), User.email.like(f"vrijwilliger-%@{DEMO_DOMAIN}"))
            .order_by(User.email)))
        volunteers = [start_session(p)["access_token"] for p in rng.sample(people, 300)]
        staff = start_session(db.session.scalar(sa.select(User).where(User.email == f"gemeente@{DEMO_DOMAIN}")))
        opportunities = [str(o) for o in db.session.scalars(
            sa.select(Opportunity.id).join(Shift, Shift.opportunity_id == Opportunity.id)
            .where(Opportunity.kind == "vacancy", Opportunity.status == "published", Shift.status == "open",
                   Shift.starts_at > utcnow() + timedelta(hours=2), Shift.accepted_count < Shift.capacity)
            .group_by(Opportunity.id).order_by(Opportunity.id).limit(40))]
        open_shifts = db.session.scalar(sa.text(
            "SELECT count(*) FROM shifts WHERE status = 'open' AND starts_at > now() AND accepted_count < capacity"))
        db.session.commit()
    return {"volunteers": volunteers, "staff": staff["access_token"], "opportunities": opportunities,
            "open_shifts": open_shifts}


def count_statements(application, tokens: dict) -> dict:
    from backend.extensions import db

    seen: list[str] = []
    with application.app_context():
        engine = db.engine
    listen = lambda conn, cursor, statement, *a: seen.append(statement)  # noqa: E731
    sa.event.listen(engine, "before_cursor_execute", listen)
    client = application.test_client()
    out = {}
    try:
        for label, path, token in (
                ("feed", "/api/v1/me/recommendations", tokens["volunteers"][0]),
                ("candidates", f"/api/v1/opportunities/{tokens['opportunities'][0]}/candidates", tokens["staff"])):
            client.get(path, headers={"Authorization": f"Bearer {token}"})
            seen.clear()
            r = client.get(path, headers={"Authorization": f"Bearer {token}"})
            out[label] = {"status": r.status_code, "statements": len(seen)}
    finally:
        sa.event.remove(engine, "before_cursor_execute", listen)
    print("statements per request:", json.dumps(out), flush=True)
    return out


class Server:
    def __init__(self, tree: Path, port: int) -> None:
        self.tree, self.port = tree, port

    def __enter__(self):
        self.proc = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "-w", "2", "-k", "sync", "-b", f"127.0.0.1:{self.port}",
             "--timeout", "120", "doemee.wsgi:app"], cwd=self.tree,
            env={**os.environ, **ENV, "PYTHONPATH": str(self.tree)}, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/api/v1/openapi.json")
                c.getresponse().read()
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def worker_rss_mb(self) -> list[float]:
        return worker_rss_mb(self.proc.pid)

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(timeout=30)


def hammer(port: int, paths_tokens: list, connections: int, seconds: float, max_requests: int | None = None) -> dict:
    """Each connection sends GETs back to back, cycling through (path, token); latencies per request."""
    latencies, statuses, lock = [], {}, threading.Lock()
    deadline = time.monotonic() + seconds
    budget = [max_requests if max_requests is not None else 1 << 60]

    def run(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        i = offset
        while time.monotonic() < deadline:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            path, token = paths_tokens[i % len(paths_tokens)]
            i += connections
            started = time.perf_counter()
            conn.request("GET", path, headers={"Authorization": f"Bearer {token}", "Accept-Language": "nl"})
            response = conn.getresponse()
            response.read()
            took = time.perf_counter() - started
            with lock:
                latencies.append(took)
                statuses[response.status] = statuses.get(response.status, 0) + 1

    started = time.monotonic()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    latencies.sort()
    pick = lambda q: round(latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000, 1)  # noqa: E731
    return {"requests": len(latencies), "req_per_s": round(len(latencies) / wall, 1),
            "p50_ms": pick(0.5), "p99_ms": pick(0.99), "statuses": statuses}


def measure(label: str, tree: Path, port: int, tokens: dict, seconds: float, old_requests: int, slow: bool) -> dict:
    feed = [("/api/v1/me/recommendations", t) for t in tokens["volunteers"]]
    cands = [(f"/api/v1/opportunities/{o}/candidates", tokens["staff"]) for o in tokens["opportunities"]]
    out = {"load_before": loadavg()}
    with Server(tree, port) as server:
        hammer(port, feed[-4:], 2, 60, 4)  # each worker builds its tables once
        hammer(port, cands[-4:], 2, 120, 4)
        out["feed c1"] = hammer(port, feed, 1, seconds, old_requests if slow else None)
        out["feed c8"] = hammer(port, feed, 8, seconds, 2 * old_requests if slow else None)
        out["candidates c1"] = hammer(port, cands, 1, seconds, old_requests if slow else None)
        out["worker_rss_mb"] = server.worker_rss_mb()
    out["load_after"] = loadavg()
    print(label, json.dumps(out), flush=True)
    return out


def batch_run(tree: Path, port: int, tokens: dict) -> dict:
    now = datetime.now(timezone.utc).replace(microsecond=0)
    body = json.dumps({"municipality": "maassluis", "period_start": now.isoformat(),
                       "period_end": (now + timedelta(days=14)).isoformat(), "dry_run": True})
    with Server(tree, port):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        started = time.perf_counter()
        conn.request("POST", "/api/v1/matching/runs", body=body,
                     headers={"Authorization": f"Bearer {tokens['staff']}", "Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        answered = time.perf_counter() - started
    started = time.perf_counter()
    job = sh([str(ROOT / ".venv/bin/flask"), "run-job", "matching-runs"], cwd=tree, capture_output=True).stdout
    return {"post_status": response.status, "post_ms": round(answered * 1000, 1),
            "job_s": round(time.perf_counter() - started, 2), "job": job.strip()[-120:]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--old", help="commit to compare with (checked out in a detached worktree)")
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--old-requests", type=int, default=6, help="at most this many requests per old run")
    args = parser.parse_args()
    results = {"load_start": loadavg()}
    if not args.skip_load:
        load()
    application = app()
    tokens = prepare(application)
    results["open_shifts"] = tokens["open_shifts"]
    results["statements"] = count_statements(application, tokens)
    trees = [("new", ROOT, 8093, False)]
    if args.old:
        if not OLD_TREE.exists():
            subprocess.run(["git", "worktree", "add", "--detach", str(OLD_TREE), args.old], cwd=ROOT, check=True)
        trees.insert(0, ("old", OLD_TREE, 8094, True))
    for n in range(args.rounds):
        for label, tree, port, slow in trees:
            results[f"{label} round {n + 1}"] = measure(f"{label} round {n + 1}", tree, port, tokens, args.seconds,
                                                        args.old_requests, slow)
    results["batch run (new)"] = batch_run(ROOT, 8093, tokens)
    print("batch run:", json.dumps(results["batch run (new)"]), flush=True)
    results["load_end"] = loadavg()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=1))
    print(json.dumps({k: v for k, v in results.items()}, indent=1))


if __name__ == "__main__":
    main()
