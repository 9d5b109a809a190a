"""What volunteers browse: GET /shifts and GET /opportunities, their filters, pagination and query cost."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.opportunities.helpers import API, at, hold_place, organisation, shift, vacancy
from tests.support import volunteer

EN = {"Accept-Language": "en"}


@pytest.fixture
def demand(client, cli, db_session):
    """Two Maassluis organisations and one in Vlaardingen, with shifts of every kind the lists must sort out."""
    kapel, kapel_id = organisation(client, cli, name="Buurthuis De Kapel")
    bank, bank_id = organisation(client, cli, name="Voedselbank")
    vla, vla_id = organisation(client, cli, name="Vlaardingse Soos", municipality="vlaardingen")
    coffee = vacancy(client, kapel, kapel_id, title="Koffie", category="events", postcode="3144 AB",
                     required_skills=["groceries"])  # balkon
    tablet = vacancy(client, kapel, kapel_id, title="Tabletcafé", category="digital_help", postcode="3147 AB",
                     required_skills=[], nice_skills=["digital_help"])  # vertobuurt
    parcels = vacancy(client, bank, bank_id, title="Pakketten", category="groceries", postcode="3141 AA",
                      required_skills=["odd_jobs"])  # binnenstad
    soos = vacancy(client, vla, vla_id, title="Soos", category="events", postcode="3131 AA")  # vlaardingen
    draft = vacancy(client, kapel, kapel_id, title="Concept", publish=False)
    remote = vacancy(client, bank, bank_id, title="Bellen", category="company", postcode=None, remote=True)
    s = {
        "coffee_1": shift(client, kapel, coffee["id"], starts_at=at(2)),
        "coffee_2": shift(client, kapel, coffee["id"], starts_at=at(9), capacity=1),
        "tablet": shift(client, kapel, tablet["id"], starts_at=at(4)),
        "parcels": shift(client, bank, parcels["id"], starts_at=at(6)),
        "soos": shift(client, vla, soos["id"], starts_at=at(3)),
        "remote": shift(client, bank, remote["id"], starts_at=at(5)),
        "draft": shift(client, kapel, draft["id"], starts_at=at(2)),
        "cancelled": shift(client, bank, parcels["id"], starts_at=at(7)),
    }
    client.post(f"{API}/shifts/{s['cancelled']['id']}/cancel", token=bank.token)
    hold_place(db_session, s["coffee_2"]["id"], volunteer(client))  # now full
    return {"shifts": s, "opportunities": {"coffee": coffee, "tablet": tablet, "parcels": parcels, "soos": soos,
                                           "remote": remote, "draft": draft}}


def _titles(client, query, **kw):
    r = client.get(f"{API}/shifts?limit=100&{query}", **kw)
    assert r.status_code == 200, r.get_json()
    return [(i["opportunity"]["title"], i["starts_at"]) for i in r.get_json()["items"]]


def _names(client, query, **kw):
    return [title for title, _ in _titles(client, query, **kw)]


def test_only_open_future_shifts_of_published_opportunities_earliest_first(client, demand):
    assert _names(client, "") == ["Koffie", "Soos", "Tabletcafé", "Bellen", "Pakketten", "Koffie"]
    item = client.get(f"{API}/shifts?limit=1").get_json()["items"][0]
    assert item["organisation"]["name"] == "Buurthuis De Kapel"
    assert item["neighbourhood"] == {"slug": "balkon", "name": "Balkon", "district": "Kapelpolder"}
    assert item["free_places"] == 3 and item["distance_km"] is None and "checkin_code" not in item


@pytest.mark.parametrize("query,expected", [
    ("municipality=vlaardingen", ["Soos"]),
    ("municipality=maassluis", ["Koffie", "Tabletcafé", "Bellen", "Pakketten", "Koffie"]),
    ("municipality=atlantis", []),
    ("neighbourhood=vertobuurt", ["Tabletcafé"]),
    ("category=events", ["Koffie", "Soos", "Koffie"]),
    ("skill=digital_help", ["Tabletcafé"]),
    ("skill=odd_jobs", ["Pakketten"]),
    ("skill=odd", []),
    ("openOnly=true", ["Koffie", "Soos", "Tabletcafé", "Bellen", "Pakketten"]),
    ("kind=help_request", []),
    ("kind=vacancy&municipality=maassluis&category=groceries", ["Pakketten"]),
])
def test_each_filter(client, demand, query, expected):
    assert _names(client, query) == expected


def test_date_range_in_local_days(client, demand):
    first = (at(3) + timedelta(hours=0)).date().isoformat()
    last = at(5).date().isoformat()
    assert _names(client, f"from={first}&to={last}") == ["Soos", "Tabletcafé", "Bellen"]
    assert _names(client, f"from={last}&to={last}") == ["Bellen"]
    r = client.get(f"{API}/shifts?from={last}&to={first}", headers=EN)
    assert r.status_code == 400 and r.get_json()["errors"] == {"to": ['"to" must be after "from".']}


def test_near_a_postcode_within_a_distance(client, demand):
    # From Balkon: Koffie is there (0 km), the Vertobuurt ~2.5 km, the Binnenstad ~1.6 km, Vlaardingen ~7 km;
    # the remote vacancy can be done from anywhere.
    items = client.get(f"{API}/shifts?limit=100&near=3144AB&withinKm=2").get_json()["items"]
    assert [(i["opportunity"]["title"], i["distance_km"]) for i in items] == [
        ("Koffie", 0.0), ("Bellen", None), ("Pakketten", 1.6), ("Koffie", 0.0)]
    wide = client.get(f"{API}/shifts?limit=100&near=3144AB&withinKm=3").get_json()["items"]
    assert [i["opportunity"]["title"] for i in wide] == ["Koffie", "Tabletcafé", "Bellen", "Pakketten", "Koffie"]
    everything = client.get(f"{API}/shifts?limit=100&near=3144AB").get_json()["items"]
    soos = next(i for i in everything if i["opportunity"]["title"] == "Soos")
    assert 6 < soos["distance_km"] < 8


def test_near_me_uses_the_profile_and_needs_a_login(client, demand):
    anna = volunteer(client, postcode="3147 AB")  # vertobuurt
    items = client.get(f"{API}/shifts?limit=100&near=me&withinKm=0.5", token=anna.token).get_json()["items"]
    assert [(i["opportunity"]["title"], i["distance_km"]) for i in items] == [("Tabletcafé", 0.0), ("Bellen", None)]
    r = client.get(f"{API}/shifts?near=me", headers=EN)
    assert r.status_code == 400 and r.get_json()["errors"] == {"near": ["Log in to search near your own postcode."]}


@pytest.mark.parametrize("query,field", [
    ("withinKm=2", "withinKm"), ("near=hallo", "near"), ("near=1012AB", "near"), ("category=juggling", "category"),
    ("withinKm=0", "withinKm"), ("kind=party", "kind"), ("from=gisteren", "from"), ("limit=101", "limit"),
    ("cursor=rommel", "cursor"),
])
def test_bad_filters_are_explained(client, query, field):
    for path in ("shifts", "opportunities"):
        r = client.get(f"{API}/{path}?{query}")
        assert r.status_code == 400 and field in r.get_json()["errors"], (path, r.get_json())


def test_pages_have_no_duplicates_and_no_gaps(client, cli):
    coordinator, org_id = organisation(client, cli)
    opp = vacancy(client, coordinator, org_id)
    same_time = at(8)
    made = [shift(client, coordinator, opp["id"], starts_at=same_time)["id"] for _ in range(4)]
    made += [shift(client, coordinator, opp["id"], starts_at=at(2 + d))["id"] for d in range(5)]
    seen, cursor = [], None
    while True:
        body = client.get(f"{API}/shifts?limit=2" + (f"&cursor={cursor}" if cursor else "")).get_json()
        assert len(body["items"]) <= 2
        seen += [i["id"] for i in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(made) and len(seen) == len(set(seen))


def test_opportunities_list_and_its_filters(client, demand):
    def titles(query):
        r = client.get(f"{API}/opportunities?limit=100&{query}")
        assert r.status_code == 200, r.get_json()
        return sorted(o["title"] for o in r.get_json()["items"])

    assert titles("") == ["Bellen", "Koffie", "Pakketten", "Soos", "Tabletcafé"]
    assert titles("municipality=vlaardingen") == ["Soos"]
    assert titles("category=events&neighbourhood=balkon") == ["Koffie"]
    assert titles("skill=groceries") == ["Bellen", "Koffie", "Soos"]
    assert titles("skill=odd_jobs") == ["Pakketten"]
    day = at(6).date().isoformat()
    assert titles(f"from={day}&to={day}") == ["Pakketten"]
    assert titles("near=3131AA&withinKm=1") == ["Bellen", "Soos"]
    item = client.get(f"{API}/opportunities?limit=100&near=3131AA").get_json()["items"]
    assert all("postcode" not in o for o in item)
    soos = next(o for o in item if o["title"] == "Soos")
    assert soos["distance_km"] == 0.0 and soos["organisation"]["name"] == "Vlaardingse Soos"


def test_a_full_vacancy_leaves_the_open_only_opportunities(client, cli, db_session):
    coordinator, org_id = organisation(client, cli)
    opp = vacancy(client, coordinator, org_id, title="Eén plek")
    s = shift(client, coordinator, opp["id"], capacity=1)
    assert [o["title"] for o in client.get(f"{API}/opportunities?openOnly=true").get_json()["items"]] == ["Eén plek"]
    hold_place(db_session, s["id"], volunteer(client))
    assert client.get(f"{API}/opportunities?openOnly=true").get_json()["items"] == []


# --- query count -------------------------------------------------------------------------------------------

def _count_queries(app, fn):
    from backend.extensions import db

    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        # The test's own transaction turns each commit into savepoints; those are not the request's queries.
        if not statement.startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")):
            statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        response = fn()
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    return response, statements


def test_the_number_of_queries_does_not_grow_with_the_page(app, client, cli):
    staff = None
    owners = []
    for n in range(6):
        coordinator, org_id = organisation(client, cli, name=f"Club {n}", staff=staff)
        owners.append((coordinator, org_id))
    postcodes = ["3144 AB", "3147 AB", "3141 AA", "3143 AA", "3145 AA", "3146 AA"]
    for n, (coordinator, org_id) in enumerate(owners):
        opp = vacancy(client, coordinator, org_id, title=f"Vacature {n}", postcode=postcodes[n])
        for d in range(10):
            shift(client, coordinator, opp["id"], starts_at=at(1 + d, hour=8 + n))
    anna = volunteer(client)
    for query, token in (("", None), ("&near=3144AB&withinKm=5&category=events", None),
                         ("&near=me&openOnly=true", anna.token)):
        client.get(f"{API}/shifts?limit=1{query}", token=token)  # warm up: a token's first use is recorded
        counts = {}
        for limit in (5, 50):
            response, statements = _count_queries(app, lambda: client.get(f"{API}/shifts?limit={limit}{query}",
                                                                          token=token))
            assert response.status_code == 200 and len(response.get_json()["items"]) == limit
            counts[limit] = len(statements)
        assert counts[5] == counts[50] <= 7, (query, counts)
        counts = {}
        for limit in (2, 6):
            response, statements = _count_queries(app, lambda: client.get(
                f"{API}/opportunities?limit={limit}{query}", token=token))
            assert response.status_code == 200 and len(response.get_json()["items"]) == limit
            counts[limit] = len(statements)
        assert counts[2] == counts[6] <= 7, (query, counts)


def test_shifts_of_one_opportunity(client, demand):
    coffee, soos = demand["opportunities"]["coffee"], demand["opportunities"]["soos"]
    items = client.get(f"{API}/shifts?limit=100&opportunityId={coffee['id']}").get_json()["items"]
    assert [i["id"] for i in items] == [demand["shifts"]["coffee_1"]["id"], demand["shifts"]["coffee_2"]["id"]]
    assert _names(client, f"opportunityId={soos['id']}&municipality=maassluis") == []
    assert _names(client, f"opportunityId={demand['opportunities']['draft']['id']}") == []
    r = client.get(f"{API}/shifts?opportunityId=koffie", headers=EN)
    assert r.status_code == 400 and "opportunityId" in r.get_json()["errors"]


def test_the_former_snake_case_keys_still_work_during_api_1_1(client, demand):
    """API 1.1 renamed within_km, open_only and opportunity_id to camelCase (Dutch API Design Rules); the former
    keys are still accepted until 1.2, and answer the same."""
    coffee = demand["opportunities"]["coffee"]
    for new, former in ((f"opportunityId={coffee['id']}", f"opportunity_id={coffee['id']}"),
                        ("near=3144AB&withinKm=2&openOnly=true", "near=3144AB&within_km=2&open_only=true")):
        now = client.get(f"{API}/shifts?limit=100&{new}")
        before = client.get(f"{API}/shifts?limit=100&{former}")
        assert now.status_code == before.status_code == 200
        assert now.get_json()["items"] == before.get_json()["items"] != []
    r = client.get(f"{API}/shifts?within_km=0", headers=EN)
    assert r.status_code == 400 and list(r.get_json()["errors"]) == ["withinKm"]
