"""Registration, login, token refresh, logout, password change and reset."""
from flask import current_app, request
from flask_jwt_extended import current_user, get_jwt, jwt_required
from flask_limiter.util import get_remote_address
from marshmallow import fields

from backend.accounts import operations as accounts
from backend.accounts.schemas import (
    LoginSchema, PasswordChangeSchema, RegisterSchema, ResetConfirmSchema, ResetRequestSchema)
from backend.extensions import limiter
from backend.http.throttle import login_throttle
from mobile_api.auth import access, current_session_id
from mobile_api.blueprint import Blueprint
from mobile_api.schemas import Schema
from mobile_api.throttle import ip_failures_per_minute

blp = Blueprint("auth", __name__, url_prefix="/auth", description="Accounts and tokens")


def _attempts_per_minute() -> str:
    return f"{current_app.extensions['doemee_config']['LOGIN_ATTEMPTS_PER_MINUTE']} per minute"


def _ip_key() -> str:
    return "ip:" + (get_remote_address() or "?")


def _account_key() -> str:
    body = request.get_json(silent=True)
    email = body.get("email") if isinstance(body, dict) else None
    return "account:" + (email.strip().lower()[:254] if isinstance(email, str) else "?")


class RoleSchema(Schema):
    role = fields.String(required=True)
    municipality_id = fields.UUID(allow_none=True)


class AccountSchema(Schema):
    id = fields.UUID(required=True)
    email = fields.String(required=True)
    display_name = fields.String(required=True)
    locale = fields.String(required=True)
    roles = fields.List(fields.Nested(RoleSchema), required=True)
    created_at = fields.DateTime(required=True)


class TokensSchema(Schema):
    access_token = fields.String(required=True)
    refresh_token = fields.String(required=True)
    token_type = fields.String(required=True)
    expires_in = fields.Integer(required=True, metadata={"description": "seconds the access token is valid"})


# Generous: a sign-up evening at the community centre puts many people behind one address.
@blp.endpoint("/register", "POST", "public", (201, AccountSchema), RegisterSchema,
              guards=(limiter.limit("30 per minute", key_func=_ip_key),))
def register(data):
    """Create an account; the current privacy statement's version must be accepted."""
    return accounts.register(**data)


# The same throttle as the web's login (backend.http.throttle).
@blp.endpoint("/login", "POST", "public", (200, TokensSchema), LoginSchema, guards=(login_throttle,), errors=(401,))
def login(data):
    """Exchange e-mail and password for an access token and a refresh token."""
    return accounts.login(**data)


@blp.route("/refresh", methods=["POST"])
@access("public")
@blp.response(200, TokensSchema)
@blp.doc(security=[{"bearer": []}], description="Send the refresh token as the Bearer token.")
@jwt_required(refresh=True)
def refresh():
    """Exchange a refresh token (once) for a new pair."""
    claims = get_jwt()
    return accounts.refresh(user_id=claims["sub"], jti=claims["jti"], session_id=claims["sid"])


@blp.endpoint("/logout", "POST", "authenticated", (204,))
def logout():
    """End this login: its access and refresh tokens stop working."""
    accounts.logout(current_user, current_session_id())


@blp.endpoint("/password", "POST", "authenticated", (200, TokensSchema), PasswordChangeSchema)
def change_password(data):
    """Change the password; every login ends and a new token pair is returned."""
    return accounts.change_password(current_user, session_id=current_session_id(), **data)


@blp.endpoint("/password-reset", "POST", "public", (202,), ResetRequestSchema,
              guards=(limiter.limit(ip_failures_per_minute, key_func=_ip_key),
                      limiter.limit(_attempts_per_minute, key_func=_account_key)))
def request_password_reset(data):
    """Mail a single-use reset link if the address has an account (the answer is the same either way)."""
    accounts.request_password_reset(**data)


@blp.endpoint("/password-reset/confirm", "POST", "public", (204,), ResetConfirmSchema,
              guards=(limiter.limit(ip_failures_per_minute, key_func=_ip_key),))
def confirm_password_reset(data):
    """Set a new password with the token from the e-mail; every login ends."""
    accounts.confirm_password_reset(**data)
