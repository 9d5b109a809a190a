"""Benchmark: the volunteer's web pages on the full Maassluis demo - what a phone downloads, and server time.

Not a test (it drops and recreates its own database and commits). What it does:

1. ``DROP``/``CREATE DATABASE doemee_bench_web`` (PostgreSQL on 127.0.0.1); ``flask db upgrade heads``;
   ``flask load-reference-data``; ``flask seed-demo`` (15,000 volunteers, 300 organisations, 2,000 vacancies
   with their shifts, 150 initiatives, 500 requests for help, the engagement history, the open year-end campaign).
   ``--skip-load`` reuses the database of an earlier run.
2. Logs in as a demo volunteer (``vrijwilliger-00001``) through the log-in page of the Flask test client, in one
   process with the app (``DOEMEE_ENV=production``: the settings a real server runs with).
3. Page weight: for each page, the HTML plus every style sheet and script the page links (``<link
   rel=stylesheet>``, ``<script src>``), each compressed with gzip level 6 as a web server (nginx
   ``gzip_comp_level 6``) would send it, summed; the same without compression. The jsQR fallback of the camera
   scanner is loaded only when the camera is opened on a phone without BarcodeDetector, so it is listed apart.
4. Server time: each page ``--repeat`` times (after 3 warm-up requests) through the test client: routing, session
   check, the operations' SQL on PostgreSQL, rendering; p50 and p95 per page. No network in between: what a page
   costs the server, the one round trip of server time the goal speaks of. Also the CPU time of this process per
   request (p50: Python's share, without PostgreSQL's) and the SQL statements of one request.
5. Machine load (``os.getloadavg``) before and after: the machine is shared, so figures taken under load are high.

Usage, from the repository root:

    .venv/bin/python bench/web/bench_web.py               # everything, a few minutes on 2 cores (seeding)
    .venv/bin/python bench/web/bench_web.py --skip-load   # again on the loaded database

Results go to stdout and to /tmp/bench-web/results.json; the numbers are written up in bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
DB = "doemee_bench_web"
URL = f"postgresql://postgres@127.0.0.1:5432/{DB}"
OUT = Path("/tmp/bench-web")
WEIGHT_GOAL = 100 * 1024
TIME_GOAL_MS = 50.0
ENV = {
    "FLASK_APP": "doemee.wsgi",
    "DOEMEE_DATABASE_URL": URL,
    "DOEMEE_ENV": "production",
    "DOEMEE_SECRET_KEY": "bench-web-secret-key-that-is-long-enough-for-hs256-0123456789",
    "DOEMEE_RUN_SCHEDULER": "false",
    # The log-in page is one request here; production's throttle must not stop a rerun.
    "DOEMEE_LOGIN_ATTEMPTS_PER_MINUTE": "100",
    "PYTHONPATH": str(ROOT),
}
ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')


def sh(args: list[str]) -> None:
    subprocess.run(args, cwd=ROOT, env={**os.environ, **ENV}, check=True, text=True, stdout=subprocess.DEVNULL)


def load() -> dict:
    sh(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-c", f"DROP DATABASE IF EXISTS {DB}",
        "-c", f"CREATE DATABASE {DB}"])
    flask = str(ROOT / ".venv/bin/flask")
    took = {}
    for label, args in (("db upgrade heads", ["db", "upgrade", "heads"]),
                        ("load-reference-data", ["load-reference-data"]), ("seed-demo", ["seed-demo", "--quiet"])):
        started = time.monotonic()
        sh([flask, *args])
        took[label] = round(time.monotonic() - started, 1)
        print(f"{label}: {took[label]} s", flush=True)
    return took


def logged_in_client(application):
    from backend.demo import DEMO_DOMAIN, DEMO_PASSWORD

    client = application.test_client()
    page = client.get("/inloggen").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    r = client.post("/inloggen", data={"csrf_token": token, "email": f"vrijwilliger-00001@{DEMO_DOMAIN}",
                                       "password": DEMO_PASSWORD})
    assert r.status_code == 303, r.status_code
    return client


def pages(client) -> list[tuple[str, str]]:
    """(name, path) of the first page and the volunteer's main pages, with real ids from the demo."""
    found = {}
    for name, source, pattern in (("opportunity", "/aanbod", r'href="(/aanbod/[0-9a-f-]{36})"'),
                                  ("engagement", "/mijn/inzet", r'href="(/mijn/inzet/[0-9a-f-]{36})"'),
                                  ("help request", "/hulpvragen", r'href="(/hulpvragen/[0-9a-f-]{36})"')):
        match = re.search(pattern, client.get(source).get_data(as_text=True))
        if match:
            found[name] = match.group(1)
    listed = [("landing /", "/"), ("log in", "/inloggen"), ("join", "/meedoen"), ("home /mijn", "/mijn"),
              ("for you", "/voor-jou"), ("open work", "/aanbod"), ("opportunity", found.get("opportunity")),
              ("my engagements", "/mijn/inzet"), ("engagement (check-in)", found.get("engagement")),
              ("help requests", "/hulpvragen"), ("help request", found.get("help request")),
              ("profile", "/mijn/profiel"), ("my hours", "/mijn/uren"), ("thanks (gifts)", "/mijn/bedankt")]
    return [(name, path) for name, path in listed if path]


def weight(client, anonymous, path: str, public: bool) -> dict:
    who = anonymous if public else client
    html = who.get(path).get_data()
    assets = ASSET.findall(html.decode())
    bodies = [html] + [client.get(url).get_data() for url in assets]
    return {"raw": sum(len(b) for b in bodies), "gzip": sum(len(gzip.compress(b, 6)) for b in bodies),
            "html_gzip": len(gzip.compress(html, 6)), "files": 1 + len(assets)}


def server_times(client, anonymous, path: str, public: bool, repeat: int) -> dict:
    who = anonymous if public else client
    for _ in range(3):
        assert who.get(path).status_code == 200, path
    took, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        r = who.get(path)
        took.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert r.status_code == 200, (path, r.status_code)
    took.sort()
    return {"p50": round(statistics.median(took), 1), "p95": round(took[int(0.95 * (len(took) - 1))], 1),
            "max": round(took[-1], 1), "cpu_p50": round(statistics.median(cpu), 1)}


def statements(application, who, path: str) -> int:
    """SQL statements of one request for the page."""
    import sqlalchemy as sa

    from backend.extensions import db

    seen = []
    with application.app_context():
        engine = db.engine
    listener = lambda *args: seen.append(1)  # noqa: E731
    sa.event.listen(engine, "before_cursor_execute", listener)
    try:
        who.get(path)
    finally:
        sa.event.remove(engine, "before_cursor_execute", listener)
    return len(seen)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    results = {"machine": platform.platform(), "cpus": os.cpu_count(), "load_before": os.getloadavg()}
    print(f"load before: {results['load_before']}", flush=True)
    if not args.skip_load:
        results["load"] = load()

    os.environ.update(ENV)
    from doemee.app import create_app

    application = create_app()
    client = logged_in_client(application)
    anonymous = application.test_client()
    public = {"/", "/inloggen", "/meedoen"}
    results["pages"] = []
    print(f"{'page':24} {'files':>5} {'raw kB':>7} {'gzip kB':>8} {'html gz':>8} {'SQL':>4} {'p50 ms':>7} "
          f"{'p95 ms':>7} {'cpu p50':>8}")
    for name, path in pages(client):
        who = anonymous if path in public else client
        row = {"page": name, "path": path, **weight(client, anonymous, path, path in public),
               **server_times(client, anonymous, path, path in public, args.repeat),
               "sql": statements(application, who, path)}
        results["pages"].append(row)
        flags = ("" if row["gzip"] < WEIGHT_GOAL else " WEIGHT") + ("" if row["p95"] < TIME_GOAL_MS else " SLOW")
        print(f"{name:24} {row['files']:>5} {row['raw'] / 1024:>7.1f} {row['gzip'] / 1024:>8.1f} "
              f"{row['html_gzip'] / 1024:>8.1f} {row['sql']:>4} {row['p50']:>7.1f} {row['p95']:>7.1f} "
              f"{row['cpu_p50']:>8.1f}{flags}", flush=True)
    jsqr = (ROOT / "web/static/vendor/jsqr/jsQR.js").read_bytes()
    results["jsqr_on_demand"] = {"raw": len(jsqr), "gzip": len(gzip.compress(jsqr, 6))}
    print(f"jsQR (only when the camera opens without BarcodeDetector): {len(jsqr) / 1024:.1f} kB raw, "
          f"{results['jsqr_on_demand']['gzip'] / 1024:.1f} kB gzip")
    results["load_after"] = os.getloadavg()
    print(f"load after: {results['load_after']}")
    (OUT / "results.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
