"""OPTIONS is answered on every route (it was a 500 on protected ones); CORS headers go only to the origins in
DOEMEE_CORS_ORIGINS (none by default); the OpenAPI document is readable from any origin."""
import uuid

import pytest

from doemee.app import create_app
from backend.config import ConfigError, load_config
from tests.conftest import app_config
from tests.support import ApiClient, register

ALLOWED = "https://app.maassluis.nl"
OTHER = "https://evil.example"
_SAMPLE = {"UUIDConverter": str(uuid.uuid4()), "IntegerConverter": 1, "UnicodeConverter": "x", "PathConverter": "x"}


@pytest.fixture(scope="module")
def cors_app(new_database):
    from backend.extensions import db

    app = create_app(app_config(new_database(), CORS_ORIGINS=f"{ALLOWED}, https://beheer.example"))
    yield app
    with app.app_context():
        db.engine.dispose()


def _urls(app):
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        values = {name: _SAMPLE[type(conv).__name__] for name, conv in rule._converters.items()}
        yield rule, adapter.build(rule.endpoint, values, method=next(iter(rule.methods - {"HEAD", "OPTIONS"})))


def test_options_on_every_route_is_answered_never_500(app):
    client = app.test_client()
    answered = 0
    for rule, url in _urls(app):
        r = client.open(url, method="OPTIONS", headers={"Origin": OTHER, "Access-Control-Request-Method": "GET"})
        assert r.status_code in (200, 204), (url, r.status_code, r.data[:200])
        assert set(r.headers["Allow"].split(", ")) >= rule.methods - {"HEAD"}, url
        # no origin is allowed by default: the browser will not let another page read the API
        if not url.endswith("/openapi.json"):
            assert "Access-Control-Allow-Origin" not in r.headers, url
        answered += 1
    assert answered > 100


def test_preflight_from_an_allowed_origin_names_the_methods_and_headers(cors_app):
    r = cors_app.test_client().open("/api/v1/admin/jobs", method="OPTIONS", headers={
        "Origin": ALLOWED, "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization, accept-language, content-type, idempotency-key, x-other"})
    assert r.status_code == 200
    assert r.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert "GET" in r.headers["Access-Control-Allow-Methods"]
    # the headers asked for that the API accepts (flask-cors names those asked for, not all it would accept)
    allowed_headers = {h.strip().lower() for h in r.headers["Access-Control-Allow-Headers"].split(",")}
    assert allowed_headers == {"authorization", "content-type", "accept-language", "idempotency-key"}
    assert int(r.headers["Access-Control-Max-Age"]) > 0
    assert "Origin" in r.headers["Vary"]


def test_preflight_from_another_origin_gets_no_cors_headers(cors_app):
    r = cors_app.test_client().open("/api/v1/me", method="OPTIONS", headers={
        "Origin": OTHER, "Access-Control-Request-Method": "GET"})
    assert r.status_code == 200
    assert not [h for h in r.headers.keys() if h.startswith("Access-Control-")]


def test_requests_from_an_allowed_origin_may_read_the_answer_and_its_headers(cors_app):
    client = ApiClient(cors_app)
    r = client.get("/api/v1/municipalities", headers={"Origin": ALLOWED})
    assert r.status_code == 200
    assert r.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert "API-Version" in r.headers["Access-Control-Expose-Headers"]
    person = register(client)
    r = client.get("/api/v1/me", token=person.token, headers={"Origin": "https://beheer.example"})
    assert r.status_code == 200 and r.headers["Access-Control-Allow-Origin"] == "https://beheer.example"
    r = client.get("/api/v1/me", token=person.token, headers={"Origin": OTHER})
    assert r.status_code == 200 and "Access-Control-Allow-Origin" not in r.headers
    assert "Access-Control-Allow-Credentials" not in r.headers  # bearer tokens, never cookies


def test_the_openapi_document_is_readable_from_any_origin(app, cors_app):
    for application in (app, cors_app):
        client = application.test_client()
        for headers in ({}, {"Origin": OTHER}):
            r = client.get("/api/v1/openapi.json", headers=headers)
            assert r.status_code == 200 and r.headers["Access-Control-Allow-Origin"] == "*"
        r = client.open("/api/v1/openapi.json", method="OPTIONS",
                        headers={"Origin": OTHER, "Access-Control-Request-Method": "GET"})
        assert r.status_code == 200 and r.headers["Access-Control-Allow-Origin"] == "*"


def test_cors_origins_setting_is_checked():
    config = load_config(environ={"DOEMEE_ENV": "test", "DOEMEE_CORS_ORIGINS": f"{ALLOWED}/, http://localhost:8081"})
    assert config["CORS_ORIGINS"] == (ALLOWED, "http://localhost:8081")
    assert load_config(environ={"DOEMEE_ENV": "test"})["CORS_ORIGINS"] == ()
    for bad in ("app.maassluis.nl", "https://app.maassluis.nl/path", "ftp://x.nl"):
        with pytest.raises(ConfigError, match="DOEMEE_CORS_ORIGINS"):
            load_config(environ={"DOEMEE_ENV": "test", "DOEMEE_CORS_ORIGINS": bad})
