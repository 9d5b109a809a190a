"""People take up a self-service role themselves (a volunteer who needs a hand becomes a resident too), and a
coordinator finds their own organisations."""
from tests.help.test_help_requests import request_body
from tests.opportunities.helpers import API, organisation
from tests.support import login, register, volunteer


def test_a_volunteer_becomes_a_resident_and_can_then_ask_for_help(client):
    anna = volunteer(client)
    assert client.post(f"{API}/help-requests", json=request_body(), token=anna.token).status_code == 403
    r = client.post(f"{API}/me/roles", json={"role": "resident"}, token=anna.token)
    assert r.status_code == 201, r.get_json()
    assert sorted(g["role"] for g in r.get_json()["roles"]) == ["resident", "volunteer"]
    again = client.post(f"{API}/me/roles", json={"role": "resident"}, token=anna.token)
    assert again.status_code == 200 and len(again.get_json()["roles"]) == 2
    assert sorted(g["role"] for g in client.get(f"{API}/me", token=anna.token).get_json()["roles"]) == [
        "resident", "volunteer"]
    r = client.post(f"{API}/help-requests", json=request_body(), token=anna.token)
    assert r.status_code == 201, r.get_json()
    assert client.get(f"{API}/me/profile", token=anna.token).status_code == 200  # still a volunteer


def test_only_self_service_roles_can_be_taken(client):
    bob = register(client, roles=["resident"])
    for role in ("municipality_staff", "admin", "coordinator", "merchant", "wizard"):
        r = client.post(f"{API}/me/roles", json={"role": role}, token=bob.token, headers={"Accept-Language": "en"})
        assert r.status_code == 400 and "role" in r.get_json()["errors"], role
    assert [g["role"] for g in client.get(f"{API}/me", token=bob.token).get_json()["roles"]] == ["resident"]
    r = client.post(f"{API}/me/roles", json={"role": "volunteer"}, token=bob.token)
    assert r.status_code == 201
    assert client.post(f"{API}/me/roles", json={"role": "resident"}).status_code == 401


def test_a_coordinator_lists_their_own_organisations(client, cli):
    coordinator, kapel_id = organisation(client, cli, name="Buurthuis De Kapel")
    r = client.post(f"{API}/organisations", token=coordinator.token,
                    json={"name": "Anbi Sluis", "description": "", "municipality": "maassluis"})
    sluis_id = r.get_json()["id"]
    other, other_id = organisation(client, cli, name="Voedselbank", verified=False)
    assert client.post(f"{API}/organisations/{other_id}/coordinators", json={"email": coordinator.email},
                       token=other.token).status_code == 202
    r = client.get(f"{API}/me/organisations", token=coordinator.token)
    assert r.status_code == 200
    assert [(i["organisation"]["id"], i["organisation"]["name"], i["organisation"]["verified"], i["municipality"],
             i["membership"]) for i in r.get_json()["items"]] == [
        (sluis_id, "Anbi Sluis", False, "maassluis", "active"),
        (kapel_id, "Buurthuis De Kapel", True, "maassluis", "active"),
        (other_id, "Voedselbank", False, "maassluis", "invited")]
    mine = client.get(f"{API}/me/organisations", token=other.token).get_json()["items"]
    assert [i["organisation"]["name"] for i in mine] == ["Voedselbank"]
    stranger = login(client, register(client).email)["access_token"]
    assert client.get(f"{API}/me/organisations", token=stranger).get_json() == {"items": []}
