"""What the Dutch API Design Rules (Logius' Spectral ruleset) and Spectral's own oas ruleset ask of the OpenAPI
document beyond what flask-smorest writes: who to contact (info.contact), invalid input documented as 400 (not
flask-smorest's 422), a description for every operation and parameter, and no component that nothing uses.
tests/http/test_spectral.py runs both rulesets on the served document."""
from __future__ import annotations

from apispec import APISpec
from flask import Flask

from mobile_api.auth import AUTHENTICATED, PUBLIC, policy_of

# Methods whose requests carry a body: even one without a schema answers 400 to JSON it cannot read.
_BODY_METHODS = ("post", "put", "patch")


def contact(config: dict) -> dict:
    """info.contact: name and e-mail from the settings, the url of this installation."""
    return {"name": config["API_CONTACT_NAME"], "email": config["API_CONTACT_EMAIL"],
            "url": config["PUBLIC_BASE_URL"]}


def finish_operation(app: Flask, spec: APISpec, endpoint: str, method: str, operation: dict) -> None:
    """Invalid input answers 400 (flask-smorest documents 422 where a view loads arguments): every operation
    that takes a body or query parameters lists it. The description says who may call the operation."""
    responses = operation.setdefault("responses", {})
    took_input = responses.pop("422", None) is not None
    # Logius' rule counts every parameter, the declared headers (Accept-Language on all) included.
    if took_input or method in _BODY_METHODS or operation.get("parameters"):
        responses["400"] = spec.components.get_ref("response", "BAD_REQUEST")
    if not operation.get("description"):
        operation["description"] = who_may_call(policy_of(app, endpoint))
    _describe(operation.get("parameters", ()))


def finish_path_parameters(item: dict) -> None:
    _describe(item.get("parameters", ()))


def finish_components(spec: APISpec) -> None:
    """Drop what flask-smorest registers whether used or not: the 422 response (the API answers 400) and the
    pagination header's schema (our lists page with a cursor in the body)."""
    spec.components.responses.pop("UNPROCESSABLE_ENTITY", None)
    spec.components.schemas.pop("PaginationMetadata", None)


def who_may_call(policy) -> str:
    policy = tuple(policy or ())
    if PUBLIC in policy:
        return "Anyone may call this, without logging in."
    if AUTHENTICATED in policy:
        return "For anyone who is logged in (Bearer access token)."
    return "For people with the role " + " or ".join(policy) + " (Bearer access token)."


def _describe(parameters) -> None:
    """A path parameter without a description gets one from its name: "opportunity_id" -> "id of the
    opportunity". Query parameters are described in their schema (metadata description)."""
    for parameter in parameters:
        if "$ref" in parameter or parameter.get("description") or parameter.get("in") != "path":
            continue
        name = parameter["name"]
        parameter["description"] = _PATH_WORDS.get(name) or f"id of the {name.removesuffix('_id').replace('_', ' ')}"


_PATH_WORDS = {"slug": "the municipality's slug (GET /municipalities)", "hood": "the neighbourhood's slug",
               "token": "the secret token from the link or feed URL"}
