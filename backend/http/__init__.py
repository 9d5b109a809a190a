"""The request pipeline both surfaces share (the API under /api/, the pages everywhere else).

It knows no surface: a surface registers how its failures look (``errors.register_surface``) and wraps its views
with the shared unit of work (``unit_of_work``). The app factory installs it first, so a request passes, in order:

0. ``observe.begin``: the request id (``X-Request-ID``, taken when it is safe, else new) and the clock;
1. ``body_limit``: a view that takes uploads may declare a larger body limit (before anything reads the body);
2. ``input_guard``: text that cannot be stored (NUL, lone surrogates) or JSON nested too deep is refused, in the
   path, query, headers, form and JSON, before anything reads them;
3. then the surfaces' own steps, each for its own requests only: the API's token policy (JWT), CORS and version
   header; the pages' session user and page policy, CSRF and page headers;
4. the view, inside ``unit_of_work`` (idempotency keys, one commit or a rollback);
5. ``headers.security_headers`` on every answer (registered first, so Flask runs it last);
6. on any exception, ``errors``: one ``Failure`` (status, message key), rendered by the request's surface;
7. ``observe.finish`` on every answer, after everything else: ``X-Request-ID``, the request's metrics (by route and
   status, with its duration) and its one log line.

Login throttling (``throttle.login_throttle``) and the return-URL check (``return_url.safe_return_path``) are
the same for both surfaces too; their views use them.
"""
from __future__ import annotations

from flask import Flask, current_app, request

from backend.http import observe
from backend.http.errors import register_error_handling
from backend.http.headers import no_store, security_headers
from backend.http.input_guard import check_request

__all__ = ["install", "body_limit", "no_store"]


def body_limit(max_bytes: int):
    """Declare a view that takes more than DOEMEE_MAX_REQUEST_BYTES (a picture upload)."""

    def decorate(view):
        view.max_body_bytes = max_bytes
        return view

    return decorate


def _apply_body_limit() -> None:
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    limit = getattr(view, "max_body_bytes", None)
    if limit is not None:
        request.max_content_length = limit


def install(app: Flask) -> None:
    """Register the shared steps; call before the surfaces register theirs (see the module doc for the order)."""
    app.before_request(observe.begin)
    app.before_request(_apply_body_limit)
    app.before_request(check_request)
    # Flask runs after_request functions in the reverse order: observe.finish last, security_headers before it.
    app.after_request(observe.finish)
    app.after_request(security_headers)
    register_error_handling(app)
