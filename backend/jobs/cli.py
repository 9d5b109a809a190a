"""Commands: worker (any number, on any hosts), run-job <id> and run-task <task> (one at once: ops, tests), jobs
(their health)."""
from __future__ import annotations

import asyncio
import inspect
import json

import click
from flask import current_app
from flask.cli import with_appcontext


def log_deliveries_and_jobs() -> None:
    """Show the jobs' and the relay's INFO lines on stderr (they carry no personal data): in development this
    is how one sees reminders and notices flowing; in production the process manager collects them."""
    import logging

    # The engine's own lines (procrastinate) stay at WARNING: at INFO it writes three lines per job, and the
    # outbox sweep and the stalled-job check run every few seconds. Its failures (ERROR) still show.
    for name in ("doemee", "procrastinate"):
        logger = logging.getLogger(name)
        if name == "doemee" and (logger.level == logging.NOTSET or logger.level > logging.INFO):
            logger.setLevel(logging.INFO)
        if not logger.handlers and not logging.getLogger().handlers:
            handler = logging.StreamHandler()
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
            logger.addHandler(handler)


@click.command("worker")
@click.option("--concurrency", type=int, default=None, help="jobs at once (default: DOEMEE_WORKER_CONCURRENCY)")
@with_appcontext
def worker_command(concurrency):
    """Run scheduled jobs, matching runs, letters PDFs and outbox delivery until SIGTERM; run any number, anywhere."""
    from backend.jobs.engine import run_worker

    log_deliveries_and_jobs()
    run_worker(current_app._get_current_object(), concurrency=concurrency)


@click.command("run-job")
@click.argument("job_id")
@with_appcontext
def run_job_command(job_id):
    """Run one scheduled job now, in this process (see backend/jobs/definitions.py for the ids)."""
    from backend.diagnosis import explain
    from backend.jobs.definitions import BY_ID
    from backend.jobs.runner import run_job

    if job_id not in BY_ID:
        raise click.ClickException(f"unknown job {job_id!r}; known: {', '.join(BY_ID)}")
    try:
        summary = run_job(job_id)
    except Exception as exc:  # logged by run_job; the exit code tells the operator
        raise click.ClickException(f"job {job_id} failed: {explain(exc)}") from None
    click.echo(f"{job_id}: {summary}")


@click.command("run-task")
@click.argument("task_name")
@click.argument("arguments", nargs=-1)
@with_appcontext
def run_task_command(task_name, arguments):
    """Run one task now, in this process, without the queue: run-task doemee.matching_run run_id=<id>. Tasks
    are safe to run twice, so the queued job (if any) finds the work done."""
    from backend.jobs.engine import build

    engine = build(current_app._get_current_object())
    task = engine.tasks.get(task_name)
    if task is None:
        known = ", ".join(name for name in engine.tasks if not name.startswith("builtin:"))
        raise click.ClickException(f"unknown task {task_name!r}; known: {known}")
    kwargs = {}
    for argument in arguments:
        name, sep, value = argument.partition("=")
        if not sep:
            raise click.ClickException(f"arguments are name=value, not {argument!r}")
        try:
            kwargs[name] = json.loads(value)
        except ValueError:
            kwargs[name] = value
    result = task.func(**kwargs)
    if inspect.isawaitable(result):  # a task of the engine itself (it talks to the engine's tables)
        async def run():
            async with engine.open_async():
                return await result

        result = asyncio.run(run())
    click.echo(result)


@click.command("jobs")
@with_appcontext
def jobs_command():
    """Show the health of the scheduled jobs, the job engine's queue and the outbox (as GET /admin/jobs)."""
    from backend.jobs.health import report

    health = report()
    for job in health.jobs:
        click.echo(f"{job.id:26} {'ok' if job.healthy else 'UNHEALTHY':9} runs {job.runs:5} failures {job.failures:4} "
                   f"waiting {job.waiting:3}  last success {job.last_success_at or '-'}  "
                   f"last failure {job.last_error_at or '-'}")
    e, o = health.engine, health.outbox
    click.echo(f"engine: {e.waiting} waiting (oldest since {e.oldest_waiting_since or '-'}), {e.running} running, "
               f"{e.workers} workers alive")
    click.echo(f"outbox: {o.pending} pending, {o.sending} sending, {o.dead} dead (oldest due {o.oldest_due_at or '-'})")


COMMANDS = (worker_command, run_job_command, run_task_command, jobs_command)
