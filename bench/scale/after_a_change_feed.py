"""CPU of a feed request right after a sign-up that leaves the shift with places (in-process, PostgreSQL).

usage: DOEMEE_DATABASE_URL=postgresql://... python bench/scale/after_a_change_feed.py [N] [offset]  (N sign-ups)"""
import os, sys, time, statistics
os.environ.update(DOEMEE_ENV="production", DOEMEE_RUN_SCHEDULER="false",
                  DOEMEE_SECRET_KEY="bench-alternate-secret-key-that-is-long-enough-for-hs256-0123456789")
os.environ.setdefault("DOEMEE_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/doemee_h15m_bench")
sys.path.insert(0, os.getcwd())
import sqlalchemy as sa
from doemee.app import create_app
from backend.extensions import db
from backend.accounts.models import User
from backend.accounts.tokens import start_session

n = int(sys.argv[1]) if len(sys.argv) > 1 else 5
app = create_app()
with app.app_context():
    users = list(db.session.scalars(sa.select(User).where(User.email.like("vrijwilliger-%")).order_by(User.email)
                                    .offset(int(sys.argv[2]) if len(sys.argv) > 2 else 5000).limit(2 * n + 1)))
    tokens = [start_session(u).access_token for u in users]
    shifts = db.session.execute(sa.text(
        "SELECT s.id FROM shifts s JOIN opportunities o ON o.id = s.opportunity_id WHERE s.status = 'open' AND "
        "s.starts_at > now() + interval '3 hours' AND o.status = 'published' AND s.capacity - s.accepted_count >= 3 "
        "ORDER BY s.id LIMIT :n"), {"n": n}).scalars().all()
    db.session.commit()
c = app.test_client()
reader = {"Authorization": f"Bearer {tokens[-1]}"}
assert c.get("/api/v1/me/recommendations", headers=reader).status_code == 200  # builds the demand table
cpu = []
for i, shift in enumerate(shifts):
    r = c.post(f"/api/v1/shifts/{shift}/signups", headers={"Authorization": f"Bearer {tokens[i]}"}, json={})
    assert r.status_code == 201, r.get_data(as_text=True)[:300]
    t0 = time.process_time()
    assert c.get("/api/v1/me/recommendations", headers=reader).status_code == 200
    cpu.append((time.process_time() - t0) * 1000)
print(f"feed right after a sign-up that leaves places: median {statistics.median(cpu):.0f} ms CPU "
      f"(min {min(cpu):.0f}, max {max(cpu):.0f}, n={len(cpu)})")
