"""The printable letters of a campaign's letter codes (fpdf2): one A4 page per code, in the order of the letter
codes' CSV, so that a mail merge puts each name and address on its page.

Two layouts: "brief", a letter with the address window left empty for the mail merge (or a window envelope), the
campaign's message, the code and its QR code; "code", only the code and its QR code, large, for letters the
municipality writes itself. No personal data is printed: the names and addresses stay in the municipality's own
records. The QR code is drawn as squares from segno's matrix (no image library needed)."""
from __future__ import annotations

import segno
from flask_babel import format_currency, format_date, gettext as _
from fpdf import FPDF

from backend.campaigns.codes import display
from backend.localtime import local_zone

_FONT = "Helvetica"
PROGRESS_EVERY = 100


def _latin1(text: str) -> str:
    # The PDF core fonts cover Latin-1 (Dutch and English), not the euro sign.
    return text.replace("€", "EUR").replace("\u00a0", " ").encode("latin-1", "replace").decode("latin-1")


def _qr(pdf: FPDF, code: str, x: float, y: float, size: float) -> None:
    matrix = segno.make(code, error="m", micro=False).matrix
    border = 4
    modules = len(matrix) + 2 * border
    step = size / modules
    pdf.set_fill_color(0, 0, 0)
    for row, line in enumerate(matrix):
        for col, dark in enumerate(line):
            if dark:
                pdf.rect(x + (col + border) * step, y + (row + border) * step, step, step, style="F")


def letters_pdf(campaign, codes: list[str], layout: str, progress=None) -> bytes:
    """The PDF; ``progress(pages_done)`` is called every PROGRESS_EVERY pages (the task shows how far it is)."""
    zone = local_zone(campaign.municipality)
    closes = format_date(campaign.closes_at.astimezone(zone).date(), "d MMMM y")
    until = format_date(campaign.redeem_until.astimezone(zone).date(), "d MMMM y")
    amount = format_currency(campaign.budget_per_volunteer_cents / 100, "EUR")
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_title(_latin1(campaign.name))
    pdf.set_author(_latin1(campaign.municipality.name))
    for number, code in enumerate(codes, start=1):
        pdf.add_page()
        if layout == "code":
            _code_page(pdf, campaign, code, until)
        else:
            _letter_page(pdf, campaign, code, closes, until, amount)
        pdf.set_xy(20, 280)
        pdf.set_font(_FONT, size=8)
        pdf.cell(170, 5, _latin1(_("Letter %(number)s of %(total)s", number=number, total=len(codes))), align="R")
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number)
    if not codes:
        pdf.add_page()
        pdf.set_font(_FONT, size=12)
        pdf.set_xy(20, 30)
        pdf.multi_cell(170, 6, _latin1(_("There are no letter codes to print. Make the letter codes first.")))
    return bytes(pdf.output())


def _letter_page(pdf: FPDF, campaign, code: str, closes: str, until: str, amount: str) -> None:
    pdf.set_font(_FONT, style="B", size=14)
    pdf.set_xy(20, 15)
    pdf.cell(170, 8, _latin1(_("Municipality of %(name)s", name=campaign.municipality.name)))
    # 20..105 mm x 45..85 mm: the address window, left empty for the mail merge (name and address).
    pdf.set_xy(20, 100)
    pdf.set_font(_FONT, style="B", size=16)
    pdf.multi_cell(170, 8, _latin1(campaign.name))
    pdf.set_font(_FONT, size=11)
    pdf.set_x(20)
    if campaign.message:
        pdf.multi_cell(170, 6, _latin1(campaign.message))
        pdf.ln(3)
    pdf.set_x(20)
    pdf.multi_cell(170, 6, _latin1(_(
        "As a thank-you for your volunteer work you may choose a gift worth up to %(amount)s from a local shop. "
        "Bring this letter to the desk of the municipality before %(closes)s; we will help you choose.",
        amount=amount, closes=closes)))
    top = pdf.get_y() + 8
    pdf.set_xy(20, top)
    pdf.set_font(_FONT, size=11)
    pdf.cell(110, 6, _latin1(_("Your personal code:")))
    pdf.set_xy(20, top + 8)
    pdf.set_font("Courier", style="B", size=18)
    pdf.cell(110, 10, display(code))
    pdf.set_xy(20, top + 22)
    pdf.set_font(_FONT, size=10)
    pdf.multi_cell(110, 5, _latin1(_("The code can be used once, until %(until)s.", until=until)))
    _qr(pdf, code, 140, top - 2, 45)


def _code_page(pdf: FPDF, campaign, code: str, until: str) -> None:
    pdf.set_xy(20, 30)
    pdf.set_font(_FONT, style="B", size=16)
    pdf.multi_cell(170, 8, _latin1(campaign.name), align="C")
    _qr(pdf, code, 65, 60, 80)
    pdf.set_xy(20, 150)
    pdf.set_font("Courier", style="B", size=24)
    pdf.cell(170, 12, display(code), align="C")
    pdf.set_xy(20, 168)
    pdf.set_font(_FONT, size=11)
    pdf.multi_cell(170, 6, _latin1(_("The code can be used once, until %(until)s.", until=until)), align="C")
