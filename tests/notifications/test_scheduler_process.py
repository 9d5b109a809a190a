"""The scheduler process starts, and stops cleanly on SIGTERM (as a process manager stops it)."""
import os
import queue
import signal
import subprocess
import sys
import threading

from backend.jobs.definitions import JOBS
from tests.support import real_clock_env, wait_for_exit

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _lines_of(proc) -> tuple[queue.Queue, threading.Thread]:
    lines: queue.Queue = queue.Queue()

    def read():
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return lines, reader


def _wait_for(lines: queue.Queue, text: str, seen: list) -> None:
    while True:
        line = lines.get(timeout=30)  # raises queue.Empty instead of hanging the suite
        assert line is not None, "".join(seen)
        seen.append(line)
        if text in line:
            return


def test_run_scheduler_stops_gracefully_on_sigterm(fresh_database):
    # The child runs on the real clock: under libfaketime (a suite run "at 03:30") the faked monotonic clock makes
    # the rate limiter's 10 ms timer thread wait for ever, so the child could not exit; what is tested here, the
    # stop on SIGTERM, does not depend on the hour.
    env = real_clock_env(DOEMEE_DATABASE_URL=fresh_database, DOEMEE_ENV="test",
                         FLASK_APP="doemee.wsgi")
    flask = os.path.join(os.path.dirname(sys.executable), "flask")
    with subprocess.Popen([flask, "run-scheduler"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True) as proc:
        (lines, reader), seen = _lines_of(proc), []
        try:
            _wait_for(lines, f"scheduler started with {len(JOBS)} jobs", seen)
            proc.send_signal(signal.SIGTERM)
            # The stop waits for jobs that had just started (their first imports, their transaction): generous on a
            # loaded machine, and the child's output in the message if it still does not stop.
            try:
                code = wait_for_exit(proc, timeout=60)  # (not proc.wait: see tests.support.pause)
            except subprocess.TimeoutExpired:
                proc.kill()
                reader.join(timeout=10)
                while not lines.empty():
                    seen.append(lines.get() or "")
                raise AssertionError("the scheduler did not stop within 60 s of SIGTERM:\n" + "".join(seen))
            assert code == 0, "".join(seen)
            _wait_for(lines, "scheduler stopped", seen)
        finally:
            if proc.poll() is None:
                proc.kill()
            reader.join(timeout=10)
