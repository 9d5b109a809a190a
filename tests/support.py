"""Test helpers: an HTTP client that checks every response against the OpenAPI document, and people."""
from __future__ import annotations

import contextlib
import itertools
import os
import select
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

import json

from openapi_core import Config, OpenAPI
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse

PASSWORD = "lange-wandeling-langs-de-waterweg"
_counter = itertools.count(1)
_specs: dict[int, OpenAPI] = {}


def openapi_of(app) -> OpenAPI:
    key = id(app)
    if key not in _specs:
        with app.test_client() as c:
            _specs[key] = OpenAPI.from_dict(
                c.get("/api/v1/openapi.json").get_json(),
                config=Config(extra_media_type_deserializers={"application/problem+json": json.loads}))
    return _specs[key]


class ApiClient:
    """The Flask test client, plus: every response must match the OpenAPI document (status, content type and
    body for documented responses; problem+json for errors)."""

    def __init__(self, app):
        self.app = app
        self._client = app.test_client()
        self.checked = 0

    def open(self, method, path, *, token=None, headers=None, validate=True, **kwargs):
        headers = dict(headers or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        response = self._client.open(path, method=method, headers=headers, **kwargs)
        if validate and path.startswith("/api/v1/") and not path.startswith("/api/v1/openapi.json"):
            self._check(response)
        return response

    def _check(self, response) -> None:
        if response.status_code >= 400:
            assert response.mimetype == "application/problem+json", (response.status_code, response.data[:300])
            body = response.get_json()
            assert {"type", "title", "status", "detail"} <= set(body), body
            assert body["status"] == response.status_code
        if not self._routed(response.request):
            return  # no operation in the document to check against (unknown path or method)
        # A body-less copy of the request: only its path and method matter for checking the response, and the
        # original's body stream has been read.
        req = response.request
        bare = Request(EnvironBuilder(path=req.path, method=req.method, query_string=req.query_string.decode(),
                                      headers={"Host": "localhost"}).get_environ())
        openapi_of(self.app).validate_response(WerkzeugOpenAPIRequest(bare), WerkzeugOpenAPIResponse(response))
        self.checked += 1

    def _routed(self, request) -> bool:
        from werkzeug.exceptions import HTTPException

        try:
            self.app.url_map.bind("localhost").match(request.path, request.method)
        except HTTPException:
            return False
        return True

    def get(self, path, **kw):
        return self.open("GET", path, **kw)

    def post(self, path, **kw):
        return self.open("POST", path, **kw)

    def put(self, path, **kw):
        return self.open("PUT", path, **kw)

    def patch(self, path, **kw):
        return self.open("PATCH", path, **kw)

    def delete(self, path, **kw):
        return self.open("DELETE", path, **kw)


@dataclass
class Person:
    id: str
    email: str
    password: str
    access_token: str
    refresh_token: str

    @property
    def token(self) -> str:
        return self.access_token


def privacy_version(client) -> str:
    return client.get("/api/v1/privacy").get_json()["version"]


def register(client, *, email=None, password=PASSWORD, display_name="Anna", locale="nl", roles=None) -> Person:
    email = email or f"person{next(_counter)}@example.org"
    body = {"email": email, "password": password, "display_name": display_name, "locale": locale,
            "accepted_privacy_version": privacy_version(client)}
    if roles:
        body["roles"] = roles
    r = client.post("/api/v1/auth/register", json=body)
    assert r.status_code == 201, r.get_json()
    user_id = r.get_json()["id"]
    tokens = login(client, email, password)
    return Person(user_id, email, password, tokens["access_token"], tokens["refresh_token"])


def login(client, email, password=PASSWORD) -> dict:
    r = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def make_role(cli, person: Person, role: str, municipality: str | None = None) -> None:
    """Grant a role through the CLI (the public surface for admins), then the person logs in again."""
    args = ["grant-role", "--email", person.email, "--role", role]
    if municipality:
        args += ["--municipality", municipality]
    result = cli.invoke(args=args)
    assert result.exit_code == 0, result.output


def volunteer(client, *, postcode="3144 BA", **profile) -> Person:
    person = register(client)
    body = {"postcode": postcode, **profile}
    r = client.put("/api/v1/me/profile", json=body, token=person.token)
    assert r.status_code == 201, r.get_json()
    return person


def pause(seconds: float) -> None:
    """``time.sleep`` for tests that wait on the real clock, also when the suite runs under libfaketime (a run "at
    03:30"): there Python's sleep, which waits for an absolute deadline, fails with EINVAL once libfaketime
    rewrites that deadline, while select() waits for a relative timeout and works with or without it."""
    select.select([], [], [], seconds)


def wait_for_exit(proc: subprocess.Popen, timeout: float) -> int:
    """``proc.wait(timeout)`` without its sleep (see ``pause``): the exit code, or TimeoutExpired."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None:
        if time.monotonic() > deadline:
            raise subprocess.TimeoutExpired(proc.args, timeout)
        pause(0.05)
    return proc.returncode


def real_clock_env(**extra: str) -> dict:
    """The environment for a child process (a server, the scheduler) that must run on the real clock, also when
    the suite runs under libfaketime: without its preload and settings (under it gunicorn's own sleep fails)."""
    return {**{k: v for k, v in os.environ.items() if k != "LD_PRELOAD" and not k.startswith("FAKETIME")}, **extra}


def run_output(args: list[str], *, input: str, timeout: float) -> str:
    """``subprocess.run(args, input=..., capture_output=True, text=True, timeout=..., check=True).stdout`` without
    subprocess' sleep (see ``pause``): a timer kills the child after ``timeout`` seconds."""
    with subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True) as proc:
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            out, err = proc.communicate(input)
        finally:
            timer.cancel()
    if proc.returncode != 0:
        raise subprocess.CalledProcessError(proc.returncode, args, out, err)
    return out


@contextlib.contextmanager
def gunicorn(env: dict, *options: str, workers: int = 2):
    """gunicorn serving doemee.wsgi:app with ``workers`` processes on a free port of 127.0.0.1, in the environment
    ``env``; yields its base URL once /health/live answers, and stops it when the block ends."""
    import requests

    from backend.devdb import free_port

    port = free_port()
    server = subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "gunicorn"), "-w", str(workers),
                               "-b", f"127.0.0.1:{port}", "--graceful-timeout", "2", *options, "doemee.wsgi:app"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if requests.get(f"{base}/health/live", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                pause(0.1)
        else:
            raise AssertionError("gunicorn did not come up")
        yield base
    finally:
        server.terminate()
        wait_for_exit(server, timeout=10)
