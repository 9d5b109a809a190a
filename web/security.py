"""Cookies, CSRF and response headers of the web pages (the headers of every answer, nosniff and HSTS, are the
request pipeline's: backend.http.headers).

CSRF: every form carries a token derived (HMAC) from a random per-browser cookie and, once signed in, from the
login cookie too. A POST whose token does not match answers 400 before the view runs, so nothing changes. A token
bound to the cookie also stops "login CSRF" (being signed in to someone else's account).
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import Flask, current_app, g, request

from web.access import SESSION_COOKIE, is_web_endpoint

CSRF_COOKIE = "doemee_csrf"
CSRF_FIELD = "csrf_token"

# No inline script or style anywhere: every script and style sheet is a file served by us.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def secure_cookies() -> bool:
    return current_app.extensions["doemee_config"]["ENV"] == "production"


def set_cookie(response, name: str, value: str, *, max_age: int | None = None) -> None:
    response.set_cookie(name, value, max_age=max_age, path="/", httponly=True, samesite="Lax",
                        secure=secure_cookies())


def _browser_secret() -> str:
    if "csrf_seed" not in g:
        seed = request.cookies.get(CSRF_COOKIE)
        g.csrf_new = not seed or len(seed) != 43
        g.csrf_seed = secrets.token_urlsafe(32) if g.csrf_new else seed
    return g.csrf_seed


def csrf_token() -> str:
    key = current_app.extensions["doemee_config"]["SECRET_KEY"].encode()
    bound_to = _browser_secret() + "|" + (request.cookies.get(SESSION_COOKIE) or "")
    return hmac.new(key, b"doemee.csrf|" + bound_to.encode(), hashlib.sha256).hexdigest()


def _check_csrf():
    if request.method in ("GET", "HEAD", "OPTIONS") or not is_web_endpoint(request.endpoint):
        return None
    sent = request.form.get(CSRF_FIELD, "")
    if request.cookies.get(CSRF_COOKIE) and hmac.compare_digest(sent, csrf_token()):
        return None
    from web.errors import error_page

    return error_page(400, "csrf")


def _headers(response):
    if not is_web_endpoint(request.endpoint) and not response.mimetype == "text/html":
        return response
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if response.mimetype == "text/html":
        # Pages are personal (a name, a form bound to this browser's cookies): never kept by a cache.
        response.headers["Cache-Control"] = "no-store"
        response.headers["Vary"] = "Cookie"
    if g.get("csrf_new"):
        set_cookie(response, CSRF_COOKIE, g.csrf_seed)
    return response


def init_security(app: Flask) -> None:
    app.before_request(_check_csrf)
    app.after_request(_headers)
    app.jinja_env.globals["csrf_token"] = csrf_token
