"""Domain errors. Each carries its HTTP status and a problem type slug; mobile_api renders them as problem+json.

Operations raise these; they never build HTTP responses themselves. ``detail`` is a message key from
``backend.i18n`` (with parameters) so that the API can answer in Dutch or English.
"""
from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status = 400
    slug = "bad-request"

    def __init__(self, detail: str | None = None, *, errors: dict[str, list[str]] | None = None, **params: Any):
        super().__init__(detail or self.slug)
        self.detail = detail
        self.params = params
        self.errors = errors or {}


class InvalidInput(DomainError):
    """Input that passed the schema's shape checks but breaks a rule (e.g. overlapping time ranges)."""

    status = 422
    slug = "validation-error"


class Unauthorized(DomainError):
    status = 401
    slug = "unauthorized"


class Forbidden(DomainError):
    status = 403
    slug = "forbidden"


class NotFound(DomainError):
    status = 404
    slug = "not-found"


class Conflict(DomainError):
    status = 409
    slug = "conflict"


class RuleViolation(DomainError):
    """A request that is well-formed but not allowed in the current state (e.g. sign-up for a closed shift)."""

    status = 409
    slug = "rule-violation"


class TooManyRequests(DomainError):
    status = 429
    slug = "too-many-requests"
