"""The HTML surface: server-rendered pages (Flask blueprints + Jinja) over the same operations as the API.

One layout (templates/base.html), small partials per component (templates/partials/), NL Design System CSS
themed per municipality (static/css/themes.css). Areas: the volunteer's app at ``/``; the portals of
organisations (``/organisatie``), the municipality (``/gemeente``) and shops (``/winkel``) add their blueprints
to ``BLUEPRINTS`` in ``web.views``.
"""
from __future__ import annotations

from flask import Flask


def init_web(app: Flask) -> None:
    from web import access, assets, errors, i18n, security, themes
    from web.views import BLUEPRINTS

    themes.init_themes(app)
    from web.labels import init_labels

    init_labels(app)
    i18n.init_i18n(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    access.init_access(app, {blueprint.name for blueprint in BLUEPRINTS})
    assets.init_compression(app)
    security.init_security(app)
    errors.init_errors(app)
    app.context_processor(_template_context)


def _template_context() -> dict:
    from flask_babel import get_locale

    from web.access import current_user
    from web.themes import current_theme
    from web.views.public import static_url

    return {"theme": current_theme(), "user": current_user(), "locale": str(get_locale()),
            "static": static_url}
