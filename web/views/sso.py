"""Logging in with the municipality's own identity provider (single sign-on, backend.sso): the button on the login
page posts here, the browser goes to the provider and comes back to ``/inloggen/sso/terug``, which starts the same
web session as a password login (web_sessions.start).

Web-only, with reason: this is a browser's redirect dance; an app or another system signs in through the API's
/auth routes with a password, and the provider's own tokens are never exchanged for DoeMee's JWT pair.
"""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, request, session, url_for

from flask_limiter.util import get_remote_address

from backend.accounts import web_sessions
from backend.extensions import limiter
from backend.sso import flow
from backend.sso.operations import enabled_provider
from web.access import page
from web.forms import field_errors
from web.homes import home_url
from web.views.account import login_page, signed_in
from web.views.public import safe_next

bp = Blueprint("sso_login", __name__, template_folder="../templates")

# The browser's signed session cookie (web.security) keeps the state, nonce and PKCE verifier until it is back.
PENDING = "sso_pending"
NEXT = "sso_next"


def _redirect_uri() -> str:
    # Registered at the provider: the public address, whatever host name this request came in by.
    return current_app.extensions["doemee_config"]["PUBLIC_BASE_URL"] + url_for("sso_login.callback")


@bp.route("/inloggen/sso/<uuid:provider_id>", methods=["POST"])
@page("public")
# Each start makes DoeMee ask the provider (discovery): as many per address as the sign-up form allows.
@limiter.limit("30 per minute", key_func=get_remote_address, methods=["POST"])
def start(provider_id):
    try:
        url, pending = flow.begin(enabled_provider(provider_id), _redirect_uri())
    except flow.SignInFailed as exc:
        return _refused(exc)
    session[PENDING] = pending.as_dict()
    session[NEXT] = safe_next(request.form.get("next"), "")
    return redirect(url, code=303)


@bp.route("/inloggen/sso/terug")
@page("public")
def callback():
    pending, next_url = session.pop(PENDING, None), session.pop(NEXT, "")
    try:
        user = flow.finish(pending, request.args.to_dict(), _redirect_uri())
    except flow.SignInFailed as exc:
        return _refused(exc)
    return signed_in(redirect(next_url or home_url(user), code=303), web_sessions.start(user))


def _refused(exc: flow.SignInFailed):
    # The reason for the operator (no token, code or address in it); the person reads the message.
    current_app.logger.warning("single sign-on refused: %s", exc.reason)
    return login_page({}, field_errors(exc), "", 401)
