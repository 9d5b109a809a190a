"""Each municipality themes the same pages with its own name and design tokens (web/static/css/themes.css).

The colours were checked for WCAG AA contrast (4.5:1 for text, 3:1 for controls) against white; the browser tests
run axe-core over every page to keep it so.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app


@dataclass(frozen=True)
class Theme:
    slug: str
    name: str            # shown in the header and the manifest
    theme_color: str     # the browser's toolbar and the installed app's splash screen
    background_color: str
    # How to reach the municipality (the footer's contact page); empty: "your municipality".
    contact_url: str = ""
    contact_phone: str = ""


THEMES = {
    # 14 010: the municipality's public number (14 + its area code), as on maassluis.nl.
    "maassluis": Theme("maassluis", "Maassluis", "#00447a", "#ffffff", "https://www.maassluis.nl/contact", "14 010"),
    "default": Theme("default", "", "#1d4f91", "#ffffff"),
}


def init_themes(app: Flask) -> None:
    # Which municipality this installation shows (DOEMEE_WEB_MUNICIPALITY in backend/config.py; default Maassluis).
    slug = app.extensions["doemee_config"]["WEB_MUNICIPALITY"]
    if slug not in THEMES:
        from backend.config import ConfigError

        raise ConfigError(f"DOEMEE_WEB_MUNICIPALITY: one of {', '.join(sorted(THEMES))}, not {slug!r}")
    app.extensions["doemee_web_theme"] = THEMES[slug]


def current_theme() -> Theme:
    return current_app.extensions["doemee_web_theme"]
