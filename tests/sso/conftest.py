"""Fixtures of the single sign-on tests: a real OpenID provider (tests/sso/provider.py) for the session, and
Maassluis configured to use it through the operator's command (`flask sso set`)."""
from __future__ import annotations

import pytest

from tests.sso.provider import CLIENT_ID, running_provider, secret_of
from tests.support import make_role, register

CALLBACK = "/inloggen/sso/terug"


@pytest.fixture(scope="session")
def issuer(app):
    yield from running_provider(app.extensions["doemee_config"]["PUBLIC_BASE_URL"] + CALLBACK)


@pytest.fixture
def back_to(app) -> str:
    """Where the provider sends the browser back to: DoeMee's public address (PUBLIC_BASE_URL) and the callback."""
    return app.extensions["doemee_config"]["PUBLIC_BASE_URL"] + CALLBACK


@pytest.fixture
def maassluis_sso(issuer, cli, settings):
    """Maassluis signs in maassluis.nl addresses with the test provider (loopback issuers allowed)."""
    settings(SSO_ALLOW_LOOPBACK=True)
    result = cli.invoke(args=["sso", "set", "maassluis", "--name", "Gemeente Maassluis", "--issuer", issuer,
                              "--client-id", CLIENT_ID, "--domain", "maassluis.nl"],
                        env={"DOEMEE_SSO_CLIENT_SECRET": secret_of(CLIENT_ID)})
    assert result.exit_code == 0, result.output
    return issuer


@pytest.fixture
def staff(client, cli):
    """A staff member of Maassluis whose account has the address the provider knows (in another case)."""
    person = register(client, email="medewerker@maassluis.nl", display_name="Mirjam Medewerker")
    make_role(cli, person, "municipality_staff", "maassluis")
    return person
