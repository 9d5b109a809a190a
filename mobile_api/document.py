"""What the OpenAPI document says beyond the schemas, so that a client generated from it (openapi-python-client,
openapi-generator, ...) is typed and can do all a client needs: nullable references written the way generators
read them, the error responses every operation can give, and the request headers the API reads.

The errors and headers are derived from what a view declares (its access policy, its method, its path, its
throttles, whether it answers 304), never written per view: a new endpoint is documented like its neighbours.
"""
from __future__ import annotations

from apispec.ext.marshmallow import MarshmallowPlugin, OpenAPIConverter

from backend.http.idempotency import HEADER as IDEMPOTENCY_KEY
from mobile_api.auth import AUTHENTICATED, KEY_USE, PUBLIC

UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# The component response of each error status (DoeMeeApi registers them, problem+json) and its description.
ERROR_RESPONSES = {
    400: ("BAD_REQUEST", "Invalid input: the problem's errors name each field that is wrong, and why"),
    401: ("UNAUTHORIZED", "Not logged in: no token, or one that expired, was revoked or is of the wrong kind"),
    403: ("FORBIDDEN", "Logged in, but your role (or your link to this item) does not allow it"),
    404: ("NOT_FOUND", "No such item, or none you may see"),
    409: ("CONFLICT", "Not possible in the item's current state (or a request with this Idempotency-Key is still "
                      "being handled)"),
    429: ("TOO_MANY_REQUESTS", "Too many requests: try again after the seconds in Retry-After"),
}
RETRY_AFTER = {"Retry-After": {"description": "seconds to wait before trying again", "schema": {"type": "integer"}}}
# Request headers (written out in each operation that reads them: tools that walk the document read them there).
ACCEPT_LANGUAGE = "Accept-Language"
IF_NONE_MATCH = "If-None-Match"
HEADER_PARAMETERS = {
    ACCEPT_LANGUAGE: {"description": "language of the texts in the answer and in problems (e.g. nl or en; the "
                                     "installation's default language when it speaks none of those named)",
                      "schema": {"type": "string", "example": "nl"}},
    IDEMPOTENCY_KEY: {"description": "any unique text (1-100 characters, e.g. a UUID) per intended request: a "
                                     "retry with the same key gets the first answer again instead of doing the "
                                     "work twice (kept 24 hours, per account)",
                      "schema": {"type": "string", "minLength": 1, "maxLength": 100}},
    IF_NONE_MATCH: {"description": "the ETag of the answer you hold: 304 without a body while it is current",
                    "schema": {"type": "string"}},
}


# The one value "null", as OpenAPI 3.0.3 says it (nullable counts only beside a type in the same schema object).
NULL_ONLY = {"type": "object", "nullable": True, "enum": [None]}


class NullableRefConverter(OpenAPIConverter):
    """apispec writes a nullable reference in OpenAPI 3.0 as ``anyOf: [{type: object, nullable: true}, $ref]``:
    the first choice matches any object, so a generator's client tries it first and reads every answer as an
    empty untyped object (openapi-python-client: ``ShiftItemOrganisationType0Type0``). Here the other choice is
    null and only null: ``anyOf: [$ref, {type: object, nullable: true, enum: [null]}]``, which generators read as
    "this model or None" and strict 3.0.3 validators (openapi-core, our tests' checker) accept with null. (The
    shorter ``allOf: [$ref], nullable: true`` is not nullable in 3.0.3: nullable needs a type beside it.)"""

    def field2nullable(self, field, ret) -> dict:
        if not field.allow_none or self.openapi_version.major < 3 or self.openapi_version.minor >= 1:
            return super().field2nullable(field, ret)
        if "$ref" in ret:
            return {"anyOf": [{"$ref": ret.pop("$ref")}, dict(NULL_ONLY)]}
        if "allOf" in ret:
            return {"anyOf": [*ret.pop("allOf"), dict(NULL_ONLY)]}
        return {"nullable": True}


class DocumentPlugin(MarshmallowPlugin):
    Converter = NullableRefConverter


def error_statuses(rule: str, method: str, policy: tuple[str, ...], *, secured: bool, throttled: bool,
                   reads_input: bool) -> list[int]:
    """The error statuses an operation can answer besides the server's own failures (documented as default):
    400 when it reads input (a body, a query, an Idempotency-Key), 401 when it needs a token (``secured``), 403
    for a role policy, 404 when the path names an item, 409 when it changes something, 429 when throttled."""
    statuses = []
    if reads_input or (method in UNSAFE_METHODS and PUBLIC not in policy):
        statuses.append(400)
    if secured:
        statuses.append(401)
    if set(policy) - {PUBLIC, AUTHENTICATED}:
        statuses.append(403)
    if "<" in rule:
        statuses.append(404)
    if method in UNSAFE_METHODS:
        statuses.append(409)
    if throttled:
        statuses.append(429)
    return statuses


def header_parameters(method: str, policy: tuple[str, ...], statuses) -> list[dict]:
    """The request headers an operation reads: Accept-Language (every answer's texts and problems), the
    Idempotency-Key (POST and PATCH of a logged-in caller: mobile_api.auth.KEY_USE) and If-None-Match (the
    answers that may be 304)."""
    names = [ACCEPT_LANGUAGE]
    if method in KEY_USE.methods and PUBLIC not in policy:
        names.append(IDEMPOTENCY_KEY)
    if "304" in statuses:
        names.append(IF_NONE_MATCH)
    return [{"name": name, "in": "header", "required": False, **HEADER_PARAMETERS[name]} for name in names]
