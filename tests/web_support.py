"""A browser for the web pages through the Flask test client: keeps cookies, fills forms with the CSRF token the
page gave it, and checks what every page must have (HTML, the security headers, no-store)."""
from __future__ import annotations

import itertools
import re
from html import unescape
from urllib.parse import urlsplit

from tests.support import PASSWORD

_counter = itertools.count(1)
SESSION_COOKIE = "doemee_session"


def new_email() -> str:
    return f"web{next(_counter)}@example.org"


class Browser:
    def __init__(self, app, *, language: str = "nl"):
        self.app = app
        self.client = app.test_client()
        self.language = language

    def get(self, path, **kwargs):
        response = self.client.get(path, headers={"Accept-Language": self.language}, **kwargs)
        if response.mimetype == "text/html":
            check_page(response)
        return response

    def post(self, path, data=None, *, form_from: str | None = None, csrf=True, **kwargs):
        """POST like the browser does after showing ``form_from`` (default: ``path``): with that page's token."""
        data = dict(data or {})
        if csrf:
            page = self.get(form_from or path)
            data.setdefault("csrf_token", csrf_token(page))
        response = self.client.post(path, data=data, headers={"Accept-Language": self.language}, **kwargs)
        if response.mimetype == "text/html":
            check_page(response)
        return response

    def cookie(self, name):
        cookie = self.client.get_cookie(name)
        return cookie.value if cookie else None

    def register(self, *, email=None, password=PASSWORD, name="Anna de Vries", wants_help=False, locale="nl"):
        email = email or new_email()
        page = self.get("/meedoen")
        data = {"display_name": name, "email": email, "password": password, "locale": locale, "privacy": "on",
                "privacy_version": field_value(page, "privacy_version")}
        if wants_help:
            data["wants_help"] = "on"
        response = self.post("/meedoen", data)
        assert response.status_code == 303, text(response)[:2000]
        return email

    def login(self, email, password=PASSWORD):
        return self.post("/inloggen", {"email": email, "password": password})


def check_page(response) -> None:
    """Every HTML page: the Content Security Policy without inline code, never cached, no inline script/style."""
    csp = response.headers.get("Content-Security-Policy", "")
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "style-src 'self'" in csp, csp
    assert response.headers.get("Cache-Control") == "no-store"
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    html = response.get_data(as_text=True)
    # (a data block such as schema.org JSON-LD is not code: no browser runs it, and the CSP does not cover it)
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/ld\+json\")[^>]*>", html), "inline script"
    assert not re.search(r"\sstyle=", html) and "<style" not in html, "inline style"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


def text(response) -> str:
    """The visible text of a page, whitespace collapsed."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def field_value(response, name: str) -> str:
    html = response.get_data(as_text=True)
    match = re.search(r'<input[^>]*name="%s"[^>]*value="([^"]*)"' % re.escape(name), html)
    assert match, f"no field {name}"
    return unescape(match.group(1))


def csrf_token(response) -> str:
    return field_value(response, "csrf_token")


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


def set_cookie_header(response, name: str) -> str:
    [header] = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(name + "=")]
    return header


def fetch(client, path: str) -> tuple[int, str, bytes]:
    """GET a file (status, mimetype, body), closing the response's file handle."""
    response = client.get(path)
    try:
        return response.status_code, response.mimetype, response.get_data()
    finally:
        response.close()
