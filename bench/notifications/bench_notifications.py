"""Benchmark: enqueueing reminders for 100,000 upcoming engagements, and relay throughput into a fake push API.

Not a test. Needs a PostgreSQL database of its own (its schema is DROPPED and rebuilt):

    .venv/bin/python bench/notifications/bench_notifications.py \
        --database postgresql://postgres@127.0.0.1:5432/doemee_h_notifications_bench

1. Builds the schema from the migrations, then bulk-inserts N volunteers (each with an Expo token), one
   organisation, N/10 shifts starting within the next 20 hours and N accepted engagements (10 per shift).
2. Times the reminder job (`run_job("shift-reminders")`, one transaction): every engagement is due its 24 h
   reminder, so it enqueues N outbox rows (rendering nothing yet; a signed reply token each).
3. Relay throughput: a tiny threaded HTTP server on 127.0.0.1 answers like Expo (one "ok" ticket per message);
   1 relay process, then 2 relay processes, deliver M of those messages each (reset to pending between runs).
   Goals (issue 5): enqueue <= 30 s; relay >= 1,000 messages/s with 2 relays.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import sys
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

SECRET = "bench-secret-key-that-is-long-enough-for-hs256"


class FakeExpo(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the relay's pooled connections are reused
    messages = 0
    lock = threading.Lock()

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with FakeExpo.lock:
            FakeExpo.messages += len(body)
        answer = json.dumps({"data": [{"status": "ok", "id": "t"} for _ in body]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


def config(database: str, **extra) -> dict:
    # Quiet hours start == end: none (a benchmark at night must not wait for the morning).
    return {"ENV": "test", "DATABASE_URL": database, "SECRET_KEY": SECRET, "QUIET_HOURS_START": "00:00",
            "QUIET_HOURS_END": "00:00", **extra}


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
        municipality_id, hood_id = db.session.execute(sa.text(
            "SELECT m.id, n.id FROM municipalities m JOIN neighbourhoods n ON n.municipality_id = m.id "
            "WHERE m.slug = 'maassluis' LIMIT 1")).one()
        now = datetime.now(timezone.utc)
        org_id, opp_id = uuid.uuid4(), uuid.uuid4()
        users = [uuid.uuid4() for _ in range(n)]
        conn = db.session.connection()
        md = db.metadata.tables
        chunk = 5000
        for i in range(0, n, chunk):
            conn.execute(md["users"].insert(), [
                {"id": u, "email": f"bench{i + j}@example.org", "password_hash": "x", "display_name": f"B{i + j}",
                 "locale": "nl" if (i + j) % 5 else "en", "created_at": now, "updated_at": now}
                for j, u in enumerate(users[i:i + chunk])])
            conn.execute(md["device_tokens"].insert(), [
                {"id": uuid.uuid4(), "user_id": u, "token": f"ExponentPushToken[b{i + j}]", "provider": "expo",
                 "platform": "android", "created_at": now, "last_seen_at": now}
                for j, u in enumerate(users[i:i + chunk])])
        conn.execute(md["organisations"].insert(), [{"id": org_id, "municipality_id": municipality_id,
                                                     "name": "Bench", "description": "", "reminder_hours": [24, 2],
                                                     "created_at": now, "updated_at": now}])
        conn.execute(md["opportunities"].insert(), [{
            "id": opp_id, "municipality_id": municipality_id, "kind": "vacancy", "organisation_id": org_id,
            "title": "Koffie schenken", "description": "", "category": "events", "required_skills": [],
            "nice_skills": [], "remote": False, "neighbourhood_id": hood_id, "requires_vog": False,
            "languages": [], "commitment": "one_off", "status": "published", "created_at": now,
            "updated_at": now}])
        shifts = [uuid.uuid4() for _ in range(n // 10)]
        conn.execute(md["shifts"].insert(), [
            {"id": s, "opportunity_id": opp_id, "starts_at": now + timedelta(hours=3, seconds=k),
             "ends_at": now + timedelta(hours=5, seconds=k), "capacity": 10, "accepted_count": 10, "status": "open",
             "checkin_code": "BENCH", "created_at": now, "updated_at": now}
            for k, s in enumerate(shifts)])
        for i in range(0, n, chunk):
            conn.execute(md["engagements"].insert(), [
                {"id": uuid.uuid4(), "volunteer_id": u, "opportunity_id": opp_id, "shift_id": shifts[(i + j) // 10],
                 "status": "accepted", "created_at": now, "updated_at": now}
                for j, u in enumerate(users[i:i + chunk])])
        db.session.commit()
        # Shifts start within the next 3-6 hours (starts_at above, plus the spread): due the 24 h reminder.
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()


def time_enqueue(database: str) -> tuple[float, str]:
    from doemee.app import create_app
    from backend.jobs.runner import run_job

    app = create_app(config(database))
    with app.app_context():
        clock = time.perf_counter()
        summary = run_job("shift-reminders")
        return time.perf_counter() - clock, summary


def reset_outbox(database: str, m: int) -> None:
    import sqlalchemy as sa

    from doemee.app import create_app
    from backend.extensions import db

    app = create_app(config(database))
    with app.app_context():
        db.session.execute(sa.text("UPDATE outbox_messages SET status = 'sent', lease_until = NULL"))
        db.session.execute(sa.text(
            "UPDATE outbox_messages SET status = 'pending', attempts = 0, next_attempt_at = now() - interval '1 s' "
            "WHERE id IN (SELECT id FROM outbox_messages ORDER BY dedupe_key LIMIT :m)"), {"m": m})
        db.session.commit()
        # The resets leave dead row versions behind; autovacuum would clean them up in a running system.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("VACUUM ANALYZE outbox_messages"))


def relay_process(database: str, expo_url: str, batch: int, ready, go, result) -> None:
    from doemee.app import create_app
    from backend.notifications.relay import run_relay

    app = create_app(config(database, PUSH_EXPO_URL=expo_url, RELAY_BATCH_SIZE=batch))
    ready.set()
    go.wait()
    result.put(run_relay(app, threading.Event(), once=True))


def time_relays(database: str, expo_url: str, processes: int, batch: int) -> tuple[float, int]:
    ctx = mp.get_context("spawn")
    go, result = ctx.Event(), ctx.Queue()
    readies = [ctx.Event() for _ in range(processes)]
    procs = [ctx.Process(target=relay_process, args=(database, expo_url, batch, r, go, result)) for r in readies]
    for p in procs:
        p.start()
    for r in readies:
        r.wait()
    clock = time.perf_counter()
    go.set()
    delivered = sum(result.get() for _ in procs)
    elapsed = time.perf_counter() - clock
    for p in procs:
        p.join()
    return elapsed, delivered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True, help="a PostgreSQL URL; its schema is dropped")
    parser.add_argument("--engagements", type=int, default=100_000)
    parser.add_argument("--relay-messages", type=int, default=30_000)
    parser.add_argument("--batch", type=int, default=100, help="relay batch size (RELAY_BATCH_SIZE)")
    args = parser.parse_args()
    if not args.database.startswith("postgresql"):
        sys.exit("needs PostgreSQL")

    clock = time.perf_counter()
    build(args.database, args.engagements)
    print(f"built {args.engagements} volunteers, devices and accepted engagements in "
          f"{time.perf_counter() - clock:.1f} s")
    elapsed, summary = time_enqueue(args.database)
    print(f"reminder job: {summary} in {elapsed:.2f} s (goal <= 30 s)")
    elapsed2, summary2 = time_enqueue(args.database)
    print(f"reminder job again (all exist): {summary2} in {elapsed2:.2f} s")

    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeExpo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    expo_url = f"http://127.0.0.1:{server.server_address[1]}"
    for processes in (1, 2):
        reset_outbox(args.database, args.relay_messages)
        before = FakeExpo.messages
        elapsed, delivered = time_relays(args.database, expo_url, processes, args.batch)
        received = FakeExpo.messages - before
        print(f"relay x{processes} (batch {args.batch}): {delivered} delivered, {received} received by the fake "
              f"Expo, in {elapsed:.2f} s = {delivered / elapsed:,.0f} messages/s")
    server.shutdown()


if __name__ == "__main__":
    main()
