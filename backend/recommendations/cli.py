"""``flask matching-run``: run (or dry-run) the batch assignment of a municipality and print its summary."""
from datetime import datetime, timedelta, timezone

import click
from flask.cli import with_appcontext

from backend.errors import DomainError
from backend.extensions import db


@click.command("matching-run")
@click.option("--municipality", required=True, help="slug, e.g. maassluis")
@click.option("--days", default=7, show_default=True, type=click.IntRange(1, 31), help="period from now")
@click.option("--cap", default=2, show_default=True, type=click.IntRange(1, 7), help="invitations per volunteer per week")
@click.option("--dry-run", is_flag=True, help="compute and store the proposals, invite nobody")
@with_appcontext
def matching_run_command(municipality, days, cap, dry_run):
    """Assign the open help requests of the coming days; print totals and why requests stayed unmatched."""
    from backend.recommendations.operations import municipality_by_slug, run_matching, unmatched_text

    now = datetime.now(timezone.utc)
    try:
        run = run_matching(municipality_by_slug(municipality), period_start=now, period_end=now + timedelta(days=days),
                           cap_per_volunteer=cap, dry_run=dry_run, now=now)
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(f"{exc.slug}: {exc.detail}") from None
    db.session.commit()
    click.echo(f"run {run.id}{' (dry run)' if dry_run else ''}: {run.requests} open requests, "
               f"{run.volunteers} volunteers with room, {run.assigned} assigned, total score {run.total_score:.3f}")
    reasons: dict[str, int] = {}
    for u in run.unmatched:
        reasons[u.reason] = reasons.get(u.reason, 0) + 1
    for code, count in sorted(reasons.items(), key=lambda kv: -kv[1]):
        click.echo(f"  unmatched {count}: {unmatched_text(code, 'en')}")


@click.command("matching-tables")
@click.option("--municipality", "slugs", multiple=True, help="slug (repeatable); default: every municipality")
@with_appcontext
def matching_tables_command(slugs):
    """Build every municipality's volunteer and demand tables and store them, so that no request builds one (run
    it every 15 minutes: stored_tables.REFRESH; a worker uses a stored volunteer table up to 45 minutes old, and a
    demand table while its token and half hour are current)."""
    from backend.recommendations.operations import municipality_by_slug
    from backend.recommendations.stored_tables import build_all

    now = datetime.now(timezone.utc)
    ids = [municipality_by_slug(slug).id for slug in slugs] if slugs else None
    built = build_all(now, municipality_ids=ids)
    click.echo(f"matching tables: {len(built)} municipalities, {sum(v for v, _ in built.values())} volunteers, "
               f"{sum(d for _, d in built.values())} demands")
