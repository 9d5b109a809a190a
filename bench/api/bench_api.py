"""Benchmark: shift listing and sign-up on the full Maassluis demo, PostgreSQL + gunicorn on 127.0.0.1.

Not a test (it drops and recreates its own database and commits). What it does, in order:

1. ``DROP``/``CREATE DATABASE doemee_bench_api``; ``flask db upgrade heads``; ``flask load-reference-data``;
   ``flask seed-demo`` (15,000 volunteers, 300 organisations, 2,000 vacancies with their shifts, 150
   initiatives, 500 requests for help, the engagement history), each timed.
2. Prepares the sign-ups: access tokens for 3,000 demo volunteers (minted with ``start_session``, the
   function ``POST /auth/login`` calls after checking the password: logging 3,000 people in over HTTP would
   measure Argon2 and trip the login rate limit of 30 per minute per IP; one real HTTP login checks the path),
   and a file of 30,000 ``shift_id token`` pairs spread over every open upcoming shift, each a volunteer who is
   not yet on that shift, so that every request is a real new sign-up (accepted, or waitlisted when full).
3. Counts the SQL statements of one request per endpoint (a ``before_cursor_execute`` listener, through the
   Flask test client, on the same database).
4. Serves the app with gunicorn, 2 sync workers, on 127.0.0.1:8079 with ``DOEMEE_ENV=production`` and a fixed
   ``DOEMEE_SECRET_KEY``, and runs wrk for 10 s each (2 threads, 8 connections, ``--latency``) on
   GET /api/v1/shifts?limit=20, ?limit=100, ?limit=20&near=<postcode>&withinKm=3, and the sign-up POST
   (``bench/api/signups.lua``); stops gunicorn.
5. Proves the sign-ups added up: for every shift accepted_count equals its place-holding engagements, no shift
   is over capacity, nobody waits for a shift with a free place, and the new engagements match the 201s.

Usage, from the repository root (wrk: ``apt-get install -y wrk``):

    .venv/bin/python bench/api/bench_api.py              # everything, about 3 minutes on 2 cores
    .venv/bin/python bench/api/bench_api.py --skip-load  # again on the loaded database (steps 2-5)

Results go to stdout and to /tmp/bench-api/results.json; the numbers are written up in bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
DB = "doemee_bench_api"
URL = f"postgresql://postgres@127.0.0.1:5432/{DB}"
PORT = 8079
BASE = f"http://127.0.0.1:{PORT}"
OUT = Path("/tmp/bench-api")
VOLUNTEERS_WITH_TOKENS = 3000
PAIRS = 30000
SECONDS = 10
WRK = ["wrk", "-t2", "-c8", f"-d{SECONDS}s", "--latency", "--timeout", "10s"]
ENV = {
    "FLASK_APP": "doemee.wsgi",
    "DOEMEE_DATABASE_URL": URL,
    "DOEMEE_ENV": "production",
    "DOEMEE_SECRET_KEY": "bench-api-secret-key-that-is-long-enough-for-hs256-0123456789",
    "DOEMEE_ACCESS_TOKEN_MINUTES": "240",
    "DOEMEE_RUN_SCHEDULER": "false",
    "PYTHONPATH": str(ROOT),
}
HOLDING = "('accepted','checked_in','completed','no_show')"
CHECKS = {
    "shifts whose accepted_count differs from their holding engagements": f"""
        SELECT count(*) FROM shifts s WHERE s.accepted_count <> (SELECT count(*) FROM engagements e
        WHERE e.shift_id = s.id AND e.status IN {HOLDING})""",
    "shifts over capacity": "SELECT count(*) FROM shifts WHERE accepted_count > capacity",
    "upcoming shifts with a free place and a waitlist": """
        SELECT count(*) FROM shifts s WHERE s.starts_at > now() AND s.accepted_count < s.capacity
        AND EXISTS (SELECT 1 FROM engagements e WHERE e.shift_id = s.id AND e.status = 'waitlisted')""",
    "volunteers twice on one shift": """
        SELECT count(*) FROM (SELECT 1 FROM engagements WHERE shift_id IS NOT NULL
        GROUP BY volunteer_id, shift_id HAVING count(*) > 1) x""",
}


def sh(args: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env={**os.environ, **ENV}, check=True, text=True, **kw)


def timed(label: str, args: list[str]) -> float:
    started = time.monotonic()
    sh(args, stdout=subprocess.DEVNULL)
    took = time.monotonic() - started
    print(f"{label}: {took:.1f} s", flush=True)
    return took


def load() -> dict:
    sh(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-c", f"DROP DATABASE IF EXISTS {DB}",
        "-c", f"CREATE DATABASE {DB}"])
    flask = str(ROOT / ".venv/bin/flask")
    return {"db upgrade heads": timed("db upgrade heads", [flask, "db", "upgrade", "heads"]),
            "load-reference-data": timed("load-reference-data", [flask, "load-reference-data"]),
            "seed-demo": timed("seed-demo", [flask, "seed-demo", "--quiet"])}


def app():
    os.environ.update(ENV)
    from doemee.app import create_app

    return create_app()


def prepare(application) -> dict:
    """Tokens and the (shift, volunteer) pairs for wrk, plus a few reserved for counting queries."""
    from backend.accounts.models import User
    from backend.accounts.tokens import start_session
    from backend.demo import DEMO_DOMAIN
    from backend.extensions import db
    from backend.models_base import utcnow
    from backend.opportunities.models import Opportunity, Shift
    from backend.volunteers.models import VolunteerProfile

    rng = random.Random(20261122)
    with application.app_context():
        shifts = list(db.session.scalars(
            sa.select(Shift.id).join(Opportunity, Opportunity.id == Shift.opportunity_id)
            .where(Shift.status == "open", Shift.starts_at > utcnow() + timedelta(hours=2),
                   Opportunity.status == "published").order_by(Shift.id)))
        people = list(db.session.scalars(
            sa.select(User).join(VolunteerProfile, VolunteerProfile.user_id == User.id)
            .where(VolunteerProfile.paused.is_(False), User.email.like(f"vrijwilliger-%@{DEMO_DOMAIN}"))
            .order_by(User.email)))
        people = rng.sample(people, VOLUNTEERS_WITH_TOKENS)
        tokens = {p.id: start_session(p)["access_token"] for p in people}
        db.session.commit()
        taken = {(v, s) for v, s in db.session.execute(sa.text(
            "SELECT volunteer_id, shift_id FROM engagements WHERE shift_id IS NOT NULL"))}
        postcode = db.session.scalar(sa.select(VolunteerProfile.postcode).where(
            VolunteerProfile.user_id == people[0].id))
    rng.shuffle(shifts)
    pairs, ids = [], list(tokens)
    while len(pairs) < PAIRS + 10:
        shift_id = shifts[len(pairs) % len(shifts)]
        volunteer_id = rng.choice(ids)
        if (volunteer_id, shift_id) not in taken:
            taken.add((volunteer_id, shift_id))
            pairs.append((shift_id, tokens[volunteer_id]))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "signups.txt").write_text("".join(f"{s} {t}\n" for s, t in pairs[10:]))
    print(f"prepared {len(tokens)} tokens, {PAIRS} sign-ups over {len(shifts)} open upcoming shifts; "
          f"near={postcode}", flush=True)
    return {"reserved": pairs[:10], "postcode": postcode, "open_shifts": len(shifts), "login_email": people[0].email}


def count_queries(application, reserved: list, postcode: str) -> dict:
    """SQL statements per request, one request per endpoint, through the test client on the bench database."""
    from backend.extensions import db

    statements: list[str] = []
    with application.app_context():
        engine = db.engine

    def listen(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", listen)
    client = application.test_client()
    near = postcode.replace(" ", "")
    sign_up = [(f"/api/v1/shifts/{shift_id}/signups", {"Authorization": f"Bearer {token}"})
               for shift_id, token in reserved[:2]]
    requests = {  # label -> (method, [(path, headers) to warm up with, (path, headers) to count])
        "GET /shifts?limit=20": ("GET", [("/api/v1/shifts?limit=20", {})] * 2),
        "GET /shifts?limit=100": ("GET", [("/api/v1/shifts?limit=100", {})] * 2),
        "GET /shifts?limit=20&near&withinKm=3": ("GET", [(f"/api/v1/shifts?limit=20&near={near}&withinKm=3",
                                                           {})] * 2),
        # two different new sign-ups: the first warms up, the second is counted
        "POST /shifts/{id}/signups": ("POST", sign_up),
    }
    counts = {}
    try:
        for label, (method, ((warm_path, warm_headers), (path, headers))) in requests.items():
            client.open(warm_path, method=method, headers=warm_headers)
            statements.clear()
            r = client.open(path, method=method, headers=headers)
            counts[label] = {"status": r.status_code, "queries": len(statements)}
    finally:
        sa.event.remove(engine, "before_cursor_execute", listen)
    print("queries per request:", json.dumps(counts), flush=True)
    return counts


def wrk(label: str, args: list[str], extra_env: dict | None = None) -> dict:
    out = subprocess.run(WRK + args, cwd=ROOT, env={**os.environ, **(extra_env or {})}, check=True, text=True,
                         capture_output=True).stdout
    print(f"--- {label}\n{out}", flush=True)
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    return {"req_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "requests": int(re.search(r"(\d+) requests in", out).group(1)),
            "p50": latency.get("50"), "p99": latency.get("99"),
            "non_2xx": int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0,
            "statuses": _statuses(out), "raw": out}


def _statuses(out: str) -> dict:
    """HTTP status -> responses, summed over wrk's threads (printed by signups.lua)."""
    totals: dict[str, int] = {}
    for status, n in re.findall(r"status (\d+) x (\d+)", out):
        totals[status] = totals.get(status, 0) + int(n)
    return totals


def serve_and_measure(prepared: dict) -> dict:
    gunicorn = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "-w", "2", "-k", "sync", "-b",
                                 f"127.0.0.1:{PORT}", "--log-level", "warning", "doemee.wsgi:app"],
                                cwd=ROOT, env={**os.environ, **ENV})

    def measure(label, args, extra_env=None):
        result = wrk(label, args, extra_env)
        if gunicorn.poll() is not None:  # numbers from a dying server are no numbers
            raise SystemExit("gunicorn stopped during the run (see its log above)")
        return result

    try:
        _wait_until_up(gunicorn)
        _one_real_login(prepared["login_email"])
        near = prepared["postcode"].replace(" ", "")
        results = {
            "GET /shifts?limit=20": measure("limit=20", [f"{BASE}/api/v1/shifts?limit=20"]),
            "GET /shifts?limit=100": measure("limit=100", [f"{BASE}/api/v1/shifts?limit=100"]),
            "GET /shifts?limit=20&near&withinKm=3": measure(
                "near", [f"{BASE}/api/v1/shifts?limit=20&near={near}&withinKm=3"]),
        }
        started = _db_now()
        results["POST /shifts/{id}/signups"] = measure(
            "signups", ["-s", str(ROOT / "bench/api/signups.lua"), BASE],
            {"SIGNUPS_FILE": str(OUT / "signups.txt"), "WRK_THREADS": "2"})
        results["signups_started_at"] = started
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    return results


def _wait_until_up(gunicorn: subprocess.Popen) -> None:
    import requests

    for _ in range(60):
        if gunicorn.poll() is not None:
            raise SystemExit("gunicorn stopped (see its log above)")
        try:
            if requests.get(f"{BASE}/api/v1/health", timeout=1).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or the workers are still loading the app
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not come up")


def _one_real_login(email: str) -> None:
    import requests

    r = requests.post(f"{BASE}/api/v1/auth/login", json={"email": email, "password": "doemee-demo-2026"}, timeout=30)
    assert r.status_code == 200 and r.json()["access_token"], r.text


def _db_now() -> str:
    engine = sa.create_engine(URL.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        value = conn.execute(sa.text("SELECT now()")).scalar()
    engine.dispose()
    return value.isoformat()


def verify(started_at: str) -> dict:
    engine = sa.create_engine(URL.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        bad = {name: conn.execute(sa.text(sql)).scalar() for name, sql in CHECKS.items()}
        new = dict(conn.execute(sa.text(
            "SELECT status, count(*) FROM engagements WHERE created_at >= :t AND shift_id IS NOT NULL "
            "GROUP BY status"), {"t": started_at}).all())
        totals = dict(conn.execute(sa.text(
            "SELECT status, count(*) FROM engagements GROUP BY status")).all())
    engine.dispose()
    print("checks (all must be 0):", json.dumps(bad), "\nnew engagements during the sign-up run:", json.dumps(new),
          flush=True)
    return {"checks": bad, "new_engagements": new, "engagements_by_status": totals}


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    pg = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "SHOW server_version"],
                        capture_output=True, text=True).stdout.strip()
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    return {"cpus": os.cpu_count(), "cpu": cpu, "python": platform.python_version(), "postgresql": pg,
            "wrk": (wrk_version.stdout or wrk_version.stderr).splitlines()[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-load", action="store_true", help="use the database as it is (steps 2-5)")
    options = parser.parse_args()
    report = {"machine": machine(), "load_average_before": os.getloadavg(),
              "load": None if options.skip_load else load()}
    application = app()
    prepared = prepare(application)
    report["queries"] = count_queries(application, prepared["reserved"], prepared["postcode"])
    report["wrk"] = serve_and_measure(prepared)
    report["load_average_after"] = os.getloadavg()
    report["verify"] = verify(report["wrk"]["signups_started_at"])
    report["open_shifts"] = prepared["open_shifts"]
    (OUT / "results.json").write_text(json.dumps(report, indent=2, default=str))
    print(json.dumps({k: v for k, v in report.items() if k != "wrk"}, indent=2, default=str))
    for label, r in report["wrk"].items():
        if isinstance(r, dict):
            print(f"{label}: {r['req_per_s']:.0f} req/s, p50 {r['p50']}, p99 {r['p99']}, "
                  f"non-2xx {r['non_2xx']}, statuses {r['statuses']}")
    if any(report["verify"]["checks"].values()):
        raise SystemExit("the sign-ups do not add up")


if __name__ == "__main__":
    main()
