"""``flask run-appreciation-job <name> [--now ISO]``: run one appreciation or campaign job once, as the scheduler
would (one unit of work: commit at the end). For operators (catch up after an outage) and for tests."""
from __future__ import annotations

from datetime import datetime, timezone

import click
from flask.cli import with_appcontext

from backend.appreciation.jobs import grant_milestones, send_thank_yous
from backend.campaigns.jobs import open_campaigns, remind_unclaimed
from backend.extensions import db


def _jobs() -> dict:
    return {"grant-milestones": grant_milestones, "send-thank-yous": send_thank_yous,
            "open-campaigns": open_campaigns, "remind-unclaimed": remind_unclaimed}


def _parse_now(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use ISO 8601 with an offset, e.g. 2026-12-01T09:00:00+01:00") from None
    if moment.tzinfo is None:
        raise click.BadParameter("give an offset (e.g. +01:00 or Z): a time without one is ambiguous")
    return moment.astimezone(timezone.utc)


@click.command("run-appreciation-job")
@click.argument("name", type=click.Choice(["grant-milestones", "send-thank-yous", "open-campaigns",
                                           "remind-unclaimed"]))
@click.option("--now", "now_text", default=None, help="run as if it were this moment (ISO 8601 with offset)")
@with_appcontext
def run_appreciation_job_command(name, now_text):
    """Run an appreciation job once: grant-milestones, send-thank-yous, open-campaigns or remind-unclaimed."""
    now = _parse_now(now_text)
    try:
        done = _jobs()[name](now)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    click.echo(f"{name}: {done}")
