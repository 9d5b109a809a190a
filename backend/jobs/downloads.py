"""Files made by a task for one staff member, so that no page waits for them: the campaign letters PDF (3,197
letters in the demo: half a minute of work).

The page records a Download and queues its task in the same transaction; the task counts, makes the file and
reports its progress (committing as it goes), and the page shows "bezig..." until the file can be downloaded. The
file is for the person who asked only, and for DOWNLOAD_KEPT (housekeeping deletes it afterwards).
"""
from __future__ import annotations

import logging
import uuid
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import force_locale

from backend import background
from backend.accounts.models import User
from backend.campaigns import operations, reports
from backend.campaigns.letters_pdf import letters_pdf
from backend.diagnosis import explain
from backend.errors import NotFound
from backend.extensions import db
from backend.jobs.models import Download
from backend.models_base import utcnow

log = logging.getLogger("doemee.jobs")

LETTERS_TASK = "doemee.letters_pdf"  # registered by backend/jobs/engine.py
DOWNLOAD_KEPT = timedelta(hours=24)
LAYOUTS = ("brief", "code")


def request_letters_pdf(actor: User, campaign_id, layout: str, locale: str) -> Download:
    """Record the letters PDF of a campaign for ``actor`` (staff of its municipality) and queue its task."""
    campaign = operations.staff_campaign(actor, campaign_id)
    download = Download(owner_id=actor.id, kind="campaign_letters", locale=locale, status="pending", done=0,
                        params={"campaign_id": str(campaign.id), "layout": layout if layout in LAYOUTS else "brief"},
                        filename=f"brieven-{campaign.year}-{layout if layout in LAYOUTS else 'brief'}.pdf",
                        expires_at=utcnow() + DOWNLOAD_KEPT)
    db.session.add(download)
    db.session.flush()
    background.defer(LETTERS_TASK, lock=f"download:{download.id}", download_id=str(download.id))
    return download


def get_download(actor: User, download_id) -> Download:
    """The owner's download while it is kept; anyone else (and an expired one): not found."""
    download = db.session.get(Download, download_id)
    if download is None or download.owner_id != actor.id or download.expires_at <= utcnow():
        raise NotFound("detail.not_found", what="Download")
    return download


def make_letters_pdf(download_id: str) -> str:
    """The task. Safe to run twice: a download already made (or given up) is left alone; one cut short by a lost
    worker starts over."""
    download = db.session.get(Download, uuid.UUID(download_id), with_for_update=True)
    if download is None or download.status not in ("pending", "running"):
        db.session.rollback()
        return f"download {download_id}: nothing to do"
    download.status, download.done = "running", 0
    db.session.commit()
    try:
        owner = db.session.get(User, download.owner_id)
        with force_locale(download.locale):
            campaign = operations.staff_campaign(owner, download.params["campaign_id"])
            codes = reports.letter_codes(owner, campaign.id)
            download.total = len(codes)
            db.session.commit()

            def progress(pages: int) -> None:
                db.session.execute(sa.update(Download).where(Download.id == download.id).values(done=pages))
                db.session.commit()

            content = letters_pdf(campaign, codes, download.params["layout"], progress)
        download.content, download.done = content, len(codes)
        download.status, download.finished_at = "done", utcnow()
        db.session.commit()
    except Exception as exc:  # noqa: BLE001 - the page shows the failure; the person may ask again
        db.session.rollback()
        log.error("download %s failed: %s", download_id, explain(exc))
        db.session.execute(sa.update(Download).where(Download.id == uuid.UUID(download_id))
                           .values(status="failed", finished_at=utcnow()))
        db.session.commit()
        return f"download {download_id}: failed"
    return f"download {download_id}: {len(codes)} letters"


def delete_expired(now) -> int:
    """Housekeeping."""
    return db.session.execute(sa.delete(Download).where(Download.expires_at < now)).rowcount
