"""The region seed: 10x Maassluis (150,000 volunteers, 20,000 vacancies over Maassluis, Vlaardingen and Schiedam).

Not part of ``make run`` and not a test: a benchmark fixture, PostgreSQL only. It copies a database that already
holds the full Maassluis demo (``flask seed-demo``: 15,000 volunteers, 2,000 vacancies) with ``CREATE DATABASE
... TEMPLATE`` and adds, in set-based SQL inside PostgreSQL (no row goes through Python; about a minute on 2 cores):

- 135,000 volunteers (65,000 in Vlaardingen, 70,000 in Schiedam), each a clone of a demo volunteer (skills, weekly
  availability, radius, languages, interests, preference, VOG, birth year) living in a neighbourhood of the new
  municipality (its centroid with a jitter of ~300 m, a postcode of that neighbourhood), with an account (the demo's
  password) and the volunteer role;
- 2,700 organisations and 18,000 vacancies (8,000 in Vlaardingen, 10,000 in Schiedam), each a clone of a demo vacancy, with clones
  of its upcoming shifts (start moved by 0-55 minutes, nobody signed up yet).

Maassluis itself stays as the demo made it, so a Maassluis request at 1x and at 10x shows whether any cost grows
with the whole database; Schiedam (4.7x Maassluis) shows how a cost grows with the size of one municipality. The
new volunteers have no engagement history (the demo's history stays in Maassluis). Ends with ANALYZE and new
change markers (the matching tables of any running worker are rebuilt).

    .venv/bin/python bench/scale/seed_region.py --source doemee_h14b_bench --target doemee_h14b_region
"""
from __future__ import annotations

import argparse
import time

import psycopg

VOLUNTEERS = {"vlaardingen": 65000, "schiedam": 70000}
# Copies of the 2,000 demo vacancies (and their 300 organisations) per new municipality: 8,000 + 10,000.
VACANCY_COPIES = {"vlaardingen": 4, "schiedam": 5}

STEPS = [
    ("templates", """
        CREATE TEMP TABLE tmpl AS
        SELECT row_number() OVER (ORDER BY p.user_id) - 1 AS n, p.user_id
        FROM volunteer_profiles p JOIN municipalities m ON m.id = p.municipality_id WHERE m.slug = 'maassluis';
        CREATE TEMP TABLE hoods AS
        SELECT row_number() OVER (PARTITION BY n.municipality_id ORDER BY n.slug) - 1 AS n, n.id, n.municipality_id,
               m.slug, n.latitude, n.longitude,
               (SELECT pc4 || letters_from FROM postcode_areas a WHERE a.neighbourhood_id = n.id
                ORDER BY pc4, letters_from LIMIT 1) AS postcode,
               count(*) OVER (PARTITION BY n.municipality_id) AS hoods
        FROM neighbourhoods n JOIN municipalities m ON m.id = n.municipality_id
        WHERE m.slug IN ('vlaardingen', 'schiedam');
    """),
    ("new volunteers", """
        CREATE TEMP TABLE nu AS
        SELECT g AS i, gen_random_uuid() AS id, t.user_id AS tmpl,
               CASE WHEN g < %(vlaardingen)s THEN 'vlaardingen' ELSE 'schiedam' END AS slug
        FROM generate_series(0, %(total)s - 1) g JOIN tmpl t ON t.n = g %% (SELECT count(*) FROM tmpl);
        CREATE TEMP TABLE nv AS
        SELECT nu.*, h.id AS hood, h.municipality_id, h.latitude + (random() - 0.5) * 0.006 AS lat,
               h.longitude + (random() - 0.5) * 0.009 AS lon, h.postcode
        FROM nu JOIN hoods h ON h.slug = nu.slug AND h.n = nu.i %% h.hoods;
    """),
    ("users", """
        INSERT INTO users (id, email, password_hash, display_name, locale, created_at, updated_at)
        SELECT nv.id, 'regio-' || lpad(nv.i::text, 6, '0') || '@bench.doemee.invalid', u.password_hash,
               u.display_name, u.locale, now() at time zone 'utc', now() at time zone 'utc'
        FROM nv JOIN users u ON u.id = nv.tmpl;
        INSERT INTO role_grants (id, user_id, role, municipality_id, created_at)
        SELECT gen_random_uuid(), nv.id, 'volunteer', NULL, now() at time zone 'utc' FROM nv;
    """),
    ("profiles", """
        INSERT INTO volunteer_profiles (user_id, municipality_id, neighbourhood_id, postcode, latitude, longitude,
            travel_radius_km, languages, interests, preference, max_commitments_per_month, paused, birth_year,
            vog_status, vog_valid_until, created_at, updated_at)
        SELECT nv.id, nv.municipality_id, nv.hood, nv.postcode, nv.lat, nv.lon, p.travel_radius_km, p.languages,
               p.interests, p.preference, p.max_commitments_per_month, p.paused, p.birth_year,
               CASE WHEN p.vog_status = 'valid' THEN 'valid' ELSE 'none' END,
               CASE WHEN p.vog_status = 'valid' THEN p.vog_valid_until END,
               now() at time zone 'utc', now() at time zone 'utc'
        FROM nv JOIN volunteer_profiles p ON p.user_id = nv.tmpl;
        INSERT INTO profile_skills (user_id, skill_code, level)
        SELECT nv.id, s.skill_code, s.level FROM nv JOIN profile_skills s ON s.user_id = nv.tmpl;
        INSERT INTO availability_slots (id, user_id, weekday, start_minute, end_minute)
        SELECT gen_random_uuid(), nv.id, a.weekday, a.start_minute, a.end_minute
        FROM nv JOIN availability_slots a ON a.user_id = nv.tmpl;
    """),
    ("organisations", """
        CREATE TEMP TABLE copies AS
        SELECT h.slug, h.municipality_id, c AS copy FROM (SELECT DISTINCT slug, municipality_id FROM hoods) h
        CROSS JOIN LATERAL generate_series(1, CASE h.slug WHEN 'vlaardingen' THEN %(copies_vlaardingen)s
                                                          ELSE %(copies_schiedam)s END) c;
        CREATE TEMP TABLE org_map AS
        SELECT o.id AS old_id, gen_random_uuid() AS id, c.municipality_id, c.slug, c.copy, o.name
        FROM organisations o JOIN municipalities m ON m.id = o.municipality_id AND m.slug = 'maassluis'
        CROSS JOIN copies c;
        INSERT INTO organisations (id, municipality_id, name, description, website, verified_at, reminder_hours,
                                   created_at, updated_at)
        SELECT om.id, om.municipality_id, left(o.name || ' ' || om.slug || ' ' || om.copy, 120), o.description,
               o.website, o.verified_at, o.reminder_hours, o.created_at, o.updated_at
        FROM org_map om JOIN organisations o ON o.id = om.old_id;
    """),
    ("vacancies", """
        CREATE TEMP TABLE opp_map AS
        SELECT o.id AS old_id, gen_random_uuid() AS id, om.id AS org, om.municipality_id, om.slug, om.copy,
               row_number() OVER (PARTITION BY om.slug ORDER BY o.id, om.copy) AS k
        FROM opportunities o JOIN org_map om ON om.old_id = o.organisation_id WHERE o.kind = 'vacancy';
        INSERT INTO opportunities (id, municipality_id, kind, organisation_id, initiative_id, title, description,
            category, required_skills, nice_skills, remote, postcode, neighbourhood_id, latitude, longitude,
            max_distance_km, requires_vog, min_age, languages, commitment, recurrence, status, created_by,
            published_at, created_at, updated_at)
        SELECT m.id, m.municipality_id, o.kind, m.org, NULL, o.title, o.description, o.category, o.required_skills,
               o.nice_skills, o.remote, h.postcode, h.id, h.latitude + (random() - 0.5) * 0.004,
               h.longitude + (random() - 0.5) * 0.006, o.max_distance_km, o.requires_vog, o.min_age, o.languages,
               o.commitment, o.recurrence, o.status, NULL, o.published_at, o.created_at, o.updated_at
        FROM opp_map m JOIN opportunities o ON o.id = m.old_id
        JOIN hoods h ON h.slug = m.slug AND h.n = m.k %% h.hoods;
    """),
    ("shifts", """
        INSERT INTO shifts (id, opportunity_id, starts_at, ends_at, capacity, accepted_count, status, checkin_code,
                            created_at, updated_at)
        SELECT gen_random_uuid(), m.id, s.starts_at + make_interval(mins => ((m.k * 5) %% 60)::int),
               s.ends_at + make_interval(mins => ((m.k * 5) %% 60)::int), s.capacity, 0, s.status,
               upper(substr(md5(random()::text), 1, 6)), s.created_at, s.updated_at
        FROM opp_map m JOIN shifts s ON s.opportunity_id = m.old_id
        WHERE s.starts_at > now() at time zone 'utc';
    """),
    ("markers", """
        INSERT INTO matching_markers (municipality_id, demand_token, volunteer_token)
        SELECT id, md5(random()::text), md5(random()::text) FROM municipalities
        ON CONFLICT (municipality_id) DO UPDATE SET demand_token = excluded.demand_token,
                                                    volunteer_token = excluded.volunteer_token;
    """),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", required=True, help="a database with the full Maassluis demo")
    parser.add_argument("--target", required=True, help="dropped and created as a copy of --source")
    parser.add_argument("--host", default="127.0.0.1")
    options = parser.parse_args()
    admin = f"postgresql://postgres@{options.host}:5432/postgres"
    started = time.monotonic()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{options.target}"')
        conn.execute(f'CREATE DATABASE "{options.target}" TEMPLATE "{options.source}"')
    print(f"copy of {options.source}: {time.monotonic() - started:.1f} s", flush=True)
    params = {"vlaardingen": VOLUNTEERS["vlaardingen"], "total": sum(VOLUNTEERS.values()),
              "copies_vlaardingen": VACANCY_COPIES["vlaardingen"], "copies_schiedam": VACANCY_COPIES["schiedam"]}
    with psycopg.connect(f"postgresql://postgres@{options.host}:5432/{options.target}") as conn:
        for label, sql in STEPS:
            step = time.monotonic()
            for statement in (s for s in sql.split(";\n") if s.strip()):
                conn.execute(statement.replace("%%", "%") if "%(" not in statement else statement,
                             params if "%(" in statement else None)
            print(f"{label}: {time.monotonic() - step:.1f} s", flush=True)
        conn.commit()
    with psycopg.connect(f"postgresql://postgres@{options.host}:5432/{options.target}", autocommit=True) as conn:
        step = time.monotonic()
        conn.execute("ANALYZE")
        print(f"analyze: {time.monotonic() - step:.1f} s", flush=True)
        for row in conn.execute("""
                SELECT m.slug, (SELECT count(*) FROM volunteer_profiles p WHERE p.municipality_id = m.id),
                       (SELECT count(*) FROM opportunities o WHERE o.municipality_id = m.id AND o.kind = 'vacancy'),
                       (SELECT count(*) FROM shifts s JOIN opportunities o ON o.id = s.opportunity_id
                        WHERE o.municipality_id = m.id AND s.status = 'open' AND s.starts_at > now() at time zone 'utc')
                FROM municipalities m ORDER BY m.slug"""):
            print(f"{row[0]}: {row[1]} volunteers, {row[2]} vacancies, {row[3]} open upcoming shifts")
    print(f"total: {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
