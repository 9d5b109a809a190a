"""Texts of messages: e-mail (subject, plain text, HTML) and push (title, body), in Dutch and English.

One Jinja2 file per template and language (backend/templates/<locale>/<template>.jinja) with the blocks
``subject``, ``text``, ``html``, ``push_title`` and ``push_body``. The HTML block is rendered with autoescaping,
the others without (plain text must not show ``&amp;``). A template we have no file for gets a generic text
titled after its name, so that a feature adding a new message never makes delivery fail.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import jinja2

from backend.rendering import StoredReason, matching_reason_text

TEMPLATE_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "templates")
GENERIC = "_generic"
BLOCKS = ("subject", "text", "html", "push_title", "push_body")

_WEEKDAYS = {
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    push_title: str
    push_body: str


def local_time(value, locale: str, tz: ZoneInfo) -> str:
    """'zaterdag 28 maart om 10:00' / 'Saturday 28 March at 10:00', in the zone's time of that date (CET/CEST)."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    local = moment.astimezone(tz)
    day = f"{_WEEKDAYS[locale][local.weekday()]} {local.day} {_MONTHS[locale][local.month - 1]}"
    return f"{day} {'om' if locale == 'nl' else 'at'} {local:%H:%M}"


def local_date(value, locale: str) -> str:
    if not value:
        return ""
    day = datetime.fromisoformat(value).date() if isinstance(value, str) else value
    return f"{day.day} {_MONTHS[locale][day.month - 1]} {day.year}"


def humanise(template: str) -> str:
    return template.replace("_", " ").strip().capitalize() or "DoeMee"


@functools.lru_cache(maxsize=2)
def _environment(autoescape: bool) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE_DIR), autoescape=autoescape,
                              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)


@functools.lru_cache(maxsize=512)
def _template_name(template: str, locale: str) -> str:
    name = f"{locale}/{template}.jinja"
    if template.replace("_", "").isalnum() and os.path.exists(os.path.join(TEMPLATE_DIR, name)):
        return name
    return f"{locale}/{GENERIC}.jinja"


def render(template: str, locale: str, payload: dict, *, tz: ZoneInfo, base_url: str,
           extra: dict | None = None) -> Rendered:
    """All texts of one message. ``extra`` adds what the relay looked up (the recipient's name, ...)."""
    locale = locale if locale in _WEEKDAYS else "nl"
    context = {
        **payload, **(extra or {}),
        "template": template, "title_from_name": humanise(template), "base_url": base_url,
        "when": lambda value: local_time(value, locale, tz), "day": lambda value: local_date(value, locale),
        "render_item": lambda item: _digest_line(item, locale, tz, base_url),
        "reason": lambda r: _reason_text(r, locale),
    }
    name = _template_name(template, locale)
    parts = {}
    for autoescape in (False, True):
        compiled = _environment(autoescape).get_template(name)
        ctx = compiled.new_context(context)
        for block in BLOCKS:
            if (block == "html") == autoescape:
                parts[block] = "".join(compiled.blocks[block](ctx)).strip()
    return Rendered(**parts)


def _reason_text(reason: dict, locale: str) -> str:
    """A matching reason stored as {code, params} (recommendations, invitations), in the reader's language."""
    return matching_reason_text(StoredReason(reason["code"], reason.get("params") or {}), locale)


def _digest_line(item: dict, locale: str, tz: ZoneInfo, base_url: str) -> str:
    rendered = render(item["template"], locale, item.get("payload") or {}, tz=tz, base_url=base_url)
    return f"{rendered.push_title}: {rendered.push_body}"
