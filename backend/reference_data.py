"""Reference data shipped inside the package: places (municipalities, neighbourhoods, postcodes) and the
taxonomy (skills, interests, languages).

``load_reference_data`` adds what is missing and leaves existing rows alone, so edits that municipality staff
made through the API survive a redeploy. It is idempotent and safe to run on every start.
"""
from __future__ import annotations

import re

import sqlalchemy as sa

from backend.extensions import db
from backend.places.models import Municipality, Neighbourhood, PostcodeArea
from backend.taxonomy import read_data, taxonomy  # noqa: F401  (taxonomy: read here by older callers)
from backend.volunteers.models import Skill

_RANGE = re.compile(r"^(\d{4})(?: ([A-Z]{2})-([A-Z]{2}))?$")


def load_reference_data() -> dict[str, int]:
    """Insert missing municipalities, neighbourhoods, postcode areas and skills. Returns counts of added rows."""
    added = {"municipalities": 0, "neighbourhoods": 0, "postcode_areas": 0, "skills": 0}
    for m in read_data("places.json")["municipalities"]:
        municipality = db.session.scalar(sa.select(Municipality).where(Municipality.slug == m["slug"]))
        if municipality is None:
            municipality = Municipality(slug=m["slug"], name=m["name"])
            db.session.add(municipality)
            db.session.flush()
            added["municipalities"] += 1
        for n in m["neighbourhoods"]:
            hood = db.session.scalar(sa.select(Neighbourhood).where(
                Neighbourhood.municipality_id == municipality.id, Neighbourhood.slug == n["slug"]))
            if hood is None:
                hood = Neighbourhood(municipality_id=municipality.id, slug=n["slug"], name=n["name"],
                                     district=n["district"], latitude=n["lat"], longitude=n["lon"],
                                     is_focus=n["is_focus"], focus_weight=n["focus_weight"])
                db.session.add(hood)
                db.session.flush()
                added["neighbourhoods"] += 1
            for spec in n["postcodes"]:
                pc4, first, last = _RANGE.match(spec).groups()
                first, last = first or "AA", last or "ZZ"
                exists = db.session.scalar(sa.select(PostcodeArea.id).where(
                    PostcodeArea.pc4 == pc4, PostcodeArea.letters_from == first))
                if exists is None:
                    db.session.add(PostcodeArea(municipality_id=municipality.id, neighbourhood_id=hood.id, pc4=pc4,
                                                letters_from=first, letters_to=last))
                    added["postcode_areas"] += 1
    known = set(db.session.scalars(sa.select(Skill.code)))
    for s in taxonomy()["skills"]:
        if s["code"] not in known:
            db.session.add(Skill(code=s["code"], category=s["category"], label_nl=s["label_nl"],
                                 label_en=s["label_en"], bit=s["bit"]))
            added["skills"] += 1
    db.session.flush()
    return added
