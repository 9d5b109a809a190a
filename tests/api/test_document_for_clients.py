"""What a client generator reads in the OpenAPI document, operation by operation: nullable references it can type,
the error responses each operation can give (with the problem schema and a description), and the request headers
the API reads (Accept-Language, Idempotency-Key, If-None-Match). The generated client itself:
test_generated_client.py."""
from __future__ import annotations

import json
import re

import pytest

from mobile_api.auth import policy_of

pytestmark = pytest.mark.any_hour

API = "/api/v1"


@pytest.fixture(scope="module")
def document(app):
    with app.test_client() as c:
        return c.get(f"{API}/openapi.json").get_json()


def _operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete") and path != "/openapi.json":
                yield path, method.upper(), operation


def _headers(operation) -> set[str]:
    return {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}


def _endpoint(app, path, method) -> str:
    """The endpoint of the document's ``path`` (with {names}) and method."""
    (endpoint,) = [rule.endpoint for rule in app.url_map.iter_rules()
                   if re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule) == API + path and method in rule.methods]
    return endpoint


def test_a_nullable_reference_is_the_model_or_null_and_nothing_else(document):
    text = json.dumps(document["components"]["schemas"])
    assert '"anyOf"' in text  # there are nullable references (a shift's organisation, a vacancy's place, ...)
    organisation = document["components"]["schemas"]["ShiftItem"]["properties"]["organisation"]
    assert organisation == {"anyOf": [{"$ref": "#/components/schemas/OrganisationRef"},
                                      {"type": "object", "nullable": True, "enum": [None]}]}
    for name, schema in document["components"]["schemas"].items():
        for field, prop in schema.get("properties", {}).items():
            for choice in prop.get("anyOf", []):
                # A choice that takes any object hides the model from a generator (an untyped object wins).
                assert "$ref" in choice or choice.get("enum") == [None], (name, field, prop)


def test_every_operation_lists_the_errors_it_can_give(app, document):
    responses = document["components"]["responses"]
    checked = 0
    for path, method, operation in _operations(document):
        listed = operation["responses"]
        policy = policy_of(app, _endpoint(app, path, method))
        for status in listed:
            if status[0] in "45":
                ref = listed[status]["$ref"].rsplit("/", 1)[1]
                assert responses[ref]["description"], (path, method, status)
                schema = responses[ref]["content"]["application/problem+json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Problem"}, (path, method, status)
        if "security" in operation:
            assert "401" in listed, (path, method)
        if set(policy) - {"public", "authenticated"}:
            assert "403" in listed, (path, method)
        if "{" in path:
            assert "404" in listed, (path, method)
        if method != "GET":
            assert "409" in listed, (path, method)
        if "requestBody" in operation or any(p["in"] == "query" for p in operation.get("parameters", [])):
            assert "400" in listed, (path, method)
        assert "default" in listed
        checked += 1
    assert checked > 100
    assert "429" in document["paths"]["/auth/login"]["post"]["responses"]
    assert "401" in document["paths"]["/auth/login"]["post"]["responses"]  # a wrong password
    assert "429" in document["paths"]["/conversations/{thread_id}/messages"]["post"]["responses"]
    assert "429" not in document["paths"]["/shifts/{shift_id}/signups"]["post"]["responses"]
    assert responses["TOO_MANY_REQUESTS"]["headers"]["Retry-After"]["schema"] == {"type": "integer"}


def test_the_headers_the_api_reads_are_parameters_where_it_reads_them(app, document):
    keyed = conditional = 0
    for path, method, operation in _operations(document):
        headers = _headers(operation)
        assert "Accept-Language" in headers, (path, method)
        policy = policy_of(app, _endpoint(app, path, method))
        expects_key = method in ("POST", "PATCH") and "public" not in policy
        assert ("Idempotency-Key" in headers) == expects_key, (path, method)
        assert ("If-None-Match" in headers) == ("304" in operation["responses"]), (path, method)
        keyed += expects_key
        conditional += "304" in operation["responses"]
    assert keyed > 50 and conditional == 5  # shifts, opportunities, initiatives, help requests, the feed
    sign_up = document["paths"]["/shifts/{shift_id}/signups"]["post"]
    (key,) = [p for p in sign_up["parameters"] if p["name"] == "Idempotency-Key"]
    assert key["schema"] == {"type": "string", "minLength": 1, "maxLength": 100} and key["required"] is False
