"""Cross-origin requests (CORS): which web pages may call the API from a browser.

Only the origins in DOEMEE_CORS_ORIGINS (none by default) get the Access-Control-* headers; a browser on any
other page cannot read the answers. The OpenAPI document is public and readable from anywhere (``*``), as the
Dutch API Design Rules ask. Tokens travel in the Authorization header, never in cookies: no credentials mode.
"""
from __future__ import annotations

from flask import Flask, current_app, request

ALLOWED_HEADERS = "Authorization, Content-Type, Accept-Language, Idempotency-Key, If-Match, If-None-Match"
EXPOSED_HEADERS = ("API-Version, Content-Language, ETag, Location, Link, Retry-After, "
                   "X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset")
PREFLIGHT_MAX_AGE = "600"


def _allowed_origin(origin: str | None) -> str | None:
    if not origin:
        return None
    allowed = current_app.extensions["doemee_config"]["CORS_ORIGINS"]
    if "*" in allowed:
        return "*"
    return origin if origin.rstrip("/") in allowed else None


def _add_cors_headers(response):
    from mobile_api import API_PREFIX, OPENAPI_PATH

    if not request.path.startswith(API_PREFIX + "/"):
        return response
    if request.path == API_PREFIX + OPENAPI_PATH:
        response.headers["Access-Control-Allow-Origin"] = "*"
        return response
    # The answer depends on the Origin header: caches must keep one copy per origin.
    response.vary.add("Origin")
    origin = _allowed_origin(request.headers.get("Origin"))
    if origin is None:
        return response
    response.headers["Access-Control-Allow-Origin"] = origin
    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
        # A preflight: Flask's automatic OPTIONS answer already lists the route's methods in Allow.
        response.headers["Access-Control-Allow-Methods"] = response.headers.get("Allow", "")
        response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    else:
        response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    return response


def register_cors(app: Flask) -> None:
    app.after_request(_add_cors_headers)
