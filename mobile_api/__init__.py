"""The HTTP surface: /api/v1 blueprints, schemas, access policies, problem+json errors and the OpenAPI document."""
from __future__ import annotations

import http
import re

from flask import Flask, request
from flask_smorest import Api
from flask_smorest.spec import prepare_response

from backend.extensions import jwt
from mobile_api import design_rules, document
from mobile_api.auth import register_auth
from mobile_api.problems import register_renderer
from mobile_api.schemas import ProblemSchema

API_PREFIX = "/api/v1"
# The full version (semantic versioning), sent as the API-Version header and in the document's info.version.
# The major version is the one in API_PREFIX; raise minor for additions, patch for fixes.
API_VERSION = "1.1.0"
OPENAPI_PATH = "/openapi.json"
PROBLEM_CONTENT_TYPE = "application/problem+json"


class DoeMeeApi(Api):
    """flask-smorest's Api, documenting errors as problem+json (which is what mobile_api.problems sends)."""

    ERROR_SCHEMA = ProblemSchema

    def _init_spec(self, **options):
        options.setdefault("marshmallow_plugin", document.DocumentPlugin())
        super()._init_spec(**options)

    def _register_responses(self):
        for status in http.HTTPStatus:
            response = {"description": document.ERROR_RESPONSES.get(status, (None, status.phrase))[1]}
            if status == 429:
                response["headers"] = document.RETRY_AFTER
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_CONTENT_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Error (problem+json)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_CONTENT_TYPE)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)

    def _register_error_handlers(self):
        # backend.http.errors handles every error (mobile_api.problems renders the API's); flask-smorest's own JSON
        # error handler is not used.
        pass


def init_api(app: Flask) -> Api:
    """The API's part of the request pipeline (after backend.http's shared steps): its error renderer for /api/,
    the token policy, CORS, the API-Version header."""
    app.config.update(
        API_TITLE="DoeMee API",
        API_VERSION=API_VERSION,
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=API_PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={
            "info": {"description": "DoeMee: residents helping each other. Errors are RFC 9457 problem+json.",
                     "contact": design_rules.contact(app.extensions["doemee_config"])},
            "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
            "servers": [{"url": API_PREFIX, "description": "this installation, version 1"}],
        },
    )
    api = DoeMeeApi(app)
    from mobile_api.resources import BLUEPRINTS

    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint, url_prefix=API_PREFIX + (blueprint.url_prefix or ""))
    _finish_document(app, api)
    register_renderer(app, _is_api_request)
    register_auth(app, jwt)
    from mobile_api.cors import register_cors

    register_cors(app, API_PREFIX, OPENAPI_PATH)
    app.after_request(_api_version_header)
    app.extensions["doemee_api"] = api
    return api


def _is_api_request() -> bool:
    return request.path.startswith("/api/")


def _api_version_header(response):
    if not request.path.startswith(API_PREFIX + "/"):
        return response
    # Dutch API Design Rules (/core/version-header): every successful answer names the full version.
    if 200 <= response.status_code < 400:
        response.headers["API-Version"] = API_VERSION
    if request.path != API_PREFIX + OPENAPI_PATH:
        # The answer depends on the Origin header (CORS: mobile_api.cors): caches keep one copy per origin.
        response.vary.add("Origin")
    return response


def _operation_id(endpoint: str) -> str:
    """"auth.request_password_reset" -> "authRequestPasswordReset": stable as long as the view keeps its name."""
    words = re.split(r"[._-]", endpoint)
    return words[0] + "".join(w[:1].upper() + w[1:] for w in words[1:] if w)


def _finish_document(app: Flask, api: Api) -> None:
    """What the Dutch API Design Rules (core) ask of the document, which flask-smorest does not do by itself:
    paths relative to the server (/api/v1), an operationId per operation, the API-Version header on every
    successful response, and the document's own path."""
    spec = api.spec
    endpoint_of = {}
    for rule in app.url_map.iter_rules():
        for method in rule.methods:
            endpoint_of[re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule), method.lower()] = rule.endpoint
    spec.components.header("API-Version", {"description": "full version of the API (semantic versioning)",
                                           "schema": {"type": "string", "example": API_VERSION}})
    version_header = {"API-Version": {"$ref": "#/components/headers/API-Version"}}
    paths = {}
    for path, item in spec._paths.items():  # apispec keeps no public way to rename a path
        for method, operation in item.items():
            if method not in ("get", "put", "post", "patch", "delete"):
                continue
            endpoint = endpoint_of[path, method]
            operation["operationId"] = _operation_id(endpoint)
            policy = getattr(app.view_functions[endpoint], "access_policy", ())
            operation.setdefault("parameters", []).extend(
                document.header_parameters(method.upper(), policy, operation.get("responses", {})))
            design_rules.finish_operation(app, spec, endpoint, method, operation)
            for status, response in operation.get("responses", {}).items():
                if str(status)[:1] in ("2", "3") and "$ref" not in response:
                    response.setdefault("headers", {}).update(version_header)
        design_rules.finish_path_parameters(item)
        paths[path[len(API_PREFIX):] if path.startswith(API_PREFIX + "/") else path] = item
    paths[OPENAPI_PATH] = {"get": {
        "operationId": _operation_id(endpoint_of[API_PREFIX + OPENAPI_PATH, "get"]),
        "tags": ["meta"], "summary": "This document (OpenAPI 3.0).",
        "description": design_rules.who_may_call(("public",)),
        "responses": {"200": {"description": "OK", "headers": version_header,
                              "content": {"application/json": {"schema": {"type": "object"}}}}}}}
    spec._paths = paths
    design_rules.finish_components(spec)
