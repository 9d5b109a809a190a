"""Messages of the notifications feature (API errors), in Dutch and English."""
from backend.i18n import add_messages

add_messages({
    "detail.notifications.device_not_found": {
        "en": "This device is not registered for your account.",
        "nl": "Dit apparaat is niet aangemeld voor je account.",
    },
    "detail.notifications.reply_invalid": {
        "en": "This reply link is not valid (anymore).",
        "nl": "Deze antwoordlink is niet (meer) geldig.",
    },
    "detail.notifications.reply_too_late": {
        "en": "This activity has already started or is no longer yours to answer.",
        "nl": "Deze activiteit is al begonnen of niet meer aan jou om te beantwoorden.",
    },
    "detail.notifications.no_check_open": {
        "en": "There is no open question about your availability.",
        "nl": "Er staat geen vraag over je beschikbaarheid open.",
    },
    "field.notifications.category_required": {
        "en": "Messages about your account cannot be switched off.",
        "nl": "Berichten over je account kun je niet uitzetten.",
    },
    "field.notifications.quiet_hours_equal": {
        "en": "Start and end of the quiet hours must differ.",
        "nl": "Begin en einde van de stille uren moeten verschillen.",
    },
    "field.notifications.token_provider": {
        "en": "This does not look like a {provider} push token.",
        "nl": "Dit lijkt geen pushtoken van {provider}.",
    },
})
