"""Every role at home: where a person lands after logging in (and on the landing page and the brand link): staff of
the municipality on the dashboard, a shop on its till, a coordinator on their organisations, an intermediary on
the requests for help they post, a resident who only asks for help on their requests, anyone else on "Mijn DoeMee".
The header's menu links every home a person has, so one with several roles switches in one tap."""
from __future__ import annotations

from flask import url_for

# The first role a person has decides (the staff member who also volunteers works from the dashboard).
HOMES = (("admin", "municipality.dashboard"), ("municipality_staff", "municipality.dashboard"),
         ("merchant", "shop.home"), ("coordinator", "organisation.index"),
         ("intermediary", "organisation_help.index"))


def home_url(user) -> str:
    for role, endpoint in HOMES:
        if user.has_role(role):
            return url_for(endpoint)
    if user.has_role("resident") and not user.has_role("volunteer"):
        return url_for("asking.index")
    return url_for("account.home")
