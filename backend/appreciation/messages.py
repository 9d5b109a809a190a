"""Milestone titles, in Dutch and English."""
from backend.i18n import add_messages

add_messages({
    "milestone.first_engagement": {"en": "Your first engagement done", "nl": "Je eerste inzet gedaan"},
    "milestone.hours_10": {"en": "10 hours volunteered", "nl": "10 uur vrijwilligerswerk"},
    "milestone.hours_25": {"en": "25 hours volunteered", "nl": "25 uur vrijwilligerswerk"},
    "milestone.hours_50": {"en": "50 hours volunteered", "nl": "50 uur vrijwilligerswerk"},
    "milestone.hours_100": {"en": "100 hours volunteered", "nl": "100 uur vrijwilligerswerk"},
    "milestone.hours_250": {"en": "250 hours volunteered", "nl": "250 uur vrijwilligerswerk"},
    "milestone.years_1": {"en": "One year with DoeMee", "nl": "Een jaar bij DoeMee"},
    "milestone.years_5": {"en": "Five years with DoeMee", "nl": "Vijf jaar bij DoeMee"},
    "milestone.years_10": {"en": "Ten years with DoeMee", "nl": "Tien jaar bij DoeMee"},
})
