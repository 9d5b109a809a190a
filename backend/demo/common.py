"""What the parts of the community demo share: ids and random generators derived from names, the context of
a run (municipality, people, time of seeding), the demo volunteers."""
from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta
from functools import cached_property

import sqlalchemy as sa

from backend.accounts.models import User
from backend.accounts.privacy import current_statement
from backend.demo.people import DEMO_DOMAIN, STAFF_EMAIL
from backend.extensions import db
from backend.models_base import utcnow
from backend.opportunities import recurrence
from backend.places.models import Municipality, Neighbourhood, PostcodeArea
from backend.volunteers.models import VolunteerProfile


_NAMESPACE = uuid.UUID("0c6f3a52-7d64-4b0e-9a8e-2f4d1c9b7e31")
RESIDENTS = 200
INTERMEDIARIES = 12
PAST_WEEKS = 4
HELP_WINDOW_DAYS = 14
BATCH = 5000

_FIRST_NAMES = ("Truus", "Gerard", "Aaltje", "Hassan", "Ria", "Johan", "Mien", "Kemal", "Nel", "Bert", "Fatma",
                "Cor", "Wilma", "Joop", "Dini", "Ahmed", "Greet", "Henk", "Sientje", "Ton")
# Invented on purpose: no demo address may point at a real front door.
_STREETS = ("Denkbeeldstraat", "Verzinselhof", "Fantasielaan", "Droomerf", "Voorbeeldweg", "Proefpolderkade",
            "Nergenshof", "Luchtkasteellaan", "Zomaarstraat", "Verbeeldingspad", "Schetsboekhof", "Ontwerpsingel",
            "Bedachtstraat", "Speelgoedkade", "Papierenweg", "Inktvishof")
_HELP = {
    "groceries": ("Boodschappen doen", "Wekelijkse boodschappen bij de supermarkt om de hoek."),
    "odd_jobs": ("Klusje in huis", "Een lamp ophangen en een kastdeur die klemt."),
    "company": ("Koffie en een praatje", "Af en toe iemand om mee te praten of te wandelen."),
    "transport": ("Rit naar het ziekenhuis", "Vervoer naar een afspraak in het Franciscus Vlietland en terug."),
    "digital_help": ("Hulp met de tablet", "Uitleg over videobellen met de kleinkinderen."),
    "paperwork": ("Formulieren invullen", "Hulp bij een aanvraag voor de zorgtoeslag."),
    "respite_care": ("Mantelzorger even vrij", "Een middag gezelschap zodat de mantelzorger even weg kan."),
}
_HELP_WEIGHTS = {"groceries": 22, "odd_jobs": 18, "company": 18, "transport": 14, "digital_help": 12,
                 "paperwork": 10, "respite_care": 6}
_URGENCIES = (("low", 25), ("normal", 45), ("high", 20), ("urgent", 10))
# (title, help needed, category of its tasks, task title)
_INITIATIVES = (
    ("Geveltuintjes in de straat", "Mensen die tegels willen wippen en planten.", "nature", "Tegels wippen"),
    ("Buurtbarbecue", "Handen bij opbouw, eten en opruimen.", "events", "Opbouwen en opruimen"),
    ("Speeltuin opknappen", "Schilders en klussers voor een zaterdag.", "youth", "Schilderen speeltoestellen"),
    ("Buurtmoestuin", "Wekelijks wieden en water geven.", "nature", "Moestuin onderhouden"),
    ("Zwerfvuilactie", "Prikkers en zakken zijn er; wij zoeken prikkers.", "environment", "Zwerfvuil prikken"),
    ("Ontmoetingsochtend voor ouderen", "Gastvrouwen en -heren voor koffie.", "elderly", "Koffie schenken"),
    ("Huiswerkklas in het buurthuis", "Begeleiders voor groep 7 en 8.", "education", "Huiswerk begeleiden"),
    ("Buurtbibliotheekje", "Iemand die het kastje bijhoudt.", "culture", "Boekenkast bijhouden"),
    ("Schoolplein groener", "Helpers voor een plantdag.", "environment", "Plantdag"),
    ("Burendag", "Vrijwilligers voor spelletjes en muziek.", "events", "Spelletjes begeleiden"),
    ("Jeu-de-boulesbaan aanleggen", "Sterke handen voor een dag.", "sports", "Baan aanleggen"),
    ("Taalcafé voor nieuwkomers", "Taalmaatjes op dinsdagavond.", "newcomers", "Taalmaatje aan tafel"),
)
_INITIATIVE_STATUSES = (("received", 25), ("in_discussion", 25), ("supported", 38), ("declined", 12))
_DECLINE_REASONS = ("Dit past binnen een bestaand plan van de gemeente.", "De grond is niet van de gemeente.",
                    "Het budget voor dit jaar is op; dien het volgend jaar opnieuw in.")


def _id(kind: str, key) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"{kind}-{key}")


def _rng(kind: str, key) -> random.Random:
    return random.Random(f"demo-demand-{kind}-{key}")


def _weighted(rng: random.Random, options) -> str:
    return rng.choices([o[0] for o in options], weights=[o[1] for o in options], k=1)[0]


def _days_ago(rng: random.Random, now: datetime, low: int, high: int) -> datetime:
    return now - timedelta(days=rng.randint(low, high), minutes=rng.randint(0, 1439))


class _Context:
    """What every part needs: the municipality, its postcode areas, the demo people, the time of seeding."""

    def __init__(self):
        self.now = utcnow()
        self.today = recurrence.local_today(self.now)
        self.maassluis = db.session.scalar(sa.select(Municipality).where(Municipality.slug == "maassluis"))
        if self.maassluis is None:
            raise RuntimeError("load the reference data first (flask load-reference-data)")
        self.areas = list(db.session.execute(
            sa.select(PostcodeArea, Neighbourhood)
            .join(Neighbourhood, PostcodeArea.neighbourhood_id == Neighbourhood.id)
            .where(PostcodeArea.municipality_id == self.maassluis.id, PostcodeArea.pc4 != "3140")
            .order_by(PostcodeArea.pc4, PostcodeArea.letters_from)))
        self.staff_id = db.session.scalar(sa.select(User.id).where(User.email == STAFF_EMAIL))
        self.version = current_statement()["version"]
        self.residents = [_id("resident", n) for n in range(1, RESIDENTS + 1)]
        self.intermediaries = [_id("intermediary", n) for n in range(1, INTERMEDIARIES + 1)]

    @cached_property
    def supporters(self) -> list:
        return [v.user_id for v in self.volunteers] + self.residents

    @cached_property
    def volunteers(self) -> list:
        # Loaded only when something is added: a second run (make run) stays quick.
        return _volunteer_pool()


def _volunteer_pool() -> list:
    """Demo volunteers (id, neighbourhood, paused, VOG valid, birth year), in a fixed order."""
    return list(db.session.execute(
        sa.select(VolunteerProfile.user_id, VolunteerProfile.neighbourhood_id, VolunteerProfile.paused,
                  VolunteerProfile.vog_status == "valid", VolunteerProfile.birth_year)
        .join(User, User.id == VolunteerProfile.user_id)
        .where(User.email.like(f"vrijwilliger-%@{DEMO_DOMAIN}")).order_by(User.email)))


