"""The core rules of the Dutch API Design Rules (Logius ADR) that a municipal API is checked against, and
every protected operation declaring its security in the document."""
import re

from mobile_api.auth import PUBLIC, policy_of
from tests.support import PASSWORD, register
from tests.web_support import Browser

SEMVER = re.compile(r"^\d+\.\d+\.\d+$")
OPERATIONS = ("get", "put", "post", "patch", "delete")


def _document(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    return r.get_json()


def _operations(doc):
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            if method in OPERATIONS:
                yield path, method, operation


def test_document_is_openapi_3_0_with_the_full_version(client):
    doc = _document(client)
    assert re.match(r"^3\.0\.\d+$", doc["openapi"])
    assert SEMVER.match(doc["info"]["version"]) and doc["info"]["version"].startswith("1.")


def test_document_declares_the_server_with_the_major_version(client):
    doc = _document(client)
    assert [server["url"] for server in doc["servers"]] == ["/api/v1"]
    # paths are relative to it: no operation repeats the base
    assert not [path for path in doc["paths"] if path.startswith("/api/")]


def test_document_is_served_at_base_openapi_json_readable_from_anywhere_and_lists_itself(client):
    r = client.get("/api/v1/openapi.json", headers={"Origin": "https://developer.overheid.nl"})
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert r.mimetype == "application/json"
    doc = r.get_json()
    assert "200" in doc["paths"]["/openapi.json"]["get"]["responses"]
    assert r.headers["API-Version"] == doc["info"]["version"]


def test_every_successful_answer_carries_the_full_version(client):
    version = _document(client)["info"]["version"]
    person = register(client)
    answers = [
        client.get("/api/v1/health"),
        client.get("/api/v1/municipalities"),
        client.post("/api/v1/auth/login", json={"email": person.email, "password": PASSWORD}),
        client.get("/api/v1/me", token=person.token),
        client.open("OPTIONS", "/api/v1/me", validate=False),  # not an operation in the document
        client.post("/api/v1/auth/logout", token=person.token),  # 204
    ]
    assert [r.status_code for r in answers] == [200, 200, 200, 200, 200, 204]
    assert {r.headers.get("API-Version") for r in answers} == {version}


def test_every_success_response_in_the_document_declares_the_version_header(client):
    doc = _document(client)
    assert SEMVER.match(doc["components"]["headers"]["API-Version"]["schema"]["example"])
    missing = [(method, path, status) for path, method, operation in _operations(doc)
               for status, response in operation["responses"].items()
               if status[:1] in "23" and "API-Version" not in response.get("headers", {})]
    assert missing == []


def test_every_operation_has_a_unique_stable_operation_id(client):
    ids = [operation.get("operationId") for _, _, operation in _operations(_document(client))]
    assert None not in ids
    assert len(ids) == len(set(ids)) > 100
    assert all(re.match(r"^[a-z][a-zA-Z0-9]*$", i) for i in ids)
    by_path = {(path, method): operation["operationId"] for path, method, operation in _operations(
        _document(client))}
    # derived from the view's name: generated clients keep working as long as the view keeps it
    assert by_path["/auth/login", "post"] == "authLogin"
    assert by_path["/municipalities/{slug}/neighbourhoods", "post"] == "placesCreateNeighbourhood"
    assert by_path["/admin/jobs", "get"] == "notificationsJobHealth"


def test_security_in_the_document_matches_the_access_policies(app, client):
    doc = _document(client)
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    wrong = []
    checked = 0
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint.startswith("api-docs."):
            continue
        if getattr(app.view_functions[rule.endpoint], "moved_to", None):
            continue  # a former URL that redirects (left out of the document on purpose)
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)[len("/api/v1"):]
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            operation = doc["paths"][path][method.lower()]
            public = PUBLIC in policy_of(app, rule.endpoint)
            security = operation.get("security")
            if rule.endpoint == "auth.refresh":  # public policy; the refresh token itself is the credential
                expected = [{"bearer": []}]
            else:
                expected = None if public else [{"bearer": []}]
            if security != expected:
                wrong.append((method, path, security))
            checked += 1
    assert wrong == []
    assert checked > 100
    # the two that declared none before
    assert doc["paths"]["/municipalities/{slug}/neighbourhoods"]["post"]["security"] == [{"bearer": []}]
    assert doc["paths"]["/municipalities/{slug}/neighbourhoods/{hood}"]["patch"]["security"] == [{"bearer": []}]


def test_invalid_input_is_400_problem_json_naming_each_field_in_invalid_params(app, client):
    """/core/error-handling/invalid-input: the schema's refusal and an operation's (InvalidInput) alike; the pages
    keep answering 422 with the form shown again."""
    schema = client.post("/api/v1/auth/login", json={"email": 5}, headers={"Accept-Language": "en"})
    operation = client.get("/api/v1/shifts?withinKm=2", headers={"Accept-Language": "en"})
    for r in (schema, operation):
        body = r.get_json()
        assert r.status_code == body["status"] == 400 and r.mimetype == "application/problem+json"
        assert body["type"] == "https://doemee.nl/problems/validation-error"
        assert body["invalid-params"] == [{"name": name, "reason": reason}
                                          for name, reasons in body["errors"].items() for reason in reasons]
    assert {p["name"] for p in schema.get_json()["invalid-params"]} == {"email", "password"}
    assert operation.get_json()["invalid-params"] == [
        {"name": "withinKm", "reason": "A distance needs a starting point: give a postcode."}]

    page = Browser(app, language="en").post("/meedoen", {"display_name": "Dirk", "email": "dirk@example.org",
                                                        "password": "kort", "locale": "en", "privacy": "on"})
    assert page.status_code == 422 and page.mimetype == "text/html"


def test_the_document_names_who_to_contact_and_invalid_input_as_400(client):
    doc = _document(client)
    assert doc["info"]["contact"] == {"name": "DoeMee maintainers", "email": "maintainers@doemee.invalid",
                                      "url": "http://127.0.0.1:5000"}
    statuses = {(path, method): set(operation["responses"]) for path, method, operation in _operations(doc)}
    assert not [key for key, codes in statuses.items() if "422" in codes]
    assert "400" in statuses["/auth/login", "post"] and "400" in statuses["/shifts", "get"]
    # Logius' rule counts header parameters too: every operation takes Accept-Language, so every one lists 400.
    assert [key for key, codes in statuses.items() if "400" not in codes] == [("/openapi.json", "get")]  # no parameter
    problem = doc["components"]["schemas"]["Problem"]["properties"]
    assert problem["invalid-params"]["items"] == {"$ref": "#/components/schemas/InvalidParam"}
