"""Response headers every answer of either surface gets (the pages add their own: web.security).

- ``X-Content-Type-Options: nosniff`` on everything: a browser must not guess that JSON or a CSV is HTML.
- ``Strict-Transport-Security`` when the request came over https (``request.is_secure``; behind
  DOEMEE_PROXY_COUNT proxies ProxyFix has taken the scheme from X-Forwarded-Proto): the browser then keeps to https.
  Never over plain http, where a browser ignores it anyway and a development server would be stuck with it.
- ``Cache-Control``: an export (a view marked ``@no_store``, or any download: Content-Disposition attachment) is
  ``no-store``, kept by no cache at all, not even the browser's; any other answer to a request with credentials
  (an Authorization header) is ``private, no-cache`` unless the view said otherwise (the lists with an ETag say
  what fits them): personal data is kept by no shared cache and revalidated each time.
"""
from __future__ import annotations

from flask import current_app, request

HSTS = "max-age=31536000"


def no_store(view):
    """Mark a view whose answer is an export: ``Cache-Control: no-store``."""
    view.no_store = True
    return view


def _is_export(response) -> bool:
    if response.headers.get("Content-Disposition", "").startswith("attachment"):
        return True
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    return getattr(view, "no_store", False)


def security_headers(response):
    """after_request, registered first so that it runs last and sees the final answer."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    if _is_export(response):
        response.headers["Cache-Control"] = "no-store"
    elif "Authorization" in request.headers and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "private, no-cache"
    return response
