"""Intermediaries (neighbourhood teams) post requests for help on a resident's behalf through the pages: consent
recorded, offers seen, one accepted, the address revealed to that volunteer only; their own requests only, the
unmatched ones of more than 48 hours first."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

from tests.support import make_role, volunteer
from tests.web_support import Browser, path_of, text

MONDAY = datetime(2026, 10, 19, 9, 0, tzinfo=timezone.utc)


def _intermediary(app, cli, *, language="nl"):
    browser = Browser(app, language=language)
    email = browser.register(name="Wijkteam Noord", locale=language)
    make_role(cli, SimpleNamespace(email=email), "intermediary", "maassluis")
    return browser


def _post(browser, **fields) -> str:
    page = browser.get("/organisatie/hulpvragen/nieuw")
    version = re.search(r'name="consent_version" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    data = {"resident_first_name": "Henk", "title": "Boodschappen halen", "description": "Een tas vol",
            "category": "groceries", "urgency": "normal", "day": "2026-10-22", "start": "10:00", "end": "12:00",
            "street": "Geheimstraat", "house_number": "12", "postcode": "3144 BA", "consent": "on",
            "consent_version": version, "consent_method": "verbal", **fields}
    r = browser.post("/organisatie/hulpvragen/nieuw", data)
    assert r.status_code == 303, text(r)[:1500]
    return path_of(r.headers["Location"]).split("/")[3].split("?")[0]


def test_post_for_a_resident_accept_an_offer_and_only_that_volunteer_sees_the_address(app, client, cli,
                                                                                      time_machine):
    time_machine.move_to(MONDAY, tick=False)
    team = _intermediary(app, cli)
    request_id = _post(team)
    page = text(team.get(f"/organisatie/hulpvragen/{request_id}?done=posted"))
    assert "Geheimstraat 12" in page and "Henk" in page
    assert "vastgelegd door jou op 19 oktober 2026" in page  # consent: who and when

    anna, bram = volunteer(client), volunteer(client)
    for person in (anna, bram):
        assert client.post(f"/api/v1/help-requests/{request_id}/offers", token=person.token).status_code == 201
    assert client.get(f"/api/v1/help-requests/{request_id}/address", token=anna.token).status_code == 404
    detail = team.get(f"/organisatie/hulpvragen/{request_id}")
    offers = re.findall(r'/aanbod/([0-9a-f-]{36})/accepteren', detail.get_data(as_text=True))
    assert len(offers) == 2 and "Wie wil helpen" in text(detail)
    anna_offer = client.get("/api/v1/me/engagements", token=anna.token).get_json()["items"][0]["id"]
    r = team.post(f"/organisatie/hulpvragen/{request_id}/aanbod/{anna_offer}/accepteren", {},
                  form_from=f"/organisatie/hulpvragen/{request_id}")
    assert r.status_code == 303
    assert "De vrijwilliger ziet nu het adres." in text(team.get(path_of(r.headers["Location"])))
    shown = client.get(f"/api/v1/help-requests/{request_id}/address", token=anna.token)
    assert shown.status_code == 200 and shown.get_json()["street"] == "Geheimstraat"
    assert client.get(f"/api/v1/help-requests/{request_id}/address", token=bram.token).status_code == 404

    r = team.post(f"/organisatie/hulpvragen/{request_id}/sluiten", {},
                  form_from=f"/organisatie/hulpvragen/{request_id}")
    assert r.status_code == 303
    assert client.get(f"/api/v1/help-requests/{request_id}/address", token=anna.token).status_code == 404


def test_consent_is_required_and_nothing_is_posted_without_it(app, cli, time_machine):
    time_machine.move_to(MONDAY, tick=False)
    team = _intermediary(app, cli, language="en")
    page = team.get("/organisatie/hulpvragen/nieuw")
    version = re.search(r'name="consent_version" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    r = team.post("/organisatie/hulpvragen/nieuw", {
        "resident_first_name": "Henk", "title": "Boodschappen", "category": "groceries", "urgency": "normal",
        "day": "2026-10-22", "start": "10:00", "end": "12:00", "street": "Geheimstraat", "house_number": "12",
        "postcode": "3144 BA", "consent_version": version})
    assert r.status_code == 422
    assert "You have not posted a request yet." in text(team.get("/organisatie/hulpvragen"))


def test_an_intermediary_sees_only_their_own_requests_unmatched_for_long_first(app, client, cli, time_machine):
    time_machine.move_to(MONDAY, tick=False)
    team, other = _intermediary(app, cli), _intermediary(app, cli)
    old = _post(team, title="Lang wachtend", day="2026-10-28")
    time_machine.move_to(MONDAY + timedelta(days=3), tick=False)
    _post(team, title="Net geplaatst", day="2026-10-28")
    listing = text(team.get("/organisatie/hulpvragen"))
    assert listing.index("Lang wachtend") < listing.index("Net geplaatst")
    assert "al meer dan 48 uur niemand" in listing
    # the other team sees none of it: not in their list, and the request itself is not there for them
    assert "Lang wachtend" not in text(other.get("/organisatie/hulpvragen"))
    assert other.get(f"/organisatie/hulpvragen/{old}").status_code == 404
    assert other.post(f"/organisatie/hulpvragen/{old}/sluiten", {},
                      form_from="/organisatie/hulpvragen").status_code in (403, 404)
    assert "Lang wachtend" in text(team.get(f"/organisatie/hulpvragen/{old}"))
    # a coordinator or volunteer without the intermediary role is not let in
    plain = Browser(app)
    plain.register()
    assert plain.get("/organisatie/hulpvragen").status_code == 403


def test_how_the_resident_consented_is_asked_and_shown(app, cli, time_machine):
    time_machine.move_to(MONDAY, tick=False)
    team = _intermediary(app, cli)
    form = team.get("/organisatie/hulpvragen/nieuw").get_data(as_text=True)
    for code in ("verbal", "written", "phone", "email"):
        assert f'type="radio" id="consent_method-{code}" name="consent_method" value="{code}"' in form
    assert "Hoe gaf de bewoner toestemming?" in text(team.get("/organisatie/hulpvragen/nieuw"))
    request_id = _post(team, consent_method="phone")
    page = text(team.get(f"/organisatie/hulpvragen/{request_id}"))
    assert "Toestemming gegeven Telefonisch" in page

    english = _intermediary(app, cli, language="en")
    request_id = _post(english, consent_method="written")
    assert "Consent given In writing" in text(english.get(f"/organisatie/hulpvragen/{request_id}"))


def test_without_a_known_consent_method_nothing_is_posted(app, cli, time_machine):
    time_machine.move_to(MONDAY, tick=False)
    # The same messages as the API's: a method left out is missing, an unknown one is named
    for language, missing, message in (("nl", "Verplicht veld ontbreekt.", "Geef aan hoe de bewoner toestemming gaf"),
                                       ("en", "Missing data for required field.", "Say how the resident gave consent")):
        team = _intermediary(app, cli, language=language)
        page = team.get("/organisatie/hulpvragen/nieuw")
        version = re.search(r'name="consent_version" value="([^"]+)"', page.get_data(as_text=True)).group(1)
        base = {"resident_first_name": "Henk", "title": "Boodschappen", "category": "groceries",
                "urgency": "normal", "day": "2026-10-22", "start": "10:00", "end": "12:00", "street": "Geheimstraat",
                "house_number": "12", "postcode": "3144 BA", "consent": "on", "consent_version": version}
        for method in (None, "telepathy"):
            data = dict(base) if method is None else {**base, "consent_method": method}
            r = team.post("/organisatie/hulpvragen/nieuw", data)
            assert r.status_code == 422
            html = r.get_data(as_text=True)
            assert (missing if method is None else message) in text(r) and 'href="#consent_method"' in html
            assert 'id="consent_method-error-1"' in html
        listing = text(team.get("/organisatie/hulpvragen"))
        assert "Boodschappen" not in listing
