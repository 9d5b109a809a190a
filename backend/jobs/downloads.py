"""Files made by a task for one staff member, so that no page or API call waits for them: the campaign letters PDF
(3,197 letters in the demo: half a minute of work) and the letter codes CSV for the mail merge (a row per letter,
each judged against the campaign's rule: thousands of rows).

The page records a Download and queues its task in the same transaction; the task counts, makes the file and
reports its progress (committing as it goes), and the page shows "bezig..." until the file can be downloaded. The
file is for the person who asked only, and for DOWNLOAD_KEPT (housekeeping deletes it afterwards).
"""
from __future__ import annotations

import csv
import io
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
from backend.errors import Conflict, NotFound
from backend.extensions import db
from backend.i18n import N_, add_messages
from backend.jobs.models import Download
from backend.models_base import utcnow

log = logging.getLogger("doemee.jobs")

DOWNLOAD_TASK = "doemee.download"  # registered by backend/jobs/engine.py
DOWNLOAD_KEPT = timedelta(hours=24)
add_messages({"detail.download_not_ready": N_("The file is not ready yet: follow its progress until it is done.")})
# Download.kind -> the file's media type.
MEDIA_TYPES = {"campaign_letters": "application/pdf", "campaign_letter_codes": "text/csv"}


def request_campaign_file(actor: User, campaign_id, data: dict, locale: str, *,
                          for_people: bool = False) -> Download:
    """Record a file of a campaign (``data`` loaded by backend.jobs.schemas.CampaignFileInSchema) for ``actor``
    (staff of its municipality) and queue its task."""
    campaign = operations.staff_campaign(actor, campaign_id)
    if data["file"] == "letters_pdf":
        kind, params = "campaign_letters", {"campaign_id": str(campaign.id), "layout": data["layout"]}
        filename = f"brieven-{campaign.year}-{data['layout']}.pdf"
    else:
        kind, params = "campaign_letter_codes", {"campaign_id": str(campaign.id), "for_people": for_people}
        filename = f"campaign-{campaign.id}-letter-codes.csv"
    download = Download(owner_id=actor.id, kind=kind, locale=locale, status="pending", done=0, params=params,
                        filename=filename, expires_at=utcnow() + DOWNLOAD_KEPT)
    db.session.add(download)
    db.session.flush()
    background.defer(DOWNLOAD_TASK, lock=f"download:{download.id}", download_id=str(download.id))
    return download


def media_type(download: Download) -> str:
    return MEDIA_TYPES[download.kind]


def get_download(actor: User, download_id) -> Download:
    """The owner's download while it is kept; anyone else (and an expired one): not found."""
    download = db.session.get(Download, download_id)
    if download is None or download.owner_id != actor.id or download.expires_at <= utcnow():
        raise NotFound("detail.not_found", what="Download")
    return download


def _letters_pdf(owner: User, download: Download) -> tuple[bytes, int]:
    campaign = operations.staff_campaign(owner, download.params["campaign_id"])
    codes = reports.letter_codes(owner, campaign.id)
    download.total = len(codes)
    db.session.commit()

    def progress(pages: int) -> None:
        db.session.execute(sa.update(Download).where(Download.id == download.id).values(done=pages))
        db.session.commit()

    return letters_pdf(campaign, codes, download.params["layout"], progress), len(codes)


def _letter_codes_csv(owner: User, download: Download) -> tuple[bytes, int]:
    # Asked for on a page, the file is opened by people (a mail merge): its columns in their language.
    locale = download.locale if download.params.get("for_people") else None
    body = reports.letter_codes_csv(owner, download.params["campaign_id"], locale=locale)
    return body.encode("utf-8"), len(list(csv.reader(io.StringIO(body)))) - 1  # the rows below the header


_MAKERS = {"campaign_letters": _letters_pdf, "campaign_letter_codes": _letter_codes_csv}


def ready_download(actor: User, download_id) -> Download:
    """The owner's download once its file is made; before that a conflict (follow its progress)."""
    download = get_download(actor, download_id)
    if download.status != "done":
        raise Conflict("detail.download_not_ready")
    return download


def make_download(download_id: str) -> str:
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
            content, count = _MAKERS[download.kind](owner, download)
        download.content, download.done, download.total = content, count, count
        download.status, download.finished_at = "done", utcnow()
        db.session.commit()
    except Exception as exc:  # noqa: BLE001 - the page shows the failure; the person may ask again
        db.session.rollback()
        log.error("download %s failed: %s", download_id, explain(exc))
        db.session.execute(sa.update(Download).where(Download.id == uuid.UUID(download_id))
                           .values(status="failed", finished_at=utcnow()))
        db.session.commit()
        return f"download {download_id}: failed"
    return f"download {download_id}: {count} rows or pages"


def delete_expired(now) -> int:
    """Housekeeping."""
    return db.session.execute(sa.delete(Download).where(Download.expires_at < now)).rowcount
