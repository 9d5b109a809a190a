"""Input that once crashed the API (500) gets a precise problem+json 4xx and changes nothing: NUL characters, lone
surrogates, absurdly nested JSON, dates outside any sensible range, and fractions where integers belong."""
import json
import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa

from backend.accounts.models import User
from backend.organisations.models import Organisation
from tests.opportunities.helpers import API, at, organisation, staff_of, vacancy
from tests.campaigns.helpers import create_campaign, now, period
from tests.support import register, volunteer

pytestmark = pytest.mark.any_hour  # the same at any hour: the clock runs leave it to the real-hour run

EN = {"Accept-Language": "en"}
NUL = "Contains a NUL character (\\u0000), which is not allowed."
SURROGATE = "Contains an invalid character (a lone UTF-16 surrogate)."
YEARS = "Use a year from 1900 to 2999."


def _errors(response, status=400) -> dict:
    assert response.status_code == status, response.get_json()
    assert response.mimetype == "application/problem+json"
    return response.get_json().get("errors", {})


@pytest.mark.parametrize("bad,message", [("a\u0000@b.nl", NUL), ("a\ud800@b.nl", SURROGATE)])
def test_a_login_with_an_unstorable_email_is_refused_per_field(client, bad, message):
    r = client.post(f"{API}/auth/login", json={"email": bad, "password": "x"}, headers=EN)
    assert _errors(r) == {"email": [message]}
    # The rate limiter (keyed by the e-mail) did not break on it: the next login is answered as usual.
    r = client.post(f"{API}/auth/login", json={"email": "niemand@example.org", "password": "x"})
    assert r.status_code == 401


def test_nul_in_a_query_string_or_a_path_segment(client):
    r = client.get(f"{API}/shifts?neighbourhood=a%00b", headers=EN)
    assert _errors(r) == {"neighbourhood": [NUL]}
    assert client.get(f"{API}/municipalities/a%00b/neighbourhoods").status_code == 404
    assert client.get(f"{API}/municipalities/maassluis/neighbourhoods").status_code == 200


def test_nul_in_a_password_reset_request(client):
    r = client.post(f"{API}/auth/password-reset", json={"email": "anna\u0000@example.org"}, headers=EN)
    assert _errors(r) == {"email": [NUL]}


@pytest.mark.parametrize("bad,message", [("Anna\u0000", NUL), ("Anna\udfff", SURROGATE)])
def test_an_unstorable_display_name_changes_nothing(client, db_session, bad, message):
    anna = volunteer(client)
    r = client.patch(f"{API}/me/profile", json={"display_name": bad}, token=anna.token, headers=EN)
    assert _errors(r) == {"display_name": [message]}
    assert client.get(f"{API}/me", token=anna.token).get_json()["display_name"] == "Anna"
    r = client.post(f"{API}/auth/register", headers=EN,
                    json={"email": "bob@example.org", "password": "lange-wandeling-langs-de-waterweg",
                          "display_name": bad, "accepted_privacy_version": "x"})
    assert _errors(r)["display_name"] == [message]
    assert db_session.scalar(sa.select(User).where(User.email == "bob@example.org")) is None


@pytest.mark.parametrize("bad,message", [("Club\u0000", NUL), ("Club\ud800", SURROGATE)])
def test_an_unstorable_organisation_name_creates_nothing(client, db_session, bad, message):
    anna = register(client)
    r = client.post(f"{API}/organisations", token=anna.token, headers=EN,
                    json={"name": bad, "municipality": "maassluis"})
    assert _errors(r) == {"name": [message]}
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 0


def test_nested_values_and_keys_are_named_by_their_path(client):
    anna = volunteer(client)
    r = client.patch(f"{API}/me/profile", json={"languages": ["nl", "e\u0000n"], "b\u0000d": 1},
                     token=anna.token, headers=EN)
    assert _errors(r) == {"languages.1": [NUL], "'b\\x00d'": [NUL]}


@pytest.mark.parametrize("path", ["/auth/login", "/me/profile"])
def test_json_nested_20000_levels_deep_is_a_bad_request(client, path):
    anna = volunteer(client)
    deep = "[" * 20_000 + "]" * 20_000  # 40 kB: under the size cap
    body = '{"email": ' + deep + ', "password": "x"}' if path == "/auth/login" else '{"display_name": ' + deep + "}"
    r = client.open("PATCH" if path == "/me/profile" else "POST", API + path, data=body,
                    content_type="application/json", token=anna.token, headers=EN)
    assert r.status_code == 400, r.get_json()
    assert r.get_json()["detail"] == "The body is nested more than 32 levels deep."
    # Not deep enough to crash the parser, still deeper than any request needs.
    r = client.post(f"{API}/auth/login", data=json.dumps({"email": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],
                                                          "password": "x"}),
                    content_type="application/json", headers=EN)
    assert r.status_code == 400
    assert client.get(f"{API}/me/profile", token=anna.token).get_json()["display_name"] == "Anna"


def test_a_shift_far_in_the_future_or_the_past_is_refused(client, cli):
    coordinator, org_id = organisation(client, cli)
    opportunity = vacancy(client, coordinator, org_id)
    path = f"{API}/opportunities/{opportunity['id']}/shifts"
    r = client.post(path, token=coordinator.token, headers=EN,
                    json={"starts_at": "9999-12-31T20:00:00-12:00", "ends_at": "9999-12-31T22:00:00-12:00",
                          "capacity": 2})
    assert _errors(r) == {"starts_at": [YEARS], "ends_at": [YEARS]}
    r = client.post(path, token=coordinator.token, headers=EN,
                    json={"starts_at": "0001-01-01T08:00:00+14:00", "ends_at": "0001-01-01T10:00:00+14:00",
                          "capacity": 2})
    assert _errors(r) == {"starts_at": [YEARS], "ends_at": [YEARS]}
    assert client.get(f"{API}/shifts?opportunityId={opportunity['id']}&from=9999-01-01").status_code == 400
    listed = client.get(f"{API}/shifts?limit=100", token=coordinator.token).get_json()["items"]
    assert not [s for s in listed if s["starts_at"].startswith(("9999", "0001"))]


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_listing_shifts_from_a_day_out_of_range(client, day):
    assert _errors(client.get(f"{API}/shifts?from={day}", headers=EN)) == {"from": [YEARS]}
    assert _errors(client.get(f"{API}/shifts?to={day}", headers=EN)) == {"to": [YEARS]}


def test_a_campaign_in_year_one_is_refused(client, cli):
    staff = staff_of(client, cli)
    body = {"municipality": "maassluis", "name": "Maassluis bedankt", "year": 2026,
            "opens_at": "0001-01-01T00:00:00+14:00", "closes_at": (now() + timedelta(days=14)).isoformat(),
            "eligibility": {"min_approved_hours": 1, **period()}, "budget_per_volunteer_cents": 2500}
    assert _errors(client.post(f"{API}/campaigns", json=body, token=staff.token, headers=EN)) == {"opens_at": [YEARS]}
    campaign = create_campaign(client, staff, eligibility={"min_approved_hours": 1, **period()})
    r = client.patch(f"{API}/campaigns/{campaign['id']}", json={"closes_at": "9999-12-31T23:00:00-12:00"},
                     token=staff.token, headers=EN)
    assert _errors(r) == {"closes_at": [YEARS]}


@pytest.mark.parametrize("start,end", [("0001-01-01T00:00:00+14:00", "0001-01-08T00:00:00+14:00"),
                                       ("9999-12-20T00:00:00+00:00", "9999-12-31T23:59:59-12:00")])
def test_a_matching_run_out_of_range_is_refused(client, cli, start, end):
    staff = staff_of(client, cli)
    r = client.post(f"{API}/matching/runs", token=staff.token, headers=EN,
                    json={"municipality": "maassluis", "period_start": start, "period_end": end, "dry_run": True})
    assert _errors(r) == {"period_start": [YEARS], "period_end": [YEARS]}


@pytest.mark.parametrize("capacity", [1.5, 2.0, True])
def test_a_capacity_is_a_whole_number(client, cli, capacity):
    coordinator, org_id = organisation(client, cli)
    opportunity = vacancy(client, coordinator, org_id)
    starts = at()
    r = client.post(f"{API}/opportunities/{opportunity['id']}/shifts", token=coordinator.token, headers=EN,
                    json={"starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=2)).isoformat(),
                          "capacity": capacity})
    assert _errors(r) == {"capacity": ["Not a valid integer."]}
    r = client.get(f"{API}/shifts?limit=1.5", headers=EN)
    assert _errors(r) == {"limit": ["Not a valid integer."]}
    assert client.get(f"{API}/shifts?limit=2").status_code == 200


def _resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _operations(spec: dict):
    """(full path, method, operation with the path item's parameters): paths in the document are relative to its
    server (/api/v1)."""
    base = spec.get("servers", [{"url": ""}])[0]["url"]
    for relative, item in spec["paths"].items():
        path = relative if relative.startswith(API + "/") else base + relative
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                parameters = item.get("parameters", []) + operation.get("parameters", [])
                yield path, method, {**operation, "parameters": parameters}


@pytest.mark.parametrize("bad,message", [("a\u0000", NUL), ("a\ud800", SURROGATE)])
def test_every_string_of_every_operation_refuses_unstorable_text(client, cli, bad, message):
    """Each operation of the document, with every string field of its body and every string query parameter set to
    text the database cannot hold: a 400 naming each of those fields, never a 500 (or a success)."""
    spec = client.get(f"{API}/openapi.json").get_json()
    staff = staff_of(client, cli)
    tried = 0
    for path, method, operation in _operations(spec):
        url = path
        for name in [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]:
            url = url.replace("{" + name + "}", "maassluis" if name == "slug" else "00000000-0000-0000-0000-000000000000")
        # A URL cannot carry a lone surrogate (it is not UTF-8): those go in bodies only.
        query = {p["name"]: bad for p in operation.get("parameters", []) if bad == "a\u0000"
                 and p["in"] == "query" and p["schema"].get("type") == "string" and "enum" not in p["schema"]}
        body = None
        if "requestBody" in operation:
            schema = _resolve(spec, operation["requestBody"]["content"]["application/json"]["schema"])
            body = {name: bad for name, prop in schema.get("properties", {}).items()
                    if not prop.get("readOnly") and _resolve(spec, prop).get("type") == "string"}
        if not query and not body:
            continue
        r = client.open(method.upper(), url, query_string=query, json=body, token=staff.token, headers=EN)
        assert r.status_code == 400, (method, path, r.status_code, r.get_json())
        assert r.get_json()["errors"] == {name: [message] for name in {**query, **(body or {})}}, (method, path)
        tried += 1
    assert tried > 30


def test_a_nul_in_any_text_path_segment_is_not_found(client, cli):
    spec = client.get(f"{API}/openapi.json").get_json()
    staff = staff_of(client, cli)
    tried = 0
    for path, method, operation in _operations(spec):
        texts = [p["name"] for p in operation.get("parameters", [])
                 if p["in"] == "path" and p["schema"].get("format") != "uuid"]
        if not texts:
            continue
        url = path
        for p in operation["parameters"]:
            if p["in"] == "path":
                url = url.replace("{" + p["name"] + "}", "a%00b" if p["name"] in texts else str(uuid.uuid4()))
        r = client.open(method.upper(), url, token=staff.token, json={} if method in ("post", "put", "patch") else None)
        assert r.status_code == 404, (method, path, r.status_code, r.get_json())
        tried += 1
    assert tried >= 5
