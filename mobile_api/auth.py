"""Who may call what. Deny by default: a route without a declared policy answers 403, and a test walks the URL
map to make sure none is missing.

    @blp.route("/me/profile", methods=["GET"])
    @access("authenticated")
    @blp.response(200, ProfileOutSchema)
    def get_profile(): ...

``access`` also makes the view the unit of work (backend.http.unit_of_work): it commits when the view returns and
rolls back when it raises. It goes right under ``@blp.route`` (outermost), so that the commit happens only after the
response was dumped, and so that an Idempotency-Key replay (backend.http.idempotency: a POST or PATCH answered once
per key, the JSON answer kept) is stored in the same transaction.

The token check runs for the API's requests only (``current_surface() == "api"``); the pages never pass through
it.

``access(..., reads_only=True)`` declares a view that writes nothing (the lists, the feed): on PostgreSQL its
statements then run without a transaction around them (autocommit), which saves the BEGIN and COMMIT round trips;
each statement still sees one consistent snapshot, and a view that needs two statements to agree reads them in
one (the lists read their version with their page). A write in such a view would commit at once: do not declare
it for a view that writes.
"""
from __future__ import annotations

import copy
import hashlib

import sqlalchemy as sa
from flask import Flask, current_app, g, request
from flask_jwt_extended import current_user, decode_token, get_current_user, get_jwt, verify_jwt_in_request
from flask_jwt_extended.exceptions import RevokedTokenError, WrongTokenError

from backend.accounts.models import ROLES, User
from backend.accounts.tokens import live_session_user, parse_session
from backend.errors import Forbidden
from backend.extensions import db
from backend.http.errors import current_surface
from backend.http.idempotency import KeyUse
from backend.http.unit_of_work import unit_of_work as shared_unit_of_work

PUBLIC = "public"
AUTHENTICATED = "authenticated"
# Endpoints of flask-smorest's documentation blueprint (the OpenAPI document) and Flask's static files.
_ALWAYS_PUBLIC_PREFIXES = ("api-docs.", "static")
BEARER_SECURITY = [{"bearer": []}]


def access(*policy: str, reads_only: bool = False):
    """Declare who may call a view: "public", "authenticated", or one or more roles (any of them suffices)."""
    unknown = set(policy) - {PUBLIC, AUTHENTICATED, *ROLES}
    if not policy or unknown:
        raise ValueError(f"bad access policy {policy!r}")

    def decorate(view):
        unit_of_work = shared_unit_of_work(view, key_use=KEY_USE, user=_user_if_any, reads_only=reads_only)
        unit_of_work.access_policy = tuple(policy)
        unit_of_work.reads_only = reads_only
        if PUBLIC not in policy:
            # The OpenAPI document says what the policy enforces (flask-smorest reads _apidoc when the route
            # is registered, which happens after this decorator ran: it sits right under @blp.route).
            apidoc = copy.deepcopy(getattr(view, "_apidoc", {}))
            apidoc.setdefault("manual_doc", {})["security"] = BEARER_SECURITY
            unit_of_work._apidoc = apidoc
        return unit_of_work

    return decorate


def _user_if_any():
    try:
        return get_current_user()
    except RuntimeError:  # a public route: no user, so no key scope
        return None


def _fingerprint() -> str:
    return hashlib.sha256(request.method.encode() + b" " + request.path.encode() + b"\n"
                          + request.get_data()).hexdigest()


def _replay(status: int, body: str):
    return current_app.response_class(body, status=status, mimetype="application/json")


KEY_USE = KeyUse(methods=("POST", "PATCH"), fingerprint=_fingerprint,
                 outcome=lambda response: (response.status_code, response.get_data(as_text=True)), replay=_replay)


def policy_of(app: Flask, endpoint: str):
    if endpoint.startswith(_ALWAYS_PUBLIC_PREFIXES):
        return (PUBLIC,)
    view = app.view_functions.get(endpoint)
    return getattr(view, "access_policy", None)


def _enforce_policy():
    if current_surface() != "api":  # the pages check their own session (web.access)
        return None
    if request.endpoint is None:  # no route matched: let Flask answer 404/405
        return None
    if request.method == "OPTIONS":
        # Flask answers OPTIONS itself (Allow: ...) without calling the view; it reveals no more than the
        # document does, and a CORS preflight carries no credentials by definition.
        return None
    view = current_app.view_functions.get(request.endpoint)
    bind = db.session.get_bind()
    # (A test's session is bound to the connection of the test's transaction, not to the engine: left as it is.)
    if getattr(view, "reads_only", False) and isinstance(bind, sa.Engine):
        # Before anything reads (the token's session included): see the module doc.
        db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
    policy = policy_of(current_app, request.endpoint)
    if policy is None:
        raise Forbidden("detail.no_policy")
    if PUBLIC in policy:
        return None
    verify_jwt_in_request()
    if AUTHENTICATED in policy:
        return None
    user: User = current_user
    if not any(user.has_role(role) for role in policy):
        raise Forbidden("detail.role_required")
    return None


def bearer_session() -> tuple | None:
    """For a public view that does not need the user: the (session id, user id) of the access token that came
    along, its signature and expiry verified (a bad, expired or refresh token answers 401 as everywhere), but its
    session NOT read. The view checks the session in a statement it sends anyway
    (backend.accounts.tokens.session_live_column) and calls ``refuse_dead_session`` when it is not live.
    None without a token (or without a Bearer one: anonymous, as verify_jwt_in_request(optional=True) has it)."""
    parts = request.headers.get("Authorization", "").split()
    if len(parts) != 2 or parts[0] != current_app.config.get("JWT_HEADER_TYPE", "Bearer"):
        return None
    claims = decode_token(parts[1])
    if claims.get("type") != "access":
        raise WrongTokenError("Only non-refresh tokens are allowed")
    return parse_session(claims.get("sid"), claims.get("sub")) or ()


def refuse_dead_session() -> None:
    """The token's session was found revoked or expired: 401, as for any request with that token."""
    raise RevokedTokenError({}, {})


def current_session_id() -> str:
    return get_jwt()["sid"]


def _forget_token_user():
    # g outlives a request where an app context is reused (the test client inside a test's context).
    g.pop("doemee_token_user", None)


def _token_user(payload: dict) -> User | None:
    """The token's user while its session is live (read once per request, whatever asks)."""
    key = (payload.get("sid"), payload.get("sub"))
    cached = g.get("doemee_token_user")
    if cached is None or cached[0] != key:
        user = live_session_user(key[0], key[1]) if key[0] and key[1] else None
        cached = g.doemee_token_user = (key, user)
    return cached[1]


def register_auth(app: Flask, jwt) -> None:
    from mobile_api.problems import problem

    app.before_request(_forget_token_user)
    app.before_request(_enforce_policy)

    # Authentication costs one statement: the blocklist check (run first by flask-jwt-extended) reads the live
    # session with its user and their role grants, and the user lookup hands that user on.
    @jwt.token_in_blocklist_loader
    def _revoked(_header, payload):
        return _token_user(payload) is None

    @jwt.user_lookup_loader
    def _load_user(_header, payload):
        return _token_user(payload)

    @jwt.user_lookup_error_loader
    def _user_gone(_header, _payload):
        return problem(401, "unauthorized", "detail.token_revoked")

    @jwt.unauthorized_loader
    def _missing(_reason):
        return problem(401, "unauthorized", "detail.login_required", headers={"WWW-Authenticate": "Bearer"})

    @jwt.invalid_token_loader
    def _invalid(reason):
        if "Only" in reason and "tokens are allowed" in reason:
            return problem(401, "unauthorized", "detail.token_wrong_type")
        return problem(401, "unauthorized", "detail.token_invalid",
                       headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})

    @jwt.expired_token_loader
    def _expired(_header, _payload):
        return problem(401, "unauthorized", "detail.token_expired",
                       headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})

    @jwt.revoked_token_loader
    def _revoked_response(_header, _payload):
        return problem(401, "unauthorized", "detail.token_revoked")

    @jwt.needs_fresh_token_loader
    def _not_fresh(_header, _payload):
        return problem(401, "unauthorized", "detail.token_invalid")

    @jwt.token_verification_failed_loader
    def _failed(_header, _payload):
        return problem(401, "unauthorized", "detail.token_invalid")
