"""Text that cannot be stored (NUL, lone surrogates) and JSON nested too deep are refused in every part of every
request, on both surfaces: 400 problem+json from the API, an error page from the web; never a 500."""
from __future__ import annotations

import json

import pytest

from tests.support import PASSWORD, ApiClient, register
from tests.web_support import Browser, text


def _page_refused(response, status=422):
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    assert "Check what you filled in" in text(response) or status != 422


def test_a_nul_in_the_login_email_is_refused_by_both_surfaces(app, client):
    person = register(client)
    r = client.post("/api/v1/auth/login", json={"email": person.email + "\x00", "password": PASSWORD})
    assert r.status_code == 400 and "email" in r.get_json()["errors"]
    browser = Browser(app, language="en")
    _page_refused(browser.post("/inloggen", {"email": person.email + "\x00", "password": PASSWORD}))
    assert browser.cookie("doemee_session") is None
    # the same address without the NUL still works on both
    assert client.post("/api/v1/auth/login", json={"email": person.email, "password": PASSWORD}).status_code == 200
    assert browser.login(person.email).status_code == 303


@pytest.mark.parametrize("bad", ["a\x00b", "\ud800"])
def test_unstorable_text_in_a_json_body_is_refused_on_both_surfaces(app, client, bad):
    r = client.post("/api/v1/auth/login", json={"email": bad, "password": PASSWORD})
    assert r.status_code == 400 and "email" in r.get_json()["errors"]
    browser = Browser(app, language="en")
    browser.register()
    # the web's only JSON POST: a phone's push subscription (the page's script sends it)
    r = browser.client.post("/mijn/meldingen/deze-telefoon", data=json.dumps({"endpoint": bad}),
                            content_type="application/json", headers={"Accept-Language": "en"})
    _page_refused(r)


def test_a_nul_in_a_query_string_is_refused_on_both_surfaces(app, client):
    r = client.get("/api/v1/municipalities?cursor=a%00b")
    assert r.status_code == 400 and r.get_json()["errors"] == {"cursor": [r.get_json()["errors"]["cursor"][0]]}
    _page_refused(Browser(app, language="en").get("/inloggen?next=/mijn%00"))


def test_a_nul_in_a_header_or_cookie_is_refused_on_both_surfaces(app, client):
    r = client.get("/api/v1/municipalities", headers={"Accept-Language": "nl\x00"})
    assert r.status_code == 400 and "Accept-Language" in r.get_json()["errors"]
    r = app.test_client(use_cookies=False).get("/mijn", headers={"Cookie": "doemee_session=abc\x00def", "Accept-Language": "en"})
    _page_refused(r)


def test_a_nul_in_a_form_field_name_is_refused(app):
    browser = Browser(app, language="en")
    _page_refused(browser.post("/inloggen", {"email\x00": "a@example.org", "password": PASSWORD}))


def test_a_nul_in_the_path_is_not_found_on_both_surfaces(app, client):
    r = client.get("/api/v1/municipalities/maas%00sluis")
    assert r.status_code == 404 and r.mimetype == "application/problem+json"
    r = Browser(app).get("/gemeente/acties/%00")
    assert r.status_code == 404 and r.mimetype == "text/html"


def test_json_nested_too_deep_is_refused_on_both_surfaces(app, client):
    deep = "[" * 5000 + "]" * 5000
    r = client.post("/api/v1/auth/login", data=deep, content_type="application/json")
    assert r.status_code == 400 and r.mimetype == "application/problem+json"
    browser = Browser(app, language="en")
    browser.register()
    r = browser.client.post("/mijn/meldingen/deze-telefoon", data=deep, content_type="application/json")
    assert r.status_code == 400 and r.mimetype == "text/html"
