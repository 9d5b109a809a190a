"""Favourites and saved searches on the web pages: a visitor is sent to log in and comes back; saving, listing,
changing and removing; refusals with the form shown again; nobody else's."""
import sqlalchemy as sa
import pytest

from backend.saved.models import Favourite, SavedSearch
from tests import factories
from tests.support import PASSWORD
from tests.web_support import Browser, path_of, text

pytestmark = pytest.mark.any_hour  # no clock involved: the shifts are days ahead of whatever hour it is


def _vacancy(db_session, title="Voorlezen in de bibliotheek"):
    opp = factories.opportunity(db_session, factories.organisation(db_session), title=title)
    factories.shift(db_session, opp)
    return opp


def _signed_in(app) -> Browser:
    browser = Browser(app)
    browser.register()
    return browser


def test_a_visitor_who_saves_a_vacancy_logs_in_comes_back_and_finds_it_under_saved(app, db_session):
    opp = _vacancy(db_session)
    visitor = Browser(app)
    email = Browser(app).register()

    page = visitor.get(f"/vacatures/{opp.id}")
    assert "Bewaren" in text(page)
    login_link = f"/inloggen?next=/vacatures/{opp.id}"
    assert login_link in page.get_data(as_text=True)
    back = visitor.post(login_link, {"email": email, "password": PASSWORD})
    assert back.status_code == 303 and path_of(back.location) == f"/vacatures/{opp.id}"

    saved = visitor.post("/mijn/bewaard", {"opportunity_id": str(opp.id), "next": f"/vacatures/{opp.id}"},
                         form_from=f"/vacatures/{opp.id}")
    assert saved.status_code == 303 and path_of(saved.location) == f"/vacatures/{opp.id}"
    assert "Bewaard" in text(visitor.get(f"/vacatures/{opp.id}"))
    listed = text(visitor.get("/mijn/bewaard"))
    assert "Voorlezen in de bibliotheek" in listed and "Niet meer open" not in listed

    opp.status = "closed"
    db_session.flush()
    assert "Niet meer open" in text(visitor.get("/mijn/bewaard"))

    gone = visitor.post(f"/mijn/bewaard/{opp.id}/weg", {}, form_from="/mijn/bewaard")
    assert gone.status_code == 303
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Favourite)) == 0


def test_the_list_has_a_save_button_per_vacancy(app, db_session):
    opp = _vacancy(db_session)
    browser = _signed_in(app)
    r = browser.post("/mijn/bewaard", {"opportunity_id": str(opp.id), "next": "/vacatures"}, form_from="/vacatures")
    assert r.status_code == 303 and path_of(r.location) == "/vacatures"
    assert 'aria-pressed="true"' in browser.get("/vacatures").get_data(as_text=True)


def test_a_closed_vacancy_cannot_be_saved(app, db_session):
    opp = factories.opportunity(db_session, factories.organisation(db_session), status="closed")
    browser = _signed_in(app)
    r = browser.post("/mijn/bewaard", {"opportunity_id": str(opp.id)}, form_from="/mijn/bewaard")
    assert r.status_code == 404
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Favourite)) == 0


def test_a_search_is_saved_from_the_list_with_its_filters_changed_and_deleted(app, db_session):
    _vacancy(db_session)
    browser = _signed_in(app)
    query = "near=3144&afstand=5&weekdays=tue&weekdays=thu&day_part=afternoon"
    listing = browser.get(f"/vacatures?{query}").get_data(as_text=True)
    assert f"/mijn/zoekopdrachten/nieuw?{query.replace('&', '&amp;')}" in listing

    form = browser.get(f"/mijn/zoekopdrachten/nieuw?{query}")
    assert "Je zoekt: 3144, binnen 5 km, dinsdag, donderdag, middag" in text(form)
    r = browser.post("/mijn/zoekopdrachten/nieuw",
                     {"near": "3144", "afstand": "5", "weekdays": ["tue", "thu"], "day_part": "afternoon",
                      "name": "Middagen dichtbij", "frequency": "weekly", "channel": "email"},
                     form_from=f"/mijn/zoekopdrachten/nieuw?{query}")
    assert r.status_code == 303, text(r)[:1500]
    search = db_session.scalar(sa.select(SavedSearch))
    assert search.name == "Middagen dichtbij" and search.frequency == "weekly"
    assert search.filters == {"near": "3144", "within_km": 5, "weekdays": ["tue", "thu"], "day_part": "afternoon"}
    mine = browser.get(path_of(r.location))
    assert "Je zoekopdracht is bewaard" in text(mine) and "Middagen dichtbij" in text(mine)

    r = browser.post(f"/mijn/zoekopdrachten/{search.id}", {"frequency": "daily", "channel": "push"},
                     form_from="/mijn/bewaard")
    assert r.status_code == 303
    db_session.expire_all()
    assert (search.frequency, search.channel) == ("daily", "push")

    r = browser.post(f"/mijn/zoekopdrachten/{search.id}/verwijderen", {}, form_from="/mijn/bewaard")
    assert r.status_code == 303
    assert db_session.scalar(sa.select(sa.func.count()).select_from(SavedSearch)) == 0


def test_a_visitor_saving_a_search_logs_in_first_and_keeps_the_filters(app):
    visitor = Browser(app)
    r = visitor.get("/mijn/zoekopdrachten/nieuw?near=3144&weekdays=tue")
    assert r.status_code == 302
    assert r.location.startswith("/inloggen?") and "next=/mijn/zoekopdrachten/nieuw?near%3D3144%26weekdays%3Dtue" in r.location


def test_a_search_with_an_unknown_place_is_shown_again_with_the_error(app, db_session):
    browser = _signed_in(app)
    r = browser.post("/mijn/zoekopdrachten/nieuw", {"near": "Atlantis", "name": "Ver weg", "frequency": "weekly",
                                                    "channel": "email"}, form_from="/mijn/zoekopdrachten/nieuw")
    assert r.status_code == 422
    assert 'value="Atlantis"' in r.get_data(as_text=True) and "Kijk dit even na" in text(r)
    r = browser.post("/mijn/zoekopdrachten/nieuw", {"name": "", "frequency": "hourly"},
                     form_from="/mijn/zoekopdrachten/nieuw")
    assert r.status_code == 422
    assert db_session.scalar(sa.select(sa.func.count()).select_from(SavedSearch)) == 0


def test_nobody_changes_anothers_search(app, db_session):
    owner, other = _signed_in(app), _signed_in(app)
    owner.post("/mijn/zoekopdrachten/nieuw", {"name": "Alles", "frequency": "weekly", "channel": "email"},
               form_from="/mijn/zoekopdrachten/nieuw")
    search = db_session.scalar(sa.select(SavedSearch))
    assert other.post(f"/mijn/zoekopdrachten/{search.id}", {"frequency": "off"},
                      form_from="/mijn/bewaard").status_code == 404
    assert other.post(f"/mijn/zoekopdrachten/{search.id}/verwijderen", {},
                      form_from="/mijn/bewaard").status_code == 404
    db_session.expire_all()
    assert search.frequency == "weekly"
    assert "Alles" not in text(other.get("/mijn/bewaard"))
