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
    "detail.notifications.webpush_unavailable": {
        "en": "Web push is not set up on this server.",
        "nl": "Webpush is op deze server niet ingesteld.",
    },
    "field.notifications.token_required": {
        "en": "A push token is required for {provider}.",
        "nl": "Een pushtoken is verplicht voor {provider}.",
    },
    "field.notifications.only_for": {
        "en": "Leave this out: it is only for {provider}.",
        "nl": "Laat dit weg: het is alleen voor {provider}.",
    },
    "field.notifications.subscription_required": {
        "en": "Web push needs the browser's subscription (endpoint and keys).",
        "nl": "Webpush heeft het abonnement van de browser nodig (endpoint en sleutels).",
    },
    "field.notifications.webpush_platform": {
        "en": "Web push comes from the web app: use platform web.",
        "nl": "Webpush komt van de webapp: gebruik platform web.",
    },
    "field.notifications.endpoint_insecure": {
        "en": "The endpoint must be an https:// address.",
        "nl": "Het endpoint moet een https://-adres zijn.",
    },
    "field.notifications.endpoint_unknown": {
        "en": "This is not the address of a push service we deliver to.",
        "nl": "Dit is geen adres van een pushdienst waar wij naartoe sturen.",
    },
    "field.notifications.p256dh_invalid": {
        "en": "This is not a P-256 public key (65 bytes, base64url).",
        "nl": "Dit is geen P-256 publieke sleutel (65 bytes, base64url).",
    },
    "field.notifications.auth_invalid": {
        "en": "This is not a 16-byte authentication secret (base64url).",
        "nl": "Dit is geen authenticatiegeheim van 16 bytes (base64url).",
    },
    "field.notifications.endpoint_too_long": {
        "en": "The endpoint is longer than {max} characters.",
        "nl": "Het endpoint is langer dan {max} tekens.",
    },
})
