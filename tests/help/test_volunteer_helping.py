"""Offering help on a request for help, through the pages: neighbourhood and distance only until the neighbour
accepts; then the address and the neighbour's first name, to the accepted volunteer alone."""
from tests.help.test_help_requests import STREET, consent, intermediary, post, resident
from tests.support import ApiClient
from tests.engagements.test_volunteer_work import _volunteer
from tests.web_support import text


def _offer_id(client, owner, request_id, position=0):
    r = client.get(f"/api/v1/help-requests/{request_id}/offers", token=owner.token)
    return r.get_json()["items"][position]["id"]


def test_offer_help_and_see_the_address_only_after_the_neighbour_accepts(app):
    client = ApiClient(app)
    owner = resident(client, name="Gerda Vraagsma")
    request_id = post(client, owner)["id"]
    anna, bob = _volunteer(app), _volunteer(app)

    listed = text(anna.get("/hulpvragen"))
    assert "Boodschappen doen" in listed and "km van huis" in listed and STREET not in listed
    page = anna.get(f"/hulpvragen/{request_id}")
    assert page.status_code == 200 and STREET not in page.get_data(as_text=True)
    assert "km van huis" in text(page) and "Ik wil helpen" in text(page)

    r = anna.post(f"/hulpvragen/{request_id}/aanbieden")
    assert r.status_code == 303
    page = anna.get(r.headers["Location"])
    assert "Je hebt hulp aangeboden." in text(page) and STREET not in page.get_data(as_text=True)
    bob.post(f"/hulpvragen/{request_id}/aanbieden")

    r = client.post(f"/api/v1/help-requests/{request_id}/offers/{_offer_id(client, owner, request_id)}/accept",
                    token=owner.token)
    assert r.status_code == 200, r.get_json()

    page = text(anna.get(f"/hulpvragen/{request_id}"))
    assert "Je helpt Gerda" in page and STREET in page and "Vraagsma" not in page
    assert 'href="tel:' not in anna.get(f"/hulpvragen/{request_id}").get_data(as_text=True)  # no number shared
    other = bob.get(f"/hulpvragen/{request_id}")
    assert STREET not in other.get_data(as_text=True) and "iemand anders gevonden" in text(other)


def test_a_request_posted_by_the_neighbourhood_team_shows_the_residents_first_name(app, cli):
    client = ApiClient(app)
    team = intermediary(client, cli)
    request_id = post(client, team, resident_first_name="Truus", consent=consent(client))["id"]
    anna = _volunteer(app)
    anna.post(f"/hulpvragen/{request_id}/aanbieden")
    client.post(f"/api/v1/help-requests/{request_id}/offers/{_offer_id(client, team, request_id)}/accept",
                token=team.token)
    page = text(anna.get(f"/hulpvragen/{request_id}"))
    assert "Je helpt Truus" in page and STREET in page


def test_withdrawing_an_offer_and_the_forms_token(app):
    client = ApiClient(app)
    owner = resident(client)
    request_id = post(client, owner)["id"]
    anna = _volunteer(app)
    assert anna.post(f"/hulpvragen/{request_id}/aanbieden", csrf=False).status_code == 400
    assert client.get(f"/api/v1/help-requests/{request_id}/offers", token=owner.token).get_json()["items"] == []
    anna.post(f"/hulpvragen/{request_id}/aanbieden")
    r = anna.post(f"/hulpvragen/{request_id}/intrekken", form_from=f"/hulpvragen/{request_id}")
    assert "Je aanbod is ingetrokken." in text(anna.get(r.headers["Location"]))
    [offer] = client.get(f"/api/v1/help-requests/{request_id}/offers", token=owner.token).get_json()["items"]
    assert offer["status"] == "withdrawn"


def test_in_english(app):
    client = ApiClient(app)
    request_id = post(client, resident(client))["id"]
    anna = _volunteer(app, language="en")
    assert "Requests for help near you" in text(anna.get("/hulpvragen"))
    assert "I want to help" in text(anna.get(f"/hulpvragen/{request_id}"))
