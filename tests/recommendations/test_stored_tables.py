"""Volunteer tables built once and stored in PostgreSQL, loaded by a new worker without a build, bounded per worker
(issue 23: backend.recommendations.stored_tables)."""
import re
from datetime import timedelta
from types import MappingProxyType

import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

import matching
from backend.models_base import utcnow
from backend.recommendations.models import MatchingTable
from backend.recommendations.stored_tables import MAX_AGE, WorkerTables, table_bytes, table_from_bytes
from backend.recommendations.volunteer_table import volunteers_of_table
from tests import factories as f
from tests.matching.matching_factories import volunteers
from tests.matching.test_table_update import assert_same_table
from tests.recommendations.statements import counting
from tests.recommendations.test_recommendations import next_local
from tests.recommendations.test_volunteer_changes import set_up

# The statements that build a volunteer table (encode.load_volunteers over a whole municipality).
BUILD = re.compile(r"\bFROM (profile_skills|availability_slots|availability_exceptions)\b", re.I)
TABLES = "doemee_volunteer_tables"


def _set_up(client, cli, session):
    return set_up(client, cli, session, names=("Anna", "Bram"))


def _candidates(client, coordinator, opp_id) -> set[str]:
    r = client.get(f"/api/v1/opportunities/{opp_id}/candidates", token=coordinator.token)
    assert r.status_code == 200, r.get_json()
    return {i["volunteer_id"] for i in r.get_json()["items"]}


def _builds(statements) -> bool:
    """A municipality-wide load (not the reload of changed volunteers by id)."""
    return any(BUILD.search(s) and "volunteer_profiles.municipality_id" in s and "user_id IN (%(" not in s
               for s in statements)


def test_the_command_stores_the_table_and_a_new_worker_loads_it_without_a_build(app, client, cli, db_session):
    (anna_, bram), coordinator, opp = _set_up(client, cli, db_session)
    result = cli.invoke(args=["matching-tables"])
    assert result.exit_code == 0 and "2 volunteers" in result.output, result.output
    stored = db_session.scalar(sa.select(MatchingTable).where(MatchingTable.municipality_id == opp.municipality_id,
                                                              MatchingTable.kind == "volunteers"))
    assert stored.rows == 2

    app.extensions.pop(TABLES, None)  # a new worker
    with counting() as seen:
        assert _candidates(client, coordinator, opp.id) == {anna_.id, bram.id}
    assert not _builds(seen), seen

    # A profile change after the build: the new worker's stored table is brought up to date by the change log.
    assert client.patch("/api/v1/me/profile", json={"skills": []}, token=bram.token).status_code == 200
    app.extensions.pop(TABLES, None)
    with counting() as seen:
        assert _candidates(client, coordinator, opp.id) == {anna_.id}
    assert not _builds(seen), seen


def test_a_request_that_finds_no_recent_table_builds_and_stores_it(app, client, cli, db_session):
    (anna_, bram), coordinator, opp = _set_up(client, cli, db_session)
    with counting() as seen:
        assert _candidates(client, coordinator, opp.id) == {anna_.id, bram.id}
    assert _builds(seen)  # none stored: built here, and stored for the other workers
    first = db_session.scalar(sa.select(MatchingTable.built_at))
    assert first is not None

    # Nobody ran the command or job since: the stored table grew older than MAX_AGE.
    first = utcnow() - MAX_AGE - timedelta(minutes=1)
    db_session.execute(sa.update(MatchingTable).values(built_at=first))
    app.extensions.pop(TABLES, None)
    with counting() as seen:
        assert _candidates(client, coordinator, opp.id) == {anna_.id, bram.id}
    assert _builds(seen)  # the stored one is too old (the change log may have lost what it needs)
    db_session.expire_all()
    assert db_session.scalar(sa.select(MatchingTable.built_at)) > first


def test_a_worker_keeps_the_tables_of_at_most_the_set_number_of_municipalities(app, client, cli, db_session):
    config = app.extensions["doemee_config"]
    app.extensions["doemee_config"] = MappingProxyType({**config, "MATCHING_TABLES_PER_WORKER": 1})
    app.extensions.pop(TABLES, None)
    try:
        (anna_, _bram), coordinator, opp = _set_up(client, cli, db_session)
        schiedam_opp = f.opportunity(db_session, f.organisation(db_session, coordinator_id=coordinator.id,
                                                                name="Buurthuis Schiedam",
                                                                municipality_slug="schiedam"),
                                     required_skills=["groceries"])
        hood = f.neighbourhood(db_session, "centrum", "schiedam")
        schiedam_opp.municipality_id, schiedam_opp.neighbourhood_id = hood.municipality_id, hood.id
        db_session.flush()
        f.shift(db_session, schiedam_opp, starts_at=next_local(1, 19))
        assert anna_.id in _candidates(client, coordinator, opp.id)
        _candidates(client, coordinator, schiedam_opp.id)
        tables = app.extensions[TABLES]
        assert len(tables) == 1 and schiedam_opp.municipality_id in tables
        assert opp.municipality_id not in tables
        assert anna_.id in _candidates(client, coordinator, opp.id)  # loaded again (stored): the same answer
        assert len(tables) == 1 and opp.municipality_id in tables
    finally:
        app.extensions["doemee_config"] = config
        app.extensions.pop(TABLES, None)


def test_least_recently_used_goes_first():
    tables = WorkerTables(2)
    tables.put("a", 1)
    tables.put("b", 2)
    assert tables.get("a") == 1  # a used last: b goes
    tables.put("c", 3)
    assert "b" not in tables and tables.get("a") == 1 and tables.get("c") == 3 and len(tables) == 2


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_stored_bytes_and_records_from_rows_give_the_same_table(data):
    records = [data.draw(volunteers(f"v{i}")) for i in range(data.draw(st.integers(0, 6)))]
    table = matching.VolunteerTable.from_volunteers(records)
    assert_same_table(table_from_bytes(table_bytes(table)), table)
    by_id = {v.id: v for v in records}
    again = [v.with_engagements(busy=by_id[v.id].busy, load=by_id[v.id].load, max_load=by_id[v.id].max_load,
                                completed=by_id[v.id].completed, no_shows=by_id[v.id].no_shows)
             for v in volunteers_of_table(table)]
    assert_same_table(matching.VolunteerTable.from_volunteers(again), table)


DEMAND_BUILD = "organisations.name AS organisation"  # demand_table._opportunities: a demand table is being built


def test_a_new_worker_loads_the_demand_table_another_built_until_its_token_moves(app, client, cli, db_session):
    (anna_, _bram), coordinator, opp = _set_up(client, cli, db_session)

    def feed():
        with counting() as seen:
            r = client.get("/api/v1/me/recommendations", token=anna_.token)
        assert r.status_code == 200, r.get_json()
        return r.get_json()["items"], any(DEMAND_BUILD in s for s in seen)

    first, built = feed()
    assert first and built  # none stored: this worker builds it, and stores it
    app.extensions.pop("doemee_demand_tables", None)  # a new worker
    again, built = feed()
    assert again == first and not built  # every field the same, as the stored table gives them
    # A new shift moves the demand token: the stored table is not used, a new one is built (and stored).
    later = f.shift(db_session, opp, starts_at=next_local(1, 19) + timedelta(days=7))
    app.extensions.pop("doemee_demand_tables", None)
    items, built = feed()
    assert built and str(later.id) in [i["shift_id"] for i in items]
    app.extensions.pop("doemee_demand_tables", None)
    assert feed() == (items, False)


def test_a_request_does_not_wait_for_another_transaction_storing_the_same_table(committing_app):
    """Storing takes a try-lock: a request that finds another storing the table answers without storing it (two
    requests storing two tables in opposite orders cannot deadlock; none queues behind a build)."""
    from backend.extensions import db
    from tests.support import ApiClient

    client = ApiClient(committing_app)
    with committing_app.app_context():
        (anna_, bram), coordinator, opp = _set_up(client, committing_app.test_cli_runner(), db.session)
        db.session.commit()
        other = sa.orm.Session(db.engine)
        key = f"matching_tables:{opp.municipality_id}:volunteers"
        other.execute(sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtextextended(key, 0))))
        try:
            assert _candidates(client, coordinator, opp.id) == {anna_.id, bram.id}
            assert db.session.scalar(sa.select(sa.func.count()).select_from(MatchingTable)
                                     .where(MatchingTable.kind == "volunteers")) == 0
        finally:
            other.rollback()
            other.close()
        committing_app.extensions.pop(TABLES, None)
        assert _candidates(client, coordinator, opp.id) == {anna_.id, bram.id}
        db.session.remove()
        assert db.session.scalar(sa.select(MatchingTable.rows).where(MatchingTable.kind == "volunteers")) == 2


def test_the_scheduled_job_stores_every_municipality_s_tables(client, cli, db_session):
    """The periodic job `matching-tables` (every 15 minutes) builds and stores what a worker loads."""
    _set_up(client, cli, db_session)
    before = db_session.scalar(sa.select(sa.func.count()).select_from(MatchingTable))
    result = cli.invoke(args=["run-job", "matching-tables"])
    assert result.exit_code == 0, result.output
    kinds = set(db_session.execute(sa.text(
        "SELECT m.slug, t.kind FROM matching_tables t JOIN municipalities m ON m.id = t.municipality_id")).all())
    municipalities = set(db_session.scalars(sa.text("SELECT slug FROM municipalities")))
    assert before == 0
    # Each municipality: its volunteers, and its demand for the current half hour (and the next, near its end).
    assert {slug for slug, kind in kinds if kind == "volunteers"} == municipalities, kinds
    assert {slug for slug, kind in kinds if kind.startswith("demand-")} == municipalities, kinds
