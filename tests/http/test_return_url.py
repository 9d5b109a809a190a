"""Where the login and the language switch send the browser afterwards: a path on this site, nothing else."""
from __future__ import annotations

import pytest

from backend.http.return_url import safe_return_path
from tests.support import PASSWORD
from tests.web_support import Browser

pytestmark = pytest.mark.any_hour  # the same at any hour: the clock runs leave it to the real-hour run


@pytest.mark.parametrize("target", [
    "//evil.example/", "/\t/evil.example/", "/%09/evil.example/", "/%0A/x", "/\n/x", "/%0d%0a/x", "/\\evil.example",
    "/%5Cevil.example", "/%2F/evil.example", "https://evil.example/", "javascript:alert(1)", "evil.example",
    "/\x7f/x", "/\u2028/x", "", None, "/" + "a" * 3000,
])
def test_anything_but_a_plain_path_is_replaced_by_the_default(target):
    assert safe_return_path(target, "/mijn") == "/mijn"


@pytest.mark.parametrize("target", ["/mijn/wachtwoord", "/gemeente/acties?gemeente=maassluis", "/zoeken?q=a%20b",
                                    "/inloggen?next=/mijn"])
def test_a_plain_path_is_kept(target):
    assert safe_return_path(target, "/mijn") == target


@pytest.mark.parametrize("next_url", ["/%09/evil.example/", "/%0A/x", "//evil.example/", "/%5C%5Cevil.example"])
def test_the_login_never_sends_the_browser_elsewhere_and_still_signs_in(app, next_url):
    email = Browser(app).register()
    browser = Browser(app)
    r = browser.post(f"/inloggen?next={next_url}", {"email": email, "password": PASSWORD}, form_from="/inloggen")
    assert r.status_code == 303 and r.headers["Location"] == "/mijn"
    assert browser.cookie("doemee_session") is not None
    assert browser.get("/mijn").status_code == 200


def test_the_language_switch_never_sends_the_browser_elsewhere(app):
    browser = Browser(app)
    for target in ("/\t/evil.example/", "/%09/evil.example/", "/\n/x"):
        r = browser.post("/taal", {"locale": "en", "next": target}, form_from="/")
        assert r.status_code == 303 and r.headers["Location"] == "/", target
    r = browser.post("/taal", {"locale": "nl", "next": "/inloggen"}, form_from="/")
    assert r.headers["Location"] == "/inloggen"
