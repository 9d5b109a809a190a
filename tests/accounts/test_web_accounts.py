"""Joining, logging in and out, passwords: through the pages, with the API's rules, throttles and audit trail."""
import re
from datetime import datetime, timezone

import sqlalchemy as sa
import time_machine

from backend.accounts.models import AuthSession, ConsentRecord, User
from backend.audit.models import AuditEvent
from tests.notifications.helpers import relay, text_of
from tests.support import PASSWORD, ApiClient
from tests.web_support import Browser, field_value, new_email, path_of, set_cookie_header, text

NEW_PASSWORD = "een-nieuwe-zin-voor-de-haven"


def _user(db_session, email) -> User | None:
    return db_session.scalar(sa.select(User).where(User.email == email)
                             .execution_options(populate_existing=True))


def _events(db_session, user, action) -> int:
    return db_session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                             .where(AuditEvent.subject_id == user.id, AuditEvent.action == action))


def test_register_shows_the_privacy_statement_records_its_version_and_signs_in(browser, db_session):
    form = browser.get("/meedoen")
    assert form.status_code == 200
    assert "Privacyverklaring" in text(form) and "We bewaren alleen wat nodig is" in text(form)
    version = field_value(form, "privacy_version")

    email = browser.register(name="Anna de Vries", wants_help=True)

    user = _user(db_session, email)
    assert user.display_name == "Anna de Vries" and user.locale == "nl"
    assert {g.role for g in user.roles} == {"volunteer", "resident"}
    [consent] = db_session.scalars(sa.select(ConsentRecord).where(ConsentRecord.user_id == user.id)).all()
    assert consent.purpose == "privacy_statement" and consent.text_version == version
    home = browser.get("/mijn")
    assert home.status_code == 200 and "Hallo Anna" in text(home) and "Welkom" not in text(home)
    assert "Uitloggen" in text(home)


def test_the_session_cookie_is_opaque_httponly_lax_and_kept_as_a_digest(app, db_session):
    browser = Browser(app)
    page = browser.get("/meedoen")
    r = browser.post("/meedoen", {"display_name": "Bert", "email": new_email(), "password": PASSWORD,
                                  "locale": "en", "privacy": "on",
                                  "privacy_version": field_value(page, "privacy_version")})
    assert r.status_code == 303 and r.headers["Location"] == "/mijn?welkom=1"
    header = set_cookie_header(r, "doemee_session")
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Path=/" in header
    token = browser.cookie("doemee_session")
    assert len(token) >= 40
    # the database holds no copy of the cookie
    ids = [str(s.id) for s in db_session.scalars(sa.select(AuthSession))]
    assert ids and all(token not in i and i not in token for i in ids)
    # the account's language wins from now on
    assert "Welcome to DoeMee! Your account is ready." in text(browser.get("/mijn?welkom=1"))


def test_register_without_accepting_the_privacy_statement_changes_nothing(browser, db_session):
    email = new_email()
    page = browser.get("/meedoen")
    r = browser.post("/meedoen", {"display_name": "Carla", "email": email, "password": PASSWORD, "locale": "nl",
                                  "privacy_version": field_value(page, "privacy_version")})
    assert r.status_code == 422
    assert "Je kunt alleen meedoen als je akkoord gaat met de privacyverklaring." in text(r)
    assert 'value="Carla"' in r.get_data(as_text=True)  # what was filled in stays
    assert _user(db_session, email) is None and browser.cookie("doemee_session") is None


def test_register_with_an_outdated_privacy_statement_or_a_weak_password_is_refused(browser, db_session):
    email = new_email()
    r = browser.post("/meedoen", {"display_name": "Dirk", "email": email, "password": "kort", "locale": "nl",
                                  "privacy": "on", "privacy_version": "2019-01"})
    assert r.status_code == 422
    page = text(r)
    assert "Gebruik minstens 10 tekens." in page
    assert "privacyverklaring" in page.lower()  # the outdated version is named too
    assert 'aria-invalid="true"' in r.get_data(as_text=True)
    assert _user(db_session, email) is None


def test_register_twice_with_one_address(browser, app):
    email = browser.register()
    other = Browser(app)
    page = other.get("/meedoen")
    r = other.post("/meedoen", {"display_name": "Eva", "email": email.upper(), "password": PASSWORD,
                                "locale": "nl", "privacy": "on",
                                "privacy_version": field_value(page, "privacy_version")})
    assert r.status_code == 422 and "Er bestaat al een account met dit e-mailadres." in text(r)


def test_register_without_csrf_token_changes_nothing(browser, db_session):
    email = new_email()
    page = browser.get("/meedoen")
    r = browser.post("/meedoen", {"display_name": "Fred", "email": email, "password": PASSWORD, "locale": "nl",
                                  "privacy": "on", "privacy_version": field_value(page, "privacy_version")},
                     csrf=False)
    assert r.status_code == 400 and r.mimetype == "text/html"
    assert _user(db_session, email) is None


def test_log_in_and_out(app, db_session):
    email = Browser(app).register()
    browser = Browser(app)
    assert browser.get("/mijn").headers["Location"] == "/inloggen?next=/mijn"
    r = browser.login(email)
    assert r.status_code == 303 and r.headers["Location"] == "/mijn"
    home = browser.get("/mijn")
    assert home.status_code == 200 and home.headers["Cache-Control"] == "no-store"
    user = _user(db_session, email)
    assert _events(db_session, user, "auth.login") == 1
    token = browser.cookie("doemee_session")

    r = browser.post("/uitloggen", form_from="/mijn")
    assert r.status_code == 303 and r.headers["Location"] == "/?uitgelogd=1"
    assert browser.cookie("doemee_session") is None
    assert "Je bent uitgelogd." in text(browser.get("/?uitgelogd=1"))
    assert _events(db_session, user, "auth.logout") == 1
    # the old cookie, replayed, opens nothing
    browser.client.set_cookie("doemee_session", token)
    assert browser.get("/mijn").status_code == 302


def test_login_goes_back_to_the_page_asked_for_but_never_elsewhere(app):
    email = Browser(app).register()
    browser = Browser(app)
    r = browser.post("/inloggen?next=/mijn/wachtwoord", {"email": email, "password": PASSWORD,
                                                         "next": "/mijn/wachtwoord"})
    assert r.headers["Location"] == "/mijn/wachtwoord"
    browser = Browser(app)
    r = browser.post("/inloggen", {"email": email, "password": PASSWORD, "next": "https://evil.example/"})
    assert r.headers["Location"] == "/mijn"


def test_wrong_password_is_refused_audited_and_throttled_like_the_api(app, db_session):
    email = Browser(app).register()
    browser = Browser(app)
    r = browser.login(email, "verkeerd-wachtwoord")
    assert r.status_code == 401 and "E-mailadres of wachtwoord klopt niet." in text(r)
    assert browser.cookie("doemee_session") is None
    assert _events(db_session, _user(db_session, email), "auth.login_failed") == 1
    limit = app.extensions["doemee_config"]["LOGIN_ATTEMPTS_PER_MINUTE"]
    for _ in range(limit - 1):
        assert browser.login(email, "verkeerd-wachtwoord").status_code == 401
    r = browser.login(email, PASSWORD)  # even the right password waits now
    assert r.status_code == 429 and r.mimetype == "text/html" and "Te veel pogingen" in text(r)


def test_logging_out_in_the_app_ends_the_web_session_of_a_password_change(app):
    """Sessions are shared with the API: a password change there logs the web out too."""
    browser = Browser(app)
    email = browser.register()
    assert browser.get("/mijn").status_code == 200
    api = ApiClient(app)
    tokens = api.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).get_json()
    r = api.post("/api/v1/auth/password", json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
                 token=tokens["access_token"])
    assert r.status_code == 200
    assert browser.get("/mijn").status_code == 302


def test_change_password_keeps_this_browser_and_ends_the_others(app, db_session):
    browser, phone = Browser(app), Browser(app)
    email = browser.register()
    phone.login(email)
    r = browser.post("/mijn/wachtwoord", {"current_password": "niet-het-goede", "new_password": NEW_PASSWORD})
    assert r.status_code == 422 and "Het huidige wachtwoord klopt niet." in text(r)
    r = browser.post("/mijn/wachtwoord", {"current_password": PASSWORD, "new_password": NEW_PASSWORD})
    assert r.status_code == 303 and r.headers["Location"] == "/mijn/wachtwoord/gewijzigd"
    assert browser.get("/mijn/wachtwoord/gewijzigd").status_code == 200
    assert browser.get("/mijn").status_code == 200
    assert phone.get("/mijn").status_code == 302
    assert _events(db_session, _user(db_session, email), "auth.password_changed") == 1
    assert Browser(app).login(email, NEW_PASSWORD).status_code == 303


# A Wednesday afternoon: outside quiet hours, so the relay sends at once.
AFTERNOON = datetime(2026, 11, 18, 13, 0, tzinfo=timezone.utc)


def test_forgotten_password_link_from_the_real_e_mail_sets_a_new_password(app, mailbox, db_session):
    with time_machine.travel(AFTERNOON, tick=True):
        email = Browser(app).register()
        signed_in = Browser(app)
        signed_in.login(email)
        browser = Browser(app)
        r = browser.post("/wachtwoord-vergeten", {"email": email})
        assert r.status_code == 200 and "Kijk in je e-mail" in text(r)
        unknown = browser.post("/wachtwoord-vergeten", {"email": "niemand@example.org"})
        assert text(unknown).replace("niemand@example.org", email) == text(r)  # nothing given away
        assert relay(app) >= 1
        [mail] = mailbox.to(email)
        [link] = re.findall(r"https?://\S+/reset\?token=\S+", text_of(mail))

        page = browser.get(path_of(link))
        assert page.status_code == 200 and "Kies een nieuw wachtwoord" in text(page)
        r = browser.post("/reset", {"token": field_value(page, "token"), "new_password": NEW_PASSWORD},
                         form_from=path_of(link))
        assert r.status_code == 200 and "Je wachtwoord is gewijzigd" in text(r)
        assert signed_in.get("/mijn").status_code == 302  # every login ended
        assert browser.login(email, NEW_PASSWORD).status_code == 303
        # the link works once
        again = Browser(app)
        r = again.post("/reset", {"token": field_value(page, "token"), "new_password": "nog-een-andere-zin-hier"},
                       form_from=path_of(link))
        assert r.status_code == 422 and "niet (meer) geldig" in text(r)
        assert Browser(app).login(email, NEW_PASSWORD).status_code == 303


def test_reset_with_a_weak_password_shows_the_form_again(browser):
    r = browser.post("/reset", {"token": "onbekend", "new_password": "kort"}, form_from="/reset?token=onbekend")
    assert r.status_code == 422 and "niet (meer) geldig" in text(r)


def test_erasing_the_account_in_the_app_ends_its_web_sessions(app):
    browser = Browser(app)
    email = browser.register()
    api = ApiClient(app)
    tokens = api.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).get_json()
    r = api.open("DELETE", "/api/v1/me", json={"password": PASSWORD}, token=tokens["access_token"])
    assert r.status_code == 204
    assert browser.get("/mijn").status_code == 302
