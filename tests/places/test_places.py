"""Municipalities, neighbourhoods and postcodes."""
import pytest

from tests.support import make_role, register


def all_pages(client, path, limit):
    items, cursor, pages = [], None, 0
    while True:
        r = client.get(path, query_string={"limit": limit, **({"cursor": cursor} if cursor else {})})
        assert r.status_code == 200
        body = r.get_json()
        assert len(body["items"]) <= limit
        items += body["items"]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return items, pages


def test_served_municipalities(client):
    items, _ = all_pages(client, "/api/v1/municipalities", 100)
    assert [m["slug"] for m in items] == ["maassluis", "schiedam", "vlaardingen"]


def test_maassluis_has_its_six_wijken_and_their_buurten(client):
    hoods, pages = all_pages(client, "/api/v1/municipalities/maassluis/neighbourhoods", 4)
    assert pages == 4  # 15 buurten, 4 per page, no duplicates across pages
    names = {h["name"] for h in hoods}
    assert len(names) == len(hoods) == 15
    districts = {h["district"] for h in hoods}
    assert districts == {"Taanshuurpolder e.o.", "Dijkpolder", "Sluispolder", "Kapelpolder", "Burgemeesterswijk",
                         "Steendijkpolder"}
    focus = {h["name"] for h in hoods if h["is_focus"]}
    assert focus == {"Sluispolder West", "Bomendal", "Componistenbuurt", "Vertobuurt", "Kapelpolder"}
    assert all(h["focus_weight"] > 1 for h in hoods if h["is_focus"])
    pc4 = {a["pc4"] for h in hoods for a in h["postcode_areas"]}
    assert pc4 == {str(n) for n in range(3140, 3148)}


def test_unknown_municipality_is_404(client):
    r = client.get("/api/v1/municipalities/atlantis/neighbourhoods")
    assert r.status_code == 404


def test_a_forged_cursor_is_400(client):
    r = client.get("/api/v1/municipalities?cursor=bm9wZQ", headers={"Accept-Language": "en"})
    assert r.status_code == 400
    assert r.get_json()["errors"] == {"cursor": ["Not a cursor from this list."]}


@pytest.mark.parametrize("raw", ["3144 BA", "3144ba", " 3144 ba ", "3144BA"])
def test_postcode_spellings_resolve_to_the_same_place(client, raw):
    r = client.get("/api/v1/postcode-lookup", query_string={"postcode": raw})
    assert r.status_code == 200
    body = r.get_json()
    assert body["postcode"] == "3144 BA"
    assert body["municipality"]["slug"] == "maassluis"
    assert body["neighbourhood"]["name"] == "Balkon"
    assert body["neighbourhood"]["district"] == "Kapelpolder"


@pytest.mark.parametrize("raw,municipality,hood", [
    ("3147 AB", "maassluis", "Vertobuurt"),
    ("3147 XY", "maassluis", "Bomendal"),
    ("3142 AK", "maassluis", "Sluispolder West"),
    ("3136 KL", "vlaardingen", "Holy-Noord"),
    ("3117 AA", "schiedam", "Groenoord"),
])
def test_postcodes_map_to_neighbourhoods(client, raw, municipality, hood):
    body = client.get("/api/v1/postcode-lookup", query_string={"postcode": raw}).get_json()
    assert (body["municipality"]["slug"], body["neighbourhood"]["name"]) == (municipality, hood)


@pytest.mark.parametrize("raw,message", [
    ("31444 BA", "Not a Dutch postcode (like 3144 BA)."),
    ("0144 BA", "Not a Dutch postcode (like 3144 BA)."),
    ("3144", "Not a Dutch postcode (like 3144 BA)."),
    ("3144 B4", "Not a Dutch postcode (like 3144 BA)."),
    ("3144' OR 1=1", "Not a Dutch postcode (like 3144 BA)."),
    ("1012 AB", "DoeMee is not (yet) available for postcode 1012 AB."),
])
def test_bad_or_unserved_postcodes_are_clear_400s(client, raw, message):
    r = client.get("/api/v1/postcode-lookup", query_string={"postcode": raw}, headers={"Accept-Language": "en"})
    assert r.status_code == 400
    assert r.get_json()["errors"] == {"postcode": [message]}


def test_staff_edit_their_own_municipalitys_neighbourhoods_only(client, cli):
    maassluis_staff = register(client)
    make_role(cli, maassluis_staff, "municipality_staff", "maassluis")
    vlaardingen_staff = register(client)
    make_role(cli, vlaardingen_staff, "municipality_staff", "vlaardingen")
    volunteer = register(client)
    path = "/api/v1/municipalities/maassluis/neighbourhoods/bloemenbuurt"

    assert client.patch(path, json={"is_focus": True}).status_code == 401
    assert client.patch(path, json={"is_focus": True}, token=volunteer.token).status_code == 403
    assert client.patch(path, json={"is_focus": True}, token=vlaardingen_staff.token).status_code == 403
    r = client.patch(path, json={"is_focus": True, "focus_weight": 1.3}, token=maassluis_staff.token)
    assert r.status_code == 200
    assert r.get_json()["is_focus"] is True and r.get_json()["focus_weight"] == 1.3
    hoods, _ = all_pages(client, "/api/v1/municipalities/maassluis/neighbourhoods", 100)
    assert {h["slug"]: h["is_focus"] for h in hoods}["bloemenbuurt"] is True

    bad = client.patch(path, json={"focus_weight": -1}, token=maassluis_staff.token)
    assert bad.status_code == 400 and "focus_weight" in bad.get_json()["errors"]

    new = {"slug": "nieuwe-buurt", "name": "Nieuwe Buurt", "district": "Dijkpolder", "latitude": 51.91,
           "longitude": 4.25}
    assert client.post("/api/v1/municipalities/maassluis/neighbourhoods", json=new,
                       token=vlaardingen_staff.token).status_code == 403
    assert client.post("/api/v1/municipalities/maassluis/neighbourhoods", json=new,
                       token=maassluis_staff.token).status_code == 201
    assert client.post("/api/v1/municipalities/maassluis/neighbourhoods", json=new,
                       token=maassluis_staff.token).status_code == 409
