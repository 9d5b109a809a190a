"""gunicorn's settings for metrics in multiprocess mode: ``gunicorn -c python:backend.observability.gunicorn ...`` with
PROMETHEUS_MULTIPROC_DIR set to a directory of this machine. Job workers (``flask worker``) on the same machine with
the same PROMETHEUS_MULTIPROC_DIR put their job counts in the same scrape.

Counters and histograms stay in the directory across restarts (a count only grows, as Prometheus expects); the
gauges of connections in use count live processes only: those of a web worker go when it ends, and those of the
processes of an earlier start when gunicorn starts (after a crash no hook ran for them).
"""
from __future__ import annotations

import glob
import os

from prometheus_client import multiprocess


def on_starting(server) -> None:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        os.makedirs(directory, exist_ok=True)
        for path in glob.glob(os.path.join(directory, "gauge_live*_*.db")):
            os.remove(path)


def child_exit(server, worker) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)
