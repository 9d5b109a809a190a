"""Joining, signing in and out, passwords, and the signed-in home ("Mijn DoeMee")."""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address

from backend.accounts import operations as accounts
from backend.accounts import web_sessions
from backend.accounts.passwords import MIN_LENGTH
from backend.accounts.privacy import current_statement
from backend.errors import DomainError, InvalidInput, Unauthorized
from backend.i18n import LOCALES
from backend.extensions import limiter
from backend.http.throttle import login_throttle
from web.access import SESSION_COOKIE, current_user, page
from web.forms import checked, field_errors, text
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


def _signed_in(response, token: str):
    set_cookie(response, SESSION_COOKIE, token,
               max_age=current_app.extensions["doemee_config"]["REFRESH_TOKEN_DAYS"] * 24 * 3600)
    return response


def _privacy():
    statement = current_statement()
    from flask_babel import get_locale

    return {"version": statement["version"], "text": statement["text"].get(str(get_locale())) or
            statement["text"]["nl"]}


@bp.route("/meedoen", methods=["GET", "POST"])
@page("public")
@limiter.limit("30 per minute", key_func=_ip_key, methods=["POST"])
def register():
    form, errors = {}, {}
    if request.method == "POST":
        form = {"email": text("email", 254), "display_name": text("display_name", 80),
                "locale": text("locale", 2), "wants_help": checked("wants_help"), "privacy": checked("privacy")}
        if "@" not in form["email"]:
            errors["email"] = [_("Fill in your e-mail address, like name@example.nl.")]
        if not form["display_name"]:
            errors["display_name"] = [_("Fill in your name.")]
        if form["locale"] not in LOCALES:
            form["locale"] = LOCALES[0]  # the default language
        if not form["privacy"]:
            errors["privacy"] = [_("You can join only if you agree with the privacy statement.")]
        if not errors:
            try:
                _user, token = web_sessions.register(
                    email=form["email"], password=text("password", 128, strip=False),
                    display_name=form["display_name"], locale=form["locale"],
                    accepted_privacy_version=text("privacy_version", 20),
                    roles=["volunteer", "resident"] if form["wants_help"] else ["volunteer"])
                # Back to the page that sent them here (a vacancy's "join"); one who wants to ask for help goes
                # straight to the form.
                after = safe_next(request.values.get("next"), "") or (
                    url_for("asking.new", welkom=1) if form["wants_help"] else url_for("account.home", welkom=1))
                return _signed_in(redirect(after, code=303), token)
            except DomainError as exc:
                errors = field_errors(exc, {"accepted_privacy_version": "privacy"})
    return render_template("account/register.html", form=form, errors=errors, privacy=_privacy(),
                           min_length=MIN_LENGTH), (422 if errors else 200)


@bp.route("/inloggen", methods=["GET", "POST"])
@page("public")
@login_throttle  # the same throttle as the API's login (backend.http.throttle)
def login():
    next_url = safe_next(request.values.get("next"), "")
    form, errors, status = {}, {}, 200
    if request.method == "POST":
        form = {"email": text("email", 254)}
        try:
            user, token = web_sessions.login(email=form["email"], password=text("password", 128, strip=False))
            # No page asked for: the person's own home (web.homes).
            return _signed_in(redirect(next_url or home_url(user), code=303), token)
        except Unauthorized as exc:
            errors, status = field_errors(exc), 401
    return render_template("account/login.html", form=form, errors=errors, next_url=next_url), status


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
    form, errors = {}, {}
    if request.method == "POST":
        form = {"email": text("email", 254)}
        if "@" not in form["email"]:
            errors["email"] = [_("Fill in your e-mail address, like name@example.nl.")]
        else:
            accounts.request_password_reset(email=form["email"])
            return render_template("account/reset_sent.html", email=form["email"])
    return render_template("account/forgotten.html", form=form, errors=errors), (422 if errors else 200)


@bp.route("/reset", methods=["GET", "POST"])
@page("public")
@limiter.limit(_attempts_per_minute, key_func=_ip_key, methods=["POST"])
def reset_password():
    token = request.values.get("token", "")[:200]
    errors = {}
    if request.method == "POST":
        try:
            accounts.confirm_password_reset(token=token, new_password=text("new_password", 128, strip=False))
            return render_template("account/reset_done.html")
        except InvalidInput as exc:
            errors = field_errors(exc)
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
        try:
            token = web_sessions.change_password(current_user(),
                                                 current_password=text("current_password", 128, strip=False),
                                                 new_password=text("new_password", 128, strip=False))
            return _signed_in(redirect(url_for("account.password_changed"), code=303), token)
        except InvalidInput as exc:
            errors = field_errors(exc)
    return render_template("account/password.html", errors=errors, min_length=MIN_LENGTH), (422 if errors else 200)


@bp.route("/mijn/wachtwoord/gewijzigd")
@page("authenticated")
def password_changed():
    return render_template("account/password_changed.html")

