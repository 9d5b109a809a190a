"""A profile change reloads that volunteer alone in each worker's volunteer table (issue 14), and the table then
equals one built afresh."""
import uuid
from datetime import timedelta

import sqlalchemy as sa

import matching
from backend.extensions import db
from backend.models_base import utcnow
from backend.recommendations.encode import Codebook, load_volunteers
from backend.recommendations.models import MatchingVolunteerChange
from backend.volunteers.models import VolunteerProfile
from tests import factories as f
from tests.matching.test_table_update import assert_same_table
from tests.recommendations.statements import counting
from tests.recommendations.test_matching_workers import other_worker  # noqa: F401  (a fixture)
from tests.recommendations.test_recommendations import anna, next_local
from tests.support import PASSWORD, ApiClient, make_role, register


def set_up(client, cli, session, names=("Anna", "Bram", "Cor")):
    """Volunteers by these names, a coordinator, a vacancy asking for groceries with a shift on Tuesday evening."""
    people = [anna(client, display_name=name) for name in names]
    coordinator = register(client)
    make_role(cli, coordinator, "coordinator")
    org = f.organisation(session, coordinator_id=coordinator.id)
    opp = f.opportunity(session, org, required_skills=["groceries"])
    f.shift(session, opp, starts_at=next_local(1, 19))
    return people, coordinator, opp


def _candidates(client, coordinator, opp_id) -> list[str]:
    r = client.get(f"/api/v1/opportunities/{opp_id}/candidates", token=coordinator.token)
    assert r.status_code == 200, r.get_json()
    return [i["volunteer_id"] for i in r.get_json()["items"]]


def _table(app, municipality_id):
    return app.extensions["doemee_volunteer_tables"].get(municipality_id)


def assert_equals_a_fresh_build(snapshot, municipality_id) -> None:
    volunteers = load_volunteers(Codebook(), municipality_id=municipality_id, now=utcnow())
    assert_same_table(snapshot.table, matching.VolunteerTable.from_volunteers(volunteers))


def test_a_profile_change_reloads_that_volunteer_alone(app, client, cli, db_session):
    (anna_, bram, cor), coordinator, opp = set_up(client, cli, db_session)
    assert set(_candidates(client, coordinator, opp.id)) == {anna_.id, bram.id, cor.id}  # builds the table
    patched = client.patch("/api/v1/me/profile", json={"skills": [{"code": "cooking", "level": 2}]},
                           token=bram.token)
    assert patched.status_code == 200, patched.get_json()
    changes = db_session.scalars(sa.select(MatchingVolunteerChange.user_id)).all()
    assert uuid.UUID(bram.id) in changes and set(changes) <= {uuid.UUID(p.id) for p in (anna_, bram, cor)}

    with counting() as seen:
        assert set(_candidates(client, coordinator, opp.id)) == {anna_.id, cor.id}
    # The change log read once, the changed volunteer's rows read by id; no codebook, no municipality-wide load.
    assert sum("matching_volunteer_changes" in s for s in seen) == 1, seen
    assert not any("FROM skills" in s for s in seen), seen
    loads = [s for s in seen if "FROM availability_slots" in s]
    assert len(loads) == 1 and "volunteer_profiles.user_id IN (" in loads[0], loads  # by id
    assert_equals_a_fresh_build(_table(app, opp.municipality_id), opp.municipality_id)
    with counting() as again:  # nothing changed since: the table as it is
        _candidates(client, coordinator, opp.id)
    assert not any("matching_volunteer_changes" in s for s in again)


def test_a_deleted_account_leaves_the_table(app, client, cli, db_session):
    (anna_, bram, cor), coordinator, opp = set_up(client, cli, db_session)
    assert set(_candidates(client, coordinator, opp.id)) == {anna_.id, bram.id, cor.id}
    assert client.delete("/api/v1/me", json={"password": PASSWORD}, token=cor.token).status_code == 204
    assert set(_candidates(client, coordinator, opp.id)) == {anna_.id, bram.id}
    snapshot = _table(app, opp.municipality_id)
    assert snapshot.table.row(cor.id) is None
    assert_equals_a_fresh_build(snapshot, opp.municipality_id)


def test_two_workers_see_a_change_and_one_committed_out_of_order(committing_app, other_worker):
    """Worker two reloads what worker one committed; and a transaction that began (and got its id) before another
    but commits after it is not missed: rows are read from the xmin of the previous read, not after its newest."""
    one, two = ApiClient(committing_app), ApiClient(other_worker)
    with committing_app.app_context():
        (anna_, bram, cor), coordinator, opp = set_up(one, committing_app.test_cli_runner(), db.session)
        db.session.commit()
        opp_id, municipality_id = opp.id, opp.municipality_id
    assert set(_candidates(one, coordinator, opp_id)) == set(_candidates(two, coordinator, opp_id)) \
        == {anna_.id, bram.id, cor.id}

    assert one.patch("/api/v1/me/profile", json={"skills": []}, token=bram.token).status_code == 200
    assert set(_candidates(two, coordinator, opp_id)) == {anna_.id, cor.id}

    with other_worker.app_context():
        early = sa.orm.Session(db.engine)
        early.execute(sa.text("SELECT pg_current_xact_id()"))  # this transaction has the older id
        later = sa.orm.Session(db.engine)
        later.get(VolunteerProfile, uuid.UUID(anna_.id)).travel_radius_km = 4
        later.commit()
        assert _candidates(two, coordinator, opp_id)  # reads the later change while the early one is running
        table = _table(other_worker, municipality_id).table
        assert table.radius[table.row(anna_.id)] == 4
        early.get(VolunteerProfile, uuid.UUID(cor.id)).travel_radius_km = 5
        early.commit()
        assert _candidates(two, coordinator, opp_id)
        snapshot = _table(other_worker, municipality_id)
        assert snapshot.table.radius[snapshot.table.row(cor.id)] == 5
        assert_equals_a_fresh_build(snapshot, municipality_id)
        early.close()
        later.close()


def test_housekeeping_deletes_changes_older_than_an_hour(client, cli, db_session, time_machine):
    anna(client)
    time_machine.move_to(utcnow() + timedelta(minutes=61), tick=False)
    anna(client, display_name="Bram")
    before = db_session.scalar(sa.select(sa.func.count()).select_from(MatchingVolunteerChange))
    assert before >= 2
    result = cli.invoke(args=["run-job", "housekeeping"])
    assert result.exit_code == 0 and "volunteer changes" in result.output, result.output
    left = db_session.scalars(sa.select(MatchingVolunteerChange.changed_at)).all()
    assert 1 <= len(left) < before and min(left) > utcnow() - timedelta(hours=1)
