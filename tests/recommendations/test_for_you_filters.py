""""Voor jou" asks the matcher again with the filter (issue 22): a vacancy far down the unfiltered list shows when
the volunteer asks for vacancies; when nothing fits, the page says which choice left what out and widens in one tap;
reasons name the skill and speak plain Dutch. The API answers the same."""
import re
from datetime import datetime, timedelta, timezone

from tests import factories
from tests.support import PASSWORD, login
from tests.web_support import Browser, text

UTC = timezone.utc
NOW = datetime(2026, 6, 8, 8, 0, tzinfo=UTC)  # Monday 10:00 in Maassluis
TUESDAY_14 = datetime(2026, 6, 9, 12, 0, tzinfo=UTC)  # Tuesday 14:00 in Maassluis
WEDNESDAY_19 = datetime(2026, 6, 10, 17, 0, tzinfo=UTC)


def _volunteer(app):
    browser = Browser(app)
    browser.email = browser.register()
    assert browser.post("/mijn/profiel/postcode", {"postcode": "3144 BA"}).status_code == 303  # Balkon
    assert browser.post("/mijn/profiel/radius", {"travel_radius_km": "5"}).status_code == 303
    assert browser.post("/mijn/profiel/skills", {"skills": "cooking"}).status_code == 303
    slots = {f"slot_{d}_{p}": "on" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
             for p in ("morning", "afternoon", "evening")}
    assert browser.post("/mijn/profiel/availability", slots).status_code == 303
    return browser


def _demand(db_session, fillers=32):
    """``fillers`` cooking tasks next door on Wednesday evening (they fit best), and one vacancy 1.3 km away on
    Tuesday 14:00-17:00 with places free that needs no skill (it comes last)."""
    org = factories.organisation(db_session, name="Buurthuis De Kapel")
    for i in range(fillers):
        task = factories.opportunity(db_session, org, kind="initiative_task", title=f"Samen koken {i:02d}",
                                     required_skills=["cooking"])
        factories.shift(db_session, task, starts_at=WEDNESDAY_19)
    coffee = factories.opportunity(db_session, org, title="Koffie en een praatje", hood_slug="sluispolder-oost")
    factories.shift(db_session, coffee, starts_at=TUESDAY_14, hours=3)
    return coffee


def test_a_filter_asks_the_matcher_again_and_finds_what_the_first_cards_left_out(app, db_session, time_machine):
    time_machine.move_to(NOW, tick=False)
    browser = _volunteer(app)
    _demand(db_session)
    everything = text(browser.get("/voor-jou"))
    assert "Samen koken 00" in everything and "Koffie en een praatje" not in everything  # below the 30 shown
    vacancies = text(browser.get("/voor-jou?soort=vacancy"))
    assert "Koffie en een praatje" in vacancies and "Samen koken" not in vacancies
    tuesday = text(browser.get("/voor-jou?dag=tue&dagdeel=afternoon&afstand=2"))
    assert "Koffie en een praatje" in tuesday and "1,3 km van huis" in tuesday
    assert "Samen koken" not in tuesday


def test_nothing_found_names_the_choice_that_left_it_out_and_widens_in_one_tap(app, db_session, time_machine):
    time_machine.move_to(NOW, tick=False)
    browser = _volunteer(app)
    _demand(db_session)
    page = browser.get("/voor-jou?afstand=1&dag=tue&dagdeel=afternoon")
    assert page.status_code == 200
    said = text(page)
    assert "Niets gevonden met deze keuze: Binnen 1 km, Dinsdag, Middag" in said
    assert "Er passen nu 33 dingen bij je." in said
    assert "Binnen 1 km: 32" in said and "Dinsdag: 1" in said and "Middag: 1" in said
    widen = re.search(r'href="([^"]*afstand=2[^"]*)"[^>]*>Tot 2 km \(1\)', page.get_data(as_text=True))
    assert widen, said
    wider = text(browser.get(widen.group(1).replace("&amp;", "&")))
    assert "Koffie en een praatje" in wider and "Niets gevonden" not in wider
    # every day (in the afternoon, within 1 km) finds nothing either: not offered; a greater distance that finds
    # no more than 2 km is not offered either
    offered = said.split("Zoek ruimer, met één tik:")[1].split("Al het open werk")[0]
    assert offered.split() == "Tot 2 km (1) Alles laten zien (33)".split()


def test_reasons_name_the_skill_and_speak_plain_dutch(app, db_session, time_machine):
    time_machine.move_to(NOW, tick=False)
    browser = _volunteer(app)
    _demand(db_session, fillers=1)
    page = text(browser.get("/voor-jou"))
    assert "Past bij wat je kunt: Koken" in page
    assert "vaardigheid" not in page and "aandachtsbuurt" not in page


def test_a_filter_that_does_not_fit_is_said_and_the_page_shows_everything(app, db_session, time_machine):
    time_machine.move_to(NOW, tick=False)
    browser = _volunteer(app)
    _demand(db_session, fillers=1)
    page = browser.get("/voor-jou?afstand=ver&dag=zondag")
    assert page.status_code == 422
    assert "Koffie en een praatje" in text(page) and 'href="#afstand"' in page.get_data(as_text=True)


def test_the_api_asks_the_matcher_with_the_same_filter(app, client, db_session, time_machine):
    time_machine.move_to(NOW, tick=False)
    browser = _volunteer(app)
    coffee = _demand(db_session)
    token = login(client, browser.email, PASSWORD)["access_token"]
    r = client.get("/api/v1/me/recommendations?kind=vacancy", token=token)
    assert r.status_code == 200, r.get_json()
    assert [i["opportunity_id"] for i in r.get_json()["items"]] == [str(coffee.id)]
    assert r.get_json()["why_empty"] is None

    r = client.get("/api/v1/me/recommendations?withinKm=1&day=tue&dayPart=afternoon", token=token)
    body = r.get_json()
    assert body["items"] == [] and body["why_empty"]["possible"] == 33
    assert body["why_empty"]["alone"] == {"withinKm": 32, "day": 1, "dayPart": 1}
    assert body["why_empty"]["widen"][0] == {"filter": {"kind": None, "withinKm": 2, "day": "tue",
                                                        "dayPart": "afternoon"}, "count": 1}

    r = client.get("/api/v1/me/recommendations?limit=1", token=token)
    [skills] = [x for x in r.get_json()["items"][0]["reasons"] if x["code"] == "skills"]
    assert skills["params"]["skills"] == ["cooking"] and skills["text"] == "Past bij wat je kunt: Koken"

    r = client.get("/api/v1/me/recommendations?dayPart=night", token=token)
    assert r.status_code == 400 and "dayPart" in r.get_json()["errors"]
