"""CPU of a candidates request right after one profile change, and unchanged (in-process, PostgreSQL).

usage: DOEMEE_DATABASE_URL=postgresql://... python bench/scale/after_a_change_candidates.py [N]  (changes N profiles)"""
import statistics
import sys

from in_process import app, client as c, cpu_ms, spread
import sqlalchemy as sa
from backend.extensions import db
from backend.accounts.models import User
from backend.accounts.tokens import start_session
from backend.volunteers.models import VolunteerProfile
from backend.opportunities.models import Opportunity, Shift
from backend.places.models import Municipality

n = int(sys.argv[1]) if len(sys.argv) > 1 else 5
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
h = {"Authorization": f"Bearer {token}"}
url = f"/api/v1/opportunities/{opp}/candidates"
assert c.get(url, headers=h).status_code == 200  # the worker builds its table
after, same = [], []
for uid in people:
    with app.app_context():
        profile = db.session.get(VolunteerProfile, uid)
        profile.travel_radius_km = (profile.travel_radius_km or 5) + 0.5
        db.session.commit()
    r, ms = cpu_ms(lambda: c.get(url, headers=h))
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    after.append(ms)
    same.append(cpu_ms(lambda: c.get(url, headers=h))[1])  # unchanged: the table as it is
print(f"candidates after one profile change: {spread(after)}; unchanged: median {statistics.median(same):.0f} ms")
