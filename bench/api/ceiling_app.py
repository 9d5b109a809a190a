"""The ceiling for the shift listing: a bare Flask app that answers one query over the same tables (issue 14).

Not part of DoeMee. ``GET /shifts?limit=N`` sends ONE statement (the open future shifts of published opportunities,
earliest first, with their opportunity, organisation and neighbourhood: the fields DoeMee's ``GET /api/v1/shifts``
returns) over one psycopg connection per worker (autocommit), builds the dicts in Python and ``json.dumps`` them:
``{"items": [...], "next_cursor": null}``. No authentication, no ORM, no schema: what is left is Flask, the WSGI
server, one round trip and the JSON. DoeMee's listing is compared with it under the same gunicorn settings
(bench/api/bench_alternate.py); ``GET /shifts-sqljson`` (the JSON built by PostgreSQL) is a still higher ceiling,
for reference only.

    DOEMEE_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/<db> \
        .venv/bin/gunicorn -w 2 -k sync -b 127.0.0.1:8091 --chdir bench/api ceiling_app:app
"""
from __future__ import annotations

import json
import os

import psycopg
from flask import Flask, Response, request

app = Flask(__name__)
_conn: list[psycopg.Connection] = []

COLUMNS = ("s.id, s.starts_at, s.ends_at, s.capacity, s.accepted_count, s.status, o.id, o.kind, o.title, "
           "o.category, o.remote, o.organisation_id, org.name, n.slug, n.name, n.district")
FROM = """
  FROM shifts s
  JOIN opportunities o ON o.id = s.opportunity_id
  LEFT JOIN neighbourhoods n ON n.id = o.neighbourhood_id
  LEFT JOIN organisations org ON org.id = o.organisation_id
  WHERE s.status = 'open' AND s.starts_at > now() AND o.status = 'published'
  ORDER BY s.starts_at, s.id
  LIMIT %s"""
QUERY = f"SELECT {COLUMNS} {FROM}"
# The same page with its JSON built by PostgreSQL (GET /shifts-sqljson): a still higher ceiling, for reference.
SQL_JSON_QUERY = f"""
SELECT coalesce(json_agg(json_build_object(
    'id', id, 'starts_at', starts_at, 'ends_at', ends_at, 'capacity', capacity,
    'free_places', greatest(0, capacity - accepted_count), 'status', status,
    'opportunity', json_build_object('id', oid, 'kind', kind, 'title', title, 'category', category,
                                     'remote', remote),
    'organisation', CASE WHEN organisation_id IS NULL THEN NULL
                         ELSE json_build_object('id', organisation_id, 'name', org_name) END,
    'neighbourhood', CASE WHEN slug IS NULL THEN NULL
                          ELSE json_build_object('slug', slug, 'name', hood_name, 'district', district) END,
    'distance_km', NULL) ORDER BY starts_at, id), '[]'::json)::text
FROM (SELECT s.id, s.starts_at, s.ends_at, s.capacity, s.accepted_count, s.status, o.id AS oid, o.kind, o.title,
             o.category, o.remote, o.organisation_id, org.name AS org_name, n.slug, n.name AS hood_name, n.district
      {FROM}) page
"""


def _connection() -> psycopg.Connection:
    if not _conn:  # one per worker process, opened on its first request (after gunicorn's fork)
        _conn.append(psycopg.connect(os.environ["DOEMEE_DATABASE_URL"], autocommit=True))
    return _conn[0]


def _limit() -> int:
    return min(max(int(request.args.get("limit", 20)), 1), 100)


@app.get("/shifts")
def shifts():
    rows = _connection().execute(QUERY, (_limit(),)).fetchall()
    items = [{"id": str(sid), "starts_at": starts.isoformat(), "ends_at": ends.isoformat(), "capacity": capacity,
              "free_places": max(0, capacity - accepted), "status": status,
              "opportunity": {"id": str(oid), "kind": kind, "title": title, "category": category, "remote": remote},
              "organisation": {"id": str(org_id), "name": org_name} if org_id else None,
              "neighbourhood": {"slug": slug, "name": hood, "district": district} if slug else None,
              "distance_km": None}
             for (sid, starts, ends, capacity, accepted, status, oid, kind, title, category, remote, org_id, org_name,
                  slug, hood, district) in rows]
    return Response(json.dumps({"items": items, "next_cursor": None}), mimetype="application/json")


@app.get("/shifts-sqljson")
def shifts_sql_json():
    items = _connection().execute(SQL_JSON_QUERY, (_limit(),)).fetchone()[0]
    return Response('{"items": ' + items + ', "next_cursor": null}', mimetype="application/json")
