"""The service skeleton: health, OpenAPI, access policies, configuration and the error shape."""
import pytest
from flask_jwt_extended import current_user  # noqa: F401  (the app under test uses it)

from doemee.app import create_app
from backend.config import ConfigError, load_config
from backend.devdb import free_port
from mobile_api.auth import policy_of
from tests.conftest import app_config


def test_health_checks_the_database(client):
    r = client.get("/api/v1/health")
    assert r.status_code == 200
    assert r.get_json() == {"status": "ok", "database": "ok"}


def test_health_reports_an_unreachable_database_as_503():
    # A port nobody listens on: the database server is down.
    app = create_app(app_config(f"postgresql://postgres@127.0.0.1:{free_port()}/doemee"))
    r = app.test_client().get("/api/v1/health")
    assert r.status_code == 503
    assert r.mimetype == "application/problem+json"


def test_every_route_is_in_the_openapi_document(app, client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    base = spec["servers"][0]["url"]  # paths are relative to the server (/api/v1)
    documented = {(base + path, method.upper()) for path, ops in spec["paths"].items() for method in ops
                  if method in ("get", "post", "put", "patch", "delete")}
    missing = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint.startswith("api-docs."):
            continue
        if getattr(app.view_functions[rule.endpoint], "moved_to", None):
            continue  # a former URL that redirects (tests/engagements/test_calendar.py)
        path = rule.rule.replace("<", "{").replace(">", "}")
        path = path.replace("{uuid:", "{")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            if (path, method) not in documented:
                missing.append((method, path))
    assert missing == []
    assert len(documented) >= 20


def test_every_route_declares_an_access_policy(app):
    """Every route of the API (the pages declare theirs with web.access.page: tests/http/test_page_access.py)."""
    without = [rule.rule for rule in app.url_map.iter_rules()
               if rule.rule.startswith("/api/") and policy_of(app, rule.endpoint) is None]
    assert without == []


def test_a_route_without_policy_is_closed(fresh_database):
    app = create_app(app_config(fresh_database))

    @app.route("/api/v1/forgotten")
    def forgotten():
        return {"secret": True}

    r = app.test_client().get("/api/v1/forgotten")
    assert r.status_code == 403
    assert r.get_json()["type"].endswith("/forbidden")
    assert "secret" not in r.get_data(as_text=True)


@pytest.mark.logs_error
def test_an_unexpected_error_is_a_500_problem_without_stack_trace(fresh_database, caplog):
    from mobile_api.auth import access

    app = create_app(app_config(fresh_database))

    @app.route("/api/v1/boom")
    @access("public")
    def boom():
        raise RuntimeError("secret-detail anna@example.org")

    r = app.test_client().get("/api/v1/boom", headers={"Accept-Language": "en"})
    assert r.status_code == 500
    body = r.get_json()
    assert body["title"] == "Something went wrong on our side"
    text = r.get_data(as_text=True)
    assert "Traceback" not in text and "secret-detail" not in text
    # and the log names the error type but not its message (which may hold personal data)
    assert "RuntimeError" in caplog.text
    assert "anna@example.org" not in caplog.text


def test_unknown_path_404_and_wrong_method_405(client):
    r = client.get("/api/v1/no-such-thing")
    assert r.status_code == 404 and r.mimetype == "application/problem+json"
    r = client.delete("/api/v1/health")
    assert r.status_code == 405 and r.mimetype == "application/problem+json"
    assert "GET" in r.headers["Allow"]


def test_body_too_large_is_413(client):
    r = client.post("/api/v1/auth/login", data="x" * (65 * 1024), content_type="application/json")
    assert r.status_code == 413
    assert r.get_json()["type"].endswith("/payload-too-large")


def test_malformed_json_is_400(client):
    r = client.post("/api/v1/auth/login", data="{not json", content_type="application/json",
                    headers={"Accept-Language": "en"})
    assert r.status_code == 400
    assert r.get_json()["detail"] == "The body is not valid JSON."


def test_unknown_fields_are_rejected(client):
    r = client.post("/api/v1/auth/login", json={"email": "a@b.nl", "password": "x", "admin": True},
                    headers={"Accept-Language": "en"})
    assert r.status_code == 400
    assert r.get_json()["errors"] == {"admin": ["Unknown field."]}


def test_field_messages_in_dutch_and_english(client):
    body = {"email": "not-an-email", "display_name": "", "accepted_privacy_version": "x"}
    en = client.post("/api/v1/auth/register", json=body, headers={"Accept-Language": "en-GB,en;q=0.9"})
    nl = client.post("/api/v1/auth/register", json=body, headers={"Accept-Language": "nl-NL,nl;q=0.9"})
    assert en.status_code == nl.status_code == 400
    assert en.get_json()["title"] == "Your request contains invalid data"
    assert nl.get_json()["title"] == "Je verzoek bevat ongeldige gegevens"
    assert en.get_json()["errors"]["password"] == ["Missing data for required field."]
    assert nl.get_json()["errors"]["password"] == ["Verplicht veld ontbreekt."]
    assert nl.get_json()["errors"]["email"] == ["Geen geldig e-mailadres."]
    assert en.headers["Content-Language"] == "en" and nl.headers["Content-Language"] == "nl"


def test_page_size_is_capped(client):
    r = client.get("/api/v1/skills?limit=101", headers={"Accept-Language": "en"})
    assert r.status_code == 400
    assert "limit" in r.get_json()["errors"]
    assert client.get("/api/v1/skills?limit=100").status_code == 200


def test_configuration_is_validated_at_start():
    with pytest.raises(ConfigError, match="DOEMEE_PORT"):
        load_config(environ={"DOEMEE_PORT": "-1"})
    with pytest.raises(ConfigError, match="SECRET_KEY is required"):
        load_config(environ={"DOEMEE_ENV": "production"})
    with pytest.raises(ConfigError, match="unknown settings"):
        load_config({"NO_SUCH_THING": 1}, environ={})
    with pytest.raises(ConfigError, match="only PostgreSQL is supported"):
        load_config(environ={"DATABASE_URL": "mysql://x/y"})
    with pytest.raises(ConfigError, match="only PostgreSQL is supported"):
        load_config(environ={"DATABASE_URL": "sqlite:///instance/doemee.sqlite3"})
    config = load_config(environ={"DATABASE_URL": "postgres://u@h/db", "DOEMEE_PORT": "8080"})
    assert config["DATABASE_URL"] == "postgresql+psycopg://u@h/db"
    assert config["PORT"] == 8080
    with pytest.raises(TypeError):
        config["PORT"] = 1  # frozen after start


def test_the_app_does_not_start_without_a_database(monkeypatch):
    monkeypatch.delenv("DOEMEE_DATABASE_URL", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(ConfigError, match="DOEMEE_DATABASE_URL is not set"):
        create_app({"ENV": "test"})


def test_responses_are_checked_against_the_document(client):
    client.get("/api/v1/health")
    client.get("/api/v1/municipalities")
    assert client.checked == 2
