"""Joining: the profile steps a new volunteer walks after registering, how the pages show them (a step counter,
skills as checkboxes grouped by kind in alphabetical order of their names, the languages of the browser ticked
before anything was saved)."""
from __future__ import annotations

import unicodedata

from flask import request
from flask_babel import lazy_gettext as _l

from web.labels import skill_label

# The steps of joining, in order; the last one ends with "Done" and the first matches. (Pause and VOG are
# settings for later, on the profile page.)
JOINING = ("postcode", "radius", "skills", "languages", "availability", "preference")

# The taxonomy's skill categories (backend/data/taxonomy.json), named for the groups of checkboxes.
SKILL_GROUPS = {
    "admin": _l("Office work and money"), "care": _l("Care and attention"), "culture": _l("Culture and music"),
    "digital": _l("Computers and phones"), "education": _l("Teaching and homework"), "events": _l("Events"),
    "media": _l("Writing, photos and news"), "nature": _l("Garden and nature"), "organisation": _l("Organising"),
    "practical": _l("Practical jobs"), "social": _l("Company"), "sports": _l("Sports"),
    "transport": _l("Driving and transport"),
}


def step_number(step: str) -> tuple[int, int] | None:
    """(this step's number, how many) while joining, or None for a step that is not part of it."""
    return (JOINING.index(step) + 1, len(JOINING)) if step in JOINING else None


def _sort_key(name: str) -> str:
    # Alphabetical as a reader expects it: case and accents do not count ("é" with "e").
    return "".join(c for c in unicodedata.normalize("NFD", name.casefold()) if not unicodedata.combining(c))


def skill_groups(skills) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(category, its name, [(code, name), ...]) in alphabetical order of the names, in the page's language."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for s in skills:
        groups.setdefault(s.category, []).append((s.code, skill_label(s)))
    named = [(category, str(SKILL_GROUPS.get(category, category)), members) for category, members in groups.items()]
    return [(category, name, sorted(members, key=lambda m: _sort_key(m[1])))
            for category, name, members in sorted(named, key=lambda g: _sort_key(g[1]))]


def browser_languages(offered) -> list[str]:
    """The languages the browser asks for (Accept-Language, best first) that the profile offers."""
    wanted = [tag.split("-")[0].lower() for tag, _q in request.accept_languages]
    return [code for code in dict.fromkeys(wanted) if code in offered]
