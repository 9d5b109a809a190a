"""Under gunicorn with several workers (PROMETHEUS_MULTIPROC_DIR), a scrape adds up the counts of every worker,
whichever worker answers it."""
import pytest
import requests

from tests.conftest import TEST_SECRET
from tests.observability.support import METRICS_TOKEN, samples, value
from tests.support import gunicorn, real_clock_env


@pytest.mark.slow
def test_a_scrape_adds_up_the_counts_of_every_gunicorn_worker(fresh_database, tmp_path):
    directory = tmp_path / "metrics"
    env = real_clock_env(DOEMEE_DATABASE_URL=fresh_database, DOEMEE_ENV="test", DOEMEE_SECRET_KEY=TEST_SECRET,
                         DOEMEE_METRICS_TOKEN=METRICS_TOKEN, PROMETHEUS_MULTIPROC_DIR=str(directory))
    with gunicorn(env, "-c", "python:backend.observability.gunicorn") as base:
        for _ in range(12):
            # A new connection each time, so that both workers get some of them.
            r = requests.get(f"{base}/api/v1/municipalities", headers={"Connection": "close"}, timeout=5)
            assert r.status_code == 200
        scrapes = [requests.get(f"{base}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}",
                                                            "Connection": "close"}, timeout=5) for _ in range(4)]
    assert {r.status_code for r in scrapes} == {200}
    for r in scrapes:
        # Whichever worker answered, it counted all twelve.
        assert value(samples(r.text), "doemee_http_requests_total", method="GET", route="/api/v1/municipalities",
                     status="200") == 12
        # Gauges of live processes add up too: two workers, each with a pool of 10 + 10 connections.
        assert value(samples(r.text), "doemee_db_pool_connections_limit") == 40
    assert list(directory.glob("counter_*.db"))
