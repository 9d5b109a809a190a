"""Joining (issue 22): the profile steps after registering count themselves ("Stap 3 van 6"), skills are checkboxes
grouped by kind in Dutch alphabetical order, the browser's language is ticked, a step that fails keeps what was
ticked, and the last step ("Klaar") shows the first matches with their reasons and links."""
import re
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from backend.accounts.models import User
from backend.volunteers.models import VolunteerProfile
from tests import factories
from tests.web_support import Browser, text

NOW = datetime(2026, 6, 8, 8, 0, tzinfo=timezone.utc)  # Monday 10:00 in Maassluis


def _joined(app, language="nl"):
    browser = Browser(app, language=language)
    browser.email = browser.register(locale=language)
    r = browser.post("/mijn/profiel/postcode", {"postcode": "3144 BA", "then": "next"})
    assert r.status_code == 303 and r.headers["Location"].endswith("/mijn/profiel/radius")
    return browser


def _profile(db_session, email):
    user = db_session.scalar(sa.select(User).where(User.email == email))
    return db_session.scalar(sa.select(VolunteerProfile).where(VolunteerProfile.user_id == user.id)
                             .execution_options(populate_existing=True))


def test_every_step_of_joining_says_which_step_of_how_many(app):
    browser = _joined(app)
    for number, step in enumerate(("postcode", "radius", "skills", "languages", "availability", "preference"), 1):
        page = browser.get(f"/mijn/profiel/{step}").get_data(as_text=True)
        assert f'id="stap">Stap {number} van 6</p>' in page
        assert f'<progress class="doemee-progress" max="6" value="{number}" aria-labelledby="stap">' in page
        assert re.search(rf"<title>[^<]*\(stap {number} van 6\)", page), step
    assert "Stap " not in text(browser.get("/mijn/profiel/pause"))  # a setting for later, not a step of joining


def test_skills_are_checkboxes_grouped_by_kind_in_dutch_alphabetical_order(app):
    browser = _joined(app)
    page = browser.get("/mijn/profiel/skills").get_data(as_text=True)
    assert "<select" not in page
    legends = re.findall(r"<legend>([^<]+)</legend>", page)
    assert len(legends) == 13 and legends == sorted(legends, key=str.casefold)
    assert legends[0] == "Computer en telefoon" and "Praktische klussen" in legends
    practical = page.split("<legend>Praktische klussen</legend>")[1].split("</fieldset>")[0]
    names = re.findall(r'<label class="doemee-checkbox__label" for="skill-[a-z_]+">([^<]+)</label>', practical)
    assert len(names) == 9 and names == sorted(names, key=str.casefold) and "Koken" in names


def test_ticked_skills_are_saved_through_the_profiles_schema_and_a_failed_step_keeps_them(app, db_session):
    browser = _joined(app)
    r = browser.post("/mijn/profiel/skills", {"skills": ["cooking", "zingen"], "then": "next"})
    assert r.status_code == 422 and "zingen" in text(r)
    page = r.get_data(as_text=True)
    assert re.search(r'id="skill-cooking" name="skills" value="cooking" checked', page)
    assert not re.search(r'id="skill-groceries"[^>]*checked', page)
    assert _profile(db_session, browser.email).skills == []  # nothing saved
    r = browser.post("/mijn/profiel/skills", {"skills": ["cooking", "groceries"], "then": "next"})
    assert r.status_code == 303 and r.headers["Location"].endswith("/mijn/profiel/languages")
    assert {s.skill_code for s in _profile(db_session, browser.email).skills} == {"cooking", "groceries"}


def test_the_browsers_language_is_ticked_until_languages_are_saved(app, db_session):
    browser = _joined(app)
    page = browser.get("/mijn/profiel/languages").get_data(as_text=True)
    assert re.findall(r'id="lang-(\w+)" name="languages" value="\w+" checked', page) == ["nl"]
    english = _joined(app, language="en")
    page = english.get("/mijn/profiel/languages").get_data(as_text=True)
    assert re.findall(r'id="lang-(\w+)" name="languages" value="\w+" checked', page) == ["en"]
    assert browser.post("/mijn/profiel/languages", {"languages": ["pl"]}).status_code == 303
    page = browser.get("/mijn/profiel/languages").get_data(as_text=True)
    assert re.findall(r'id="lang-(\w+)" name="languages" value="\w+" checked', page) == ["pl"]


def test_the_last_step_is_done_and_shows_the_first_three_matches(app, db_session, time_machine):
    time_machine.move_to(NOW, tick=False)
    browser = _joined(app)
    org = factories.organisation(db_session, name="Buurthuis De Kapel")
    for i in range(5):
        opp = factories.opportunity(db_session, org, title=f"Samen koken {i}", required_skills=["cooking"])
        factories.shift(db_session, opp, starts_at=NOW + timedelta(days=1, hours=i))
    browser.post("/mijn/profiel/skills", {"skills": ["cooking"]})
    browser.post("/mijn/profiel/availability", {f"slot_{d}_{p}": "on" for d in ("mon", "tue", "wed", "thu", "fri")
                                                for p in ("morning", "afternoon", "evening")})
    step = text(browser.get("/mijn/profiel/preference"))
    assert "Stap 6 van 6" in step and "Klaar: laat zien wat bij me past" in step
    r = browser.post("/mijn/profiel/preference", {"preference": "one_off", "max_commitments_per_month": "4",
                                                  "then": "next"})
    assert r.status_code == 303 and r.headers["Location"].endswith("/mijn/profiel/klaar")
    done = browser.get("/mijn/profiel/klaar")
    said = text(done)
    assert "Klaar! Dit past bij jou" in said
    assert len(re.findall(r"Samen koken \d", said)) == 3 and "Past bij wat je kunt: Koken" in said
    links = re.findall(r'href="(/aanbod/[0-9a-f-]+)"', done.get_data(as_text=True))
    assert len(links) == 3 and browser.get(links[0]).status_code == 200
