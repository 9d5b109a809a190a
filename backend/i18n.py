"""Texts in the reader's language, from one gettext catalogue (backend/translations, shared with the web pages).

Operations and schemas name a text by a stable key (``NotFound("detail.not_found", what="Address")``); each key is
registered with its English text, marked ``N_(...)`` so that `make translations` extracts it into messages.pot.
``translate(key, locale, **params)`` looks the English text up in the compiled catalogue of ``locale`` (loaded once
per language; it works outside a request too, e.g. in the scheduler) and fills its ``{placeholders}``. Features keep
their keys in their own ``messages.py`` and ``add_messages`` them when imported. Plural texts are marked
``Nn_(singular, plural)`` and rendered with ``translate_plural``; ``Np_(context, text)`` gives a text a context
where the same English words are translated otherwise elsewhere.

Parameters are rendered in the same language: a ``Msg`` (or a list of them) is translated, and ``what`` names a
thing (``NotFound("detail.not_found", what="Address")``) whose name comes from the ``thing.<what>`` entry.
Validation messages produced by marshmallow itself are English sentences: they are msgids of the catalogue too
(the parameterised ones are matched against their template, e.g. "Longer than maximum length {max}.").

The languages are the directories of backend/translations that hold a messages.po: a translator adds one with a
.po file only. tests/test_i18n_catalogue.py checks every text in every language.
"""
from __future__ import annotations

import functools
import os
import re
import string
from typing import Any

from babel.support import Translations

TRANSLATIONS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "translations")
_PREFERRED = ("nl", "en")  # the default language first, then the fallback


def _locales(directory: str = TRANSLATIONS_DIR) -> tuple[str, ...]:
    found = [name for name in os.listdir(directory)
             if os.path.isfile(os.path.join(directory, name, "LC_MESSAGES", "messages.po"))]
    return tuple(sorted(found, key=lambda name: (_PREFERRED.index(name) if name in _PREFERRED else 2, name)))


LOCALES = _locales()


def N_(text: str) -> str:
    """Marks a text for extraction into the catalogue; translated later, by ``translate``."""
    return text


class InContext(str):
    """An English text with a message context: the same words that other parts of DoeMee translate otherwise."""
    context: str


def Np_(context: str, text: str) -> InContext:
    """Marks a text with a context (extracted with the keyword ``Np_:1c,2``)."""
    marked = InContext(text)
    marked.context = context
    return marked


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a plural text (extracted with the keyword ``Nn_:1,2``)."""
    return singular, plural


class MissingCatalogue(RuntimeError):
    """A compiled catalogue (.mo) is missing: run `make install` (it compiles them)."""


def _mo_path(locale: str, directory: str = TRANSLATIONS_DIR) -> str:
    return os.path.join(directory, locale, "LC_MESSAGES", "messages.mo")


def check_catalogues(directory: str = TRANSLATIONS_DIR) -> None:
    missing = [path for path in (_mo_path(locale, directory) for locale in LOCALES) if not os.path.exists(path)]
    if missing:
        raise MissingCatalogue("compiled translations missing (run `make install` or "
                               "`pybabel compile -d backend/translations`): " + ", ".join(missing))


@functools.lru_cache(maxsize=None)
def catalogue(locale: str) -> Translations:
    """The compiled catalogue of one language, read once."""
    path = _mo_path(locale)
    if not os.path.exists(path):
        check_catalogues()
        raise MissingCatalogue(f"compiled translations missing (run `make install`): {path}")
    with open(path, "rb") as f:
        return Translations(f, domain="messages")


def gettext(text: str, locale: str) -> str:
    """``text`` (an English msgid) in ``locale``; English itself for a language DoeMee does not have."""
    if locale not in LOCALES:
        return str(text)
    if isinstance(text, InContext):
        return catalogue(locale).pgettext(text.context, text)
    return catalogue(locale).gettext(text)


def ngettext(singular: str, plural: str, n: int, locale: str) -> str:
    if locale not in LOCALES:
        return singular if n == 1 else plural
    return catalogue(locale).ngettext(singular, plural, n)


MESSAGES: dict[str, str | tuple[str, str]] = {}
# The English texts without placeholders the catalogue holds (our validators' and marshmallow's): a validation
# message with such a text is translated by looking it up.
_KNOWN_TEXTS: set[str] = set()


def add_messages(messages: dict[str, str | tuple[str, str]]) -> dict[str, str | tuple[str, str]]:
    """Features keep their messages in their own ``messages.py`` and add them here when imported."""
    for key, text in messages.items():
        if not isinstance(text, (str, tuple)):
            raise ValueError(f"message {key!r}: register the English text as N_(...), translations go in the "
                             f"backend/translations .po files")
        if key in MESSAGES and MESSAGES[key] != text:
            raise ValueError(f"message key {key!r} defined twice with different texts")
        MESSAGES[key] = text
        if isinstance(text, str) and not isinstance(text, InContext) and "{" not in text:
            _KNOWN_TEXTS.add(text)
    return messages


add_messages({
    # problem titles, by slug
    "bad-request": N_("Bad request"),
    "validation-error": N_("Your request contains invalid data"),
    "unauthorized": N_("Authentication required"),
    "forbidden": N_("Not allowed"),
    "not-found": N_("Not found"),
    "method-not-allowed": N_("Method not allowed"),
    "conflict": N_("Conflict"),
    "rule-violation": N_("Not possible right now"),
    "payload-too-large": N_("Request too large"),
    "unsupported-media-type": N_("Unsupported media type"),
    "too-many-requests": N_("Too many requests"),
    "precondition-failed": N_("Precondition failed"),
    "internal-error": N_("Something went wrong on our side"),
    "service-unavailable": N_("Service unavailable"),
    # details
    "detail.validation": N_("Check the fields listed in errors."),
    "detail.body_too_large": N_("The request body is larger than {limit} bytes."),
    "detail.rate_limited": N_("Too many attempts; try again in a minute."),
    "detail.no_policy": N_("This route declares no access policy and is therefore closed."),
    "detail.login_required": N_("Log in to do this."),
    "detail.token_invalid": N_("The token is not valid."),
    "detail.token_expired": N_("The token has expired."),
    "detail.token_revoked": N_("The token has been revoked."),
    "detail.token_wrong_type": N_("This kind of token cannot be used here."),
    "detail.refresh_reused": N_(
        "This refresh token was already used; all sessions of this login were ended for safety."),
    "detail.bad_credentials": N_("E-mail or password is wrong."),
    "detail.role_required": N_("Your account does not have the role needed for this."),
    "detail.email_taken": N_("An account with this e-mail address already exists."),
    "detail.not_found": N_("{what} not found."),
    "detail.no_profile": N_("You have no volunteer profile yet; create it with PUT."),
    "detail.not_your_municipality": N_("You are not staff of this municipality."),
    "detail.reset_invalid": N_("This reset link is not valid (anymore). Ask for a new one."),
    "detail.not_json": N_("Send the body as application/json."),
    "detail.malformed_json": N_("The body is not valid JSON."),
    # field messages of our own
    "field.privacy_outdated": N_("Accept the current privacy statement (version {current})."),
    "field.password_short": N_("Use at least {min} characters."),
    "field.password_common": N_("This password is too common; choose another."),
    "field.password_like_email": N_("The password may not contain your e-mail address."),
    "field.password_variety": N_("Use at least 5 different characters."),
    "field.password_wrong": N_("The current password is wrong."),
    "field.postcode_malformed": N_("Not a Dutch postcode (like 3144 BA)."),
    "field.postcode_not_served": N_("DoeMee is not (yet) available for postcode {postcode}."),
    "field.unknown_skill": N_("Unknown skill: {code}."),
    "field.duplicate": N_("Listed twice: {value}."),
    "field.time_inverted": N_("The end must be after the start."),
    "field.time_overlap": N_("Overlaps with another time range on the same day."),
    "field.time_format": N_("Use HH:MM (00:00-24:00)."),
    "field.time_step": N_("Use whole or half hours (:00 or :30)."),
    "field.vog_staff_only": N_("Only municipality staff can mark a VOG as valid."),
    "field.unknown_language": N_("Unknown language code: {code}."),
    "field.unknown_interest": N_("Unknown interest: {code}."),
    "field.bad_cursor": N_("Not a cursor from this list."),
    "field.exception_in_past": N_("Dated exceptions must not lie more than a year back."),
    "field.profile_incomplete": N_("Required for a new profile."),
    "field.date_not_past": N_("Must be today or later."),
    "field.unknown_role": N_("Unknown role {role}."),
    "field.staff_needs_municipality": N_(
        "Municipality staff and intermediaries need a municipality; other roles take none."),
    "field.slug_taken": N_("This slug is already used."),
    "field.period_too_long": N_("A report covers at most {days} days."),
    "report.area.total": Np_("report", "All neighbourhoods"),
    "report.area.focus": Np_("report", "Focus neighbourhoods"),
    "report.area.rest": Np_("report", "Other neighbourhoods"),
    "report.area.none": N_("No neighbourhood (remote)"),
    "report.area.district": Np_("report", "District {name}"),
    "field.reports.not_in_district": N_("This neighbourhood is not in the chosen district."),
    # messages of schema validators (error=...), found by their English text
    "field.clock_format": N_("Use HH:MM (00:00-23:59)."),
    "field.slug_format": N_("Use lower-case letters, digits and hyphens."),
    "field.category_code": N_("Use a category code."),
    # names of things, for detail.not_found's {what}
    "thing.Address": N_("Address"),
    "thing.Campaign": N_("Campaign"),
    "thing.Claim": N_("Gift choice"),
    "thing.District": Np_("thing", "District"),
    "thing.Download": N_("File"),
    "thing.Coordinator": N_("Coordinator"),
    "thing.Gift": N_("Gift"),
    "thing.Help request": N_("Help request"),
    "thing.Initiative": N_("Initiative"),
    "thing.Merchant": N_("Shop"),
    "thing.Municipality": N_("Municipality"),
    "thing.Neighbourhood": Np_("thing", "Neighbourhood"),
    "thing.Offer": N_("Offer"),
    "thing.Opportunity": N_("Opportunity"),
    "thing.Organisation": N_("Organisation"),
    "thing.Shift": N_("Shift"),
    "thing.Support": N_("Support"),
    "thing.User": N_("User"),
    "thing.Volunteer": N_("Volunteer"),
})

# marshmallow's own English messages: found in the catalogue by their text
MARSHMALLOW_MESSAGES = (
    N_("Missing data for required field."),
    N_("Unknown field."),
    N_("Field may not be null."),
    N_("Not a valid string."),
    N_("Not a valid integer."),
    N_("Not a valid number."),
    N_("Not a valid boolean."),
    N_("Not a valid email address."),
    N_("Not a valid date."),
    N_("Not a valid datetime."),
    N_("Not a valid aware datetime."),
    N_("Not a valid naive datetime."),
    N_("String does not match expected pattern."),
    N_("Not a valid list."),
    N_("Not a valid mapping type."),
    N_("Not a valid UUID."),
    N_("Not a valid URL."),
    N_("Invalid input type."),
    N_("Invalid value."),
    N_("Shorter than minimum length 1."),
    N_("Special numeric values (nan or infinity) are not permitted."),
)
_KNOWN_TEXTS.update(MARSHMALLOW_MESSAGES)
# ... and the parameterised ones, by their template (as marshmallow.validate words them)
MARSHMALLOW_TEMPLATES = (
    N_("Must be one of: {choices}."),
    N_("Length must be between {min} and {max}."),
    N_("Longer than maximum length {max}."),
    N_("Shorter than minimum length {min}."),
    N_("Must be greater than or equal to {min} and less than or equal to {max}."),
    N_("Must be greater than or equal to {min}."),
    N_("Must be less than or equal to {max}."),
    N_("Must be greater than {min}."),
)


def _template_pattern(template: str) -> re.Pattern:
    parts = []
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name:
            parts.append(f"(?P<{name}>.+?)")
    return re.compile("^" + "".join(parts) + "$")


# The most specific template first: "Must be greater than or equal to {min}." before "Must be greater than {min}."
_TEMPLATE_PATTERNS = [(template, _template_pattern(template)) for template in
                      sorted(MARSHMALLOW_TEMPLATES, key=lambda t: -len(re.sub(r"\{\w+\}", "", t)))]


class Msg(str):
    """A field message that knows its key and parameters, so it can be rendered in either language later.

    Its ``str`` value is the English text, so it also reads well where no locale is known.
    """

    def __new__(cls, key: str, **params: Any):
        obj = super().__new__(cls, translate(key, "en", **params))
        obj.key = key
        obj.params = params
        return obj


def _render_param(name: str, value: Any, locale: str) -> Any:
    if isinstance(value, Msg):
        return translate(value.key, locale, **value.params)
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, Msg) for v in value):
        return " ".join(translate(v.key, locale, **v.params) for v in value)
    if name == "what" and isinstance(value, str) and "thing." + value in MESSAGES:
        return translate("thing." + value, locale)
    return value


def _fill(text: str, locale: str, params: dict[str, Any]) -> str:
    if not params:
        return text
    return text.format(**{name: _render_param(name, value, locale) for name, value in params.items()})


def translate(key: str, locale: str, **params: Any) -> str:
    msgid = MESSAGES.get(key)
    if msgid is None:
        return key.format(**params) if params else key
    if isinstance(msgid, tuple):
        raise TypeError(f"message {key!r} has plural forms: use translate_plural")
    return _fill(gettext(msgid, locale), locale, params)


def translate_plural(key: str, locale: str, n: int, /, **params: Any) -> str:
    """A plural message (``Nn_``) for the count ``n`` (the placeholders are filled from ``params``)."""
    singular, plural = MESSAGES[key]
    return _fill(ngettext(singular, plural, n, locale), locale, params)


def translate_field_message(message: Any, locale: str) -> str:
    if isinstance(message, Msg):
        return translate(message.key, locale, **message.params)
    text = str(message)
    if text in _KNOWN_TEXTS:
        return gettext(text, locale)
    for template, pattern in _TEMPLATE_PATTERNS:
        match = pattern.match(text)
        if match:
            return gettext(template, locale).format(**match.groupdict())
    return text
