"""The campaign letters PDF for the whole Maassluis demo, made the way a worker makes it (issue 23): the page's
request is recorded and queued, then the task runs (here in this process, as `flask run-task` would) while the
page's status is read; prints the number of letters, the time, the PDF's size and that the page never waited.

    DOEMEE_DATABASE_URL=postgresql://... (a database with `flask seed-demo` done) DOEMEE_SECRET_KEY=... \
    .venv/bin/python bench/campaign/letters_full_demo.py

Not a test: it writes a Download row (kept 24 hours, then housekeeping deletes it).
"""
from __future__ import annotations

import re
import time

import sqlalchemy as sa


def _token(page) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)


def main() -> None:
    from backend.demo import STAFF_EMAIL
    from backend.extensions import db
    from backend.jobs.downloads import make_download
    from backend.jobs.models import Download
    from doemee.app import create_app

    app = create_app()
    client = app.test_client()
    page = client.post("/inloggen", data={"email": STAFF_EMAIL, "password": "doemee-demo-2026",
                                          "csrf_token": _token(client.get("/inloggen"))})
    assert page.status_code in (302, 303), page.status_code
    with app.app_context():
        campaign_id = db.session.scalar(sa.text(
            "SELECT c.id FROM campaigns c JOIN municipalities m ON m.id = c.municipality_id "
            "WHERE m.slug = 'maassluis' ORDER BY c.year DESC LIMIT 1"))
    letters_page = client.get(f"/gemeente/acties/{campaign_id}/brieven")
    token = _token(letters_page)
    made = client.post(f"/gemeente/acties/{campaign_id}/brieven", data={"csrf_token": token})  # safe to repeat
    assert made.status_code == 303, made.status_code
    started = time.perf_counter()
    asked = client.post(f"/gemeente/acties/{campaign_id}/brieven.pdf", data={"csrf_token": token, "vorm": "brief"})
    request_ms = (time.perf_counter() - started) * 1000
    assert asked.status_code in (302, 303), asked.status_code
    status_url = asked.headers["Location"]
    waiting = client.get(status_url).get_data(as_text=True)
    with app.app_context():
        download_id = db.session.scalar(sa.select(Download.id).order_by(Download.created_at.desc()).limit(1))
        started = time.perf_counter()
        make_download(str(download_id))
        task_s = time.perf_counter() - started
        download = db.session.get(Download, download_id)
        letters, size, status = download.total, len(download.content or b""), download.status
    pdf = client.get(status_url + "/bestand")
    print(f"request answered in {request_ms:.0f} ms (page says busy: {'Bezig' in waiting}); task: {letters} letters "
          f"in {task_s:.1f} s, status {status}, PDF {size / 1e6:.1f} MB; download: {pdf.status_code} "
          f"{pdf.headers.get('Content-Type')} {len(pdf.data) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
