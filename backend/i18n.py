"""Messages in Dutch and English.

Keys are stable identifiers used by operations and schemas; ``translate`` picks the language. Validation messages
produced by marshmallow itself are English sentences: ``translate_field_message`` maps them (exactly, or by
pattern for the parameterised ones) to Dutch; a schema's own English message (``error=`` of a validator) is found
by its English text in the catalogue.

Parameters are rendered in the same language: a ``Msg`` (or a list of them) is translated, and ``what`` names a
thing (``NotFound("detail.not_found", what="Address")``) whose name comes from the ``thing.<what>`` entry.
tests/test_i18n_catalogue.py walks the whole catalogue in both languages.
"""
from __future__ import annotations

import re
from typing import Any

LOCALES = ("nl", "en")

MESSAGES: dict[str, dict[str, str]] = {
    # problem titles, by slug
    "bad-request": {"en": "Bad request", "nl": "Ongeldig verzoek"},
    "validation-error": {"en": "Your request contains invalid data", "nl": "Je verzoek bevat ongeldige gegevens"},
    "unauthorized": {"en": "Authentication required", "nl": "Inloggen vereist"},
    "forbidden": {"en": "Not allowed", "nl": "Niet toegestaan"},
    "not-found": {"en": "Not found", "nl": "Niet gevonden"},
    "method-not-allowed": {"en": "Method not allowed", "nl": "Methode niet toegestaan"},
    "conflict": {"en": "Conflict", "nl": "Conflict"},
    "rule-violation": {"en": "Not possible right now", "nl": "Nu niet mogelijk"},
    "payload-too-large": {"en": "Request too large", "nl": "Verzoek te groot"},
    "unsupported-media-type": {"en": "Unsupported media type", "nl": "Niet-ondersteund mediatype"},
    "too-many-requests": {"en": "Too many requests", "nl": "Te veel verzoeken"},
    "precondition-failed": {"en": "Precondition failed", "nl": "Voorwaarde niet vervuld"},
    "internal-error": {"en": "Something went wrong on our side", "nl": "Er ging bij ons iets mis"},
    "service-unavailable": {"en": "Service unavailable", "nl": "Dienst niet beschikbaar"},
    # details
    "detail.validation": {"en": "Check the fields listed in errors.", "nl": "Controleer de velden in errors."},
    "detail.body_too_large": {
        "en": "The request body is larger than {limit} bytes.",
        "nl": "De inhoud van het verzoek is groter dan {limit} bytes.",
    },
    "detail.rate_limited": {
        "en": "Too many attempts; try again in a minute.",
        "nl": "Te veel pogingen; probeer het over een minuut opnieuw.",
    },
    "detail.no_policy": {
        "en": "This route declares no access policy and is therefore closed.",
        "nl": "Deze route heeft geen toegangsregel en is daarom gesloten.",
    },
    "detail.login_required": {"en": "Log in to do this.", "nl": "Log in om dit te doen."},
    "detail.token_invalid": {"en": "The token is not valid.", "nl": "Het token is niet geldig."},
    "detail.token_expired": {"en": "The token has expired.", "nl": "Het token is verlopen."},
    "detail.token_revoked": {"en": "The token has been revoked.", "nl": "Het token is ingetrokken."},
    "detail.token_wrong_type": {
        "en": "This kind of token cannot be used here.",
        "nl": "Dit soort token kan hier niet worden gebruikt.",
    },
    "detail.refresh_reused": {
        "en": "This refresh token was already used; all sessions of this login were ended for safety.",
        "nl": "Dit vernieuwingstoken was al gebruikt; voor de veiligheid zijn alle sessies van deze login beëindigd.",
    },
    "detail.bad_credentials": {"en": "E-mail or password is wrong.", "nl": "E-mailadres of wachtwoord klopt niet."},
    "detail.role_required": {
        "en": "Your account does not have the role needed for this.",
        "nl": "Je account heeft niet de rol die hiervoor nodig is.",
    },
    "detail.email_taken": {
        "en": "An account with this e-mail address already exists.",
        "nl": "Er bestaat al een account met dit e-mailadres.",
    },
    "detail.not_found": {"en": "{what} not found.", "nl": "{what} niet gevonden."},
    "detail.no_profile": {
        "en": "You have no volunteer profile yet; create it with PUT.",
        "nl": "Je hebt nog geen vrijwilligersprofiel; maak het aan met PUT.",
    },
    "detail.not_your_municipality": {
        "en": "You are not staff of this municipality.",
        "nl": "Je bent geen medewerker van deze gemeente.",
    },
    "detail.reset_invalid": {
        "en": "This reset link is not valid (anymore). Ask for a new one.",
        "nl": "Deze herstellink is niet (meer) geldig. Vraag een nieuwe aan.",
    },
    "detail.not_json": {"en": "Send the body as application/json.", "nl": "Stuur de inhoud als application/json."},
    "detail.malformed_json": {"en": "The body is not valid JSON.", "nl": "De inhoud is geen geldige JSON."},
    # field messages of our own
    "field.privacy_outdated": {
        "en": "Accept the current privacy statement (version {current}).",
        "nl": "Accepteer de huidige privacyverklaring (versie {current}).",
    },
    "field.password_short": {
        "en": "Use at least {min} characters.",
        "nl": "Gebruik minstens {min} tekens.",
    },
    "field.password_common": {
        "en": "This password is too common; choose another.",
        "nl": "Dit wachtwoord komt te vaak voor; kies een ander.",
    },
    "field.password_like_email": {
        "en": "The password may not contain your e-mail address.",
        "nl": "Het wachtwoord mag je e-mailadres niet bevatten.",
    },
    "field.password_variety": {
        "en": "Use at least 5 different characters.",
        "nl": "Gebruik minstens 5 verschillende tekens.",
    },
    "field.password_wrong": {"en": "The current password is wrong.", "nl": "Het huidige wachtwoord klopt niet."},
    "field.postcode_malformed": {
        "en": "Not a Dutch postcode (like 3144 BA).",
        "nl": "Geen Nederlandse postcode (zoals 3144 BA).",
    },
    "field.postcode_not_served": {
        "en": "DoeMee is not (yet) available for postcode {postcode}.",
        "nl": "DoeMee is (nog) niet beschikbaar voor postcode {postcode}.",
    },
    "field.unknown_skill": {"en": "Unknown skill: {code}.", "nl": "Onbekende vaardigheid: {code}."},
    "field.duplicate": {"en": "Listed twice: {value}.", "nl": "Dubbel opgegeven: {value}."},
    "field.time_inverted": {
        "en": "The end must be after the start.",
        "nl": "Het einde moet na het begin liggen.",
    },
    "field.time_overlap": {
        "en": "Overlaps with another time range on the same day.",
        "nl": "Overlapt met een andere tijd op dezelfde dag.",
    },
    "field.time_format": {"en": "Use HH:MM (00:00-24:00).", "nl": "Gebruik UU:MM (00:00-24:00)."},
    "field.time_step": {
        "en": "Use whole or half hours (:00 or :30).",
        "nl": "Gebruik hele of halve uren (:00 of :30).",
    },
    "field.vog_staff_only": {
        "en": "Only municipality staff can mark a VOG as valid.",
        "nl": "Alleen medewerkers van de gemeente kunnen een VOG als geldig markeren.",
    },
    "field.unknown_language": {"en": "Unknown language code: {code}.", "nl": "Onbekende taalcode: {code}."},
    "field.unknown_interest": {"en": "Unknown interest: {code}.", "nl": "Onbekende interesse: {code}."},
    "field.bad_cursor": {"en": "Not a cursor from this list.", "nl": "Geen cursor van deze lijst."},
    "field.exception_in_past": {
        "en": "Dated exceptions must not lie more than a year back.",
        "nl": "Uitzonderingen mogen niet meer dan een jaar terug liggen.",
    },
    "field.profile_incomplete": {
        "en": "Required for a new profile.",
        "nl": "Verplicht voor een nieuw profiel.",
    },
    "field.date_not_past": {"en": "Must be today or later.", "nl": "Moet vandaag of later zijn."},
    "field.unknown_role": {"en": "Unknown role {role}.", "nl": "Onbekende rol {role}."},
    "field.staff_needs_municipality": {
        "en": "Municipality staff and intermediaries need a municipality; other roles take none.",
        "nl": "Gemeentemedewerkers en intermediairs hebben een gemeente nodig; andere rollen geen.",
    },
    "field.slug_taken": {"en": "This slug is already used.", "nl": "Deze korte naam is al in gebruik."},
    "field.period_too_long": {"en": "A report covers at most {days} days.",
                              "nl": "Een rapport beslaat hoogstens {days} dagen."},
    "report.area.total": {"en": "All neighbourhoods", "nl": "Alle buurten"},
    "report.area.focus": {"en": "Focus neighbourhoods", "nl": "Aandachtsbuurten"},
    "report.area.rest": {"en": "Other neighbourhoods", "nl": "Overige buurten"},
    "report.area.none": {"en": "No neighbourhood (remote)", "nl": "Zonder buurt (op afstand)"},
    # messages of schema validators (error=...), found by their English text
    "field.clock_format": {"en": "Use HH:MM (00:00-23:59).", "nl": "Gebruik UU:MM (00:00-23:59)."},
    "field.slug_format": {
        "en": "Use lower-case letters, digits and hyphens.",
        "nl": "Gebruik kleine letters, cijfers en koppeltekens.",
    },
    "field.category_code": {"en": "Use a category code.", "nl": "Gebruik een categoriecode."},
    # names of things, for detail.not_found's {what}
    "thing.Address": {"en": "Address", "nl": "Adres"},
    "thing.Campaign": {"en": "Campaign", "nl": "Actie"},
    "thing.Claim": {"en": "Gift choice", "nl": "Cadeaukeuze"},
    "thing.Coordinator": {"en": "Coordinator", "nl": "Coördinator"},
    "thing.Gift": {"en": "Gift", "nl": "Cadeau"},
    "thing.Help request": {"en": "Help request", "nl": "Hulpvraag"},
    "thing.Initiative": {"en": "Initiative", "nl": "Initiatief"},
    "thing.Merchant": {"en": "Shop", "nl": "Winkel"},
    "thing.Municipality": {"en": "Municipality", "nl": "Gemeente"},
    "thing.Neighbourhood": {"en": "Neighbourhood", "nl": "Buurt"},
    "thing.Offer": {"en": "Offer", "nl": "Aanbod"},
    "thing.Opportunity": {"en": "Opportunity", "nl": "Vacature of klus"},
    "thing.Organisation": {"en": "Organisation", "nl": "Organisatie"},
    "thing.Support": {"en": "Support", "nl": "Steunbetuiging"},
    "thing.User": {"en": "User", "nl": "Gebruiker"},
    "thing.Volunteer": {"en": "Volunteer", "nl": "Vrijwilliger"},
}

# marshmallow's own English messages -> Dutch
_FIELD_EXACT = {
    "Missing data for required field.": "Verplicht veld ontbreekt.",
    "Unknown field.": "Onbekend veld.",
    "Field may not be null.": "Veld mag niet leeg (null) zijn.",
    "Not a valid string.": "Geen geldige tekst.",
    "Not a valid integer.": "Geen geldig geheel getal.",
    "Not a valid number.": "Geen geldig getal.",
    "Not a valid boolean.": "Geen geldige ja/nee-waarde.",
    "Not a valid email address.": "Geen geldig e-mailadres.",
    "Not a valid date.": "Geen geldige datum.",
    "Not a valid datetime.": "Geen geldig tijdstip.",
    "Not a valid aware datetime.": "Geen geldig tijdstip met tijdzone (zoals 2026-12-01T10:00:00+01:00).",
    "Not a valid naive datetime.": "Geen geldig tijdstip zonder tijdzone.",
    "String does not match expected pattern.": "Voldoet niet aan het verwachte patroon.",
    "Not a valid list.": "Geen geldige lijst.",
    "Not a valid mapping type.": "Geen geldig object.",
    "Not a valid UUID.": "Geen geldige UUID.",
    "Not a valid URL.": "Geen geldige URL.",
    "Invalid input type.": "Ongeldig invoertype.",
    "Invalid value.": "Ongeldige waarde.",
    "Shorter than minimum length 1.": "Mag niet leeg zijn.",
    "Special numeric values (nan or infinity) are not permitted.": "NaN of oneindig is niet toegestaan.",
}
_FIELD_PATTERNS = [
    (re.compile(r"^Must be one of: (.*)\.$"), "Moet een van deze zijn: {0}."),
    (re.compile(r"^Length must be between (\d+) and (\d+)\.$"), "Lengte moet tussen {0} en {1} liggen."),
    (re.compile(r"^Longer than maximum length (\d+)\.$"), "Langer dan de maximale lengte {0}."),
    (re.compile(r"^Shorter than minimum length (\d+)\.$"), "Korter dan de minimale lengte {0}."),
    (re.compile(r"^Must be greater than or equal to (\S+) and less than or equal to (\S+)\.$"),
     "Moet tussen {0} en {1} liggen (inclusief)."),
    (re.compile(r"^Must be greater than or equal to (\S+)\.$"), "Moet groter dan of gelijk aan {0} zijn."),
    (re.compile(r"^Must be less than or equal to (\S+)\.$"), "Moet kleiner dan of gelijk aan {0} zijn."),
    (re.compile(r"^Must be greater than (\S+)\.$"), "Moet groter dan {0} zijn."),
]


class Msg(str):
    """A field message that knows its key and parameters, so it can be rendered in either language later.

    Its ``str`` value is the English text, so it also reads well where no locale is known.
    """

    def __new__(cls, key: str, **params: Any):
        obj = super().__new__(cls, translate(key, "en", **params))
        obj.key = key
        obj.params = params
        return obj


def add_messages(messages: dict[str, dict[str, str]]) -> None:
    """Features keep their messages in their own ``messages.py`` and add them here when imported."""
    for key, texts in messages.items():
        if key in MESSAGES and MESSAGES[key] != texts:
            raise ValueError(f"message key {key!r} defined twice with different texts")
        if set(texts) != set(LOCALES):
            raise ValueError(f"message {key!r} needs exactly these languages: {LOCALES}")
        MESSAGES[key] = texts


def _render_param(name: str, value: Any, locale: str) -> Any:
    if isinstance(value, Msg):
        return translate(value.key, locale, **value.params)
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, Msg) for v in value):
        return " ".join(translate(v.key, locale, **v.params) for v in value)
    if name == "what" and isinstance(value, str) and "thing." + value in MESSAGES:
        return MESSAGES["thing." + value][locale]
    return value


def translate(key: str, locale: str, **params: Any) -> str:
    entry = MESSAGES.get(key)
    if entry is None:
        return key.format(**params) if params else key
    text = entry.get(locale) or entry["en"]
    if not params:
        return text
    return text.format(**{name: _render_param(name, value, locale) for name, value in params.items()})


def _by_english_text(text: str) -> str | None:
    """The catalogue key whose English text (without parameters) is ``text``."""
    for key, entry in MESSAGES.items():
        if entry["en"] == text and "{" not in text:
            return key
    return None


def translate_field_message(message: Any, locale: str) -> str:
    if isinstance(message, Msg):
        return translate(message.key, locale, **message.params)
    text = str(message)
    if locale == "en":
        return text
    if text in _FIELD_EXACT:
        return _FIELD_EXACT[text]
    key = _by_english_text(text)
    if key is not None:
        return MESSAGES[key][locale]
    for pattern, template in _FIELD_PATTERNS:
        match = pattern.match(text)
        if match:
            return template.format(*match.groups())
    return text
