"""The volunteer's profile in small steps: each step a page and a form that works without JavaScript, saved by
the same operations as the API's /me/profile, with the operations' errors shown on the form."""
import sqlalchemy as sa

from backend.volunteers.models import VolunteerProfile
from tests.web_support import Browser, text


def _profile(db_session, browser_email):
    from backend.accounts.models import User

    user = db_session.scalar(sa.select(User).where(User.email == browser_email))
    return db_session.scalar(sa.select(VolunteerProfile).where(VolunteerProfile.user_id == user.id)
                             .execution_options(populate_existing=True))


def test_a_new_volunteer_starts_with_the_postcode_and_sees_the_neighbourhood(browser, db_session):
    email = browser.register()
    overview = browser.get("/mijn/profiel")
    assert overview.status_code == 200 and "Begin" in text(overview)
    r = browser.get("/mijn/profiel/talen")
    assert r.status_code == 404
    r = browser.get("/mijn/profiel/languages")  # no profile yet: the first step comes first
    assert r.status_code == 303 and r.headers["Location"].endswith("/mijn/profiel/postcode")

    r = browser.post("/mijn/profiel/postcode", {"postcode": "9999 ZZ", "then": "next"})
    assert r.status_code == 422 and "DoeMee is (nog) niet beschikbaar voor postcode 9999 ZZ." in text(r)
    assert 'aria-invalid="true"' in r.get_data(as_text=True)
    assert _profile(db_session, email) is None  # nothing saved

    r = browser.post("/mijn/profiel/postcode", {"postcode": "3144 BA", "then": "next"})
    assert r.status_code == 303 and r.headers["Location"].endswith("/mijn/profiel/radius")
    page = text(browser.get("/mijn/profiel"))
    assert "3144 BA" in page and "wijk Balkon" in page
    assert _profile(db_session, email).neighbourhood.slug == "balkon"


def test_every_step_saves_what_the_form_says(browser, db_session):
    email = browser.register()
    browser.post("/mijn/profiel/postcode", {"postcode": "3144 BA"})

    assert browser.post("/mijn/profiel/radius", {"travel_radius_km": "3"}).status_code == 303
    r = browser.post("/mijn/profiel/skills", {"skill_cooking": "3", "skill_groceries": "1", "skill_odd_jobs": "0"})
    assert r.status_code == 303
    assert browser.post("/mijn/profiel/languages", {"languages": ["nl", "pl"]}).status_code == 303
    r = browser.post("/mijn/profiel/availability", {"slot_tue_evening": "on", "slot_sat_morning": "on",
                                                    "exception_date": "2026-12-24"})
    assert r.status_code == 303
    assert browser.post("/mijn/profiel/preference", {"preference": "regular",
                                                     "max_commitments_per_month": "2"}).status_code == 303
    assert browser.post("/mijn/profiel/pause", {"paused": "on"}).status_code == 303
    assert browser.post("/mijn/profiel/vog", {"vog_requested": "on"}).status_code == 303

    profile = _profile(db_session, email)
    assert profile.travel_radius_km == 3
    assert {(s.skill_code, s.level) for s in profile.skills} == {("cooking", 3), ("groceries", 1)}
    assert profile.languages == ["nl", "pl"]
    assert sorted((s.weekday, s.start_minute, s.end_minute) for s in profile.availability) == [
        (1, 18 * 60, 21 * 60), (5, 9 * 60, 12 * 60)]
    assert [(e.date.isoformat(), e.available) for e in profile.exceptions] == [("2026-12-24", False)]
    assert (profile.preference, profile.max_commitments_per_month, profile.paused, profile.vog_status) == (
        "regular", 2, True, "requested")

    page = text(browser.get("/mijn/profiel"))
    assert "Koken (Heel goed)" in page and "Pools" in page and "2 dagdelen per week" in page
    assert "Je neemt een pauze" in page and "VOG aangevraagd" in page
    grid = browser.get("/mijn/profiel/availability").get_data(as_text=True)
    assert 'name="slot_tue_evening" checked' in grid and 'name="slot_mon_evening" >' in grid
    # The day off can be removed again; the weekly grid stays as it was.
    r = browser.post("/mijn/profiel/availability", {"slot_tue_evening": "on", "slot_sat_morning": "on",
                                                    "remove_exception": "2026-12-24"})
    assert r.status_code == 303 and _profile(db_session, email).exceptions == []


def test_a_wrong_date_or_a_date_long_past_is_shown_on_the_form_and_changes_nothing(browser, db_session):
    email = browser.register()
    browser.post("/mijn/profiel/postcode", {"postcode": "3144 BA"})
    r = browser.post("/mijn/profiel/availability", {"slot_tue_evening": "on", "exception_date": "morgen"})
    assert r.status_code == 422 and "Geen geldige datum." in text(r)  # as the API says it
    r = browser.post("/mijn/profiel/availability", {"slot_tue_evening": "on", "exception_date": "2001-01-01"})
    assert r.status_code == 422 and 'id="exception_date"' in r.get_data(as_text=True)
    assert _profile(db_session, email).availability == []


def test_a_step_without_the_forms_token_is_refused_and_changes_nothing(browser, db_session):
    email = browser.register()
    browser.post("/mijn/profiel/postcode", {"postcode": "3144 BA"})
    r = browser.post("/mijn/profiel/pause", {"paused": "on"}, csrf=False)
    assert r.status_code == 400 and "Dit formulier is verlopen" in text(r)
    assert _profile(db_session, email).paused is False


def test_the_profile_in_english(app):
    browser = Browser(app, language="en")
    browser.register(locale="en")
    browser.post("/mijn/profiel/postcode", {"postcode": "3144 BA"})
    page = text(browser.get("/mijn/profiel"))
    assert "My profile" in page and "neighbourhood Balkon" in page
    assert "When do you have time?" in text(browser.get("/mijn/profiel/availability"))


def test_the_profile_pages_need_a_login(browser):
    r = browser.get("/mijn/profiel/postcode")
    assert r.status_code == 302 and "/inloggen" in r.headers["Location"]
