"""Job runs are counted per task, succeeded or failed, with their duration, by the worker that ran them."""
import pytest

from tests.jobs.conftest import run_with_vog_expiry_broken
from tests.observability.support import METRICS_TOKEN, scrape, value
from tests.support import ApiClient

JOBS = "doemee_jobs_total"


@pytest.mark.logs_error
def test_job_runs_are_counted_by_task_and_outcome(engine_tables, app_with, monkeypatch, caplog):
    watched = ApiClient(app_with(METRICS_TOKEN=METRICS_TOKEN))
    before = scrape(watched)

    run_with_vog_expiry_broken(engine_tables, monkeypatch, caplog)
    assert "job vog-expiry failed: RuntimeError at " in caplog.text
    after = scrape(watched)

    def moved(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    # (The worker may also run a due time of these jobs that it deferred itself: at least once, then.)
    assert moved(JOBS, task="housekeeping", outcome="succeeded") >= 1
    assert moved(JOBS, task="housekeeping", outcome="failed") == 0
    assert moved(JOBS, task="vog-expiry", outcome="failed") >= 1
    assert moved(JOBS, task="vog-expiry", outcome="succeeded") == 0
    assert moved("doemee_job_duration_seconds_count", task="housekeeping") == \
        moved(JOBS, task="housekeeping", outcome="succeeded")
    assert moved("doemee_job_duration_seconds_count", task="vog-expiry") == moved(JOBS, task="vog-expiry",
                                                                                  outcome="failed")
