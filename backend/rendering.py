"""Rendering helpers that either surface (mobile_api's schemas, web's templates) calls: a text as a QR code, and
reason codes in a language. Operations return the facts (a code, a verdict); how they look is decided here, at the
surface's request."""
from __future__ import annotations

import io
from dataclasses import dataclass

import segno

from backend.i18n import translate


def qr_svg(text: str, *, title: str) -> str:
    """``text`` as a QR code, an SVG document without XML declaration (inline in JSON or HTML)."""
    # Error correction M survives a cracked phone screen; border 4 is the quiet zone scanners need.
    out = io.BytesIO()
    segno.make(text, error="m", micro=False).save(out, kind="svg", scale=4, border=4, xmldecl=False, title=title)
    return out.getvalue().decode()


@dataclass(frozen=True)
class ReasonText:
    code: str
    text: str


def reason_texts(reasons, locale: str) -> list[ReasonText]:
    """Reasons (objects with ``code`` and ``params``) with their text in ``locale`` (message id reason.<code>)."""
    return [ReasonText(r.code, translate("reason." + r.code, locale, **r.params)) for r in reasons]
