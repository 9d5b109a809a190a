"""Letter codes: a POST makes them, the CSV only reads them (a GET never writes)."""
import csv
import io

import sqlalchemy as sa

from backend.campaigns.models import LetterCode
from tests import factories
from tests.appreciation import factories as mine
from tests.campaigns.helpers import create_campaign, period, staff_member
from tests.support import make_role, register


def _rows(client, cid, staff):
    r = client.get(f"/api/v1/campaigns/{cid}/letter-codes.csv", token=staff.token)
    assert r.status_code == 200 and r.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))


def _codes(db_session):
    return db_session.execute(sa.select(LetterCode.user_id, LetterCode.code)).all()


def test_the_csv_only_reads_and_the_post_makes_the_codes_once(client, cli, db_session):
    staff = staff_member(client, cli)
    gerrit = mine.desk_volunteer(db_session, display_name="Gerrit Papier")
    coordinator = register(client)
    make_role(cli, coordinator, "coordinator")
    org = factories.organisation(db_session, coordinator_id=coordinator.id)
    mine.approved_hours(db_session, gerrit.id, 16, org=org)
    cid = create_campaign(client, staff, eligibility={"min_approved_hours": 10, **period()})["id"]

    assert _rows(client, cid, staff) == [] and _rows(client, cid, staff) == []
    assert _codes(db_session) == []  # two GETs changed nothing

    r = client.post(f"/api/v1/campaigns/{cid}/letter-codes", token=staff.token)
    assert r.status_code == 201 and r.get_json() == {"created": 1, "total": 1}
    made = _codes(db_session)
    first, second = _rows(client, cid, staff), _rows(client, cid, staff)
    assert first == second and [row["name"] for row in first] == ["Gerrit Papier"]
    assert _codes(db_session) == made

    r = client.post(f"/api/v1/campaigns/{cid}/letter-codes", token=staff.token)
    assert r.status_code == 201 and r.get_json() == {"created": 0, "total": 1}  # he keeps his code
    assert _codes(db_session) == made and _rows(client, cid, staff) == first


def test_only_staff_make_letter_codes(client, cli, db_session):
    staff = staff_member(client, cli)
    cid = create_campaign(client, staff, eligibility={"min_approved_hours": 10, **period()})["id"]
    someone = register(client)
    r = client.post(f"/api/v1/campaigns/{cid}/letter-codes", token=someone.token)
    assert r.status_code == 403
    assert _codes(db_session) == []
