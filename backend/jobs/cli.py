"""Commands: run-scheduler (the one scheduler process), run-relay (any number), run-job <id> (ops, tests)."""
from __future__ import annotations

import signal
import threading

import click
from flask import current_app
from flask.cli import with_appcontext


def log_deliveries_and_jobs() -> None:
    """Show the jobs' and the relay's INFO lines on stderr (they carry no personal data): in development this
    is how one sees reminders and notices flowing; in production the process manager collects them."""
    import logging

    logger = logging.getLogger("doemee")
    if logger.level == logging.NOTSET or logger.level > logging.INFO:
        logger.setLevel(logging.INFO)
    if not logger.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        logger.addHandler(handler)


@click.command("run-scheduler")
@with_appcontext
def run_scheduler_command():
    """Run the scheduled jobs (exactly ONE such process per installation; never inside web workers)."""
    from backend.jobs.runner import run_scheduler

    log_deliveries_and_jobs()
    run_scheduler(current_app._get_current_object())


@click.command("run-relay")
@click.option("--once", is_flag=True, help="deliver what is due now, then stop")
@with_appcontext
def run_relay_command(once):
    """Deliver outbox messages (push, e-mail) until SIGTERM; run as many as needed, on any hosts."""
    from backend.notifications.relay import run_relay

    log_deliveries_and_jobs()
    stop = threading.Event()
    if not once:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
    delivered = run_relay(current_app._get_current_object(), stop, once=once)
    click.echo(f"relay stopped; {delivered} messages delivered")


@click.command("run-job")
@click.argument("job_id")
@with_appcontext
def run_job_command(job_id):
    """Run one scheduled job now (see backend/jobs/definitions.py for the ids)."""
    from backend.jobs.definitions import BY_ID
    from backend.diagnosis import explain
    from backend.jobs.runner import run_job

    if job_id not in BY_ID:
        raise click.ClickException(f"unknown job {job_id!r}; known: {', '.join(BY_ID)}")
    try:
        summary = run_job(job_id)
    except Exception as exc:  # recorded in job_health; the exit code tells the operator
        raise click.ClickException(f"job {job_id} failed: {explain(exc)}") from None
    click.echo(f"{job_id}: {summary}")


def start_in_process(app) -> tuple:
    """serve-dev only: the scheduler in a background thread and one relay thread, in this process."""
    from backend.jobs.runner import build_scheduler
    from backend.notifications.relay import run_relay

    log_deliveries_and_jobs()
    # Like run-scheduler: only what is due runs (a job missed while nothing ran, once). To see a job's effect
    # at once in development, run it: flask run-job <id>.
    scheduler = build_scheduler(app, background=True)
    scheduler.start()
    stop = threading.Event()
    relay = threading.Thread(target=run_relay, args=(app, stop), name="doemee-relay", daemon=True)
    relay.start()
    return scheduler, stop


COMMANDS = (run_scheduler_command, run_relay_command, run_job_command)
