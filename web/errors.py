"""Error pages. Under /api/v1 errors stay problem+json (mobile_api.problems); everywhere else a person is
looking, so mobile_api.problems asks ``web_error_page`` for an HTML page instead."""
from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l

from backend.errors import DomainError
from backend.i18n import translate
from web.i18n import select_locale

# status -> (title, explanation), in the web catalogue.
_PAGES = {
    400: (_l("This request could not be handled"), _l("Go back, reload the page and try again.")),
    "csrf": (_l("This form has expired"), _l("For your safety a form works only for a while, in this browser. "
                                            "Go back, reload the page and fill it in again.")),
    403: (_l("You may not see this page"), _l("Your account has no access to this page.")),
    404: (_l("Page not found"),
          _l("This page does not exist (any more). Check the address or start at the home page.")),
    409: (_l("That did not work"), _l("Something changed in the meantime. Reload the page and try again.")),
    413: (_l("That was too much at once"), _l("Send less text or a smaller file.")),
    422: (_l("That did not work"), _l("Check what you filled in.")),
    429: (_l("Too many attempts"), _l("Wait a minute and try again.")),
    500: (_l("Something went wrong on our side"),
          _l("Sorry. Try again in a moment; if it keeps happening, contact the municipality.")),
}


def error_page(status, kind=None, detail: str | None = None):
    title, text = _PAGES.get(kind or status) or _PAGES[500 if status >= 500 else 400]
    code = 400 if kind == "csrf" else status
    return render_template("errors/error.html", status=code, title=title, text=text, detail=detail), code


def web_error_page(status: int, exc: Exception | None = None):
    """Called by mobile_api.problems for a request outside /api."""
    detail = None
    if isinstance(exc, DomainError) and exc.detail:
        detail = translate(exc.detail, select_locale(), **exc.params)
    return error_page(status, detail=detail)


def init_errors(app: Flask) -> None:
    app.extensions["doemee_web_error_page"] = web_error_page

