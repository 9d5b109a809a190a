"""Configuration: one table of defaults, read from the environment, validated at start, frozen afterwards.

Every setting has a name, a default and a parser. The environment variable is ``DOEMEE_<NAME>``;
``DATABASE_URL`` is also honoured for the database because that is what hosting platforms set.
"""
from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from backend.i18n import LOCALES
from backend.vapid import new_vapid_keys, usable_vapid_key, vapid_public_key  # noqa: F401  (re-exported)


class ConfigError(ValueError):
    """A setting has a value we cannot use; raised at start so a bad deploy fails loudly."""


def _positive_int(raw: str) -> int:
    value = int(raw)
    if value <= 0:
        raise ValueError(f"must be positive: {raw!r}")
    return value


def _str(raw: str) -> str:
    return raw


def _positive_float(raw: str) -> float:
    value = float(raw)
    if not value > 0:
        raise ValueError(f"must be positive: {raw!r}")
    return value


def _bool(raw: str) -> bool:
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"must be true or false: {raw!r}")


def _optional_url(raw: str) -> str | None:
    raw = raw.strip().rstrip("/")
    if not raw:
        return None
    if not raw.startswith(("http://", "https://")):
        raise ValueError(f"must be an http(s) URL: {raw!r}")
    return raw


def _clock(raw: str) -> str:
    hours, _, minutes = raw.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and 0 <= int(hours) <= 23 and 0 <= int(minutes) <= 59):
        raise ValueError(f"must be HH:MM: {raw!r}")
    return f"{int(hours):02d}:{int(minutes):02d}"


def _non_negative_int(raw: str) -> int:
    value = int(raw)
    if value < 0:
        raise ValueError(f"must be 0 or more: {raw!r}")
    return value


def _origins(raw: str) -> tuple[str, ...]:
    """Comma-separated origins (scheme://host[:port]), or * for any."""
    origins = tuple(part.strip().rstrip("/") for part in raw.split(",") if part.strip())
    for origin in origins:
        if origin != "*" and not (origin.startswith(("http://", "https://")) and "/" not in origin.split("://", 1)[1]):
            raise ValueError(f"must be origins like https://app.example.nl, comma-separated, or *: {origin!r}")
    return origins


def _hosts(raw: str) -> tuple[str, ...]:
    """Comma-separated host names (lower case, no scheme or port)."""
    hosts = tuple(part.strip().lower().rstrip(".") for part in raw.split(",") if part.strip())
    for host in hosts:
        if not re.fullmatch(r"[a-z0-9.-]+|\[[0-9a-f:]+\]", host):
            raise ValueError(f"must be host names like push.example.com, comma-separated: {host!r}")
    return hosts


def _fernet_keys(raw: str) -> tuple[str, ...]:
    """Comma-separated Fernet keys (32 bytes, url-safe base64)."""
    from cryptography.fernet import Fernet

    keys = tuple(part.strip() for part in raw.split(",") if part.strip())
    for i, key in enumerate(keys):
        try:
            Fernet(key)
        except ValueError:
            raise ValueError(f"key {i + 1} is not a Fernet key (32 bytes, url-safe base64)") from None
    return keys


def _vapid_subject(raw: str) -> str:
    if not (re.fullmatch(r"mailto:[^@\s]+@[^@\s]+", raw) or re.fullmatch(r"https://[^\s/]+(/\S*)?", raw)):
        raise ValueError(f"must be mailto:someone@example.nl or an https:// URL: {raw!r}")
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


# The browsers' push services: the relay POSTs to a subscription's endpoint, so it may only point at these.
WEBPUSH_HOSTS = ("fcm.googleapis.com", "push.services.mozilla.com", "push.apple.com", "notify.windows.com")

SETTINGS: tuple[Setting, ...] = (
    Setting("ENV", "development", _choice("development", "production", "test"), "development, production or test"),
    Setting("DATABASE_URL", None, _str, "PostgreSQL URL (postgresql://user@host:port/db); required to start "
                                        "the app (make run and make test start an embedded PostgreSQL without it)"),
    Setting("SECRET_KEY", None, _str, "signs tokens; required in production (development: generated once into "
                                      "instance/secret_key; test: random per process)"),
    Setting("PORT", 5000, _positive_int, "port of the development server (make run)"),
    Setting("DB_PING_AFTER_IDLE_SECONDS", 10, _non_negative_int,
            "PostgreSQL: a pooled connection idle this long is checked (SELECT 1) before use; 0: always"),
    Setting("DB_CONNECT_TIMEOUT_SECONDS", 5, _positive_int,
            "PostgreSQL: a new connection that has not been made after this long fails (a host that never answers)"),
    Setting("RATELIMIT_STORAGE_URL", "memory://", _str, "rate-limit counters: memory:// or redis://host:port/db"),
    Setting("LOGIN_ATTEMPTS_PER_MINUTE", 5, _positive_int, "failed logins/resets per account per minute"),
    Setting("LOGIN_FAILURES_PER_IP_PER_MINUTE", 50, _positive_int,
            "failed logins/resets per client address per minute before the address waits (a growing delay, at most "
            "a minute)"),
    Setting("PROXY_COUNT", 0, _non_negative_int, "trusted reverse proxies in front (X-Forwarded-For/-Proto/-Host); "
                                                 "0: the client address is the connection's"),
    Setting("CORS_ORIGINS", (), _origins, "web origins allowed to call the API from a browser, comma-separated "
                                          "(or *); the OpenAPI document is always *"),
    Setting("API_CONTACT_NAME", "DoeMee maintainers", _str, "who answers integrators' questions about the API "
                                                            "(info.contact of the OpenAPI document)"),
    Setting("API_CONTACT_EMAIL", "maintainers@doemee.invalid", _str, "their e-mail address (info.contact); the "
                                                                     "contact's url is DOEMEE_PUBLIC_BASE_URL"),
    Setting("ACCESS_TOKEN_MINUTES", 15, _positive_int, "lifetime of an access token"),
    Setting("REFRESH_TOKEN_DAYS", 30, _positive_int, "lifetime of a refresh token"),
    Setting("PASSWORD_RESET_MINUTES", 60, _positive_int, "lifetime of a password-reset token"),
    Setting("ARGON2_TIME_COST", 3, _positive_int, "Argon2id passes (RFC 9106 second recommended profile)"),
    Setting("ARGON2_MEMORY_KIB", 65536, _positive_int, "Argon2id memory in KiB"),
    Setting("MAX_REQUEST_BYTES", 64 * 1024, _positive_int, "largest accepted request body"),
    Setting("WEB_MUNICIPALITY", "maassluis", _str, "whose name and colours the web pages show (a theme of web/themes.py)"),
    Setting("DEFAULT_LOCALE", "nl", _choice(*LOCALES), "language when Accept-Language names none we speak"),
    # Scheduler and notifications
    Setting("PUBLIC_BASE_URL", None, _optional_url, "base of links in e-mails (reset, one-tap replies); "
                                                    "unset: http://127.0.0.1:<DOEMEE_PORT>"),
    Setting("TIMEZONE", "Europe/Amsterdam", _str, "local time of reminders, quiet hours and digests"),
    Setting("PUSH_EXPO_URL", None, _optional_url, "Expo push API base (https://exp.host); unset: push is logged"),
    Setting("PUSH_EXPO_ACCESS_TOKEN", None, _str, "Expo access token, if the project requires one"),
    Setting("PUSH_FCM_URL", None, _optional_url, "FCM HTTP v1 base (https://fcm.googleapis.com); unset: logged"),
    Setting("PUSH_FCM_PROJECT", None, _str, "Firebase project id for FCM HTTP v1"),
    Setting("PUSH_FCM_TOKEN_FILE", None, _str, "file holding a current OAuth2 access token for FCM (re-read)"),
    Setting("PUSH_CONNECT_TIMEOUT", 3.05, _positive_float, "seconds to connect to a push provider"),
    Setting("PUSH_READ_TIMEOUT", 10.0, _positive_float, "seconds to wait for a push provider's answer"),
    Setting("VAPID_PRIVATE_KEY", None, _str, "web push signing key (base64url P-256 private key, as `flask vapid-keys` "
                                             "prints; the public key is derived from it); development: generated "
                                             "once into instance/vapid_private_key; unset otherwise: no web push"),
    Setting("VAPID_SUBJECT", None, _vapid_subject, "contact sent to web push services (mailto: or https: URL); "
                                                   "unset: mailto: the address of DOEMEE_MAIL_FROM"),
    Setting("WEBPUSH_TTL_SECONDS", 86400, _positive_int, "how long a push service keeps a web push for a phone "
                                                         "that is offline"),
    Setting("WEBPUSH_HOSTS", WEBPUSH_HOSTS, _hosts, "push services a browser subscription may point at "
                                                    "(these hosts and their subdomains, comma-separated)"),
    Setting("SMTP_HOST", None, _str, "SMTP server for e-mail; unset: e-mail is logged (development)"),
    Setting("SMTP_PORT", 25, _positive_int, "SMTP port"),
    Setting("SMTP_STARTTLS", False, _bool, "upgrade the SMTP connection with STARTTLS"),
    Setting("SMTP_USER", None, _str, "SMTP login (optional)"),
    Setting("SMTP_PASSWORD", None, _str, "SMTP password (optional)"),
    Setting("SMTP_TIMEOUT", 10.0, _positive_float, "seconds for SMTP connect and each command"),
    Setting("MAIL_FROM", "DoeMee <noreply@doemee.invalid>", _str, "sender of e-mails"),
    Setting("MATCHING_TABLES_PER_WORKER", 8, _positive_int, "municipalities whose matching tables a worker keeps "
                                                            "in memory (least recently used go first)"),
    Setting("RELAY_BATCH_SIZE", 100, _positive_int, "outbox rows a relay claims at once"),
    Setting("RELAY_LEASE_SECONDS", 120, _positive_int, "a claimed batch returns to the queue after this"),
    Setting("RELAY_MAX_ATTEMPTS", 8, _positive_int, "deliveries tried before a message is dead-lettered"),
    Setting("RELAY_BACKOFF_SECONDS", 30.0, _positive_float, "first retry delay; doubles per attempt (jitter)"),
    Setting("RELAY_BACKOFF_MAX_SECONDS", 6 * 3600.0, _positive_float, "longest retry delay"),
    Setting("WEBHOOK_ALLOW_LOOPBACK", False, _bool, "webhook endpoints may be http(s)://127.0.0.1 (tests and "
                                                    "development only; refused in production)"),
    Setting("WEBHOOK_DISABLE_AFTER", 15, _positive_int, "failed webhook attempts in a row before the endpoint is "
                                                        "switched off and its owner told"),
    Setting("WEBHOOK_SECRET_KEYS", (), _fernet_keys, "keys that encrypt webhook secrets at rest (Fernet keys, "
            "comma-separated: the first encrypts, all decrypt; `flask webhook-secrets new-key` makes one); empty: "
            "one derived from DOEMEE_SECRET_KEY. Rotation: README, Webhook secrets at rest"),
    Setting("WEBHOOK_SECRET_OVERLAP_HOURS", 24, _positive_int, "after a webhook secret is rotated, the old one "
                                                               "signs too for this long"),
    Setting("SSO_ALLOW_LOOPBACK", False, _bool, "single sign-on providers may be http://127.0.0.1 (tests and "
                                                "development only; refused in production)"),
    Setting("SSO_TIMEOUT_SECONDS", 10.0, _positive_float, "how long DoeMee waits for a single sign-on provider"),
    Setting("QUIET_HOURS_START", "22:00", _clock, "default quiet hours start (local time)"),
    Setting("QUIET_HOURS_END", "08:00", _clock, "default quiet hours end (local time)"),
    Setting("DIGEST_HOUR", 18, _positive_int, "local hour at which daily digests go out"),
    Setting("OUTBOX_RETENTION_DAYS", 30, _positive_int, "sent outbox rows are deleted after this"),
    Setting("SESSION_RETENTION_DAYS", 90, _positive_int, "ended login sessions are deleted after this"),
    Setting("CONVERSATION_MESSAGES_PER_HOUR", 30, _positive_int, "messages one person may send per hour in "
            "conversations (counted in the rate-limit storage)"),
    Setting("CONVERSATION_RETENTION_MONTHS", 12, _positive_int, "conversations are deleted this many months after "
            "their last message"),
    Setting("HELP_UNMATCHED_HOURS", 48, _positive_int, "a help request unmatched this long is escalated"),
    Setting("INACTIVE_WEEKS", 8, _positive_int, "volunteers inactive this long are asked if still available"),
    Setting("PAUSE_AFTER_WEEKS", 4, _positive_int, "no answer this long after asking: profile paused"),
    Setting("VOG_WARNING_DAYS", 30, _positive_int, "warn this many days before a VOG expires"),
    Setting("WORKER_CONCURRENCY", 4, _positive_int, "jobs one worker process runs at once (`flask worker`)"),
    Setting("WORKER_HEARTBEAT_SECONDS", 10.0, _positive_float, "how often a worker says it is alive"),
    Setting("WORKER_STALLED_SECONDS", 30.0, _positive_float, "a worker silent this long is taken for dead: another "
                                                             "worker retries its jobs"),
    Setting("ENGINE_JOBS_RETENTION_HOURS", 48, _positive_int, "finished jobs of the engine are deleted after this "
                                                              "(the last of each kind stays)"),
    # Operations: logs, metrics, readiness (backend/observability)
    Setting("LOG_FORMAT", "auto", _choice("auto", "text", "json"), "log lines: json (one JSON object per line), text "
                                                                   "(readable), or auto: json in production"),
    Setting("METRICS_TOKEN", None, _str, "bearer token /metrics asks for (Prometheus format; at least 32 "
                                         "characters); unset: /metrics answers 404"),
    Setting("READY_WORKER_SECONDS", 120, _non_negative_int, "/health/ready fails when no job worker sent a "
                                                            "heartbeat for this long; 0: not checked"),
    Setting("READY_OUTBOX_SECONDS", 900, _non_negative_int, "/health/ready fails when a due outbox message waited "
                                                            "this long undelivered; 0: not checked"),
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
    _check_database_url(values)
    if values["WEBHOOK_ALLOW_LOOPBACK"] and values["ENV"] == "production":
        raise ConfigError("DOEMEE_WEBHOOK_ALLOW_LOOPBACK must not be set in production")
    if values["SSO_ALLOW_LOOPBACK"] and values["ENV"] == "production":
        raise ConfigError("DOEMEE_SSO_ALLOW_LOOPBACK must not be set in production")
    _check_secret_key(values)
    if isinstance(values["WEBHOOK_SECRET_KEYS"], str):  # an override given as the environment would spell it
        try:
            values["WEBHOOK_SECRET_KEYS"] = _fernet_keys(values["WEBHOOK_SECRET_KEYS"])
        except ValueError as exc:
            raise ConfigError(f"DOEMEE_WEBHOOK_SECRET_KEYS: {exc}") from None
    if isinstance(values["CORS_ORIGINS"], str):  # an override given as the environment would spell it
        values["CORS_ORIGINS"] = _origins(values["CORS_ORIGINS"])
    if not values["PUBLIC_BASE_URL"]:
        # The development server's own address: links in e-mails work with DOEMEE_PORT=5101 make run.
        values["PUBLIC_BASE_URL"] = f"http://127.0.0.1:{values['PORT']}"
    try:
        ZoneInfo(values["TIMEZONE"])
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"DOEMEE_TIMEZONE: unknown time zone {values['TIMEZONE']!r}") from None
    if values["PUSH_FCM_URL"] and not (values["PUSH_FCM_PROJECT"] and values["PUSH_FCM_TOKEN_FILE"]):
        raise ConfigError("DOEMEE_PUSH_FCM_URL needs DOEMEE_PUSH_FCM_PROJECT and DOEMEE_PUSH_FCM_TOKEN_FILE")
    _check_web_push(values)
    if values["METRICS_TOKEN"] is not None and len(values["METRICS_TOKEN"]) < 32:
        raise ConfigError("DOEMEE_METRICS_TOKEN must be at least 32 characters")
    rl = values["RATELIMIT_STORAGE_URL"]
    if not (rl.startswith("memory://") or rl.startswith("redis://")):
        raise ConfigError("DOEMEE_RATELIMIT_STORAGE_URL must be memory:// or redis://...")


def _check_database_url(values: dict[str, Any]) -> None:
    # (Not set: fine for reading settings, e.g. `config-help`; create_app refuses to start without it.)
    url = values["DATABASE_URL"]
    if url is None:
        return
    if url.startswith("postgres://"):  # what some platforms still hand out; SQLAlchemy wants the dialect name
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    if not url.startswith("postgresql+psycopg://"):
        raise ConfigError("DATABASE_URL: only PostgreSQL is supported (postgresql://user@host:port/database)")
    values["DATABASE_URL"] = url


def _check_secret_key(values: dict[str, Any]) -> None:
    if values["SECRET_KEY"]:
        if len(values["SECRET_KEY"]) < 32:
            raise ConfigError("DOEMEE_SECRET_KEY must be at least 32 characters")
        return
    if values["ENV"] == "production":
        raise ConfigError("DOEMEE_SECRET_KEY is required in production")
    values["SECRET_KEY"] = _development_secret() if values["ENV"] == "development" else secrets.token_urlsafe(48)


def _check_web_push(values: dict[str, Any]) -> None:
    if isinstance(values["WEBPUSH_HOSTS"], str):
        values["WEBPUSH_HOSTS"] = _hosts(values["WEBPUSH_HOSTS"])
    if not values["VAPID_PRIVATE_KEY"] and values["ENV"] == "development":
        # make run works out of the box: one key for every development process, kept like the secret key.
        values["VAPID_PRIVATE_KEY"] = _instance_secret("vapid_private_key", lambda: new_vapid_keys()[0],
                                                       usable_vapid_key)
    if values["VAPID_PRIVATE_KEY"]:
        if not usable_vapid_key(values["VAPID_PRIVATE_KEY"]):
            raise ConfigError("DOEMEE_VAPID_PRIVATE_KEY must be a base64url P-256 private key "
                              "(`flask vapid-keys` makes one)")


def vapid_subject(config) -> str:
    """DOEMEE_VAPID_SUBJECT, or mailto: the sender address of our e-mails."""
    address = re.search(r"[^<>\s]+@[^<>\s]+", config["MAIL_FROM"])
    return config["VAPID_SUBJECT"] or (f"mailto:{address.group(0)}" if address else "mailto:noreply@doemee.invalid")


def _development_secret() -> str:
    """One secret for every development process (serve-dev, run-job, worker), so that a one-tap link made by
    one is accepted by the others. Created once, readable by its owner only; production sets DOEMEE_SECRET_KEY."""
    return _instance_secret("secret_key", lambda: secrets.token_urlsafe(48), lambda secret: len(secret) >= 32)


def _instance_secret(name: str, make: Callable[[], str], usable: Callable[[str], bool]) -> str:
    path = os.path.join(os.getcwd(), "instance", name)
    try:
        with open(path, encoding="ascii") as f:
            secret = f.read().strip()
        if usable(secret):
            return secret
        raise ConfigError(f"{path} holds no usable secret: delete it and start again")
    except FileNotFoundError:
        pass
    os.makedirs(os.path.dirname(path), exist_ok=True)
    # Written whole under a temporary name, then linked into place: a process starting at the same moment
    # sees either no file or a complete one, and the first link wins (os.link fails if the name exists).
    tmp = f"{path}.{os.getpid()}.{secrets.token_hex(4)}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(make() + "\n")
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)
    return _instance_secret(name, make, usable)


def describe() -> str:
    """The table of settings, for the README and ``flask config-help``."""
    lines = ["| variable | default | meaning |", "| --- | --- | --- |"]
    for s in SETTINGS:
        lines.append(f"| DOEMEE_{s.name} | {s.default!r} | {s.doc} |")
    return "\n".join(lines)
