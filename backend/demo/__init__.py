"""The Maassluis demo data behind ``flask seed-demo`` (and ``make run``), in the order it is seeded:

- people.py: demo volunteers with profiles, and the staff account;
- vacancies.py: organisations, their coordinators and vacancies with shifts;
- community.py: residents and wijkteam workers, then initiatives and requests for help
  (initiatives_and_help.py) and the engagement history on the vacancies' shifts (history.py); common.py holds
  what those share.

Deterministic and idempotent: see each module. The demo sits on top of every feature; no feature imports it.
"""
from backend.demo.people import DEMO_DOMAIN, DEMO_PASSWORD, STAFF_EMAIL, seed_demo  # noqa: F401  (bench/, cli)
