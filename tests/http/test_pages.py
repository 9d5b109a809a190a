"""Public pages, languages, error pages, security headers, the installable app's manifest and service worker."""
import json

import pytest

from doemee.app import create_app
from tests.conftest import app_config
from tests.web_support import Browser, csrf_token, fetch, set_cookie_header, text


def test_landing_page_of_maassluis_in_dutch(browser):
    r = browser.get("/")
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/html")
    page = text(r)
    assert "Samen helpen in Maassluis" in page
    assert "Meedoen" in page and "Inloggen" in page
    assert "DoeMee is een dienst van de gemeente Maassluis." in page
    assert '<html lang="nl"' in r.get_data(as_text=True)
    assert 'href="/meedoen"' in r.get_data(as_text=True) and 'href="/inloggen"' in r.get_data(as_text=True)


def test_landing_page_in_english_by_accept_language(app):
    r = Browser(app, language="en").get("/")
    assert "Help each other in Maassluis" in text(r)
    assert "Join" in text(r) and "Log in" in text(r)
    assert '<html lang="en"' in r.get_data(as_text=True)


def test_an_unknown_language_gets_dutch(app):
    assert "Samen helpen in Maassluis" in text(Browser(app, language="fr").get("/"))


def test_the_language_switch_wins_over_the_browser(app):
    browser = Browser(app, language="en")
    assert "Forgot your password?" in text(browser.get("/inloggen"))
    r = browser.post("/taal", {"locale": "nl", "next": "/inloggen"}, form_from="/inloggen")
    assert r.status_code == 303 and r.headers["Location"] == "/inloggen"
    assert "HttpOnly" in set_cookie_header(r, "doemee_lang")
    assert "Wachtwoord vergeten?" in text(browser.get("/inloggen"))


def test_the_language_switch_does_not_redirect_elsewhere(browser):
    r = browser.post("/taal", {"locale": "en", "next": "//evil.example/"}, form_from="/")
    assert r.status_code == 303 and r.headers["Location"] == "/"


def test_security_headers_on_every_page(browser):
    r = browser.get("/")
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert r.headers["Cache-Control"] == "no-store"
    assert r.headers["Referrer-Policy"] == "no-referrer"  # reset links carry their token in the address


def test_the_csrf_cookie_is_httponly_and_lax_and_not_secure_outside_production(browser):
    header = set_cookie_header(browser.get("/"), "doemee_csrf")
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Secure" not in header


def test_cookies_are_secure_in_production(fresh_database):
    app = create_app(app_config(fresh_database, ENV="production"))
    header = set_cookie_header(app.test_client().get("/"), "doemee_csrf")
    assert "Secure" in header and "HttpOnly" in header and "SameSite=Lax" in header


def test_unknown_page_is_an_html_page_but_the_api_keeps_problem_json(browser):
    r = browser.get("/bestaat-niet")
    assert r.status_code == 404 and r.mimetype == "text/html"
    assert "Pagina niet gevonden" in text(r)
    api = browser.client.get("/api/v1/bestaat-niet")
    assert api.status_code == 404 and api.mimetype == "application/problem+json"


def test_a_get_only_action_answers_405_as_a_page(browser):
    r = browser.get("/uitloggen")
    assert r.status_code == 405 and r.mimetype == "text/html"


@pytest.mark.logs_error
def test_a_failing_page_shows_an_error_page_without_details(fresh_database, caplog):
    from web.access import page

    app = create_app(app_config(fresh_database))

    @page("public")
    def broken():
        raise RuntimeError("secret-detail anna@example.org")

    # A blueprint of web/ would be registered in web.views; a rule on the app is enough to reach the handler.
    app.add_url_rule("/kapot", "public.broken", broken)
    r = app.test_client().get("/kapot", headers={"Accept-Language": "nl"})
    assert r.status_code == 500 and r.mimetype == "text/html"
    assert "Er ging bij ons iets mis" in text(r)
    assert "secret-detail" not in r.get_data(as_text=True)
    assert "unhandled RuntimeError" in caplog.text and "anna@example.org" not in caplog.text


def test_csrf_refusal_is_a_page_and_changes_nothing(browser):
    r = browser.post("/taal", {"locale": "en", "next": "/"}, csrf=False)
    assert r.status_code == 400 and "Dit formulier is verlopen" in text(r)
    assert browser.cookie("doemee_lang") is None


def test_a_token_from_another_browser_is_refused(app, browser):
    other = Browser(app)
    token = csrf_token(other.get("/"))
    browser.get("/")
    r = browser.client.post("/taal", data={"locale": "en", "next": "/", "csrf_token": token})
    assert r.status_code == 400
    assert browser.cookie("doemee_lang") is None


def test_manifest_makes_the_app_installable(browser):
    r = browser.client.get("/manifest.webmanifest")
    assert r.status_code == 200 and r.mimetype == "application/manifest+json"
    manifest = json.loads(r.data)
    assert manifest["name"] == "DoeMee Maassluis"
    assert manifest["display"] == "standalone" and manifest["start_url"].startswith("/")
    assert manifest["theme_color"] == "#00447a"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        status, mimetype, data = fetch(browser.client, icon["src"])
        assert status == 200 and mimetype == icon["type"]
        if icon["type"] == "image/png":
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
            width = int.from_bytes(data[16:20], "big")
            assert f"{width}x{width}" == icon["sizes"]


def test_service_worker_is_served_from_the_root_and_knows_the_offline_page(browser):
    r = browser.client.get("/sw.js")
    assert r.status_code == 200 and r.mimetype == "text/javascript"
    assert r.headers["Service-Worker-Allowed"] == "/"
    body = r.get_data(as_text=True)
    r.close()
    assert '"/offline"' in body
    # every file it caches exists
    import re

    for path in re.findall(r'"(/static/[^"]+)"', body):
        assert fetch(browser.client, path)[0] == 200, path
    offline = browser.get("/offline")
    assert offline.status_code == 200 and "Geen internetverbinding" in text(offline)


def test_every_page_links_the_manifest_and_the_stylesheets_that_exist(browser):
    import re

    html = browser.get("/").get_data(as_text=True)
    assert 'rel="manifest" href="/manifest.webmanifest"' in html
    for path in re.findall(r'(?:href|src)="(/static/[^"]+)"', html):
        assert fetch(browser.client, path)[0] == 200, path
    assert fetch(browser.client, "/static/../doemee/app.py")[0] == 404


def test_the_default_theme_has_no_municipality_name_and_unknown_ones_stop_the_start(fresh_database, monkeypatch):
    from backend.config import ConfigError

    url = fresh_database
    monkeypatch.setenv("DOEMEE_WEB_MUNICIPALITY", "default")
    app = create_app(app_config(url))
    r = app.test_client().get("/", headers={"Accept-Language": "nl"})
    assert "Samen helpen in je buurt" in text(r) and "Maassluis" not in text(r)
    assert "doemee-theme--default" in r.get_data(as_text=True)
    monkeypatch.setenv("DOEMEE_WEB_MUNICIPALITY", "atlantis")
    import pytest

    with pytest.raises(ConfigError, match="DOEMEE_WEB_MUNICIPALITY"):
        create_app(app_config(url))
