"""The clock runs of `make test` (tests/clock_runs.sh) leave out what cannot tell one hour from another: a test that
pins the clock itself with ``@time_machine.travel`` and a module marked ``any_hour``; every other test runs."""
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine

from tests.conftest import pins_its_own_clock

pytestmark = pytest.mark.any_hour  # the same at any hour: the clock runs leave it to the real-hour run

ROOT = Path(__file__).resolve().parents[1]


def test_a_test_that_pins_the_clock_itself_is_told_from_one_that_does_not():
    @time_machine.travel("2026-06-15 10:00:00+02:00", tick=False)
    def pinned():
        pass

    def loose():
        pass

    assert pins_its_own_clock(pinned) and not pins_its_own_clock(loose) and not pins_its_own_clock(None)


def test_a_clock_run_leaves_out_only_what_pins_its_own_clock(tmp_path):
    def collected(env: dict) -> set[str]:
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--collect-only",
             "tests/test_clock_runs.py", "tests/reports/test_dashboard_pages.py"],
            cwd=ROOT, capture_output=True, text=True, env={**_environ(), **env}, timeout=120)
        return {line.split("::", 1)[1] for line in done.stdout.splitlines() if "::" in line}

    real_hour, at_three = collected({}), collected({"DOEMEE_TEST_LOCAL_TIME": "03:00"})
    assert len(real_hour) == 11  # this module's 2 and the dashboard's 9
    # This module is marked any_hour; six of the dashboard's tests are decorated with a fixed moment, two are not.
    assert at_three == {"test_only_staff_open_the_dashboard", "test_a_bad_date_is_refused"}


def _environ() -> dict:
    import os

    return {k: v for k, v in os.environ.items() if k != "DOEMEE_TEST_LOCAL_TIME"}
