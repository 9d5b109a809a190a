"""Milestone titles, in Dutch and English."""
from backend.i18n import N_, add_messages

add_messages({
    "milestone.first_engagement": N_("Your first engagement done"),
    "milestone.hours_10": N_("10 hours volunteered"),
    "milestone.hours_25": N_("25 hours volunteered"),
    "milestone.hours_50": N_("50 hours volunteered"),
    "milestone.hours_100": N_("100 hours volunteered"),
    "milestone.hours_250": N_("250 hours volunteered"),
    "milestone.years_1": N_("One year with DoeMee"),
    "milestone.years_5": N_("Five years with DoeMee"),
    "milestone.years_10": N_("Ten years with DoeMee"),
})
