"""Command line: the ``doemee`` console script of an installation (``main``), or ``flask --app doemee.wsgi <command>``
in a checkout. An operator needs ``doemee migrate`` (once per release), ``doemee serve`` (the web servers),
``doemee worker`` (the job workers), ``doemee config-help`` and, for a demonstration, ``doemee seed-demo``.

Each command is one unit of work: it commits at the end, or rolls back and exits non-zero.
"""
from __future__ import annotations

import os
import sys

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import with_appcontext

from backend.appreciation.cli import run_appreciation_job_command
from backend.errors import DomainError
from backend.jobs.cli import COMMANDS as JOB_COMMANDS
from backend.sso.cli import sso_group
from backend.recommendations.cli import matching_run_command, matching_tables_command
from backend.webhooks.cli import webhook_secrets_command
from backend.extensions import db


def _fail(exc: DomainError) -> None:
    db.session.rollback()
    problems = "; ".join(f"{field}: {', '.join(map(str, msgs))}" for field, msgs in exc.errors.items())
    raise click.ClickException(f"{exc.slug}: {exc.detail or ''} {problems}".strip())


@click.command("load-reference-data")
@with_appcontext
def load_reference_data_command():
    """Add the shipped municipalities, neighbourhoods, postcodes and skills that are missing."""
    from backend.reference_data import load_reference_data

    added = load_reference_data()
    db.session.commit()
    click.echo("reference data: " + ", ".join(f"{k} +{v}" for k, v in added.items()))


@click.command("create-admin")
@click.option("--email", required=True)
@click.option("--display-name", default="Beheerder")
@click.password_option(envvar="DOEMEE_ADMIN_PASSWORD")
@with_appcontext
def create_admin_command(email, display_name, password):
    """Create an admin account (or make an existing account admin)."""
    from backend.accounts.operations import create_admin

    try:
        user = create_admin(email=email, password=password, display_name=display_name)
    except DomainError as exc:
        _fail(exc)
    db.session.commit()
    click.echo(f"admin: {user.id}")


@click.command("grant-role")
@click.option("--email", required=True)
@click.option("--role", required=True)
@click.option("--municipality", default=None, help="slug, for municipality_staff")
@with_appcontext
def grant_role_command(email, role, municipality):
    """Give an existing account a role."""
    from backend.accounts.models import User
    from backend.accounts.operations import grant_role, normalise_email
    from backend.places.operations import get_municipality

    user = db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise click.ClickException("no account with that e-mail address")
    try:
        grant_role(user, role, get_municipality(municipality).id if municipality else None)
    except DomainError as exc:
        _fail(exc)
    db.session.commit()
    click.echo(f"{email}: {role}")


@click.command("seed-demo")
@click.option("--volunteers", default=15000, show_default=True, help="number of demo volunteers")
@click.option("--organisations", default=300, show_default=True, help="number of demo organisations")
@click.option("--opportunities", default=2000, show_default=True, help="number of open demo vacancies")
@click.option("--initiatives", default=150, show_default=True, help="number of resident initiatives")
@click.option("--help-requests", default=500, show_default=True, help="number of open requests for help")
@click.option("--quiet", is_flag=True, help="no progress bar")
@with_appcontext
def seed_demo_command(volunteers, organisations, opportunities, initiatives, help_requests, quiet):
    """Load the Maassluis demo data (idempotent: only what is missing is added)."""
    from backend.demo.community import seed_community
    from backend.demo.people import seed_demo
    from backend.demo.vacancies import seed_demand

    summary = seed_demo(volunteers=volunteers, progress=not quiet)
    summary += seed_demand(organisations=organisations, opportunities=opportunities, progress=not quiet)
    summary += seed_community(initiatives=initiatives, help_requests=help_requests, progress=not quiet)
    from backend.demo.waiting import seed_waiting

    summary += seed_waiting()
    from backend.demo.places import seed_whereabouts

    summary += seed_whereabouts()  # after every vacancy is there
    from backend.demo.conversations import seed_conversation

    summary += seed_conversation()
    from backend.campaigns.demo import seed_thanks

    summary += seed_thanks()
    db.session.commit()
    for line in summary:
        click.echo(line)


@click.command("serve-dev")
@click.option("--port", type=int, default=None, help="default: DOEMEE_PORT (5000)")
@with_appcontext
def serve_dev_command(port):
    """Serve the API on 127.0.0.1 for development (never in production: use gunicorn)."""
    from werkzeug.serving import run_simple

    app = current_app._get_current_object()
    port = port or app.extensions["doemee_config"]["PORT"]
    click.echo(f"DoeMee API on http://127.0.0.1:{port}/api/v1 (development server; use gunicorn in production)")
    # Jobs, matching runs and outbox delivery run in worker processes (`flask worker`; `make run` starts one).
    run_simple("127.0.0.1", port, app, threaded=True, use_reloader=False, use_debugger=False,
               request_handler=_RequestLogWithoutQuery)


def _request_handler_base():
    from werkzeug.serving import WSGIRequestHandler

    return WSGIRequestHandler


class _RequestLogWithoutQuery(_request_handler_base()):
    """The development server's access log, without query strings (they can hold a postcode or an e-mail)."""

    def log_request(self, code="-", size="-"):
        self.log("info", '"%s %s" %s', self.command, self.path.split("?", 1)[0], code)


@click.command("config-help")
def config_help_command():
    """Print the table of DOEMEE_* settings."""
    from backend.config import describe

    click.echo(describe())


@click.command("vapid-keys")
def vapid_keys_command():
    """Print a fresh VAPID key pair for web push (set the private key as DOEMEE_VAPID_PRIVATE_KEY)."""
    from backend.config import new_vapid_keys

    private, public = new_vapid_keys()
    click.echo(f"DOEMEE_VAPID_PRIVATE_KEY={private}")
    click.echo(f"# public key (derived from the private key; browsers subscribe with it): {public}")


@click.command("migrate")
@with_appcontext
def migrate_command():
    """Bring the schema up to date (every migration not yet run) and add the missing reference data. Safe to
    repeat; run it once per release, before the new servers and workers start. Two at once wait for each other."""
    from flask_migrate import upgrade

    from backend.reference_data import load_reference_data

    # A session-level advisory lock on a connection of its own: a second `doemee migrate` started by mistake waits
    # until the first is done and then finds nothing left to do, instead of running the same DDL beside it.
    key = sa.func.hashtextextended("doemee migrate", 0)  # named like the other advisory locks (recommendations/)
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as lock:
        lock.execute(sa.select(sa.func.pg_advisory_lock(key)))
        try:
            # "heads": branches that each add a migration are merged by a merge revision; until then all run.
            upgrade(revision="heads")
            added = load_reference_data()
            db.session.commit()
        finally:
            lock.execute(sa.select(sa.func.pg_advisory_unlock(key)))
    click.echo("schema up to date; reference data: " + ", ".join(f"{k} +{v}" for k, v in added.items()))


@click.command("serve")
@click.option("--bind", default=None, help="address:port to listen on (default: 127.0.0.1:DOEMEE_PORT)")
@click.option("--workers", type=int, default=2, show_default=True, help="gunicorn worker processes")
@click.option("--timeout", type=int, default=30, show_default=True,
              help="seconds a request may take before its worker is restarted")
def serve_command(bind, workers, timeout):
    """Serve the web pages and the API with gunicorn (production). Runs no jobs: start `doemee worker` too."""
    from backend.config import ConfigError, load_config

    try:
        config = load_config()  # a bad setting stops here, before gunicorn starts a worker
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    if config["DATABASE_URL"] is None:
        raise click.ClickException("DOEMEE_DATABASE_URL is not set: give a PostgreSQL URL")
    bind = bind or f"127.0.0.1:{config['PORT']}"
    # gunicorn takes this process's place (exec): signals from the process manager (SIGTERM: finish the running
    # requests, then stop) reach its master directly. No access log: request lines can hold personal data.
    # The metrics' hooks (backend.observability.gunicorn): with PROMETHEUS_MULTIPROC_DIR set, a scrape adds up every
    # worker's counts, and a stopped worker's files are cleaned up.
    argv = [sys.executable, "-m", "gunicorn", "--bind", bind, "--workers", str(workers), "--timeout", str(timeout),
            "-c", "python:backend.observability.gunicorn", "doemee.wsgi:app"]
    sys.stdout.flush()
    os.execv(sys.executable, argv)


COMMANDS = (migrate_command, serve_command, load_reference_data_command, create_admin_command, grant_role_command,
            seed_demo_command, serve_dev_command, config_help_command, vapid_keys_command,
            run_appreciation_job_command, matching_run_command, matching_tables_command, webhook_secrets_command,
            sso_group, *JOB_COMMANDS)


def register_cli(app: Flask) -> None:
    for command in COMMANDS:
        app.cli.add_command(command)


# Commands that need no database: the console script answers them without building the app.
WITHOUT_APP = (serve_command, config_help_command, vapid_keys_command)


def main() -> None:
    """The ``doemee`` console script (setup.cfg): every command above, and flask's own (db, shell, routes)."""
    from flask.cli import FlaskGroup, NoAppException

    from backend.config import ConfigError
    from doemee.app import create_app

    def app_from_settings():
        try:
            return create_app()
        except ConfigError as exc:  # flask's CLI shows this as one line, not a traceback
            raise NoAppException(str(exc)) from None

    group = FlaskGroup(name="doemee", create_app=app_from_settings, add_version_option=False,
                       help="DoeMee. An installation: `doemee migrate` once per release, then `doemee serve` and "
                            "`doemee worker` (any number of each). Settings: `doemee config-help`.")
    for command in WITHOUT_APP:
        group.add_command(command)
    group.main(prog_name="doemee")
