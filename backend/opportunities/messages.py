"""Messages of organisations' vacancies, their lifecycle and their shifts (Dutch and English)."""
from backend.i18n import add_messages

add_messages({
    "detail.shift_not_found": {"en": "Shift not found.", "nl": "Dienst niet gevonden."},
    "field.shift_in_past": {
        "en": "A shift cannot start in the past.",
        "nl": "Een dienst kan niet in het verleden beginnen.",
    },
    "field.offset_required": {
        "en": "Give the time with its UTC offset, e.g. 2026-03-31T18:00:00+02:00.",
        "nl": "Geef de tijd met de afwijking van UTC, bijvoorbeeld 2026-03-31T18:00:00+02:00.",
    },
    "field.capacity_positive": {
        "en": "The capacity must be at least 1.",
        "nl": "De capaciteit moet minstens 1 zijn.",
    },
    "field.unknown_category": {"en": "Unknown category: {code}.", "nl": "Onbekende categorie: {code}."},
    "field.postcode_or_remote": {
        "en": "Give a postcode, or set remote to true.",
        "nl": "Geef een postcode op, of zet remote op true.",
    },
    "field.remote_without_postcode": {
        "en": "A remote vacancy has no postcode.",
        "nl": "Een vacature op afstand heeft geen postcode.",
    },
    "field.recurrence_for_regular": {
        "en": "Only a regular vacancy has a weekly rule.",
        "nl": "Alleen een structurele vacature heeft een wekelijks patroon.",
    },
    "field.near_unknown": {
        "en": "Give a postcode, or \"me\" with a profile that has one.",
        "nl": "Geef een postcode op, of \"me\" met een profiel dat er een heeft.",
    },
    "field.near_me_needs_login": {
        "en": "Log in to search near your own postcode.",
        "nl": "Log in om bij je eigen postcode te zoeken.",
    },
    "field.within_needs_near": {
        "en": "within_km needs near.",
        "nl": "within_km werkt alleen met near.",
    },
    "field.range_inverted": {
        "en": "\"to\" must be after \"from\".",
        "nl": "\"to\" moet na \"from\" liggen.",
    },
    "field.capacity_below_accepted": {
        "en": "{accepted} volunteers already hold a place; the capacity cannot go below that.",
        "nl": "{accepted} vrijwilligers hebben al een plek; de capaciteit kan niet lager worden.",
    },
    "detail.capacity_below_accepted": {
        "en": "{accepted} volunteers already hold a place on this shift; the capacity cannot go below that.",
        "nl": "{accepted} vrijwilligers hebben al een plek in deze dienst; de capaciteit kan niet lager worden.",
    },
    "detail.publish_unverified": {
        "en": "The municipality has not verified this organisation yet; its vacancies can be published once it has.",
        "nl": "De gemeente heeft deze organisatie nog niet geverifieerd; vacatures kunnen pas daarna online.",
    },
    "detail.transition_not_allowed": {
        "en": "A vacancy that is {current} cannot become {target}.",
        "nl": "Een vacature met status {current} kan niet naar status {target}.",
    },
    "detail.not_a_vacancy": {
        "en": "This opportunity is not an organisation's vacancy.",
        "nl": "Deze activiteit is geen vacature van een organisatie.",
    },
    "detail.shift_cancelled": {
        "en": "This shift has been cancelled.",
        "nl": "Deze dienst is geannuleerd.",
    },
    "detail.shift_started": {
        "en": "This shift has already started.",
        "nl": "Deze dienst is al begonnen.",
    },
    "detail.opportunity_closed": {
        "en": "This vacancy is closed; no shifts can be added or changed.",
        "nl": "Deze vacature is gesloten; er kunnen geen diensten bij of veranderen.",
    },
    "detail.not_regular": {
        "en": "Only a regular vacancy with a weekly rule generates shifts.",
        "nl": "Alleen een structurele vacature met een wekelijks patroon maakt diensten aan.",
    },
})
