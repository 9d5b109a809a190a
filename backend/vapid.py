"""VAPID keys (RFC 8292) for web push: the raw base64url forms browsers and web push libraries exchange."""
from __future__ import annotations

import base64
import functools


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_vapid_keys() -> tuple[str, str]:
    """A fresh key pair: (private key, public key), both base64url, the format of `web-push generate-vapid-keys`."""
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    private = _b64url(key.private_numbers().private_value.to_bytes(32, "big"))
    return private, vapid_public_key(private)


@functools.lru_cache(maxsize=4)
def vapid_public_key(private_key: str) -> str:
    """The browser's ``applicationServerKey``: the uncompressed P-256 point of the private key, base64url."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.derive_private_key(int.from_bytes(_unb64url(private_key), "big"), ec.SECP256R1())
    return _b64url(key.public_key().public_bytes(serialization.Encoding.X962,
                                                 serialization.PublicFormat.UncompressedPoint))


def usable_vapid_key(text: str) -> bool:
    try:
        return len(_unb64url(text.strip())) == 32 and bool(vapid_public_key(text.strip()))
    except ValueError:
        return False
