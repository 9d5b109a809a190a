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
})
