"""Joining, signing in and out, passwords, and the signed-in home ("Mijn DoeMee")."""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address

from backend.accounts import operations as accounts
from backend.accounts import web_sessions
from backend.accounts.passwords import MIN_LENGTH
from backend.accounts.privacy import current_statement
from backend.accounts.schemas import (LoginSchema, PasswordChangeSchema, RegisterSchema, ResetConfirmSchema,
                                      ResetRequestSchema)
from backend.sso.operations import login_providers
from backend.errors import DomainError, InvalidInput, Unauthorized
from backend.extensions import limiter
from backend.http.throttle import login_throttle
from web.access import SESSION_COOKIE, current_user, page
from web.forms import TICKED, Unreadable, attempt, field_errors, load_form
from web.homes import home_url
from web.security import set_cookie
from web.views.public import safe_next

bp = Blueprint("account", __name__, template_folder="../templates")


# The same throttles as the API's /auth routes: password resets per address and per account.
def _attempts_per_minute() -> str:
    return f"{current_app.extensions['doemee_config']['LOGIN_ATTEMPTS_PER_MINUTE']} per minute"


def _ip_key() -> str:
    return "ip:" + (get_remote_address() or "?")


def _account_key() -> str:
    return "account:" + request.form.get("email", "?").strip().lower()[:254]


def signed_in(response, token: str):
    """The response with the cookie of a new web session (a password login, or single sign-on: web.views.sso)."""
    set_cookie(response, SESSION_COOKIE, token,
               max_age=current_app.extensions["doemee_config"]["REFRESH_TOKEN_DAYS"] * 24 * 3600)
    return response


def _privacy():
    statement = current_statement()
    from flask_babel import get_locale

    return {"version": statement["version"], "text": statement["text"].get(str(get_locale())) or
            statement["text"]["nl"]}


def _as_typed(name: str):
    """A password exactly as typed (never stripped, as the API takes it); blank is missing."""
    return lambda form: form.get(name) or None


_AS_TYPED = {name: _as_typed(name) for name in ("password", "current_password", "new_password")}


def _roles(form) -> list[str]:
    return ["volunteer", "resident"] if form.get("wants_help") in TICKED else ["volunteer"]


def _privacy_accepted(form) -> str | None:
    """The version of the statement shown with the form, once its box is ticked."""
    if form.get("privacy") not in TICKED:
        raise Unreadable(_("You can join only if you agree with the privacy statement."))
    return form.get("privacy_version", "").strip() or None


# The join form: a box for asking help too (the roles), a box for the privacy statement (its version).
_JOIN = {**_AS_TYPED, "roles": _roles, "accepted_privacy_version": _privacy_accepted}
_JOIN_NAMES = {"accepted_privacy_version": "privacy"}


@bp.route("/meedoen", methods=["GET", "POST"])
@page("public")
@limiter.limit("30 per minute", key_func=_ip_key, methods=["POST"])
def register():
    errors = {}
    if request.method == "POST":
        data, errors = load_form(RegisterSchema, names=_JOIN_NAMES, convert=_JOIN)
        if not errors:
            try:
                _user, token = web_sessions.register(**data)
                # Back to the page that sent them here (a vacancy's "join"); one who wants to ask for help goes
                # straight to the form.
                asks = "resident" in data["roles"]
                after = safe_next(request.values.get("next"), "") or (
                    url_for("asking.new", welkom=1) if asks else url_for("account.home", welkom=1))
                return signed_in(redirect(after, code=303), token)
            except DomainError as exc:
                errors = field_errors(exc, _JOIN_NAMES)
    return render_template("account/register.html", form=request.form, errors=errors, privacy=_privacy(),
                           min_length=MIN_LENGTH), (422 if errors else 200)


@bp.route("/inloggen", methods=["GET", "POST"])
@page("public")
@login_throttle  # the same throttle as the API's login (backend.http.throttle)
def login():
    next_url = safe_next(request.values.get("next"), "")
    form, errors, status = {}, {}, 200
    if request.method == "POST":
        # The API's login schema (POST /auth/login): the same fields, limits and messages.
        data, errors = load_form(LoginSchema, convert=_AS_TYPED)
        form, status = {"email": data.get("email", "")}, 422
        if not errors:
            try:
                user, token = web_sessions.login(**data)
                # No page asked for: the person's own home (web.homes).
                return signed_in(redirect(next_url or home_url(user), code=303), token)
            except Unauthorized as exc:
                errors, status = field_errors(exc), 401
    return login_page(form, errors, next_url, status)


def login_page(form: dict, errors: dict, next_url: str, status: int):
    """The login page; also shown again when single sign-on did not work (web.views.sso)."""
    # The button "Inloggen met <organisation>" of the municipality's own provider, when it has one.
    sso = login_providers(current_app.extensions["doemee_config"]["WEB_MUNICIPALITY"])
    return render_template("account/login.html", form=form, errors=errors, next_url=next_url, sso=sso), status


@bp.route("/uitloggen", methods=["POST"])
@page("authenticated")
def logout():
    web_sessions.logout(current_user(), request.cookies.get(SESSION_COOKIE))
    response = redirect(url_for("public.landing", uitgelogd=1), code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="Lax")
    return response


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@page("public")
@limiter.limit(_attempts_per_minute, key_func=_ip_key, methods=["POST"])
@limiter.limit(_attempts_per_minute, key_func=_account_key, methods=["POST"])
def forgotten_password():
    errors = {}
    if request.method == "POST":
        data, errors = load_form(ResetRequestSchema)
        if not errors:
            accounts.request_password_reset(**data)
            return render_template("account/reset_sent.html", email=data["email"])
    return render_template("account/forgotten.html", form=request.form, errors=errors), (422 if errors else 200)


@bp.route("/reset", methods=["GET", "POST"])
@page("public")
@limiter.limit(_attempts_per_minute, key_func=_ip_key, methods=["POST"])
def reset_password():
    token = request.values.get("token", "")[:200]
    errors = {}
    if request.method == "POST":
        data, errors = load_form(ResetConfirmSchema, convert=_AS_TYPED)
        errors = attempt(errors, lambda: accounts.confirm_password_reset(**data))
        if not errors:
            return render_template("account/password_changed.html", after_reset=True)
    return render_template("account/reset.html", token=token, errors=errors,
                           min_length=MIN_LENGTH), (422 if errors else 200)


@bp.route("/mijn")
@page("authenticated")
def home():
    from backend.jobs.availability import open_question

    return render_template("account/home.html", user=current_user(), welcome=request.args.get("welkom") == "1",
                           still_asked=open_question(current_user()) is not None,
                           still_answered=request.args.get("nog_beschikbaar") == "1")


@bp.route("/mijn/wachtwoord", methods=["GET", "POST"])
@page("authenticated")
def change_password():
    errors = {}
    if request.method == "POST":
        data, errors = load_form(PasswordChangeSchema, convert=_AS_TYPED)
        if not errors:
            try:
                token = web_sessions.change_password(current_user(), **data)
                return signed_in(redirect(url_for("account.password_changed"), code=303), token)
            except InvalidInput as exc:
                errors = field_errors(exc)
    return render_template("account/password.html", errors=errors, min_length=MIN_LENGTH), (422 if errors else 200)


@bp.route("/mijn/wachtwoord/gewijzigd")
@page("authenticated")
def password_changed():
    return render_template("account/password_changed.html")

