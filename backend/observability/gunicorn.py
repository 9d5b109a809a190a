"""gunicorn's settings for metrics in multiprocess mode: ``gunicorn -c python:backend.observability.gunicorn ...`` with
PROMETHEUS_MULTIPROC_DIR set to a directory of this machine (a volume the job workers of the machine share, so that
their job counts are in the same scrape).

- At the start, the directory is emptied: counts of processes of an earlier start would be added to the new ones.
- When a worker process ends, its gauges of connections in use stop counting (its counters stay: they happened).
"""
from __future__ import annotations

import glob
import os

from prometheus_client import multiprocess


def on_starting(server) -> None:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        os.makedirs(directory, exist_ok=True)
        for path in glob.glob(os.path.join(directory, "*.db")):
            os.remove(path)


def child_exit(server, worker) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)
