"""The API's own throttles besides the login (whose throttle both surfaces share: backend.http.throttle): password
resets per client address allow as many as the login's failures per address."""
from __future__ import annotations

from flask import current_app


def ip_failures_per_minute() -> str:
    return f"{current_app.extensions['doemee_config']['LOGIN_FAILURES_PER_IP_PER_MINUTE']} per minute"
