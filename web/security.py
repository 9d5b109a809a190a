"""Cookies, CSRF and response headers of the web pages (the headers of every answer, nosniff and HSTS, are the
request pipeline's: backend.http.headers).

CSRF is Flask-WTF's CSRFProtect: every form carries a token signed from a random one kept in this browser's session
cookie (``doemee_csrf``, Flask's signed session cookie, which holds nothing else but, while a single sign-on
waits for the provider, its state, nonce and PKCE verifier: web.views.sso). A POST to a page whose token
does not match answers a page saying the form expired (400) before the view runs, so nothing changes. The token
is made anew when someone signs in or out, so a token from before does not work after (no "login CSRF": being
signed in to someone else's account through a forged form). The API is not checked: it takes no cookies, only
bearer tokens. Flask-WTF's referrer check over https is off: the pages send no Referer (Referrer-Policy:
no-referrer); the token and SameSite=Lax cookies do the work.
"""
from __future__ import annotations

from flask import Flask, current_app, request, session
from flask_wtf.csrf import CSRFError, CSRFProtect

from web.access import SESSION_COOKIE, is_web_endpoint

CSRF_COOKIE = "doemee_csrf"
CSRF_FIELD = "csrf_token"
csrf = CSRFProtect()

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


def secure_cookies_for(app: Flask) -> bool:
    return app.extensions["doemee_config"]["ENV"] == "production"


def secure_cookies() -> bool:
    return secure_cookies_for(current_app)


def set_cookie(response, name: str, value: str, *, max_age: int | None = None) -> None:
    response.set_cookie(name, value, max_age=max_age, path="/", httponly=True, samesite="Lax",
                        secure=secure_cookies())


def _check_csrf():
    if request.method in ("GET", "HEAD", "OPTIONS") or not is_web_endpoint(request.endpoint):
        return None
    try:
        csrf.protect()
    except CSRFError:
        from web.errors import error_page

        return error_page(400, "csrf")
    return None


def _signs_in_or_out(response) -> bool:
    return any(header.startswith(SESSION_COOKIE + "=") for header in response.headers.getlist("Set-Cookie"))


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
    if _signs_in_or_out(response):
        session.pop(CSRF_FIELD, None)  # a new token with the new login (see the module doc)
    return response


def init_security(app: Flask) -> None:
    app.config.update(
        WTF_CSRF_CHECK_DEFAULT=False,  # checked for the pages only, by _check_csrf (the API takes no cookies)
        WTF_CSRF_FIELD_NAME=CSRF_FIELD,
        WTF_CSRF_TIME_LIMIT=None,  # valid as long as the browser's session: a check-in sent later still counts
        WTF_CSRF_SSL_STRICT=False,  # see the module doc
        SESSION_COOKIE_NAME=CSRF_COOKIE,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure_cookies_for(app),
    )
    csrf.init_app(app)  # also gives the templates csrf_token()
    app.before_request(_check_csrf)
    app.after_request(_headers)
