"""Pages anyone may open: the municipality's landing page, the language switch, the installable app's manifest,
service worker and offline page, and the static files."""
from __future__ import annotations

import os

from flask import Blueprint, current_app, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _

from backend.accounts import operations as accounts
from backend.http.return_url import safe_return_path
from backend.i18n import LOCALES
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
            {"src": url_for("public.static", filename="icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": url_for("public.static", filename="icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": url_for("public.static", filename="icons/icon.svg"), "sizes": "any", "type": "image/svg+xml",
             "purpose": "any"},
        ],
    }
    response = current_app.response_class(current_app.json.dumps(body), mimetype="application/manifest+json")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/sw.js")
@page("public")
def service_worker():
    # Served from the root so that its scope is the whole app.
    response = send_from_directory(STATIC_DIR, "js/sw.js", mimetype="text/javascript", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.route("/static/<path:filename>")
@page("public")
def static(filename):
    return send_from_directory(STATIC_DIR, filename, max_age=3600)
