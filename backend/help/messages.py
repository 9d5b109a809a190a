"""Messages of help requests (hulpvragen), in Dutch and English."""
from backend.i18n import add_messages

add_messages({
    "detail.help_request_not_open": {
        "en": "This request for help is no longer open.",
        "nl": "Deze hulpvraag staat niet meer open.",
    },
    "detail.help_request_matched": {
        "en": "This request for help has already been matched with a volunteer.",
        "nl": "Voor deze hulpvraag is al een vrijwilliger gekozen.",
    },
    "detail.help_request_over": {
        "en": "The time window of this request for help has already passed.",
        "nl": "De periode van deze hulpvraag is al voorbij.",
    },
    "detail.help_offer_exists": {
        "en": "You have already offered to help with this request.",
        "nl": "Je hebt al aangeboden om bij deze hulpvraag te helpen.",
    },
    "detail.help_offer_not_open": {
        "en": "This offer is no longer open.",
        "nl": "Dit aanbod staat niet meer open.",
    },
    "detail.help_own_request": {
        "en": "You cannot offer help with your own request.",
        "nl": "Je kunt niet helpen bij je eigen hulpvraag.",
    },
    "detail.help_owner_only": {
        "en": "Only the person who asked (or posted on their behalf) can do this.",
        "nl": "Alleen wie de hulpvraag stelde (of namens iemand plaatste) kan dit doen.",
    },
    "detail.not_intermediary_here": {
        "en": "You are not a verified intermediary for this municipality.",
        "nl": "Je bent geen erkende intermediair voor deze gemeente.",
    },
    "field.window_in_past": {
        "en": "The time window must not start in the past.",
        "nl": "De periode mag niet in het verleden beginnen.",
    },
    "field.window_too_long": {
        "en": "The time window may be at most {days} days.",
        "nl": "De periode mag hoogstens {days} dagen zijn.",
    },
    "field.consent_required": {
        "en": "The resident's consent is required to post on their behalf.",
        "nl": "De toestemming van de bewoner is nodig om namens hem of haar te plaatsen.",
    },
    "field.consent_not_given": {
        "en": "Only post when the resident has given consent.",
        "nl": "Plaats alleen als de bewoner toestemming heeft gegeven.",
    },
    "field.consent_outdated": {
        "en": "The resident must consent to the current privacy statement (version {current}).",
        "nl": "De bewoner moet instemmen met de huidige privacyverklaring (versie {current}).",
    },
    "field.first_name_required": {
        "en": "The resident's first name is required when posting on their behalf.",
        "nl": "De voornaam van de bewoner is verplicht als je namens iemand plaatst.",
    },
    "field.first_name_only": {
        "en": "Give the first name only.",
        "nl": "Geef alleen de voornaam.",
    },
    "field.house_number": {
        "en": "Use a house number like 12, 12a or 12-3.",
        "nl": "Gebruik een huisnummer zoals 12, 12a of 12-3.",
    },
    "field.phone_dutch": {
        "en": "Use a Dutch phone number, like 06 1234 5678 or 010 123 4567.",
        "nl": "Gebruik een Nederlands telefoonnummer, zoals 06 1234 5678 of 010 123 4567.",
    },
})
