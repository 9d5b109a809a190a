"""Texts through gettext (Flask-Babel), one catalogue in backend/translations. The language is the signed-in
user's, else the one chosen with the switch (a cookie), else the browser's Accept-Language, else the default."""
from __future__ import annotations

from flask import Flask, current_app, g, request
from flask_babel import Babel

from backend.i18n import LOCALES, TRANSLATIONS_DIR, check_catalogues

LANGUAGE_COOKIE = "doemee_lang"


def select_locale() -> str:
    user = getattr(g, "web_user", None)
    if user is not None and user.locale in LOCALES:
        return user.locale
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in LOCALES:
        return chosen
    default = current_app.extensions["doemee_config"]["DEFAULT_LOCALE"]
    return request.accept_languages.best_match(LOCALES, default=default) or default


def init_i18n(app: Flask) -> None:
    check_catalogues()
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = TRANSLATIONS_DIR
    app.config["BABEL_DEFAULT_LOCALE"] = app.extensions["doemee_config"]["DEFAULT_LOCALE"]
    app.config["BABEL_DEFAULT_TIMEZONE"] = app.extensions["doemee_config"]["TIMEZONE"]
    Babel(app, locale_selector=select_locale)
