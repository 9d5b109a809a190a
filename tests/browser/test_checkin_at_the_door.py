"""Checking in at the door on a phone, in a real browser: a check-in typed while offline is kept, the page says so,
and it is sent (once) when the phone is back online; scanning the shift's QR code with the camera checks in, and
scanning a voucher's QR code at the shop's till redeems it. The camera is Chromium's fake camera playing a video of
the QR code (a Y4M file made here), so the real decoder of web/static/js/scan.js reads it: Chromium on Linux has
no BarcodeDetector, so this is the vendored jsQR.

The live server runs in real time: the shift starts in ten minutes, so the check-in is open."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest
import segno
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE
from tests.browser.support import check, log_in
from tests.browser.test_volunteer_app import _complete_volunteer
from tests.support import PASSWORD, ApiClient, volunteer

pytestmark = pytest.mark.browser

SAVED = "Opgeslagen, wordt verstuurd zodra je weer online bent."


def _accepted_shift(app, volunteer_id) -> tuple[str, str, str]:
    """(engagement id, shift id, check-in code) of a shift starting in ten minutes the volunteer has a place on."""
    from backend.extensions import db
    from tests import factories

    with app.app_context():
        org = factories.organisation(db.session, name="Buurthuis De Kapel")
        opp = factories.opportunity(db.session, org, title="Koffie schenken in De Kapel",
                                    description="Koffie en een praatje.")
        start = (datetime.now(timezone.utc) + timedelta(minutes=10)).replace(second=0, microsecond=0)
        shift = factories.shift(db.session, opp, starts_at=start, capacity=4)
        engagement = factories.engagement(db.session, volunteer_id=uuid.UUID(str(volunteer_id)), opp=opp,
                                          shift=shift)
        ids = str(engagement.id), str(shift.id), shift.checkin_code
        db.session.commit()
    return ids


def _engagement_state(app, engagement_id) -> tuple[str, int]:
    from backend.engagements.models import Engagement, HoursEntry
    from backend.extensions import db

    with app.app_context():
        status = db.session.scalar(sa.select(Engagement.status).where(Engagement.id == uuid.UUID(engagement_id)))
        hours = db.session.scalar(sa.select(sa.func.count()).select_from(HoursEntry)
                                  .where(HoursEntry.engagement_id == uuid.UUID(engagement_id)))
        db.session.remove()
    return status, hours


def test_a_check_in_typed_offline_is_sent_once_back_online(live_server, phone):
    base_url, app = live_server
    page = phone
    email, volunteer_id = _complete_volunteer(app)
    engagement_id, _shift_id, code = _accepted_shift(app, volunteer_id)
    log_in(page, base_url, email)
    page.goto(f"{base_url}/mijn/inzet/{engagement_id}")
    assert "Inchecken bij de deur" in page.inner_text("main")

    page.context.set_offline(True)
    try:
        page.get_by_label("Code bij de deur").fill(code)
        page.get_by_role("button", name="Inchecken").click()
        expect(page.get_by_text(SAVED)).to_be_visible()
        assert _engagement_state(app, engagement_id) == ("accepted", 0)
        check(page, "17b-checkin-saved-offline")
    finally:
        page.context.set_offline(False)

    page.wait_for_url(f"**/mijn/inzet/{engagement_id}?ingecheckt=1")
    expect(page.locator("main")).to_contain_text("Je bent ingecheckt.")
    assert "Ingecheckt" in page.inner_text("main")
    assert _engagement_state(app, engagement_id) == ("checked_in", 1)
    assert page.evaluate("localStorage.getItem('doemee-checkins-v1')") is None
    page.reload()  # nothing left to send again
    assert _engagement_state(app, engagement_id) == ("checked_in", 1)


def _qr_video(path, text: str) -> None:
    """A few seconds of 640x480 video (Y4M, what Chromium's fake camera plays) showing the QR code of ``text``."""
    qr = segno.make_qr(text, error="m")
    modules = np.array([list(row) for row in qr.matrix_iter(border=4)], dtype=bool)
    scale = 440 // modules.shape[0]
    image = np.kron(modules, np.ones((scale, scale), dtype=bool))
    luma = np.full((480, 640), 235, dtype=np.uint8)
    top, left = (480 - image.shape[0]) // 2, (640 - image.shape[1]) // 2
    luma[top:top + image.shape[0], left:left + image.shape[1]][image] = 16
    chroma = np.full((240, 320), 128, dtype=np.uint8).tobytes()
    with open(path, "wb") as out:
        out.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n")
        for _ in range(10):
            out.write(b"FRAME\n" + luma.tobytes() + chroma + chroma)


def _camera_phone(chromium, video, base_url):
    """A phone whose camera films ``video`` (its own browser: the fake camera is a launch option)."""
    browser = chromium.browser_type.launch(
        executable_path=CHROMIUM, headless=True,
        args=CHROMIUM_ARGS + ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                              f"--use-file-for-fake-video-capture={video}"])
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="nl-NL",
                                  bypass_csp=True)
    context.grant_permissions(["camera"], origin=base_url)
    return browser, context.new_page()


def test_scanning_the_shifts_qr_code_checks_in(live_server, chromium, tmp_path):
    base_url, app = live_server
    email, volunteer_id = _complete_volunteer(app)
    engagement_id, shift_id, code = _accepted_shift(app, volunteer_id)
    video = tmp_path / "door.y4m"
    _qr_video(video, f"doemee:checkin:{shift_id}:{code}")  # what the coordinator's QR code holds
    browser, page = _camera_phone(chromium, video, base_url)
    try:
        log_in(page, base_url, email)
        page.goto(f"{base_url}/mijn/inzet/{engagement_id}")
        check(page, "17a-checkin-scan")
        page.get_by_role("button", name="Scan de QR-code").click()
        page.wait_for_url(f"**/mijn/inzet/{engagement_id}?ingecheckt=1", timeout=20000)
        expect(page.locator("main")).to_contain_text("Je bent ingecheckt.")
        assert _engagement_state(app, engagement_id) == ("checked_in", 1)
    finally:
        browser.close()


def test_the_scanner_reads_the_codes_doemee_makes_and_refuses_others(live_server, phone):
    base_url, app = live_server
    page = phone
    email, volunteer_id = _complete_volunteer(app)
    engagement_id, shift_id, _code = _accepted_shift(app, volunteer_id)
    log_in(page, base_url, email)
    page.goto(f"{base_url}/mijn/inzet/{engagement_id}")
    parse = "([text, kind, shift]) => window.doemeeScan.parse(text, kind, shift)"
    assert page.evaluate(parse, [f"doemee:checkin:{shift_id}:7F3A9C", "checkin", shift_id]) == {"code": "7F3A9C"}
    assert page.evaluate(parse, [f"doemee:checkin:{uuid.uuid4()}:7F3A9C", "checkin", shift_id]) == {"error": "other"}
    assert page.evaluate(parse, ["https://doemee.example/inchecken?code=7F3A9C", "checkin", shift_id]) == {
        "code": "7F3A9C"}
    assert page.evaluate(parse, ["ABCD-EFGH-JKMN", "voucher", None]) == {"code": "ABCD-EFGH-JKMN"}
    assert page.evaluate(parse, [f"doemee:checkin:{shift_id}:7F3A9C", "voucher", None]) == {"error": "unknown"}
    assert page.evaluate(parse, ["<script>", "voucher", None]) == {"error": "unknown"}


def _cancel_running_campaigns(app, client, staff, slug):
    """The browser tests share one live server: another test (the campaign journey) may have left its campaign
    running in this municipality, and only one runs at a time."""
    from backend.campaigns.models import Campaign
    from backend.extensions import db
    from backend.places.models import Municipality

    with app.app_context():
        running = db.session.scalars(
            sa.select(Campaign.id).join(Municipality, Municipality.id == Campaign.municipality_id)
            .where(Municipality.slug == slug, Campaign.cancelled_at.is_(None))).all()
    for campaign_id in running:
        r = client.post(f"/api/v1/campaigns/{campaign_id}/cancellation", token=staff.token)
        assert r.status_code == 200, r.get_json()


def test_a_shop_redeems_a_voucher_by_scanning_its_qr_code(live_server, chromium, tmp_path):
    from tests.campaigns.helpers import claim, create_campaign, offer, shop, staff_member

    base_url, app = live_server
    client, cli = ApiClient(app), app.test_cli_runner()
    staff = staff_member(client, cli, "schiedam")  # one campaign per municipality: the other tests have theirs
    _cancel_running_campaigns(app, client, staff, "schiedam")
    campaign = create_campaign(client, staff, municipality="schiedam", name="Schiedam bedankt")
    merchant, owner = shop(client, cli, staff, name="Bakkerij Aan De Schie", municipality="schiedam")
    gift = offer(client, owner, campaign["id"], merchant["id"], title="Krentenbollen", value=1250, stock=5)
    r = claim(client, volunteer(client, postcode="3111 AA"), campaign["id"], gift["id"])
    assert r.status_code == 201, r.get_json()
    video = tmp_path / "till.y4m"
    _qr_video(video, r.get_json()["voucher_code"])  # the voucher's QR code holds the code only
    browser, page = _camera_phone(chromium, video, base_url)
    try:
        page.goto(base_url + "/inloggen")
        page.get_by_label("E-mailadres").fill(owner.email)
        page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        page.goto(base_url + "/winkel")
        page.get_by_role("button", name="Scan de QR-code").click()
        expect(page.get_by_role("heading", name="Geldig: geef het cadeau mee")).to_be_visible(timeout=20000)
        check(page)
    finally:
        browser.close()


def test_the_accepted_volunteer_can_call_the_neighbour(live_server, phone):
    """Not part of the door, but of the same phone: after both accepted, "Bel Gerda" dials the shared number."""
    from tests.help.test_help_requests import post, resident

    base_url, app = live_server
    page = phone
    client = ApiClient(app)
    owner = resident(client, name="Gerda Vraagsma")
    request_id = post(client, owner, phone="06 1234 5678")["id"]
    email, volunteer_id = _complete_volunteer(app)
    log_in(page, base_url, email)
    page.goto(f"{base_url}/hulpvragen/{request_id}")
    page.get_by_role("button", name="Ik wil helpen").click()
    assert page.get_by_role("link", name="Bel Gerda").count() == 0
    offer = client.get(f"/api/v1/help-requests/{request_id}/offers", token=owner.token).get_json()["items"][0]
    r = client.post(f"/api/v1/help-requests/{request_id}/offers/{offer['id']}/accept", token=owner.token)
    assert r.status_code == 200, r.get_json()
    page.goto(f"{base_url}/hulpvragen/{request_id}")
    call = page.get_by_role("link", name="Bel Gerda")
    assert call.get_attribute("href") == "tel:+31612345678"
    assert call.bounding_box()["height"] >= 44
    check(page, "33-help-call")
