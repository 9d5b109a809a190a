"""Who may see which page. Deny by default, as in the API: a web view without a declared policy answers 403, and
a test walks the URL map to make sure none is missing.

    @bp.route("/mijn")
    @page("authenticated")
    def home(): ...

``page`` also makes the view the unit of work (backend.http.unit_of_work): one commit when it returns, a rollback
when it raises; a POST with an ``Idempotency-Key`` header (the check-in page's script sends one) is answered once
(backend.http.idempotency): what is kept is the redirect to the outcome; an error page changed nothing, so its key
is forgotten and a retry is handled again.

A page authenticates by its own session cookie, checked here; the API's bearer-token check never runs for pages.
"""
from __future__ import annotations

import hashlib

import flask_babel
from flask import Flask, current_app, g, redirect, request, url_for

from backend.accounts import web_sessions
from backend.accounts.models import ROLES
from backend.http.idempotency import KeyUse
from backend.http.unit_of_work import unit_of_work as shared_unit_of_work

PUBLIC = "public"
AUTHENTICATED = "authenticated"
SESSION_COOKIE = "doemee_session"


def page(*policy: str):
    """Declare who may see a page: "public", "authenticated", or one or more roles (any of them suffices)."""
    unknown = set(policy) - {PUBLIC, AUTHENTICATED, *ROLES}
    if not policy or unknown:
        raise ValueError(f"bad page policy {policy!r}")

    def decorate(view):
        unit_of_work = shared_unit_of_work(view, key_use=KEY_USE, user=current_user)
        unit_of_work.web_policy = tuple(policy)
        return unit_of_work

    return decorate


_REDIRECTS = (301, 302, 303)


def _fingerprint() -> str:
    # The form's fields without its CSRF token (bound to the browser, not to what is asked).
    fields = sorted((name, value) for name, value in request.form.items(multi=True) if name != "csrf_token")
    body = "\n".join(f"{name}={value}" for name, value in fields)
    return hashlib.sha256(f"POST {request.path}\n{body}".encode()).hexdigest()


def _outcome(response):
    # A page action that worked answers with a redirect: where it sends the browser is its outcome.
    if response.status_code in _REDIRECTS and response.location:
        return response.status_code, response.location
    return None


KEY_USE = KeyUse(methods=("POST",), fingerprint=_fingerprint, outcome=_outcome,
                 replay=lambda status, location: redirect(location, code=status))


def web_policy_of(app: Flask, endpoint: str):
    return getattr(app.view_functions.get(endpoint), "web_policy", None)


def is_web_endpoint(endpoint: str | None) -> bool:
    return bool(endpoint) and endpoint.split(".", 1)[0] in current_app.extensions["doemee_web_blueprints"]


def current_user():
    return getattr(g, "web_user", None)


def _load_user_and_enforce():
    # Per-request state starts empty, also where requests share an application context (the test suite's).
    for name in ("web_user", "csrf_token", "csrf_valid", "my_profile"):
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


def init_access(app: Flask, blueprint_names: set[str]) -> None:
    """``blueprint_names``: the pages' blueprints (web.views.BLUEPRINTS, named by web.init_web: the views import
    this module, so it does not import them)."""
    app.extensions["doemee_web_blueprints"] = set(blueprint_names)
    app.before_request(_load_user_and_enforce)
