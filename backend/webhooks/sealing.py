"""Webhook secrets at rest: encrypted (Fernet: AES-128-CBC and HMAC-SHA256) with a key from the configuration.

HMAC signing needs the secret itself, so it cannot be hashed like a password; encrypted, a copy of the database
(a backup, a dump for support) does not give away the keys our deliveries are signed with. The key is
``DOEMEE_WEBHOOK_SECRET_KEYS`` (Fernet keys, comma-separated: the first encrypts, every one decrypts), else one
derived from ``DOEMEE_SECRET_KEY`` (HKDF-SHA256). Rotating the key (README "Webhook secrets at rest"): put the new
key first and the old one after it, run ``flask webhook-secrets reseal`` (every secret is encrypted again with the
new key), then drop the old key.
"""
from __future__ import annotations

import base64

import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

SEALED_LENGTH = 255  # a Fernet token of a 38-character "whsec_" secret is 140 characters


def derived_key(secret_key: str) -> bytes:
    """The Fernet key used when no DOEMEE_WEBHOOK_SECRET_KEYS is set: derived from the app's secret key."""
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"doemee webhook secrets").derive(
        secret_key.encode())
    return base64.urlsafe_b64encode(raw)


def keys(config) -> list[bytes]:
    return [k.encode() for k in config["WEBHOOK_SECRET_KEYS"]] or [derived_key(config["SECRET_KEY"])]


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys(current_app.extensions["doemee_config"])])


def seal(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def unseal(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        # A wrong key (DOEMEE_SECRET_KEY changed without keeping the old key listed): say so, never the token.
        raise RuntimeError("a webhook secret cannot be decrypted with DOEMEE_WEBHOOK_SECRET_KEYS / the key derived "
                           "from DOEMEE_SECRET_KEY (see README: Webhook secrets at rest)") from None


def reseal(token: str) -> str:
    """The same secret, encrypted with the first key (after a rotation)."""
    return _fernet().rotate(token.encode()).decode()


class SealedSecret(sa.types.TypeDecorator):
    """A column holding a secret encrypted: the model reads and writes plain text, the table holds the token."""

    impl = sa.String(SEALED_LENGTH)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else seal(value)

    def process_result_value(self, value, dialect):
        return None if value is None else unseal(value)
