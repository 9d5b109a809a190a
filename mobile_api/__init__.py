"""The HTTP surface: /api/v1 blueprints, schemas, access policies, problem+json errors and the OpenAPI document."""
from __future__ import annotations

import http

from flask import Flask
from flask_smorest import Api
from flask_smorest.spec import prepare_response

from backend.extensions import jwt
from mobile_api.auth import register_auth
from mobile_api.input_guard import register_input_guard
from mobile_api.problems import register_error_handlers
from mobile_api.schemas import ProblemSchema

API_PREFIX = "/api/v1"
PROBLEM_CONTENT_TYPE = "application/problem+json"


class DoeMeeApi(Api):
    """flask-smorest's Api, documenting errors as problem+json (which is what mobile_api.problems sends)."""

    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self):
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_CONTENT_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Error (problem+json)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_CONTENT_TYPE)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)

    def _register_error_handlers(self):
        # mobile_api.problems handles every error; flask-smorest's own JSON error handler is not used.
        pass


def init_api(app: Flask) -> Api:
    app.config.update(
        API_TITLE="DoeMee API",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=API_PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={
            "info": {"description": "DoeMee: residents helping each other. Errors are RFC 9457 problem+json."},
            "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
        },
    )
    api = DoeMeeApi(app)
    from mobile_api.resources import BLUEPRINTS

    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint, url_prefix=API_PREFIX + (blueprint.url_prefix or ""))
    register_error_handlers(app)
    register_input_guard(app)
    register_auth(app, jwt)
    app.extensions["doemee_api"] = api
    return api
