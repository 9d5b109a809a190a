"""Login throttling holds across gunicorn workers when the counters live in Redis."""
import os

import pytest
import requests

from tests.support import gunicorn, real_clock_env

REDIS_URL = os.environ.get("DOEMEE_TEST_REDIS_URL")


@pytest.fixture
def two_workers(fresh_database):
    if not REDIS_URL:
        pytest.skip("set DOEMEE_TEST_REDIS_URL (CI does) to test rate limits across workers")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    env = {**real_clock_env(), "DOEMEE_DATABASE_URL": fresh_database,
           "DOEMEE_SECRET_KEY": "x" * 40, "DOEMEE_RATELIMIT_STORAGE_URL": REDIS_URL, "DOEMEE_ARGON2_MEMORY_KIB": "1024",
           "DOEMEE_ARGON2_TIME_COST": "1", "FLASK_APP": "doemee.wsgi"}
    with gunicorn(env) as base:
        yield f"{base}/api/v1"


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
