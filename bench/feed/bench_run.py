"""Benchmark: the batch matching run on a seeded database, as a worker of the job engine executes it (issue 14).

Not a test (it commits runs to the database it is given). In one process, as the worker does: records a run per
round (a dry run of the municipality's open help requests in the next ``--days`` days, what ``POST
/api/v1/matching/runs`` records) and executes it with ``execute_queued_run`` (the task a worker runs); the first round
of a fresh process builds the worker's tables, the next ones reuse them (nothing changed in between), unless
``--change`` edits one volunteer's profile between rounds (the volunteer table is then rebuilt). Prints the wall
time of each run's execution and the CPU time this process spent on it (the machine is shared: CPU time is the
steadier figure; PostgreSQL's own time is not in it), its SQL statements and the run's figures; ``--profile`` prints the top of a cProfile.

    DOEMEE_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/doemee_h14b_bench \\
        .venv/bin/python bench/feed/bench_run.py --municipality maassluis --rounds 3
"""
from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, os.getcwd())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipality", default="maassluis")
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--change", action="store_true", help="change one volunteer's profile between rounds")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--now", help="ISO UTC time to run at (compare two commits on equal terms)")
    options = parser.parse_args()
    os.environ.setdefault("DOEMEE_RUN_SCHEDULER", "false")

    from doemee.app import create_app
    from backend.extensions import db
    from backend.models_base import utcnow
    from backend.recommendations.models import MatchingRun
    from backend.recommendations.runs import execute_queued_run, municipality_by_slug
    from backend.volunteers.models import VolunteerProfile

    app = create_app()
    results = []
    with app.app_context():
        statements: list[str] = []
        sa.event.listen(sa.engine.Engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        municipality = municipality_by_slug(options.municipality)
        for r in range(options.rounds):
            if options.change and r:
                profile = db.session.scalar(sa.select(VolunteerProfile).where(
                    VolunteerProfile.municipality_id == municipality.id).order_by(VolunteerProfile.user_id).limit(1))
                profile.travel_radius_km = 3 + (r % 2)
                db.session.commit()
            now = datetime.fromisoformat(options.now) if options.now else utcnow()
            run = MatchingRun(municipality_id=municipality.id, period_start=now, period_end=now + timedelta(
                days=options.days), cap_per_volunteer=2, dry_run=True, status="pending", progress="queued",
                requests=0, volunteers=0, assigned=0, total_score=0.0)
            db.session.add(run)
            db.session.commit()
            run_id = run.id
            db.session.expunge_all()
            statements.clear()
            profiler = cProfile.Profile() if options.profile else None
            started, cpu = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            outcome = execute_queued_run(str(run_id))  # (runs at the real time; --now sets the period only)
            if profiler:
                profiler.disable()
            took, cpu = time.perf_counter() - started, time.process_time() - cpu
            done = db.session.get(MatchingRun, run_id)
            row = {"round": r, "seconds": round(took, 3), "cpu_seconds": round(cpu, 3), "statements": len(statements), "outcome": outcome,
                   "requests": done.requests, "volunteers": done.volunteers, "assigned": done.assigned,
                   "total_score": done.total_score, "status": done.status, "load": os.getloadavg(),
                   "pairs_digest": _digest(db, run_id)}
            results.append(row)
            print(json.dumps(row, default=str), flush=True)
            if profiler:
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
            db.session.commit()
    Path("/tmp/bench-run.json").write_text(json.dumps(results, indent=1, default=str))


def _digest(db, run_id) -> str:
    """A fingerprint of the run's proposals (help request, volunteer, score): equal runs have equal digests."""
    import hashlib

    rows = db.session.execute(sa.text(
        "SELECT help_request_id, volunteer_id, score FROM matching_proposals WHERE run_id = :r "
        "ORDER BY help_request_id, volunteer_id"), {"r": run_id}).all()
    return hashlib.sha1(repr([(str(a), str(b), round(c, 6)) for a, b, c in rows]).encode()).hexdigest()[:12]


if __name__ == "__main__":
    main()
