"""CPU of a candidates request right after one profile change, and unchanged (in-process, PostgreSQL).

usage: DOEMEE_DATABASE_URL=postgresql://... python bench/scale/after_a_change_candidates.py [N]  (changes N profiles)"""
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
from backend.volunteers.models import VolunteerProfile
from backend.opportunities.models import Opportunity, Shift
from backend.places.models import Municipality

n = int(sys.argv[1]) if len(sys.argv) > 1 else 5
app = create_app()
with app.app_context():
    staff = db.session.scalar(sa.text("SELECT u.id FROM users u JOIN role_grants r ON r.user_id = u.id "
                                      "WHERE r.role = 'admin' LIMIT 1"))
    token = start_session(db.session.get(User, staff)).access_token
    m = db.session.scalar(sa.select(Municipality.id).where(Municipality.slug == "maassluis"))
    opp = db.session.scalar(sa.select(Opportunity.id).join(Shift).where(
        Opportunity.municipality_id == m, Opportunity.status == "published", Opportunity.kind == "vacancy",
        Shift.status == "open", Shift.starts_at > sa.func.now(), Shift.accepted_count < Shift.capacity).limit(1))
    people = db.session.scalars(sa.select(VolunteerProfile.user_id).where(VolunteerProfile.municipality_id == m)
                                .order_by(VolunteerProfile.user_id).limit(n)).all()
    db.session.commit()
c = app.test_client()
h = {"Authorization": f"Bearer {token}"}
url = f"/api/v1/opportunities/{opp}/candidates"
assert c.get(url, headers=h).status_code == 200  # the worker builds its table
cpu = []
for uid in people:
    with app.app_context():
        profile = db.session.get(VolunteerProfile, uid)
        profile.travel_radius_km = (profile.travel_radius_km or 5) + 0.5
        db.session.commit()
    t0 = time.process_time()
    r = c.get(url, headers=h)
    cpu.append((time.process_time() - t0) * 1000)
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    t0 = time.process_time()
    c.get(url, headers=h)
    cpu.append(-(time.process_time() - t0) * 1000)  # unchanged: the table as it is
after = [x for x in cpu if x >= 0]
same = [-x for x in cpu if x < 0]
print(f"candidates after one profile change: median {statistics.median(after):.0f} ms CPU "
      f"(min {min(after):.0f}, max {max(after):.0f}, n={len(after)}); unchanged: median {statistics.median(same):.0f} ms")
