"""E-mail over SMTP: one connection per relay batch, multipart plain text + HTML."""
from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from backend.i18n import LOCALES, translate
from backend.notifications import messages  # noqa: F401  (registers the messages)
from backend.notifications.outcomes import Failed, Outcome, Retry, Sent

_LAYOUT = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>
<body style="font-family: sans-serif; line-height: 1.5; max-width: 36em; margin: 1em auto; color: #222;">
{body}
<hr><p style="font-size: small; color: #666;">DoeMee &middot; {footer}</p>
</body></html>"""


@dataclass
class MailItem:
    message_id: object
    dedupe_key: str
    to: str
    locale: str
    subject: str
    text: str
    html: str


def build(item: MailItem, sender: str) -> EmailMessage:
    from html import escape

    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = item.to
    mail["Subject"] = item.subject
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = make_msgid(domain="doemee.invalid")
    # Receivers (and we, when investigating) can recognise a duplicate by the outbox key.
    mail["X-DoeMee-Message"] = item.dedupe_key
    mail.set_content(item.text)
    mail.add_alternative(_LAYOUT.format(lang=item.locale, title=escape(item.subject), body=item.html,
                                        footer=_footer(item.locale)), subtype="html")
    mail["Content-Language"] = item.locale  # after set_content, which replaces all Content-* headers
    return mail


def _footer(locale: str) -> str:
    return translate("mail.footer", locale if locale in LOCALES else LOCALES[0])


def send_mails(items: list[MailItem], config) -> dict:
    """Outcome per message id. A refused recipient or a 5xx answer is permanent; connection trouble and 4xx
    answers are retried (the rest of the batch too, since the connection is gone)."""
    outcomes: dict = {}
    try:
        smtp = smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=config["SMTP_TIMEOUT"])
    except (OSError, smtplib.SMTPException) as exc:
        return {i.message_id: Retry(f"SMTP connect: {type(exc).__name__}") for i in items}
    try:
        if config["SMTP_STARTTLS"]:
            smtp.starttls()
        if config["SMTP_USER"]:
            smtp.login(config["SMTP_USER"], config["SMTP_PASSWORD"] or "")
        for index, item in enumerate(items):
            outcome = _send_one(smtp, build(item, config["MAIL_FROM"]))
            outcomes[item.message_id] = outcome
            if isinstance(outcome, Retry) and outcome.error.startswith("SMTP connection"):
                for rest in items[index + 1:]:
                    outcomes[rest.message_id] = outcome
                break
    except (OSError, smtplib.SMTPException) as exc:
        for item in items:
            outcomes.setdefault(item.message_id, Retry(f"SMTP session: {type(exc).__name__}"))
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()
    return outcomes


def _send_one(smtp: smtplib.SMTP, mail: EmailMessage) -> Outcome:
    try:
        smtp.send_message(mail)
    except smtplib.SMTPRecipientsRefused:
        return Failed("SMTP recipient refused")
    except smtplib.SMTPResponseException as exc:
        code = exc.smtp_code
        return Failed(f"SMTP {code}") if 500 <= code < 600 else Retry(f"SMTP {code}")
    except (OSError, smtplib.SMTPServerDisconnected) as exc:
        return Retry(f"SMTP connection: {type(exc).__name__}")
    return Sent()
