"""Names of the codes the pages show (categories, languages, statuses, parts of the day), in the page's language.
Skill names come from the skills themselves (label_nl / label_en); language names from CLDR (babel)."""
from __future__ import annotations

from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

WEEKDAY_NAMES = {"mon": _l("Monday"), "tue": _l("Tuesday"), "wed": _l("Wednesday"), "thu": _l("Thursday"),
                 "fri": _l("Friday"), "sat": _l("Saturday"), "sun": _l("Sunday")}
# The tap grid's parts of the day, as availability slots (local time, half-hour steps).
DAY_PARTS = {"morning": ("09:00", "12:00", _l("Morning")), "afternoon": ("12:00", "17:00", _l("Afternoon")),
             "evening": ("18:00", "21:00", _l("Evening"))}
PREFERENCES = {"one_off": _l("Now and then (one-off)"), "regular": _l("Regularly (a fixed moment)"),
               "both": _l("Both")}
VOG_STATUSES = {"none": _l("No VOG yet"), "requested": _l("VOG requested"), "valid": _l("VOG valid"),
                "expired": _l("VOG expired")}
KINDS = {"vacancy": _l("Vacancy"), "initiative_task": _l("Resident initiative"), "help_request": _l("Request for help"),
         "shift": _l("Vacancy"), "initiative": _l("Resident initiative")}
ENGAGEMENT_STATUSES = {
    "invited": _l("Invited"), "applied": _l("Applied"), "accepted": _l("You are signed up"),
    "waitlisted": _l("On the waiting list"), "declined": _l("Declined"), "withdrawn": _l("Withdrawn"),
    "checked_in": _l("Checked in"), "closed": _l("Someone else was chosen"), "completed": _l("Done"), "no_show": _l("Not there"),
}
HOURS_STATUSES = {"proposed": _l("Waiting for approval"), "approved": _l("Approved"), "rejected": _l("Not approved")}
CATEGORIES = {
    "groceries": _l("Groceries"), "odd_jobs": _l("Odd jobs"), "company": _l("Company"), "transport": _l("Transport"),
    "digital_help": _l("Help with computers and phones"), "paperwork": _l("Help with forms"),
    "respite_care": _l("Respite care"), "sports": _l("Sports"), "culture": _l("Culture"), "nature": _l("Nature"),
    "education": _l("Learning and language"), "events": _l("Events"), "care": _l("Care"), "youth": _l("Youth"),
    "elderly": _l("Older people"), "newcomers": _l("Newcomers"), "animals": _l("Animals"),
    "environment": _l("Environment"),
}
NOTIFICATION_CATEGORIES = {"reminders": _l("Reminders of what I signed up for"),
                           "updates": _l("News about my sign-ups and suggestions"),
                           "coordination": _l("Messages from organisations"),
                           "account": _l("About my account (always on)")}
CHANNELS = {"push": _l("On my phone (push)"), "email": _l("By e-mail"), "off": _l("Off")}
SKILL_LEVELS = {1: _l("A little"), 2: _l("Good"), 3: _l("Very good")}


# Languages of the taxonomy that CLDR does not name in every language of the pages.
MORE_LANGUAGES = {"ber": _l("Berber (Tamazight)")}


def language_name(code: str) -> str:
    names = Locale.parse(str(get_locale())).languages
    return names.get(code) or str(MORE_LANGUAGES.get(code, code))


def skill_label(skill) -> str:
    return skill.label_en if str(get_locale()) == "en" and skill.label_en else skill.label_nl


def label(table: dict, code) -> str:
    value = table.get(code)
    return str(value) if value is not None else str(code or "")


def init_labels(app) -> None:
    app.jinja_env.globals.update(
        label=label, language_name=language_name, KINDS=KINDS, CATEGORIES=CATEGORIES,
        ENGAGEMENT_STATUSES=ENGAGEMENT_STATUSES, HOURS_STATUSES=HOURS_STATUSES, VOG_STATUSES=VOG_STATUSES,
        PREFERENCES=PREFERENCES, NOTIFICATION_CATEGORIES=NOTIFICATION_CATEGORIES, CHANNELS=CHANNELS,
        WEEKDAY_NAMES=WEEKDAY_NAMES, DAY_PARTS=DAY_PARTS, SKILL_LEVELS=SKILL_LEVELS)
    from flask_babel import format_currency

    app.jinja_env.globals["reason_text"] = reason_text
    app.jinja_env.globals["local_span"] = local_span
    app.jinja_env.globals["format_currency"] = format_currency
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.filters["local_day"] = local_day
    app.jinja_env.filters["km"] = km


def local_time(moment) -> str:
    """'wo 3 dec, 14:00' in the page's language, in the municipality's time zone."""
    if moment is None:
        return ""
    from flask_babel import format_datetime

    return format_datetime(moment, "EEE d MMM, HH:mm")


def local_day(day) -> str:
    from flask_babel import format_date

    return format_date(day, "EEEE d MMMM y")


def reason_text(reason) -> str:
    """A campaign verdict's reason (code and parameters) as a sentence in the page's language."""
    from backend.i18n import translate

    return translate("reason." + reason.code, str(get_locale()), **reason.params)


def km(value) -> str:
    """A distance the way people say it: "1,2" in Dutch, "1.2" in English; under 100 m is "0"."""
    from flask_babel import format_decimal

    return format_decimal(value, "0.#")


def local_span(start, end) -> str:
    """'wo 3 dec, 14:00 - 16:00' on one day; both dates when it runs past midnight."""
    from flask_babel import format_datetime, to_user_timezone

    if start is None or end is None:
        return local_time(start)
    same_day = to_user_timezone(start).date() == to_user_timezone(end).date()
    return f"{local_time(start)} - {format_datetime(end, 'HH:mm') if same_day else local_time(end)}"
