"""Verified access tokens, remembered per worker so that a token is parsed and its signature checked once.

Invalidation rule: an entry is the claims that flask-jwt-extended's full verification (signature, algorithm,
required claims) returned for exactly that token string under exactly that signing key; it is used only while
the token's ``exp`` lies in the future (checked against the clock at every use: an expired token then goes
through the full verification again, which refuses it as expired). Nothing else about a token can change: its
bytes are signed. Revocation is not this cache's business: every request still reads its live session
(backend.accounts.tokens.live_session_user), so a logout holds in every worker at the next request.
At most ``SIZE`` tokens are kept (least recently used out first).

Why: PyJWT parses a token three times per request through flask-jwt-extended (unverified claims, unverified
header, verified claims), each time checking every character of every segment in Python: ~2 ms of a listing's
~8 ms of CPU on the benchmark machine. A volunteer's app sends the same access token for many requests. A token
seen for the first time is verified once instead of parsed three times: the two unverified parses only feed the
decode-key callback, and ours is flask-jwt-extended's default (one key, JWT_SECRET_KEY). The verification is
PyJWT's public ``jwt.decode`` with the options flask-jwt-extended passes it, plus the library's own checks and
defaults of its claims (``_verified_claims``; the version is pinned in setup.cfg); an expired token goes the
library's whole way, whose error carries what its expired-token handler needs.
"""
from __future__ import annotations

import time
from collections import OrderedDict

from flask import current_app
from flask_jwt_extended import JWTManager
from flask_jwt_extended.config import config
from flask_jwt_extended.default_callbacks import default_decode_key_callback
from flask_jwt_extended.exceptions import JWTDecodeError
from jwt import ExpiredSignatureError, decode

SIZE = 4096


class CachingJWTManager(JWTManager):
    """flask-jwt-extended's manager, whose token decoding remembers tokens it has verified (see above)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._verified: OrderedDict[tuple[str, str], dict] = OrderedDict()

    def _decode_jwt_from_config(self, encoded_token: str, csrf_value=None, allow_expired: bool = False) -> dict:
        if csrf_value is not None or allow_expired:
            return super()._decode_jwt_from_config(encoded_token, csrf_value, allow_expired)
        key = (current_app.config["JWT_SECRET_KEY"], encoded_token)
        claims = self._verified.get(key)
        if claims is not None and claims.get("exp", 0) > time.time():
            self._verified.move_to_end(key)
            return dict(claims)
        claims = self._verify(encoded_token)
        if "exp" in claims:
            self._verified[key] = dict(claims)
            if len(self._verified) > SIZE:
                self._verified.popitem(last=False)
        return claims

    def _verify(self, encoded_token: str) -> dict:
        if self._decode_key_callback is not default_decode_key_callback:
            return super()._decode_jwt_from_config(encoded_token)
        try:
            return _verified_claims(encoded_token)
        except ExpiredSignatureError:
            return super()._decode_jwt_from_config(encoded_token)  # raises it again, as the handler expects


def _verified_claims(encoded_token: str) -> dict:
    """What flask-jwt-extended's decoding returns for a token without CSRF value: PyJWT's verification (signature,
    algorithm, exp, nbf, iat, and aud, iss and sub as configured), the identity claim required, and the defaults
    the library gives the claims it adds to every token it makes."""
    claims = decode(encoded_token, config.decode_key, algorithms=config.decode_algorithms,
                    audience=config.decode_audience, issuer=config.decode_issuer, leeway=config.leeway,
                    options={"verify_aud": config.decode_audience is not None, "verify_sub": config.verify_sub})
    if config.identity_claim_key not in claims:
        raise JWTDecodeError(f"Missing claim: {config.identity_claim_key}")
    claims.setdefault("type", "access")
    claims.setdefault("fresh", False)
    claims.setdefault("jti", None)
    return claims
