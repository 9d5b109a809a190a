"""Running one scheduled job: in an app context, in its own transaction, failures logged in words.

The job engine (engine.py) calls this for each due time of each job; ``flask run-job <id>`` calls it at once.
What a job did, when and whether it failed is kept by the engine (procrastinate_jobs, procrastinate_events:
see health.py), not here.
"""
from __future__ import annotations

import importlib
import logging
import time

from backend.diagnosis import explain
from backend.extensions import db
from backend.jobs.definitions import BY_ID

log = logging.getLogger("doemee.jobs")


class UnknownJob(KeyError):
    pass


def _function(path: str):
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def run_job(job_id: str, definitions: dict = BY_ID) -> str:
    """Run one job now, in the current app context. Commits its work; re-raises a failure after logging it (by
    type and place, or as a database condition explained, never by message: messages can carry personal data)."""
    definition = definitions.get(job_id)
    if definition is None:
        raise UnknownJob(job_id)
    clock = time.monotonic()
    try:
        summary = str(_function(definition.function)() or "")
        db.session.commit()
    except Exception as exc:
        db.session.rollback()
        log.error("job %s failed: %s; it runs again at its next time (or now: flask run-job %s)",
                  job_id, explain(exc), job_id)
        raise
    log.log(logging.DEBUG if definition.quiet else logging.INFO, "job %s done in %d ms: %s", job_id,
            int((time.monotonic() - clock) * 1000), summary)
    return summary
