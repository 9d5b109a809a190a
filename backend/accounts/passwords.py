"""Password hashing (Argon2id) and the password policy."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

from backend.i18n import Msg

MIN_LENGTH = 10
MAX_LENGTH = 128


def _hasher() -> PasswordHasher:
    hasher = current_app.extensions.get("doemee_hasher")
    if hasher is None:
        cfg = current_app.extensions["doemee_config"]
        # argon2-cffi's PasswordHasher uses Argon2id.
        hasher = PasswordHasher(time_cost=cfg["ARGON2_TIME_COST"], memory_cost=cfg["ARGON2_MEMORY_KIB"])
        current_app.extensions["doemee_hasher"] = hasher
    return hasher


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def burn_verification_time() -> None:
    """Spend the time of one verification, so that an unknown e-mail answers as slowly as a wrong password."""
    verify_password(_dummy_hash(), "not the password")


def _dummy_hash() -> str:
    dummy = current_app.extensions.get("doemee_dummy_hash")
    if dummy is None:
        dummy = current_app.extensions["doemee_dummy_hash"] = hash_password("dummy password for timing")
    return dummy


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    text = resources.files("backend").joinpath("data/common-passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def password_problems(password: str, email: str | None) -> list[Msg]:
    """What is wrong with a new password (NIST 800-63B style: length and a block list, no composition rules)."""
    problems: list[Msg] = []
    if len(password) < MIN_LENGTH:
        problems.append(Msg("field.password_short", min=MIN_LENGTH))
    if password.lower() in _common_passwords():
        problems.append(Msg("field.password_common"))
    if len(set(password)) < 5:
        problems.append(Msg("field.password_variety"))
    if email:
        local = email.split("@", 1)[0].lower()
        if len(local) >= 4 and local in password.lower():
            problems.append(Msg("field.password_like_email"))
    return problems
