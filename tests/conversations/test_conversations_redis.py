"""The rate limit per sender holds across servers: two servers (separate processes, as on two machines) count one
sender's messages in the same Redis, so the fourth message of an hour is refused wherever it arrives. (With counters
in each process's memory, each server would let two of the four through.)"""
import os
import socket
import subprocess
import sys

import pytest
import requests

from tests.conftest import TEST_SECRET, app_config
from tests.support import ApiClient, pause, real_clock_env, register, wait_for_exit

REDIS_URL = os.environ.get("DOEMEE_TEST_REDIS_URL")


def _serve(database_url: str) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**real_clock_env(), "DOEMEE_DATABASE_URL": database_url, "DOEMEE_SECRET_KEY": TEST_SECRET,
           "DOEMEE_RATELIMIT_STORAGE_URL": REDIS_URL, "DOEMEE_CONVERSATION_MESSAGES_PER_HOUR": "3",
           "DOEMEE_ARGON2_MEMORY_KIB": "1024", "DOEMEE_ARGON2_TIME_COST": "1"}
    server = subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "gunicorn"), "-w", "1", "-b",
                               f"127.0.0.1:{port}", "doemee.wsgi:app"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return server, f"http://127.0.0.1:{port}/api/v1"


def _up(base: str) -> bool:
    try:
        return requests.get(f"{base}/health", timeout=1).status_code == 200
    except requests.RequestException:
        return False


@pytest.fixture
def two_servers(fresh_database):
    if not REDIS_URL:
        pytest.skip("set DOEMEE_TEST_REDIS_URL (CI does) to test rate limits across servers")
    servers = [_serve(fresh_database) for _ in range(2)]
    try:
        for _server, base in servers:
            for _ in range(150):
                if _up(base):
                    break
                pause(0.1)
            else:
                pytest.fail("a server did not come up")
        yield fresh_database, [base for _server, base in servers]
    finally:
        for server, _base in servers:
            server.terminate()
            wait_for_exit(server, timeout=10)


@pytest.mark.slow
def test_one_senders_messages_are_counted_across_servers(two_servers):
    from doemee.app import create_app
    from backend.extensions import db
    from tests import factories

    database_url, bases = two_servers
    seeding = create_app(app_config(database_url))
    with seeding.app_context():
        opportunity_id = factories.opportunity(db.session, factories.organisation(db.session)).id
        db.session.commit()
        asker = register(ApiClient(seeding))
        db.session.remove()
        db.engine.dispose()
    statuses = [requests.post(f"{bases[n % 2]}/conversations/vacancies/{opportunity_id}/messages",
                              json={"body": f"Vraag {n + 1}"}, headers={"Authorization": f"Bearer {asker.token}"},
                              timeout=10).status_code for n in range(4)]
    assert statuses == [201, 201, 201, 429]
