"""Signing in with a municipality's OpenID Connect provider: the authorisation code flow with PKCE, state and
nonce (Authlib), the id token checked with joserfc: its signature against the provider's published keys (JWKS),
issuer, audience (and azp), expiry and issue time by DoeMee's clock, and the nonce of this browser's request.

An account is linked only by an e-mail address the provider says it verified (``email_verified`` true), in a
domain the provider covers, of an account that already works for the municipality: one of its staff or
intermediaries, or a coordinator of one of its organisations. Nobody else gets in this way, and nobody gets an
account: the provider proves who someone is; what they may do (roles) is granted in DoeMee only. Admins (whose
rights span every municipality) sign in with their password only.
"""
from __future__ import annotations

import hmac
import secrets
from dataclasses import asdict, dataclass

import requests
import sqlalchemy as sa
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from flask import current_app
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jwt import JWTClaimsRegistry

from backend.accounts.models import User
from backend.accounts.operations import normalise_email
from backend.audit.operations import record
from backend.errors import InvalidInput, Unauthorized
from backend.extensions import db
from backend.models_base import utcnow
from backend.organisations.models import Organisation, OrganisationMember
from backend.sso.models import SsoProvider
from backend.sso.operations import checked_issuer, enabled_provider

# Asymmetric signatures only: a symmetric (HS*) id token would be signed with the client secret itself.
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
# Clocks of two machines differ a little; a minute is what the OpenID Connect libraries commonly allow.
LEEWAY_SECONDS = 60


class SignInFailed(Unauthorized):
    """Why a single sign-on did not sign anyone in: the message key says it in words the person understands.
    The reason for the logs (``reason``) never holds a token, a code or an e-mail address."""

    def __init__(self, reason: str, detail: str = "detail.sso.failed"):
        super().__init__(detail)
        self.reason = reason


@dataclass(frozen=True)
class Pending:
    """What this browser's sign-in waits for (kept in its signed session cookie until the provider sends it
    back): which provider, the state, the nonce and the PKCE code verifier."""

    provider_id: str
    state: str
    nonce: str
    code_verifier: str

    def as_dict(self) -> dict:
        return asdict(self)


def _timeout() -> float:
    return current_app.extensions["doemee_config"]["SSO_TIMEOUT_SECONDS"]


def _get_json(url: str) -> dict:
    try:
        response = requests.get(url, timeout=_timeout(), allow_redirects=False)
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError):
        raise SignInFailed("provider_unreachable") from None


def _discover(provider: SsoProvider) -> dict:
    """The provider's discovery document; its issuer must be the one configured (no mix-up)."""
    try:
        issuer = checked_issuer(provider.issuer)
    except InvalidInput:  # its name resolves elsewhere now (a private address): not asked
        raise SignInFailed("issuer_unsafe") from None
    meta = _get_json(issuer + "/.well-known/openid-configuration")
    if meta.get("issuer", "").rstrip("/") != issuer:
        raise SignInFailed("issuer_mismatch")
    for endpoint in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not isinstance(meta.get(endpoint), str):
            raise SignInFailed("discovery_incomplete")
    return meta


def _client(provider: SsoProvider, redirect_uri: str) -> OAuth2Session:
    return OAuth2Session(provider.client_id, provider.client_secret, scope="openid email",
                         redirect_uri=redirect_uri, code_challenge_method="S256")


def begin(provider: SsoProvider, redirect_uri: str) -> tuple[str, Pending]:
    """Where to send the browser, and what to keep until it comes back."""
    meta = _discover(provider)
    pending = Pending(provider_id=str(provider.id), state=secrets.token_urlsafe(32),
                      nonce=secrets.token_urlsafe(32), code_verifier=secrets.token_urlsafe(64))
    with _client(provider, redirect_uri) as client:
        url, _state = client.create_authorization_url(meta["authorization_endpoint"], state=pending.state,
                                                      nonce=pending.nonce, code_verifier=pending.code_verifier)
    return url, pending


def finish(pending: dict | None, answer: dict, redirect_uri: str) -> User:
    """The account the provider's answer signs in (the query of the redirect back), or SignInFailed."""
    if not pending:
        raise SignInFailed("no_pending_sign_in")  # another browser, or the same answer a second time
    try:
        pending = Pending(**pending)
    except TypeError:  # kept by an older version of DoeMee
        raise SignInFailed("no_pending_sign_in") from None
    if not hmac.compare_digest(answer.get("state", ""), pending.state):
        raise SignInFailed("state_mismatch")
    if answer.get("error") or not answer.get("code"):
        raise SignInFailed("provider_refused")
    provider = enabled_provider(pending.provider_id)
    meta = _discover(provider)
    if "iss" in answer and answer["iss"].rstrip("/") != provider.issuer:  # RFC 9207: the answer of another one
        raise SignInFailed("issuer_mismatch")
    try:
        with _client(provider, redirect_uri) as client:
            token = client.fetch_token(meta["token_endpoint"], code=answer["code"],
                                       code_verifier=pending.code_verifier, timeout=_timeout())
    except (OAuthError, requests.RequestException, ValueError):
        raise SignInFailed("token_request_failed") from None
    claims = validated_id_token(provider, meta, token.get("id_token"), nonce=pending.nonce)
    return linked_account(provider, claims)


def validated_id_token(provider: SsoProvider, meta: dict, id_token: str | None, *, nonce: str) -> dict:
    """The id token's claims once its signature, issuer, audience, times and nonce hold."""
    if not id_token:
        raise SignInFailed("no_id_token")
    keys = _get_json(meta["jwks_uri"])
    try:
        decoded = jwt.decode(id_token, KeySet.import_key_set(keys), algorithms=ALGORITHMS)
        JWTClaimsRegistry(
            now=int(utcnow().timestamp()), leeway=LEEWAY_SECONDS,
            # The discovery document's spelling (a trailing slash is part of some issuers' identifier).
            iss={"essential": True, "value": meta["issuer"]},
            aud={"essential": True, "value": provider.client_id},
            exp={"essential": True}, iat={"essential": True}, sub={"essential": True},
            nonce={"essential": True, "value": nonce},
        ).validate(decoded.claims)
    except (JoseError, ValueError) as exc:
        # The claim's name only (e.g. nonce, aud, exp), never its value.
        raise SignInFailed(f"id_token_{type(exc).__name__}" + (f"_{exc.claim}" if hasattr(exc, "claim") else "")) \
            from None
    claims = decoded.claims
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != provider.client_id:
        raise SignInFailed("id_token_azp")
    return claims


def _works_for(user: User, municipality_id) -> bool:
    if user.has_role("admin"):
        return False
    if any(g.role in ("municipality_staff", "intermediary") and g.municipality_id == municipality_id
           for g in user.roles):
        return True
    return db.session.scalar(
        sa.select(OrganisationMember.id).join(Organisation, Organisation.id == OrganisationMember.organisation_id)
        .where(OrganisationMember.user_id == user.id, OrganisationMember.status == "active",
               Organisation.municipality_id == municipality_id).limit(1)) is not None


def linked_account(provider: SsoProvider, claims: dict) -> User:
    """The existing account of a verified address in a covered domain that works for the municipality."""
    email = claims.get("email")
    if claims.get("email_verified") is not True or not isinstance(email, str) or "@" not in email:
        raise SignInFailed("email_unverified", "detail.sso.unverified")
    email = normalise_email(email)
    user = db.session.scalar(sa.select(User).where(User.email == email))
    if (email.rpartition("@")[2] not in provider.email_domains or user is None
            or not _works_for(user, provider.municipality_id)):
        raise SignInFailed("no_staff_account", "detail.sso.no_account")
    record("sso.signed_in", actor_id=user.id, object_type="sso_provider", object_id=provider.id)
    return user


