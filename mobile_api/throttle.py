"""Login throttling by client address that cannot lock residents out.

Per account, failed logins are limited tightly (DOEMEE_LOGIN_ATTEMPTS_PER_MINUTE). Per client address only
failures count, the limit is much higher (DOEMEE_LOGIN_FAILURES_PER_IP_PER_MINUTE), and it does not apply to an
account that has no failures of its own: behind one address (a community centre, a care home, a load balancer
without DOEMEE_PROXY_COUNT) one person's typos must not stop everybody else from logging in. What it still
stops is one address trying several passwords each on many accounts.
"""
from __future__ import annotations

from typing import Callable

from flask import current_app, request
from limits import parse

from backend.extensions import limiter


def ip_failures_per_minute() -> str:
    return f"{current_app.extensions['doemee_config']['LOGIN_FAILURES_PER_IP_PER_MINUTE']} per minute"


def without_account_failures(account_key: Callable[[], str], per_minute: Callable[[], str]) -> Callable[[], bool]:
    """``exempt_when`` for the per-address limit: True while the account limit (same key function and limit,
    on the same endpoint) has counted no failure for this account."""

    def exempt() -> bool:
        item = parse(per_minute())
        # flask-limiter keys a per-route limit by (key function's value, endpoint): see RuntimeLimit.scope_for.
        stats = limiter.limiter.get_window_stats(item, account_key(), request.endpoint or "")
        return stats.remaining >= item.amount

    return exempt
