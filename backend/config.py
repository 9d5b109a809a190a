"""Configuration: one table of defaults, read from the environment, validated at start, frozen afterwards.

Every setting has a name, a default and a parser. The environment variable is ``DOEMEE_<NAME>``;
``DATABASE_URL`` is also honoured for the database because that is what hosting platforms set.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Callable


class ConfigError(ValueError):
    """A setting has a value we cannot use; raised at start so a bad deploy fails loudly."""


def _positive_int(raw: str) -> int:
    value = int(raw)
    if value <= 0:
        raise ValueError(f"must be positive: {raw!r}")
    return value


def _str(raw: str) -> str:
    return raw


def _choice(*allowed: str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if raw not in allowed:
            raise ValueError(f"must be one of {', '.join(allowed)}: {raw!r}")
        return raw

    return parse


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    parse: Callable[[str], Any]
    doc: str


def _default_database_url() -> str:
    return "sqlite:///" + os.path.join(os.getcwd(), "instance", "doemee.sqlite3")


SETTINGS: tuple[Setting, ...] = (
    Setting("ENV", "development", _choice("development", "production", "test"), "development, production or test"),
    Setting("DATABASE_URL", None, _str, "SQLAlchemy URL; default: SQLite file instance/doemee.sqlite3"),
    Setting("SECRET_KEY", None, _str, "signs tokens; required in production (random per process otherwise)"),
    Setting("PORT", 5000, _positive_int, "port of the development server (make run)"),
    Setting("RATELIMIT_STORAGE_URL", "memory://", _str, "rate-limit counters: memory:// or redis://host:port/db"),
    Setting("LOGIN_ATTEMPTS_PER_MINUTE", 5, _positive_int, "failed logins/resets per account and per IP per minute"),
    Setting("ACCESS_TOKEN_MINUTES", 15, _positive_int, "lifetime of an access token"),
    Setting("REFRESH_TOKEN_DAYS", 30, _positive_int, "lifetime of a refresh token"),
    Setting("PASSWORD_RESET_MINUTES", 60, _positive_int, "lifetime of a password-reset token"),
    Setting("ARGON2_TIME_COST", 3, _positive_int, "Argon2id passes (RFC 9106 second recommended profile)"),
    Setting("ARGON2_MEMORY_KIB", 65536, _positive_int, "Argon2id memory in KiB"),
    Setting("MAX_REQUEST_BYTES", 64 * 1024, _positive_int, "largest accepted request body"),
    Setting("DEFAULT_LOCALE", "nl", _choice("nl", "en"), "language when Accept-Language names none we speak"),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def load_config(overrides: dict[str, Any] | None = None, environ: dict[str, str] | None = None) -> MappingProxyType:
    """Build the validated, read-only configuration.

    ``overrides`` (tests, the CLI) take precedence over the environment, which takes precedence over defaults.
    Unknown override names are an error: a typo must not silently fall back to a default.
    """
    environ = os.environ if environ is None else environ
    overrides = dict(overrides or {})
    unknown = set(overrides) - set(_BY_NAME)
    if unknown:
        raise ConfigError(f"unknown settings: {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        if setting.name in overrides:
            values[setting.name] = overrides[setting.name]
            continue
        raw = environ.get(f"DOEMEE_{setting.name}")
        if raw is None and setting.name == "DATABASE_URL":
            raw = environ.get("DATABASE_URL")
        if raw is None:
            values[setting.name] = setting.default
            continue
        try:
            values[setting.name] = setting.parse(raw)
        except ValueError as exc:
            raise ConfigError(f"DOEMEE_{setting.name}: {exc}") from None
    _check(values)
    return MappingProxyType(values)


def _check(values: dict[str, Any]) -> None:
    if values["DATABASE_URL"] is None:
        values["DATABASE_URL"] = _default_database_url()
    url = values["DATABASE_URL"]
    if url.startswith("postgres://"):  # what some platforms still hand out; SQLAlchemy wants the dialect name
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    if not (url.startswith("sqlite") or url.startswith("postgresql+psycopg://")):
        raise ConfigError("DATABASE_URL: only SQLite and PostgreSQL are supported")
    values["DATABASE_URL"] = url
    if not values["SECRET_KEY"]:
        if values["ENV"] == "production":
            raise ConfigError("DOEMEE_SECRET_KEY is required in production")
        values["SECRET_KEY"] = secrets.token_urlsafe(48)
    elif len(values["SECRET_KEY"]) < 32:
        raise ConfigError("DOEMEE_SECRET_KEY must be at least 32 characters")
    rl = values["RATELIMIT_STORAGE_URL"]
    if not (rl.startswith("memory://") or rl.startswith("redis://")):
        raise ConfigError("DOEMEE_RATELIMIT_STORAGE_URL must be memory:// or redis://...")


def describe() -> str:
    """The table of settings, for the README and ``flask config-help``."""
    lines = ["| variable | default | meaning |", "| --- | --- | --- |"]
    for s in SETTINGS:
        lines.append(f"| DOEMEE_{s.name} | {s.default!r} | {s.doc} |")
    return "\n".join(lines)
