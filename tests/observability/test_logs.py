"""Every request gets an id (the client's X-Request-ID when it is safe, else a new one), echoed in the answer; its
one log line holds the id, route, status, duration and user id, and in production is one line of JSON, never with
a name or an e-mail address."""
import json
import logging
import re
import sys

import pytest
import sqlalchemy as sa

from backend.accounts.models import User
from backend.devdb import free_port
from backend.observability.logs import JsonFormatter
from tests.support import ApiClient, register

pytestmark = pytest.mark.any_hour  # reads no clock: the clock runs leave it to the real-hour run

SAFE_ID = re.compile(r"[0-9a-f]{32}")


def _request_lines(caplog):
    return [r for r in caplog.records if r.name == "doemee.request"]


def test_a_safe_request_id_is_kept_and_echoed(client):
    r = client.get("/api/v1/municipalities", headers={"X-Request-ID": "lb-7f3a:42.x_y"})
    assert r.headers["X-Request-ID"] == "lb-7f3a:42.x_y"


@pytest.mark.parametrize("given", ["a" * 65, "has space", "<script>", "semi;colon", "é", ""])
def test_an_unsafe_or_missing_request_id_is_replaced(client, given):
    r = client.get("/api/v1/municipalities", headers={"X-Request-ID": given} if given else {})
    assert SAFE_ID.fullmatch(r.headers["X-Request-ID"])


def test_errors_and_pages_get_an_id_too(client, browser):
    r = client.get("/api/v1/opportunities/not-a-uuid")
    assert r.status_code == 404 and SAFE_ID.fullmatch(r.headers["X-Request-ID"])
    assert SAFE_ID.fullmatch(browser.get("/").headers["X-Request-ID"])
    two = {client.get("/health/live").headers["X-Request-ID"] for _ in range(2)}
    assert len(two) == 2  # a new one per request


def test_the_request_line_of_a_signed_in_user_holds_ids_and_no_personal_data(client, caplog):
    person = register(client, display_name="Wilhelmina Zonneveld")
    caplog.set_level(logging.INFO, logger="doemee.request")
    caplog.clear()  # only this request's lines (the level may be INFO already: registering logged lines too)
    r = client.get("/api/v1/me/profile", token=person.token, headers={"X-Request-ID": "trace-1"})
    assert r.status_code in (200, 404)
    [record] = _request_lines(caplog)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    fields = json.loads(line)
    assert fields["request_id"] == "trace-1" and fields["user_id"] == person.id
    assert fields["method"] == "GET" and fields["route"] == "/api/v1/me/profile"
    assert fields["status"] == r.status_code and fields["duration_ms"] >= 0
    assert fields["level"] == "INFO" and fields["logger"] == "doemee.request"
    assert person.email not in line and "Wilhelmina" not in line and "Zonneveld" not in line


def test_a_page_request_names_the_signed_in_user_by_id(browser, db_session, caplog):
    email = browser.register(name="Gerrit Papier")
    user_id = db_session.scalar(sa.select(User.id).where(User.email == email))
    caplog.set_level(logging.INFO, logger="doemee.request")
    caplog.clear()
    assert browser.get("/mijn").status_code == 200
    [record] = _request_lines(caplog)
    line = JsonFormatter().format(record)
    assert record.route == "/mijn" and json.loads(line)["user_id"] == str(user_id)
    assert email not in line and "Gerrit" not in line and "Papier" not in line


def test_an_exception_is_logged_by_type_and_place_not_by_its_message():
    address = "anna" + "@example.org"  # what a person typed (the stack shows source lines, not values)
    try:
        raise ValueError(f"could not reach {address}")
    except ValueError:
        record = logging.LogRecord("doemee.test", logging.WARNING, __file__, 1, "failed", (), sys.exc_info())
    fields = json.loads(JsonFormatter().format(record))
    assert fields["exception"] == "ValueError" and "test_logs.py" in fields["stack"]
    assert "anna" not in json.dumps(fields)


@pytest.fixture
def json_logs():
    """An app made with LOG_FORMAT=json puts its handler on the root logger: taken off after the test."""
    yield
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "doemee_json", False)]:
        root.removeHandler(handler)


def test_production_writes_one_json_line_per_request_to_stderr(app_with, json_logs, capsys):
    json_app = app_with(LOG_FORMAT="json")  # (production's default: DOEMEE_LOG_FORMAT=auto)
    client = ApiClient(json_app)
    person = register(client, display_name="Wilhelmina Zonneveld")
    client.get("/api/v1/me/profile", token=person.token)
    err = capsys.readouterr().err
    lines = [json.loads(line) for line in err.splitlines()]  # every line is JSON
    mine = [f for f in lines if f.get("route") == "/api/v1/me/profile"]
    assert len(mine) == 1 and mine[0]["user_id"] == person.id and mine[0]["request_id"]
    assert person.email not in err and "Zonneveld" not in err


def test_every_line_of_a_request_carries_its_id(own_app, json_logs, capsys):
    # A database that is down: the error handling logs a warning while the request is handled.
    json_app = own_app(f"postgresql://postgres@127.0.0.1:{free_port()}/doemee", LOG_FORMAT="json")
    r = json_app.test_client().get("/api/v1/municipalities", headers={"X-Request-ID": "trace-db"})
    assert r.status_code == 503
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    by_logger = {f["logger"]: f for f in lines}
    assert by_logger["doemee.errors"]["level"] == "WARNING" and by_logger["doemee.errors"]["request_id"] == "trace-db"
    assert by_logger["doemee.request"]["request_id"] == "trace-db" and by_logger["doemee.request"]["status"] == 503
