"""Letters for volunteers without a smartphone: staff make the codes (POST), download a real PDF with one page per
letter (a letter with the address left for the mail merge, or only the code), and exchange a letter code at the
desk for the gift the volunteer picks; the shop redeems the voucher made there; the finance export counts it."""
import re
from datetime import datetime, timedelta

import sqlalchemy as sa
import time_machine

from backend.campaigns.models import GiftClaim, LetterCode
from tests.appreciation import factories as mine
from tests.campaigns.web_helpers import NOW, create, offer_on_page, shop_browser, staff_browser
from tests.web_support import text


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def _open_campaign(app, client, cli, db_session, people=3):
    staff = staff_browser(app, client, cli)
    cid = create(staff)
    bakery = shop_browser(app, client, cli, staff.person)
    staff.post(f"/gemeente/acties/{cid}/winkels", {"merchant_id": bakery.merchant_id},
               form_from=f"/gemeente/acties/{cid}")
    offer_on_page(bakery, cid, stock="2")
    gift_id = re.search(r"/winkel/cadeau/([0-9a-f-]{36})", bakery.get("/winkel/cadeaus").get_data(as_text=True))[1]
    staff.post(f"/gemeente/acties/{cid}/cadeaus/{gift_id}/goedkeuren",
               form_from=f"/gemeente/acties/{cid}")
    assert staff.post(f"/gemeente/acties/{cid}/openen", form_from=f"/gemeente/acties/{cid}").status_code == 303
    desk = [mine.desk_volunteer(db_session, display_name=f"Gerrit {i}") for i in range(people)]
    return staff, bakery, cid, gift_id, desk


def _made_by_the_task(staff, cli, cid, layout="brief", file="brieven.pdf", ready="De PDF is klaar"):
    """Ask for the PDF or the CSV (the page answers at once, "bezig..."), let a worker's task make it, then
    download it."""
    r = staff.post(f"/gemeente/acties/{cid}/{file}", {"vorm": layout}, form_from=f"/gemeente/acties/{cid}/brieven")
    assert r.status_code == 303
    status = r.headers["Location"]
    waiting = staff.get(status)
    assert "Bezig..." in text(waiting) and '<meta http-equiv="refresh"' in waiting.get_data(as_text=True)
    assert staff.get(status + "/bestand").status_code == 303  # not yet: back to the progress page
    made = cli.invoke(args=["run-task", "doemee.download", f"download_id={status.rsplit('/', 1)[1]}"])
    assert made.exit_code == 0, made.output
    shown = text(staff.get(status))
    assert ready in shown and "Alleen jij kunt hem downloaden" in shown
    return status, staff.get(status + "/bestand")


@time_machine.travel(NOW, tick=False)
def test_the_letters_are_a_pdf_with_one_page_per_code(app, client, cli, db_session):
    staff, _bakery, cid, _gift, _desk = _open_campaign(app, client, cli, db_session)
    _status, r = _made_by_the_task(staff, cli, cid)
    assert r.status_code == 200 and r.get_data().startswith(b"%PDF") and _pages(r.get_data()) == 1  # "no codes"
    assert db_session.scalars(sa.select(LetterCode)).all() == []  # a download makes no codes

    r = staff.post(f"/gemeente/acties/{cid}/brieven")
    assert r.status_code == 303
    assert "Nieuwe briefcodes: 3. Brieven om te printen: 3." in text(staff.get(r.headers["Location"]))
    codes = {c.code for c in db_session.scalars(sa.select(LetterCode))}
    assert len(codes) == 3
    for layout in ("brief", "code"):
        status, r = _made_by_the_task(staff, cli, cid, layout)
        pdf = r.get_data()
        assert r.mimetype == "application/pdf" and pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
        assert _pages(pdf) == 3
        assert "no-store" in r.headers["Cache-Control"]
        assert re.search(rf'filename="brieven-\d{{4}}-{layout}\.pdf"', r.headers["Content-Disposition"])
    # For that staff member only: a colleague of the same municipality does not get it.
    colleague = staff_browser(app, client, cli)
    assert colleague.get(status).status_code == 404 and colleague.get(status + "/bestand").status_code == 404
    # Kept for a day: housekeeping deletes it afterwards.
    with time_machine.travel(datetime.fromisoformat(NOW) + timedelta(hours=25), tick=False):
        assert staff.get(status).status_code == 404
        assert "expired downloads" in cli.invoke(args=["run-job", "housekeeping"]).output
    # The CSV for the mail merge is made by the task too (a GET makes nothing).
    assert staff.get(f"/gemeente/acties/{cid}/brieven.csv").status_code == 405
    _status, r = _made_by_the_task(staff, cli, cid, file="brieven.csv", ready="Het CSV-bestand is klaar: 3 brieven.")
    assert r.mimetype == "text/csv" and len(r.get_data(as_text=True).strip().splitlines()) == 4
    assert "no-store" in r.headers["Cache-Control"] and r.headers["Content-Disposition"].endswith('-letter-codes.csv"')
    # A layout that does not exist: the page says so and nothing is queued.
    r = staff.post(f"/gemeente/acties/{cid}/brieven.pdf", {"vorm": "poster"}, form_from=f"/gemeente/acties/{cid}/brieven")
    assert r.status_code == 422 and "Moet een van deze zijn: brief, code." in text(r)
    assert staff.post(f"/gemeente/acties/{cid}/brieven").status_code == 303
    assert {c.code for c in db_session.scalars(sa.select(LetterCode))} == codes  # safe to repeat


@time_machine.travel(NOW, tick=False)
def test_a_letter_code_is_exchanged_at_the_desk_and_redeemed_at_the_shop(app, client, cli, db_session):
    staff, bakery, cid, gift_id, [gerrit, *_] = _open_campaign(app, client, cli, db_session)
    staff.post(f"/gemeente/acties/{cid}/brieven")
    code = db_session.scalar(sa.select(LetterCode.code).where(LetterCode.user_id == gerrit.id))
    desk = f"/gemeente/acties/{cid}/balie"

    r = staff.post(desk, {"code": "ZZZZ-ZZZZ-ZZZZ-ZZZZ", "action": "check"})
    assert r.status_code == 422 and "Geen briefcode van deze actie heeft deze code" in text(r)
    r = staff.post(desk, {"code": code.lower(), "action": "check"})
    assert r.status_code == 200 and "Appeltaart - Bakkerij Het Hoofd" in text(r)
    r = staff.post(desk, {"code": code, "action": "exchange"})  # no gift picked
    assert r.status_code == 422 and db_session.scalars(sa.select(GiftClaim)).all() == []

    r = staff.post(desk, {"code": code, "action": "exchange", "gift_id": gift_id})
    assert r.status_code == 303
    voucher = staff.get(r.headers["Location"])
    claim = db_session.scalar(sa.select(GiftClaim).execution_options(populate_existing=True))
    assert claim.source == "letter" and claim.user_id == gerrit.id and claim.redeemed_at is None
    shown = re.search(r'doemee-voucher__code">([^<]+)<', voucher.get_data(as_text=True))[1]
    assert shown.replace("-", "") == claim.voucher_code and "<svg" in voucher.get_data(as_text=True)

    r = staff.post(desk, {"code": code, "action": "check"})
    assert r.status_code == 422 and "Deze briefcode is al ingewisseld" in text(r)

    r = bakery.post("/winkel/inwisselen", {"code": shown}, form_from="/winkel")
    assert "Geldig: geef het cadeau mee" in text(r)
    finance = staff.get(f"/gemeente/acties/{cid}/financien.csv").get_data(as_text=True)
    assert ",1,0,1550,15.50" in finance


@time_machine.travel(NOW, tick=False)
def test_the_letters_pages_in_english(app, client, cli, db_session):
    staff, _bakery, cid, _gift, _desk = _open_campaign(app, client, cli, db_session, people=1)
    staff.language = "en"
    staff.post("/taal", {"locale": "en", "next": "/gemeente/acties"}, form_from="/gemeente/acties")
    assert "Letters for volunteers without a smartphone" in text(staff.get(f"/gemeente/acties/{cid}/brieven"))
    assert "Exchange a letter code at the desk" in text(staff.get(f"/gemeente/acties/{cid}/balie"))
    assert "What each shop is reimbursed" in text(staff.get(f"/gemeente/acties/{cid}/financien"))
