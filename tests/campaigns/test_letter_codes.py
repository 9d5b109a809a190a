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


def _campaign_with_gerrit(client, cli, db_session):
    """Staff, and their campaign in which Gerrit (no app: a letter) takes part with 16 approved hours."""
    staff = staff_member(client, cli)
    gerrit = mine.desk_volunteer(db_session, display_name="Gerrit Papier")
    coordinator = register(client)
    make_role(cli, coordinator, "coordinator")
    org = factories.organisation(db_session, coordinator_id=coordinator.id)
    mine.approved_hours(db_session, gerrit.id, 16, org=org)
    return staff, gerrit, create_campaign(client, staff, eligibility={"min_approved_hours": 10, **period()})["id"]


def test_the_csv_only_reads_and_the_post_makes_the_codes_once(client, cli, db_session):
    staff, gerrit, cid = _campaign_with_gerrit(client, cli, db_session)

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


def test_the_api_has_the_letters_and_the_csv_made_by_a_task_for_the_asker_only(client, cli, db_session):
    """POST /campaigns/{id}/files answers at once (202) with where to follow the task; the file comes when the
    task has made it, for the staff member who asked only; a wrong file or layout is refused and queues nothing."""
    from backend.jobs.models import Download

    staff, _gerrit, cid = _campaign_with_gerrit(client, cli, db_session)
    assert client.post(f"/api/v1/campaigns/{cid}/letter-codes", token=staff.token).status_code == 201

    for body, field in (({"file": "poster"}, "file"), ({"file": "letters_pdf", "layout": "a3"}, "layout"),
                        ({}, "file"), ({"file": "letter_codes_csv", "colour": "red"}, "colour")):
        r = client.post(f"/api/v1/campaigns/{cid}/files", json=body, token=staff.token)
        assert r.status_code == 400 and field in r.get_json()["errors"], (body, r.get_json())
    assert db_session.scalars(sa.select(Download)).all() == []

    r = client.post(f"/api/v1/campaigns/{cid}/files", json={"file": "letter_codes_csv"}, token=staff.token)
    assert r.status_code == 202 and r.get_json()["status"] == "pending" and r.get_json()["file"] is None
    status = r.headers["Location"]
    assert client.get(status + "/file", token=staff.token).status_code == 409  # not made yet
    made = cli.invoke(args=["run-task", "doemee.download", f"download_id={r.get_json()['id']}"])
    assert made.exit_code == 0, made.output
    done = client.get(status, token=staff.token).get_json()
    assert (done["status"], done["total"], done["media_type"]) == ("done", 1, "text/csv")
    got = client.get(done["file"], token=staff.token)
    assert got.status_code == 200 and got.mimetype == "text/csv" and "no-store" in got.headers["Cache-Control"]
    assert [row["name"] for row in csv.DictReader(io.StringIO(got.get_data(as_text=True)))] == ["Gerrit Papier"]

    r = client.post(f"/api/v1/campaigns/{cid}/files", json={"file": "letters_pdf", "layout": "code"},
                    token=staff.token)
    assert r.status_code == 202
    cli.invoke(args=["run-task", "doemee.download", f"download_id={r.get_json()['id']}"])
    pdf = client.get(r.headers["Location"] + "/file", token=staff.token)
    assert pdf.mimetype == "application/pdf" and pdf.get_data().startswith(b"%PDF-")

    colleague = staff_member(client, cli)  # same municipality, not the one who asked
    assert client.get(status, token=colleague.token).status_code == 404
    assert client.get(done["file"], token=colleague.token).status_code == 404
    volunteer = register(client)
    assert client.post(f"/api/v1/campaigns/{cid}/files", json={"file": "letters_pdf"},
                       token=volunteer.token).status_code == 403
