"""Several workers, real commits (PostgreSQL): each worker's tables follow the others' changes, and a batch run
runs in the scheduler's worker while requests go on."""
import threading

import pytest
import sqlalchemy as sa

from doemee.app import create_app
from backend.extensions import db
from backend.opportunities.models import Shift
from tests import factories as f
from tests.accounts.factories import staff_member
from tests.conftest import PG_URL, app_config
from tests.recommendations.test_recommendations import TUESDAY_EVENING, _period, next_local
from tests.support import ApiClient, register, volunteer

FEED = "/api/v1/me/recommendations"


def _feed(client, person):
    r = client.get(FEED, token=person.token)
    assert r.status_code == 200, r.get_json()
    return {i["shift_id"] for i in r.get_json()["items"]}


@pytest.fixture
def other_worker():
    """A second app on the same database: its own process state, so its own demand tables."""
    application = create_app(app_config(PG_URL))
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def two_places_for_me(app, client) -> tuple:
    """Me (groceries, Tuesday evenings), two other volunteers, and a shift of two places that fits me, committed:
    (me, others, opportunity id, shift id)."""
    me = volunteer(client, skills=[{"code": "groceries", "level": 2}], availability=TUESDAY_EVENING,
                   travel_radius_km=2, preference="one_off")
    others = [volunteer(client, availability=TUESDAY_EVENING) for _ in range(2)]
    with app.app_context():
        opp = f.opportunity(db.session, f.organisation(db.session), required_skills=["groceries"])
        shift_id = f.shift(db.session, opp, starts_at=next_local(1, 19), capacity=2).id
        db.session.commit()
        return me, others, opp.id, shift_id


def test_a_change_committed_through_one_worker_shows_in_the_others_feed_at_its_next_request(committing_app,
                                                                                             other_worker):
    one, two = ApiClient(committing_app), ApiClient(other_worker)
    me = volunteer(one, skills=[{"code": "groceries", "level": 2}], availability=TUESDAY_EVENING,
                   travel_radius_km=2, preference="one_off")
    with committing_app.app_context():
        org = f.organisation(db.session)
        opp = f.opportunity(db.session, org, required_skills=["groceries"])
        first = f.shift(db.session, opp, starts_at=next_local(1, 19))
        db.session.commit()
        opp_id, first_id = opp.id, first.id
    assert _feed(one, me) == _feed(two, me) == {str(first_id)}  # both workers built their table

    with committing_app.app_context():  # published through worker one
        second = f.shift(db.session, db.session.get(type(opp), opp_id), starts_at=next_local(1, 19, weeks_ahead=2))
        db.session.commit()
        second_id = second.id
    assert _feed(two, me) == {str(first_id), str(second_id)}

    with committing_app.app_context():  # cancelled through worker one
        db.session.get(Shift, first_id).status = "cancelled"
        db.session.commit()
    assert _feed(two, me) == {str(second_id)}
    assert _feed(one, me) == {str(second_id)}


def a_request_to_match(app, client) -> tuple:
    """Staff, a volunteer for groceries on Tuesday evenings and a resident's request for groceries on the next one,
    committed: what a batch run assigns. Returns (staff, volunteer)."""
    staff = staff_member(client, app.test_cli_runner())
    helper = volunteer(client, skills=[{"code": "groceries", "level": 2}], availability=TUESDAY_EVENING,
                       travel_radius_km=2)
    resident = register(client, roles=["resident"])
    with app.app_context():
        f.help_request(db.session, requester_id=resident.id, window_start=next_local(1, 19),
                       required_skills=["groceries"])
        db.session.commit()
        db.session.remove()
    return staff, helper


def test_a_batch_run_executes_in_the_worker_and_a_profile_change_meanwhile_is_not_blocked(committing_app):
    client = ApiClient(committing_app)
    staff, helper = a_request_to_match(committing_app, client)
    posted = client.post("/api/v1/matching/runs", json=_period(), token=staff.token)
    assert posted.status_code == 202 and posted.get_json()["status"] == "pending"

    outcome = {}

    def worker():
        outcome["job"] = committing_app.test_cli_runner().invoke(
            args=["run-task", "doemee.matching_run", f"run_id={posted.get_json()['id']}"]).output

    job = threading.Thread(target=worker)
    job.start()
    patched = client.patch("/api/v1/me/profile", json={"travel_radius_km": 3}, token=helper.token)
    job.join(timeout=60)
    assert patched.status_code == 200
    assert outcome["job"].strip().endswith(": done"), outcome["job"]
    run = client.get(posted.headers["Location"], token=staff.token).get_json()
    assert run["status"] == "done" and run["assigned"] == 1 and run["finished_at"] is not None
    with committing_app.app_context():
        assert db.session.scalar(sa.text("SELECT count(*) FROM matching_runs WHERE status = 'pending'")) == 0


def test_a_run_executed_elsewhere_is_waited_for_and_then_not_executed_again(committing_app):
    """The engine may retry a run whose worker it presumed dead while that worker still runs it, and an operator may
    run-task it beside a worker: the second execution waits for the first (here: its lock, held by the test) and
    then finds the run done, never running it a second time beside the first."""
    client = ApiClient(committing_app)
    staff, _volunteer = a_request_to_match(committing_app, client)
    run_id = client.post("/api/v1/matching/runs", json=_period(), token=staff.token).get_json()["id"]
    outputs = []

    def execute():
        outputs.append(committing_app.test_cli_runner().invoke(
            args=["run-task", "doemee.matching_run", f"run_id={run_id}"]).output)

    with committing_app.app_context():
        elsewhere = db.engine.connect()  # the first execution's lock, as its worker holds it
        key = sa.func.hashtextextended(f"matching_run:{run_id}", 0)
        try:
            elsewhere.execute(sa.select(sa.func.pg_advisory_lock(key)))
            elsewhere.commit()
            second = threading.Thread(target=execute)
            second.start()
            second.join(timeout=2)
            waited = second.is_alive()
            status = db.session.scalar(sa.text("SELECT status FROM matching_runs WHERE id = :id"), {"id": run_id})
            db.session.remove()
        finally:
            elsewhere.execute(sa.select(sa.func.pg_advisory_unlock(key)))  # the first execution ends
            elsewhere.close()
    second.join(timeout=60)
    assert waited and status == "pending", (outputs, status)
    assert outputs and outputs[0].strip().endswith(": done"), outputs
    execute()  # a retry after the run ended: nothing to do
    assert "nothing to do (done)" in outputs[1], outputs
    with committing_app.app_context():
        assert db.session.scalar(sa.text("SELECT count(*) FROM matching_proposals WHERE run_id = :id"),
                                 {"id": run_id}) == 1


def test_free_places_and_the_last_place_taken_show_in_every_workers_feed(committing_app, other_worker):
    """A place taken through one worker moves no marker, yet the other worker's feed shows the new free places;
    the last place taken removes the shift from both workers' feeds."""
    one, two = ApiClient(committing_app), ApiClient(other_worker)
    me, others, _opp_id, shift_id = two_places_for_me(committing_app, one)

    def free(client):
        r = client.get(FEED, token=me.token)
        assert r.status_code == 200, r.get_json()
        return {i["shift_id"]: i["free_places"] for i in r.get_json()["items"]}

    assert free(one) == free(two) == {str(shift_id): 2}  # both workers built their table
    assert one.post(f"/api/v1/shifts/{shift_id}/signups", token=others[0].token).status_code == 201
    assert free(two) == free(one) == {str(shift_id): 1}
    assert two.post(f"/api/v1/shifts/{shift_id}/signups", token=others[1].token).status_code == 201
    assert free(one) == free(two) == {}
