"""Pages about the service that anyone may open, linked from every page's footer: the accessibility statement (in
the model format of the Dutch government, with the results of the automated checks of the build), the privacy
statement and how to reach the municipality."""
from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from importlib import resources

from flask import Blueprint, render_template
from flask_babel import get_locale

from backend.accounts.privacy import current_statement
from web.access import page

bp = Blueprint("about", __name__, template_folder="../templates")


@lru_cache(maxsize=1)
def accessibility_checks() -> dict:
    """What the browser tests found (web/accessibility.json, written by `make screenshots`): the axe-core version,
    the day, and the violations per page checked."""
    return json.loads(resources.files("web").joinpath("accessibility.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def lighthouse_checks() -> dict | None:
    """Lighthouse's lowest SEO and accessibility scores over the open pages (web/lighthouse.json, written by
    bench/web/lighthouse_open.sh), or None when that was not measured for this build."""
    try:
        checks = json.loads(resources.files("web").joinpath("lighthouse.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    scores = checks["pages"].values()
    return {"version": checks["lighthouse"], "pages": len(checks["pages"]),
            "seo": min(s["seo"] for s in scores), "accessibility": min(s["accessibility"] for s in scores),
            "checked_on": date.fromisoformat(checks["checked_on"])}


@bp.route("/toegankelijkheid")
@page("public")
def accessibility():
    checks = accessibility_checks()
    return render_template("about/accessibility.html", axe=checks["axe"], pages=len(checks["pages"]),
                           violations=sum(checks["pages"].values()), checked_on=date.fromisoformat(checks["checked_on"]),
                           lighthouse=lighthouse_checks())


@bp.route("/privacy")
@page("public")
def privacy():
    statement = current_statement()
    return render_template("about/privacy.html", version=statement["version"],
                           text=statement["text"].get(str(get_locale())) or statement["text"]["nl"])


@bp.route("/contact")
@page("public")
def contact():
    return render_template("about/contact.html")
