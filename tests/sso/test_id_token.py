"""The id token's checks, each with a real token of the local provider: the audience (a token the provider gave
another of its clients), the signature against its published keys, the issuer. In the login through the pages
(test_web_sign_in.py) these tokens never come by DoeMee's own token request, which is why they are handed to the
check here."""
from __future__ import annotations

import pytest
import requests
import sqlalchemy as sa

from backend.sso import flow
from backend.sso.models import SsoProvider
from tests.sso.provider import CLIENT_ID, OTHER_CLIENT_ID, id_token_for

pytestmark = pytest.mark.any_hour  # the provider keeps the real time (see test_web_sign_in.py)


@pytest.fixture
def provider(maassluis_sso, db_session) -> SsoProvider:
    return db_session.scalar(sa.select(SsoProvider))


@pytest.fixture
def meta(maassluis_sso) -> dict:
    return requests.get(maassluis_sso + "/.well-known/openid-configuration", timeout=10).json()


def _reason(provider, meta, token, nonce="n-1") -> str | None:
    try:
        flow.validated_id_token(provider, meta, token, nonce=nonce)
    except flow.SignInFailed as exc:
        return exc.reason
    return None


def test_a_token_of_doemees_own_client_holds(app, provider, meta, maassluis_sso, back_to):
    token = id_token_for(maassluis_sso, CLIENT_ID, "medewerker@maassluis.nl", back_to=back_to, nonce="n-1")
    with app.test_request_context():
        assert _reason(provider, meta, token) is None
        assert _reason(provider, meta, token, nonce="n-2") == "id_token_InvalidClaimError_nonce"


def test_a_token_of_another_client_is_refused(app, provider, meta, maassluis_sso, back_to):
    token = id_token_for(maassluis_sso, OTHER_CLIENT_ID, "medewerker@maassluis.nl", back_to=back_to, nonce="n-1")
    with app.test_request_context():
        assert _reason(provider, meta, token) == "id_token_InvalidClaimError_aud"


def test_a_token_with_a_changed_payload_fails_its_signature(app, provider, meta, maassluis_sso, back_to):
    import base64
    import json

    token = id_token_for(maassluis_sso, CLIENT_ID, "medewerker@maassluis.nl", back_to=back_to, nonce="n-1")
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["email"] = "burgemeester@maassluis.nl"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    with app.test_request_context():
        assert _reason(provider, meta, f"{header}.{forged}.{signature}") == "id_token_BadSignatureError"


def test_a_token_of_another_issuer_is_refused(app, provider, meta, maassluis_sso, back_to):
    token = id_token_for(maassluis_sso, CLIENT_ID, "medewerker@maassluis.nl", back_to=back_to, nonce="n-1")
    expected = {**meta, "issuer": "https://login.example.org"}  # the issuer DoeMee expects, not who signed it
    with app.test_request_context():
        assert _reason(provider, expected, token) == "id_token_InvalidClaimError_iss"
