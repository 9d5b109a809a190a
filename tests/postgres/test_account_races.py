"""Races on real parallel PostgreSQL connections."""
import sqlalchemy as sa

from backend.accounts.models import AuthSession, User
from backend.extensions import db
from tests.postgres.races import race
from tests.support import PASSWORD, ApiClient, privacy_version, register


def test_simultaneous_sign_ups_with_one_address_make_one_account(committing_app):
    version = privacy_version(ApiClient(committing_app))
    body = {"email": "race@example.org", "password": PASSWORD, "display_name": "Race",
            "accepted_privacy_version": version}
    responses = race(committing_app, [lambda c: c.post("/api/v1/auth/register", json=body)] * 12)
    codes = sorted(r.status_code for r in responses)
    assert codes == [201] + [409] * 11
    with committing_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_simultaneous_refresh_with_one_token_succeeds_once_and_revokes_the_login(committing_app):
    person = register(ApiClient(committing_app))
    responses = race(committing_app, [lambda c: c.post("/api/v1/auth/refresh", token=person.refresh_token)] * 8)
    codes = sorted(r.status_code for r in responses)
    assert codes == [200] + [401] * 7
    with committing_app.app_context():
        session = db.session.scalar(sa.select(AuthSession))
        assert session.revoked_at is not None and session.revoked_reason == "refresh_reused"
