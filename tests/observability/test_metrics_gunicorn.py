"""Under gunicorn with several workers (PROMETHEUS_MULTIPROC_DIR), a scrape adds up the counts of every worker,
whichever worker answers it."""
import os
import subprocess
import sys

import pytest
import requests

from backend.devdb import free_port
from tests.conftest import TEST_SECRET
from tests.observability.support import METRICS_TOKEN, samples, value
from tests.support import pause, real_clock_env, wait_for_exit


@pytest.mark.slow
def test_a_scrape_adds_up_the_counts_of_every_gunicorn_worker(fresh_database, tmp_path):
    directory = tmp_path / "metrics"
    env = real_clock_env(DOEMEE_DATABASE_URL=fresh_database, DOEMEE_ENV="test", DOEMEE_SECRET_KEY=TEST_SECRET,
                         DOEMEE_METRICS_TOKEN=METRICS_TOKEN, PROMETHEUS_MULTIPROC_DIR=str(directory))
    port = free_port()
    server = subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "gunicorn"), "-w", "2",
                               "-b", f"127.0.0.1:{port}", "--graceful-timeout", "2",
                               "-c", "python:backend.observability.gunicorn", "doemee.wsgi:app"],
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
            pytest.fail("gunicorn did not come up")
        for _ in range(12):
            # A new connection each time, so that both workers get some of them.
            r = requests.get(f"{base}/api/v1/municipalities", headers={"Connection": "close"}, timeout=5)
            assert r.status_code == 200
        scrapes = [requests.get(f"{base}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}",
                                                            "Connection": "close"}, timeout=5) for _ in range(4)]
    finally:
        server.terminate()
        wait_for_exit(server, timeout=10)
    assert {r.status_code for r in scrapes} == {200}
    for r in scrapes:
        # Whichever worker answered, it counted all twelve.
        assert value(samples(r.text), "doemee_http_requests_total", method="GET", route="/api/v1/municipalities",
                     status="200") == 12
    assert list(directory.glob("counter_*.db"))
