"""Login throttling holds across gunicorn workers when the counters live in Redis."""
import os
import socket
import subprocess
import sys

import pytest
import requests

from tests.support import pause, real_clock_env, wait_for_exit

REDIS_URL = os.environ.get("DOEMEE_TEST_REDIS_URL")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def two_workers(fresh_database):
    if not REDIS_URL:
        pytest.skip("set DOEMEE_TEST_REDIS_URL (CI does) to test rate limits across workers")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    env = {**real_clock_env(), "DOEMEE_DATABASE_URL": fresh_database,
           "DOEMEE_SECRET_KEY": "x" * 40, "DOEMEE_RATELIMIT_STORAGE_URL": REDIS_URL, "DOEMEE_ARGON2_MEMORY_KIB": "1024",
           "DOEMEE_ARGON2_TIME_COST": "1", "FLASK_APP": "doemee.wsgi"}
    bin_dir = os.path.dirname(sys.executable)
    port = _free_port()
    server = subprocess.Popen([os.path.join(bin_dir, "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}",
                               "--graceful-timeout", "2", "doemee.wsgi:app"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        for _ in range(100):
            try:
                if requests.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                pause(0.1)
        else:
            pytest.fail("gunicorn did not come up")
        yield base
    finally:
        server.terminate()
        wait_for_exit(server, timeout=10)


@pytest.mark.slow
def test_sixth_failed_login_is_refused_whichever_worker_answers(two_workers):
    def attempt(i):
        # a new connection each time, so that both workers get some of the attempts
        return requests.post(f"{two_workers}/auth/login", json={"email": "anna@example.org", "password": f"x{i}"},
                             headers={"Connection": "close"}, timeout=5)

    assert [attempt(i).status_code for i in range(5)] == [401] * 5
    # With per-worker counters, some of these would land on a worker that has seen fewer than five failures.
    later = [attempt(i) for i in range(5, 11)]
    assert [r.status_code for r in later] == [429] * 6
    assert later[0].headers["Content-Type"] == "application/problem+json"
