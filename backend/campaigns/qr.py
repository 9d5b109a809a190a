"""The voucher as a QR code (SVG), for the shop's scanner. It encodes the voucher code only, nothing personal."""
from __future__ import annotations

import io

import segno


def voucher_svg(code: str) -> str:
    # Error correction M survives a cracked phone screen; border 4 is the quiet zone scanners need.
    out = io.BytesIO()
    segno.make(code, error="m", micro=False).save(out, kind="svg", scale=4, border=4, xmldecl=False,
                                                  title="DoeMee voucher")
    return out.getvalue().decode()
