"""Error pages: the pages' renderer of the shared error handling (backend.http.errors). Under /api/ the API's
renderer answers problem+json; everywhere else a person is looking, so every failure (a refused input, a missing
page, a database that is down) is an HTML page."""
from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l

from backend.http.errors import Failure, register_surface
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
    503: (_l("Something went wrong on our side"),
          _l("Sorry. Try again in a moment; if it keeps happening, contact the municipality.")),
    500: (_l("Something went wrong on our side"),
          _l("Sorry. Try again in a moment; if it keeps happening, contact the municipality.")),
}


def error_page(status, kind=None, detail: str | None = None):
    title, text = _PAGES.get(kind or status) or _PAGES[500 if status >= 500 else 400]
    code = 400 if kind == "csrf" else status
    return render_template("errors/error.html", status=code, title=title, text=text, detail=detail), code


def render_failure(failure: Failure):
    """A page for any failure: its title and explanation by status, and the domain error's own message."""
    detail = translate(failure.detail, select_locale(), **failure.params) if failure.domain and failure.detail else None
    body, status = error_page(failure.status if failure.status in _PAGES or failure.status < 500 else 500,
                              detail=detail)
    return body, status, failure.headers


def init_errors(app: Flask) -> None:
    # Registered after the API's: the pages have every request the API does not.
    register_surface(app, "web", lambda: True, render_failure)
