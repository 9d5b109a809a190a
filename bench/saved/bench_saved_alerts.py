"""Benchmark: the saved searches' alert job (`saved-search-alerts`) for N people with a due saved search each.

Not a test. Needs a PostgreSQL database of its own (its schema is DROPPED and rebuilt):

    .venv/bin/python bench/saved/bench_saved_alerts.py \
        --database postgresql://postgres@127.0.0.1:5432/doemee_saved_bench --people 1000 5000

For each N: the schema from the migrations and the reference data (Maassluis), N people with one weekly saved
search each, its watermark 8 days ago, the filters in four kinds (none; a category; Tuesday afternoons; near a
postcode within 5 km), and 300 published vacancies with a shift each (half published in the last week, so new).
Then the job runs once in one transaction (`run_job`, as a worker runs it): its time and its SQL statements
(counted with an engine event). Expectation: statements grow by one or two per due search (the search, and the
postcode's centre for a search near a postcode), not per vacancy; a second run finds nothing due.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

SECRET = "bench-secret-key-that-is-long-enough-for-hs256"
FILTERS = ({}, {"category": "events"}, {"weekdays": ["tue"], "day_part": "afternoon"},
           {"near": "3144", "within_km": 5})


def config(database: str) -> dict:
    return {"ENV": "test", "DATABASE_URL": database, "SECRET_KEY": SECRET}


def build(database: str, n: int) -> None:
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from doemee.app import create_app
    from backend.extensions import db
    from backend.reference_data import load_reference_data
    from tests.conftest import _reset_postgres

    _reset_postgres(database)
    app = create_app(config(database))
    with app.app_context():
        upgrade(revision="heads")
        load_reference_data()
        db.session.commit()
        municipality_id, hood_id, lat, lon = db.session.execute(sa.text(
            "SELECT m.id, n.id, n.latitude, n.longitude FROM municipalities m "
            "JOIN neighbourhoods n ON n.municipality_id = m.id WHERE m.slug = 'maassluis' LIMIT 1")).one()
        now = datetime.now(timezone.utc)
        conn, md = db.session.connection(), db.metadata.tables
        users = [uuid.uuid4() for _ in range(n)]
        for i in range(0, n, 5000):
            part = users[i:i + 5000]
            conn.execute(md["users"].insert(), [
                {"id": u, "email": f"bench{i + j}@example.org", "password_hash": "x", "display_name": f"B{i + j}",
                 "locale": "nl", "created_at": now, "updated_at": now} for j, u in enumerate(part)])
            conn.execute(md["saved_searches"].insert(), [
                {"id": uuid.uuid4(), "user_id": u, "municipality_id": municipality_id, "name": f"Zoek {i + j}",
                 "filters": FILTERS[(i + j) % len(FILTERS)], "frequency": "weekly", "channel": "email",
                 "checked_until": now - timedelta(days=8), "created_at": now - timedelta(days=30)}
                for j, u in enumerate(part)])
        org_id = uuid.uuid4()
        conn.execute(md["organisations"].insert(), [{"id": org_id, "municipality_id": municipality_id,
                                                     "name": "Bench", "description": "", "reminder_hours": [24, 2],
                                                     "created_at": now, "updated_at": now}])
        opps = [uuid.uuid4() for _ in range(300)]
        conn.execute(md["opportunities"].insert(), [{
            "id": o, "municipality_id": municipality_id, "kind": "vacancy", "organisation_id": org_id,
            "title": f"Vacature {k}", "description": "", "category": ("events", "care", "sports")[k % 3],
            "required_skills": [], "nice_skills": [], "remote": False, "neighbourhood_id": hood_id,
            "latitude": lat, "longitude": lon, "requires_vog": False, "languages": [], "commitment": "one_off",
            "status": "published", "published_at": now - timedelta(days=(k % 14), hours=1), "created_at": now,
            "updated_at": now} for k, o in enumerate(opps)])
        conn.execute(md["shifts"].insert(), [
            {"id": uuid.uuid4(), "opportunity_id": o, "starts_at": now + timedelta(days=1 + k % 7, hours=k % 9),
             "ends_at": now + timedelta(days=1 + k % 7, hours=2 + k % 9), "capacity": 5, "accepted_count": 0,
             "status": "open", "checkin_code": "BENCH", "created_at": now, "updated_at": now}
            for k, o in enumerate(opps)])
        db.session.commit()
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()


def run(database: str) -> tuple[float, int, str]:
    import sqlalchemy as sa

    from doemee.app import create_app
    from backend.extensions import db
    from backend.jobs.runner import run_job

    app = create_app(config(database))
    with app.app_context():
        counted = [0]

        def count(*_args):
            counted[0] += 1

        sa.event.listen(db.engine, "before_cursor_execute", count)
        clock = time.perf_counter()
        summary = run_job("saved-search-alerts")
        elapsed = time.perf_counter() - clock
        sa.event.remove(db.engine, "before_cursor_execute", count)
        return elapsed, counted[0], summary


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True)
    parser.add_argument("--people", type=int, nargs="+", default=[1000, 5000])
    args = parser.parse_args()
    for n in args.people:
        build(args.database, n)
        first = run(args.database)
        second = run(args.database)
        print(f"N={n}: first run {first[0]:.2f} s, {first[1]} statements ({first[2]}); "
              f"second run {second[0]:.2f} s, {second[1]} statements ({second[2]})", flush=True)


if __name__ == "__main__":
    main()
