"""A real OpenID Connect provider for the tests: the npm package oidc-provider (tests/sso/provider/, pinned in its
package-lock.json; `npm ci` installs it when node_modules is missing), started on a free port of 127.0.0.1, and a
person's way through its development login and consent pages with a requests session.

Its accounts (provider.mjs): medewerker@maassluis.nl, nieuw@maassluis.nl and vrijwilliger@maassluis.nl with
verified addresses, ongeverifieerd@maassluis.nl with email_verified false; any password. Its clients:
doemee-maassluis and ander-systeem, each with the secret "<id>-secret". Id tokens live 120 seconds.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from html import unescape
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import pytest
import requests

from tests.notifications.conftest import free_port

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "provider")
CLIENT_ID = "doemee-maassluis"
OTHER_CLIENT_ID = "ander-systeem"


def secret_of(client_id: str) -> str:
    return f"{client_id}-secret"


def _installed() -> None:
    if os.path.isdir(os.path.join(HERE, "node_modules", "oidc-provider")):
        return
    if shutil.which("npm") is None:
        pytest.skip("npm is missing: `apt-get install nodejs npm` to run the single sign-on tests")
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True, capture_output=True,
                   timeout=300)


def running_provider(*redirect_uris: str):
    """For a fixture to ``yield from``: starts the provider, yields its issuer URL, stops it afterwards."""
    _installed()
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(["node", "provider.mjs", str(port), *redirect_uris], cwd=HERE,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(issuer + "/.well-known/openid-configuration", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the OpenID provider did not start: " + process.stderr.read().decode()[-2000:])
            time.sleep(0.1)
        yield issuer
    finally:
        process.terminate()
        process.wait(10)
        process.stderr.close()


def _form(response) -> tuple[str, dict]:
    html = response.text
    action = unescape(re.search(r'<form[^>]*action="([^"]+)"', html).group(1))
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    return urljoin(response.url, action), fields


def sign_in_at_provider(authorization_url: str, login: str, *, back_to: str) -> str:
    """What a person does at the provider: log in as ``login`` (the development pages take any password) and
    agree; returns the URL the provider sends the browser back to (which starts with ``back_to``)."""
    with requests.Session() as session:
        response = session.get(authorization_url, timeout=10)
        action, fields = _form(response)
        response = session.post(action, data={**fields, "login": login, "password": "geheim"}, timeout=10,
                                allow_redirects=False)
        for _step in range(10):
            if response.is_redirect:
                location = urljoin(response.url, response.headers["Location"])
                if location.startswith(back_to):
                    return location
                response = session.get(location, timeout=10, allow_redirects=False)
            else:  # the consent page
                action, fields = _form(response)
                response = session.post(action, data=fields, timeout=10, allow_redirects=False)
    raise AssertionError(f"the provider did not send {login} back")


def with_query(url: str, **changes: str) -> str:
    """``url`` with some of its query parameters replaced."""
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.update(changes)
    return parts._replace(query=urlencode(query)).geturl()


def id_token_for(issuer: str, client_id: str, login: str, *, back_to: str, nonce: str) -> str:
    """An id token the provider gives ``client_id`` (any of its clients) when ``login`` signs in."""
    from authlib.integrations.requests_client import OAuth2Session

    meta = requests.get(issuer + "/.well-known/openid-configuration", timeout=10).json()
    verifier = "v" * 64
    with OAuth2Session(client_id, secret_of(client_id), scope="openid email", redirect_uri=back_to,
                       code_challenge_method="S256") as client:
        url, _state = client.create_authorization_url(meta["authorization_endpoint"], nonce=nonce,
                                                      code_verifier=verifier)
        answer = sign_in_at_provider(url, login, back_to=back_to)
        code = parse_qs(urlsplit(answer).query)["code"][0]
        return client.fetch_token(meta["token_endpoint"], code=code, code_verifier=verifier, timeout=10)["id_token"]
