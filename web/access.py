"""Who may see which page. Deny by default, as in the API: a web view without a declared policy answers 403, and
a test walks the URL map to make sure none is missing.

    @bp.route("/mijn")
    @page("authenticated")
    def home(): ...

``page`` also makes the view the unit of work: one commit when it returns, a rollback when it raises; a POST with
an ``Idempotency-Key`` header is answered once (web.idempotency).

The API's bearer-token check (mobile_api.auth) sees web views as public: a page authenticates by its own session
cookie, checked here.
"""
from __future__ import annotations

import functools

import flask_babel
from flask import Flask, current_app, g, redirect, request, url_for

from backend.accounts import web_sessions
from backend.accounts.models import ROLES
from backend.extensions import db

PUBLIC = "public"
AUTHENTICATED = "authenticated"
SESSION_COOKIE = "doemee_session"


def page(*policy: str):
    """Declare who may see a page: "public", "authenticated", or one or more roles (any of them suffices)."""
    unknown = set(policy) - {PUBLIC, AUTHENTICATED, *ROLES}
    if not policy or unknown:
        raise ValueError(f"bad page policy {policy!r}")

    def decorate(view):
        @functools.wraps(view)
        def unit_of_work(*args, **kwargs):
            from web import idempotency

            try:
                replay = idempotency.begin(current_user())
                if replay is not None:
                    response = current_app.make_response(replay)
                    db.session.rollback()
                    return response
                response = current_app.make_response(view(*args, **kwargs))
                idempotency.finish(response)
                db.session.commit()
                return response
            except BaseException:
                db.session.rollback()
                raise

        unit_of_work.web_policy = tuple(policy)
        unit_of_work.access_policy = (PUBLIC,)  # for mobile_api.auth: no bearer token here (see module doc)
        return unit_of_work

    return decorate


def web_policy_of(app: Flask, endpoint: str):
    return getattr(app.view_functions.get(endpoint), "web_policy", None)


def is_web_endpoint(endpoint: str | None) -> bool:
    return bool(endpoint) and endpoint.split(".", 1)[0] in current_app.extensions["doemee_web_blueprints"]


def current_user():
    return getattr(g, "web_user", None)


def _load_user_and_enforce():
    # Per-request state starts empty, also where requests share an application context (the test suite's).
    for name in ("web_user", "csrf_seed", "csrf_new", "my_profile"):
        g.pop(name, None)
    flask_babel.refresh()
    if not is_web_endpoint(request.endpoint):
        return None
    if request.method == "OPTIONS":  # Flask answers it (Allow: ...) without calling the view
        return None
    if request.endpoint == "public.static":  # files: no one's session needed (and no query per file)
        return None
    g.web_user = web_sessions.user_of(request.cookies.get(SESSION_COOKIE))
    policy = web_policy_of(current_app, request.endpoint)
    if policy is None:
        from werkzeug.exceptions import Forbidden

        raise Forbidden()
    if PUBLIC in policy:
        return None
    if g.web_user is None:
        return redirect(url_for("account.login", next=request.full_path.rstrip("?")))
    if AUTHENTICATED in policy:
        return None
    if not any(g.web_user.has_role(role) for role in policy):
        from werkzeug.exceptions import Forbidden

        raise Forbidden()
    return None


def init_access(app: Flask) -> None:
    app.extensions["doemee_web_blueprints"] = {bp.name for bp in _web_blueprints()}
    app.before_request(_load_user_and_enforce)


def _web_blueprints():
    from web.views import BLUEPRINTS

    return BLUEPRINTS
