"""The request pipeline: the shared steps come first, in a fixed order, and each surface's steps see only its own
requests (the pages never pass through the API's token code)."""
from __future__ import annotations

from backend.http import _apply_body_limit, observe
from backend.http.headers import security_headers
from backend.http.input_guard import check_request


def test_the_shared_steps_run_first_and_the_headers_last(app):
    from backend.extensions import limiter

    # (Flask-Limiter's own hook, registered when it is bound, checks nothing: backend.extensions.RouteLimiter.)
    before = [f for f in app.before_request_funcs[None] if getattr(f, "__self__", None) is not limiter]
    assert before[:3] == [observe.begin, _apply_body_limit, check_request]
    # Flask runs after_request functions in reverse: the first registered (after the limiter's, which adds its
    # X-RateLimit headers) sees the final answer: the request's metrics and log line, after the security headers.
    after = [f for f in app.after_request_funcs[None] if getattr(f, "args", (None,))[0] is not limiter]
    assert after[:2] == [observe.finish, security_headers]


def test_a_page_ignores_a_bearer_token(app, client):
    r = app.test_client().get("/", headers={"Authorization": "Bearer not-a-token"})
    assert r.status_code == 200 and r.mimetype == "text/html"
    r = client.get("/api/v1/me", headers={"Authorization": "Bearer not-a-token"})
    assert r.status_code == 401 and r.mimetype == "application/problem+json"
