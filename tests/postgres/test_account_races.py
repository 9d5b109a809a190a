"""Races on real parallel PostgreSQL connections."""
import threading

import sqlalchemy as sa

from backend.accounts.models import AuthSession, User
from backend.extensions import db
from tests.support import PASSWORD, ApiClient, privacy_version, register


def race(app, n, request):
    """Run ``request(client)`` in n threads released at the same moment; return the responses."""
    barrier = threading.Barrier(n)
    results = [None] * n

    def run(i):
        client = ApiClient(app)
        barrier.wait()
        results[i] = request(client)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert all(r is not None for r in results), "a request hung"
    return results


def test_simultaneous_sign_ups_with_one_address_make_one_account(committing_app):
    version = privacy_version(ApiClient(committing_app))
    body = {"email": "race@example.org", "password": PASSWORD, "display_name": "Race",
            "accepted_privacy_version": version}
    responses = race(committing_app, 12, lambda c: c.post("/api/v1/auth/register", json=body))
    codes = sorted(r.status_code for r in responses)
    assert codes == [201] + [409] * 11
    with committing_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_simultaneous_refresh_with_one_token_succeeds_once_and_revokes_the_login(committing_app):
    person = register(ApiClient(committing_app))
    responses = race(committing_app, 8, lambda c: c.post("/api/v1/auth/refresh", token=person.refresh_token))
    codes = sorted(r.status_code for r in responses)
    assert codes == [200] + [401] * 7
    with committing_app.app_context():
        session = db.session.scalar(sa.select(AuthSession))
        assert session.revoked_at is not None and session.revoked_reason == "refresh_reused"
