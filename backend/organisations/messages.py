"""Messages of organisations and their coordinators (Dutch and English)."""
from backend.i18n import N_, add_messages

add_messages({
    "field.unknown_municipality": N_("DoeMee does not serve a municipality called {slug}."),
    "detail.no_invitation": N_("There is no open invitation for you to coordinate this organisation."),
    "detail.last_coordinator": N_("This is the organisation's last active coordinator; invite another one first."),
})
