"""Texts of messages: e-mail (subject, plain text, HTML) and push (title, body), in the recipient's language.

One Jinja2 file per message (backend/templates/<template>.jinja) with the blocks ``subject``, ``text``, ``html``,
``push_title`` and ``push_body``; its words come from the catalogue (``_("...")``, extracted by `make
translations`), so a language is added with a .po file only. The HTML block is rendered with autoescaping, the
others without (plain text must not show ``&amp;``). A template we have no file for gets a generic text titled
after its name, so that a feature adding a new message never makes delivery fail.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import jinja2
from babel.dates import format_date
from markupsafe import Markup

from backend.i18n import LOCALES, N_, catalogue, translate
from backend.notifications import messages  # noqa: F401  (registers the messages)
from backend.rendering import StoredReason, matching_reason_text

TEMPLATE_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "templates")
GENERIC = "_generic"
BLOCKS = ("subject", "text", "html", "push_title", "push_body")


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
    return translate("time.day_at", locale, day=format_date(local, "EEEE d MMMM", locale=locale),
                     time=f"{local:%H:%M}")


def local_date(value, locale: str) -> str:
    if not value:
        return ""
    day = datetime.fromisoformat(value).date() if isinstance(value, str) else value
    return format_date(day, "d MMMM y", locale=locale)


def humanise(template: str) -> str:
    return template.replace("_", " ").strip().capitalize() or "DoeMee"


@jinja2.pass_context
def _gettext(context, text: str) -> str:
    return catalogue(context["locale"]).gettext(text)


@jinja2.pass_context
def _ngettext(context, singular: str, plural: str, n: int) -> str:
    return catalogue(context["locale"]).ngettext(singular, plural, n)


@jinja2.pass_context
def _pgettext(context, text_context: str, text: str) -> str:
    return catalogue(context["locale"]).pgettext(text_context, text)


def _markup(context, html: str, text: str, *values):
    """``html`` (its values escaped) in the HTML block, ``text`` in the others."""
    return Markup(html) % values if context.eval_ctx.autoescape else text % values


@jinja2.pass_context
def _hello(context) -> str:
    name = context.get("display_name")
    greeting = _gettext(context, N_("Hello %(name)s,") if name else N_("Hello,"))
    return (Markup(greeting) if context.eval_ctx.autoescape else greeting) % {"name": name}


@jinja2.pass_context
def _regards(context) -> str:
    return _gettext(context, N_("Regards,")) + "\nDoeMee"


@functools.lru_cache(maxsize=2)
def _environment(autoescape: bool) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE_DIR), autoescape=autoescape,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
                             extensions=["jinja2.ext.i18n"])
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True, pgettext=_pgettext)  # type: ignore[attr-defined]
    env.globals.update(
        hello=_hello, regards=_regards,
        # a name in a sentence: "quoted" in plain text, bold in HTML; a date or time: bold in HTML only
        quoted=jinja2.pass_context(lambda ctx, v: _markup(ctx, "<strong>%s</strong>", '"%s"', v)),
        strong=jinja2.pass_context(lambda ctx, v: _markup(ctx, "<strong>%s</strong>", "%s", v)),
        quote=jinja2.pass_context(lambda ctx, v: _markup(ctx, "&ldquo;%s&rdquo;", '"%s"', v)),
        link=jinja2.pass_context(lambda ctx, url, label: _markup(ctx, '<a href="%s">%s</a>', "%s", url, label)
                                 if ctx.eval_ctx.autoescape else url),
    )
    return env


@functools.lru_cache(maxsize=512)
def _template_name(template: str) -> str:
    name = f"{template}.jinja"
    if template.replace("_", "").isalnum() and os.path.exists(os.path.join(TEMPLATE_DIR, name)):
        return name
    return f"{GENERIC}.jinja"


def render(template: str, locale: str, payload: dict, *, tz: ZoneInfo, base_url: str,
           extra: dict | None = None) -> Rendered:
    """All texts of one message. ``extra`` adds what the relay looked up (the recipient's name, ...)."""
    locale = locale if locale in LOCALES else LOCALES[0]
    context = {
        **payload, **(extra or {}),
        "template": template, "locale": locale, "title_from_name": humanise(template), "base_url": base_url,
        "when": lambda value: local_time(value, locale, tz), "day": lambda value: local_date(value, locale),
        "render_item": lambda item: _digest_line(item, locale, tz, base_url),
        "reason": lambda r: _reason_text(r, locale),
    }
    name = _template_name(template)
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
