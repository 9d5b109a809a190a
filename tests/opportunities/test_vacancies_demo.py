"""The demo's demand: organisations, vacancies and shifts, deterministic and added only once."""
from datetime import timedelta

import sqlalchemy as sa

from backend.models_base import utcnow
from backend.demo.vacancies import seed_demand
from backend.opportunities.models import Opportunity, Shift
from backend.organisations.models import Organisation, OrganisationMember
from backend.taxonomy import taxonomy
from tests.opportunities.helpers import API


def _counts(session):
    return [session.scalar(sa.select(sa.func.count()).select_from(m))
            for m in (Organisation, OrganisationMember, Opportunity, Shift)]


def test_seed_demand_twice_adds_everything_once(client, db_session):
    lines = seed_demand(organisations=6, opportunities=25, progress=False)
    assert "6 organisations and 25 vacancies added" in lines[0]
    organisations, members, opportunities, shifts = _counts(db_session)
    assert (organisations, members, opportunities) == (6, 6, 25) and shifts >= 25
    first = sorted((o.id, o.title, o.category, o.postcode) for o in db_session.scalars(sa.select(Opportunity)))

    assert "already there" in seed_demand(organisations=6, opportunities=25, progress=False)[0]
    assert _counts(db_session) == [organisations, members, opportunities, shifts]
    assert sorted((o.id, o.title, o.category, o.postcode) for o in db_session.scalars(sa.select(Opportunity))) == first

    # Growing the demo adds only the new numbers, and the old ones stay as they were.
    seed_demand(organisations=6, opportunities=30, progress=False)
    assert _counts(db_session)[2] == 30


def test_seeded_demand_is_plausible_and_browsable(client, db_session):
    seed_demand(organisations=4, opportunities=20, progress=False)
    orgs = db_session.scalars(sa.select(Organisation)).all()
    assert all(o.verified for o in orgs)
    assert all(any(m.status == "active" for m in o.members) for o in orgs)
    interests = set(taxonomy()["interests"])
    skills = {s["code"] for s in taxonomy()["skills"]}
    now = utcnow()
    for opp in db_session.scalars(sa.select(Opportunity)):
        assert opp.status == "published" and opp.category in interests and set(opp.required_skills) <= skills
        assert opp.neighbourhood_id is not None and opp.postcode
    for shift in db_session.scalars(sa.select(Shift)):
        assert now < shift.starts_at < now + timedelta(weeks=6, days=1) and shift.ends_at > shift.starts_at
    assert len({s for s in db_session.scalars(sa.select(Shift.checkin_code))}) == _counts(db_session)[3]
    listed = client.get(f"{API}/shifts?municipality=maassluis&limit=100").get_json()["items"]
    assert len(listed) == min(100, _counts(db_session)[3])
    assert all(i["organisation"]["name"] and i["neighbourhood"] for i in listed)
