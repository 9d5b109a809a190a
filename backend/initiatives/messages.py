"""Messages of resident initiatives (bewonersinitiatieven), in Dutch and English."""
from backend.i18n import add_messages

add_messages({
    "detail.initiative_already_supported": {
        "en": "You already support this initiative.",
        "nl": "Je steunt dit initiatief al.",
    },
    "detail.initiative_declined": {
        "en": "This initiative was declined; it cannot be supported.",
        "nl": "Dit initiatief is afgewezen; steunen kan niet meer.",
    },
    "detail.initiative_status_change": {
        "en": "An initiative that is {current} cannot become {wanted}.",
        "nl": "Een initiatief met status {current} kan niet naar {wanted}.",
    },
    "detail.initiative_not_supported": {
        "en": "Tasks can be posted once the municipality supports the initiative.",
        "nl": "Taken kunnen worden geplaatst zodra de gemeente het initiatief steunt.",
    },
    "detail.initiative_task_forbidden": {
        "en": "Only the proposer and staff of the municipality can add tasks.",
        "nl": "Alleen de initiatiefnemer en medewerkers van de gemeente kunnen taken toevoegen.",
    },
    "field.initiative_place_needed": {
        "en": "Give a postcode or a neighbourhood (or create a volunteer profile first).",
        "nl": "Geef een postcode of een buurt op (of maak eerst een vrijwilligersprofiel).",
    },
    "field.initiative_place_either": {
        "en": "Give a postcode or a neighbourhood, not both.",
        "nl": "Geef een postcode of een buurt op, niet allebei.",
    },
    "field.initiative_municipality_needed": {
        "en": "Name the municipality of this neighbourhood.",
        "nl": "Noem de gemeente van deze buurt.",
    },
    "field.initiative_unknown_municipality": {"en": "Unknown municipality: {slug}.", "nl": "Onbekende gemeente: {slug}."},
    "field.initiative_unknown_neighbourhood": {"en": "Unknown neighbourhood: {slug}.", "nl": "Onbekende buurt: {slug}."},
    "field.initiative_reason_required": {
        "en": "Give the reason for declining.",
        "nl": "Geef de reden van de afwijzing.",
    },
    "field.initiative_reason_only_declined": {
        "en": "A reason is given only when declining.",
        "nl": "Een reden hoort alleen bij een afwijzing.",
    },
})
