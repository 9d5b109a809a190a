"""Benchmark: the feed (GET /api/v1/me/recommendations) over HTTP with wrk, at 1 and at 8 connections (issue 14).

Not a test. On an already seeded database (the full Maassluis demo: ``flask seed-demo``), this tree's code:
tokens for ``--volunteers`` demo volunteers (``start_session``, what a login does), gunicorn with 2 sync workers on
127.0.0.1 (``DOEMEE_ENV=production``), a warm-up (each worker builds its municipality's tables once), then per round
``wrk -t1 -c1`` and ``wrk -t2 -c8`` for ``--seconds`` each, every request another volunteer (bench/feed/feed.lua),
so every answer is a 200 built for that volunteer (no 304). The workers' CPU per request from /proc, the load
average around each measurement, the SQL statements of one feed (test client), the workers' RSS at the end.

    .venv/bin/python bench/feed/bench_feed_wrk.py --db doemee_bench --rounds 3 --seconds 10
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench/api"))
import bench_alternate as ba  # noqa: E402  (the shared Server / wrk helpers)


def tokens(db: str, count: int) -> list[str]:
    code = """
import json, sys
import sqlalchemy as sa
from doemee.app import create_app
from backend.extensions import db
from backend.accounts.models import User
from backend.accounts.tokens import start_session
from backend.volunteers.models import VolunteerProfile
app = create_app()
with app.app_context():
    people = db.session.scalars(sa.select(User).join(VolunteerProfile, VolunteerProfile.user_id == User.id)
        .where(VolunteerProfile.paused.is_(False), User.email.like('vrijwilliger-%')).order_by(User.email)
        .limit(int(sys.argv[1]))).all()
    out = [start_session(p).access_token for p in people]
    db.session.commit()
    print(json.dumps(out))
"""
    done = subprocess.run([ba.venv_bin(ROOT, "python"), "-c", code, str(count)], cwd=ROOT, env=ba.env(db, ROOT),
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--volunteers", type=int, default=2000)
    parser.add_argument("--port", type=int, default=8095)
    options = parser.parse_args()
    print("load average at start:", ba.loadavg(), flush=True)
    listed = tokens(options.db, options.volunteers)
    tokens_file = Path(tempfile.mkdtemp(prefix="bench-feed-")) / "tokens.txt"
    tokens_file.write_text("\n".join(listed) + "\n")
    server = ba.Server("feed", options.port, [ba.venv_bin(ROOT, "gunicorn"), "doemee.wsgi:app"], ROOT,
                       ba.env(options.db, ROOT))
    results = []
    try:
        server.wait("/api/v1/health")
        url = f"http://127.0.0.1:{options.port}/api/v1/me/recommendations"
        for token in listed[:20]:  # warm-up: both workers build their tables
            request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
            urllib.request.urlopen(request, timeout=120).read()
        for r in range(options.rounds):
            for label, threads, connections in (("c1", 1, 1), ("c8", 2, 8)):
                before = server.cpu_seconds()
                result = ba.wrk(options.seconds, ["-s", str(ROOT / "bench/feed/feed.lua"), url],
                                {"TOKENS_FILE": str(tokens_file), "WRK_THREADS": str(threads)}) \
                    if connections == 8 else _wrk_one(options.seconds, url, tokens_file)
                cpu = server.cpu_seconds() - before
                result.update(round=r, scenario=label,
                              cpu_ms_per_request=round(cpu / max(1, result["requests"]) * 1000, 2))
                results.append(result)
                print(json.dumps(result), flush=True)
        rss = server.rss_mb()
    finally:
        server.stop()
    print("worker RSS MB:", rss)
    Path("/tmp/bench-feed-wrk.json").write_text(json.dumps({"results": results, "rss_mb": rss}, indent=1))


def _wrk_one(seconds: int, url: str, tokens_file: Path) -> dict:
    """One connection, one thread (wrk's -t must not exceed -c)."""
    saved = ba.WRK
    ba.WRK = ["wrk", "-t1", "-c1", "--latency", "--timeout", "10s"]
    try:
        return ba.wrk(seconds, ["-s", str(ROOT / "bench/feed/feed.lua"), url],
                      {"TOKENS_FILE": str(tokens_file), "WRK_THREADS": "1"})
    finally:
        ba.WRK = saved


if __name__ == "__main__":
    main()
