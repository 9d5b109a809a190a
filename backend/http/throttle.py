"""One login throttle for both surfaces (``POST /api/v1/auth/login`` and ``POST /inloggen``): the same counters,
so a failure on one surface counts on the other.

Two things are counted, only failures (a wrong e-mail or password), in the rate-limit storage that every server
shares (memory, or Redis when DOEMEE_RATELIMIT_STORAGE_URL names one):

- Per account: DOEMEE_LOGIN_ATTEMPTS_PER_MINUTE failures, then that account waits for the rest of the minute, from
  every address (someone guessing one person's password).
- Per client address, across accounts (one password tried on many accounts: spraying): the first
  DOEMEE_LOGIN_FAILURES_PER_IP_PER_MINUTE failures of a minute are free. From the last of them on, every failure from
  that address makes its next attempt wait, 2, 4, 8 ... seconds, at most MAX_DELAY; the level is remembered for REMEMBER_LEVEL
  after the last failure, so a sprayer who waits for the next minute does not get the free failures back at full
  speed: once past the allowance, an address sprays at most one guess per MAX_DELAY.

Why a growing delay and not a lock of the address: many people share one address (a community centre, a care
home, an office, a proxy in front without DOEMEE_PROXY_COUNT). Locking it would lock them all out, and anyone could
lock them out on purpose with a few wrong guesses. A wait of at most a minute, which the answer states
(Retry-After; the page says so), lets a colleague with the right password in after the wait. The wait holds for a
right password too: answering a right password at once while wrong ones wait would tell the sprayer which guess was
right without any wait at all. An address under the allowance is never slowed (five typos on five accounts do not
keep a sixth person out).

The counters are read and written without a lock between servers: two simultaneous failures may count once. That
loses at most a step of the delay; it never refuses anyone wrongly.
"""
from __future__ import annotations

import functools
import math
import time

from flask import current_app, request

from backend.errors import TooManyRequests, Unauthorized
from backend.extensions import limiter

MINUTE = 60
MAX_DELAY = 60  # seconds
REMEMBER_LEVEL = 15 * 60  # seconds after the last failure past the allowance


class LoginThrottled(TooManyRequests):
    """Too many failed logins: try again after ``retry_after`` seconds."""

    def __init__(self, retry_after: int):
        super().__init__("detail.rate_limited")
        self.headers = {"Retry-After": str(max(1, retry_after))}


def _config(name: str) -> int:
    return current_app.extensions["doemee_config"][name]


def _storage():
    return limiter.storage


def _account() -> str:
    body = request.get_json(silent=True) if request.is_json else request.form
    email = body.get("email") if isinstance(body, dict) else None
    return "login:account:" + (email.strip().lower()[:254] if isinstance(email, str) else "?")


def _address() -> str:
    # request.remote_addr is the client's address: behind DOEMEE_PROXY_COUNT proxies ProxyFix has set it.
    return request.remote_addr or "?"


def _seconds_left(key: str) -> int:
    return math.ceil(_storage().get_expiry(key) - time.time())


def _refuse_while_waiting(account: str, address: str) -> None:
    storage = _storage()
    if storage.get(account) >= _config("LOGIN_ATTEMPTS_PER_MINUTE"):
        raise LoginThrottled(_seconds_left(account))
    wait = "login:wait:" + address
    if storage.get(wait) > 0:
        raise LoginThrottled(_seconds_left(wait))


def _renewed(key: str, expiry: int) -> int:
    """A counter whose expiry starts again at each step (the storage's own counters keep their first expiry)."""
    storage = _storage()
    value = storage.get(key) + 1
    storage.clear(key)
    storage.incr(key, expiry, amount=value)
    return value


def _count_failure(account: str, address: str) -> None:
    storage = _storage()
    storage.incr(account, MINUTE)
    failures = storage.incr("login:address:" + address, MINUTE)
    level_key = "login:level:" + address
    if failures < _config("LOGIN_FAILURES_PER_IP_PER_MINUTE") and storage.get(level_key) == 0:
        return
    level = _renewed(level_key, REMEMBER_LEVEL)
    wait = "login:wait:" + address
    storage.clear(wait)
    storage.incr(wait, min(2 ** level, MAX_DELAY))


def login_throttle(view):
    """Wrap a login view: refuse (429) while its account or address must wait; count the failures it answers
    (``Unauthorized`` raised, or a 401 answer)."""

    @functools.wraps(view)
    def throttled(*args, **kwargs):
        account, address = _account(), _address()
        _refuse_while_waiting(account, address)
        try:
            response = current_app.make_response(view(*args, **kwargs))
        except Unauthorized:
            _count_failure(account, address)
            raise
        if response.status_code == 401:
            _count_failure(account, address)
        return response

    return throttled
