"""CSRF on the pages (Flask-WTF): a token per browser session, made anew when someone signs in, refused with a
page that says the form expired; the API, which takes no cookies, is not asked for one."""
from __future__ import annotations

from tests.support import PASSWORD
from tests.web_support import Browser, csrf_token, text


def test_a_token_from_before_signing_in_does_not_work_after(app):
    email = Browser(app).register()
    browser = Browser(app)
    before = csrf_token(browser.get("/"))
    assert browser.login(email).status_code == 303
    r = browser.client.post("/taal", data={"locale": "en", "next": "/", "csrf_token": before})
    assert r.status_code == 400 and "Dit formulier is verlopen" in text(r)
    assert browser.cookie("doemee_lang") is None
    after = csrf_token(browser.get("/mijn"))
    assert after != before
    r = browser.client.post("/taal", data={"locale": "en", "next": "/", "csrf_token": after})
    assert r.status_code == 303 and browser.cookie("doemee_lang") == "en"


def test_the_token_stays_valid_for_the_session(app, time_machine):
    from datetime import timedelta

    time_machine.move_to("2026-11-20 10:00:00+01:00", tick=False)
    browser = Browser(app)
    token = csrf_token(browser.get("/"))
    time_machine.shift(timedelta(hours=5))  # a check-in typed at the door, sent hours later
    r = browser.client.post("/taal", data={"locale": "en", "next": "/", "csrf_token": token})
    assert r.status_code == 303


def test_the_api_asks_no_csrf_token(app, client):
    from tests.support import register

    person = register(client)
    r = client.post("/api/v1/auth/login", json={"email": person.email, "password": PASSWORD})
    assert r.status_code == 200
    assert "doemee_csrf" not in r.headers.get("Set-Cookie", "")
