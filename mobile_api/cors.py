"""Cross-origin requests (CORS, by flask-cors): which web pages may call the API from a browser.

Only the origins in DOEMEE_CORS_ORIGINS (none by default) get the Access-Control-* headers; a browser on any
other page cannot read the answers. The OpenAPI document is public and readable from anywhere (``*``), as the
Dutch API Design Rules ask. Tokens travel in the Authorization header, never in cookies: no credentials mode.
Every API answer varies by Origin (mobile_api adds ``Vary: Origin``), so a cache never hands one origin's answer
to another.
"""
from __future__ import annotations

import re

from flask import Flask
from flask_cors import CORS

ALLOWED_HEADERS = ["Authorization", "Content-Type", "Accept-Language", "Idempotency-Key", "If-Match", "If-None-Match"]
EXPOSED_HEADERS = ["API-Version", "Content-Language", "ETag", "Location", "Link", "Retry-After",
                   "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"]
PREFLIGHT_MAX_AGE = 600


def register_cors(app: Flask, prefix: str, document_path: str) -> None:
    allowed = list(app.extensions["doemee_config"]["CORS_ORIGINS"])
    everyone = "*" in allowed
    CORS(app, resources={
        # flask-cors tries the longer pattern first: the document before the rest of the API.
        re.escape(prefix + document_path): {"origins": "*", "send_wildcard": True},
        re.escape(prefix + "/") + ".*": {"origins": "*" if everyone else allowed, "send_wildcard": everyone},
    }, allow_headers=ALLOWED_HEADERS, expose_headers=EXPOSED_HEADERS, max_age=PREFLIGHT_MAX_AGE,
        supports_credentials=False, vary_header=True)
