"""CPU of a feed request right after a sign-up that leaves the shift with places (in-process, PostgreSQL).

usage: DOEMEE_DATABASE_URL=postgresql://... python bench/scale/after_a_change_feed.py [N] [offset]  (N sign-ups)"""
import sys

from in_process import app, client as c, cpu_ms, spread
import sqlalchemy as sa
from backend.extensions import db
from backend.accounts.models import User
from backend.accounts.tokens import start_session

n = int(sys.argv[1]) if len(sys.argv) > 1 else 5
with app.app_context():
    users = list(db.session.scalars(sa.select(User).where(User.email.like("vrijwilliger-%")).order_by(User.email)
                                    .offset(int(sys.argv[2]) if len(sys.argv) > 2 else 5000).limit(2 * n + 1)))
    tokens = [start_session(u).access_token for u in users]
    shifts = db.session.execute(sa.text(
        "SELECT s.id FROM shifts s JOIN opportunities o ON o.id = s.opportunity_id WHERE s.status = 'open' AND "
        "s.starts_at > now() + interval '3 hours' AND o.status = 'published' AND s.capacity - s.accepted_count >= 3 "
        "ORDER BY s.id LIMIT :n"), {"n": n}).scalars().all()
    db.session.commit()
reader = {"Authorization": f"Bearer {tokens[-1]}"}
assert c.get("/api/v1/me/recommendations", headers=reader).status_code == 200  # builds the demand table
cpu = []
for i, shift in enumerate(shifts):
    r = c.post(f"/api/v1/shifts/{shift}/signups", headers={"Authorization": f"Bearer {tokens[i]}"}, json={})
    assert r.status_code == 201, r.get_data(as_text=True)[:300]
    r, ms = cpu_ms(lambda: c.get("/api/v1/me/recommendations", headers=reader))
    assert r.status_code == 200
    cpu.append(ms)
print(f"feed right after a sign-up that leaves places: {spread(cpu)}")
