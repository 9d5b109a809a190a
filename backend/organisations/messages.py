"""Messages of organisations and their coordinators (Dutch and English)."""
from backend.i18n import add_messages

add_messages({
    "field.unknown_municipality": {
        "en": "DoeMee does not serve a municipality called {slug}.",
        "nl": "DoeMee werkt niet in een gemeente met de naam {slug}.",
    },
    "detail.no_invitation": {
        "en": "There is no open invitation for you to coordinate this organisation.",
        "nl": "Er ligt geen openstaande uitnodiging voor jou om deze organisatie te coördineren.",
    },
    "detail.last_coordinator": {
        "en": "This is the organisation's last active coordinator; invite another one first.",
        "nl": "Dit is de laatste actieve coördinator van de organisatie; nodig eerst iemand anders uit.",
    },
    "field.reason_required": {
        "en": "Give a reason (at most 500 characters): the applicant reads it.",
        "nl": "Geef een reden (hoogstens 500 tekens): de aanvrager leest die.",
    },
    "detail.already_decided": {
        "en": "This application has already been decided.",
        "nl": "Over deze aanvraag is al beslist.",
    },
    "detail.application_pending": {
        "en": "You already have an application waiting for the municipality.",
        "nl": "Je hebt al een aanvraag die op de gemeente wacht.",
    },
    "detail.already_intermediary": {
        "en": "You can already post requests for help on residents' behalf in this municipality.",
        "nl": "Je kunt in deze gemeente al hulpvragen namens bewoners plaatsen.",
    },
    "detail.own_staff_role": {
        "en": "You cannot take away your own staff role; ask a colleague.",
        "nl": "Je kunt je eigen rol als medewerker niet intrekken; vraag een collega.",
    },
    "field.application_text": {
        "en": "Fill this in (at most {max} characters).",
        "nl": "Vul dit in (hoogstens {max} tekens).",
    },
    "thing.Application": {"en": "Application", "nl": "Aanvraag"},
})
