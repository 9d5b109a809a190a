from backend.i18n import add_messages

add_messages({
    "detail.no_open_shift": {
        "en": "This opportunity has no upcoming shift with free places.",
        "nl": "Deze vacature heeft geen komende dienst met vrije plaatsen.",
    },
    "detail.not_a_help_period": {
        "en": "The period must end after it starts and last at most 31 days.",
        "nl": "De periode moet na het begin eindigen en hoogstens 31 dagen duren.",
    },
    "detail.help_window_over": {
        "en": "The time window of this request for help is over.",
        "nl": "Het tijdvak van deze hulpvraag is voorbij.",
    },
    "detail.run_not_found": {"en": "Matching run not found.", "nl": "Koppelronde niet gevonden."},
    "detail.candidates_forbidden": {
        "en": "Only coordinators of this organisation (or staff of this municipality) see its candidates.",
        "nl": "Alleen coördinatoren van deze organisatie (of medewerkers van deze gemeente) zien de kandidaten.",
    },
})

