"""Pages anyone may open: the municipality's landing page, the language switch, the installable app's manifest,
service worker and offline page, and the static files."""
from __future__ import annotations

import hashlib
import os
import re

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound

from backend.accounts import operations as accounts
from backend.http.return_url import safe_return_path
from backend.i18n import LOCALES
from web import assets
from web.access import current_user, page
from web.homes import home_url
from web.i18n import LANGUAGE_COOKIE
from web.security import set_cookie
from web.themes import current_theme

bp = Blueprint("public", __name__, template_folder="../templates")
STATIC_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "static")


def safe_next(target: str | None, default: str) -> str:
    """Only a path on this site (backend.http.return_url): a login link cannot send anyone elsewhere."""
    return safe_return_path(target, default)


@bp.route("/")
@page("public")
def landing():
    if current_user() is not None:
        return redirect(home_url(current_user()))
    return render_template("landing.html")


@bp.route("/taal", methods=["POST"])
@page("public")
def switch_language():
    locale = request.form.get("locale", "")
    target = safe_next(request.form.get("next"), url_for("public.landing"))
    response = redirect(target, code=303)
    if locale in LOCALES:
        set_cookie(response, LANGUAGE_COOKIE, locale, max_age=365 * 24 * 3600)
        if current_user() is not None:
            accounts.set_locale(current_user(), locale)
    return response


@bp.route("/offline")
@page("public")
def offline():
    return render_template("offline.html")


@bp.route("/manifest.webmanifest")
@page("public")
def manifest():
    theme = current_theme()
    name = _("DoeMee %(place)s", place=theme.name) if theme.name else "DoeMee"
    body = {
        "name": name,
        "short_name": "DoeMee",
        "description": _("Help each other in your neighbourhood."),
        "lang": request.accept_languages.best_match(LOCALES) or "nl",
        "start_url": "/?bron=app",
        "scope": "/",
        "display": "standalone",
        "theme_color": theme.theme_color,
        "background_color": theme.background_color,
        "icons": [
            {"src": static_url("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static_url("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static_url("icons/icon.svg"), "sizes": "any", "type": "image/svg+xml",
             "purpose": "any"},
        ],
    }
    response = current_app.response_class(current_app.json.dumps(body), mimetype="application/manifest+json")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/sw.js")
@page("public")
def service_worker():
    # Served from the root so that its scope is the whole app. The static files it keeps get the fingerprinted URLs
    # the pages ask for, and its cache's name their fingerprints: a deploy that changes one installs a new worker.
    with open(os.path.join(STATIC_DIR, "js", "sw.js"), encoding="utf-8") as file:
        script = _STATIC_URL.sub(lambda found: '"' + static_url(found.group(1)) + '"', file.read())
    version = hashlib.sha256(script.encode()).hexdigest()[:12]
    script = _SHELL_VERSION.sub(lambda found: f'{found.group(1)}-{version}"', script, count=1)
    response = current_app.response_class(script, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


_STATIC_URL = re.compile(r'"/static/([^"?]+)"')
_SHELL_VERSION = re.compile(r'(const VERSION = "[^"]+)"')


def static_url(filename: str) -> str:
    """The fingerprinted URL of a static file (the templates' ``static()``); a missing file keeps its plain URL."""
    try:
        return url_for("public.static", filename=filename, v=assets.fingerprint(STATIC_DIR, filename))
    except NotFound:
        return url_for("public.static", filename=filename)


@bp.route("/static/<path:filename>")
@page("public")
def static(filename):
    return assets.send(STATIC_DIR, filename)
