"""Domain errors. Each carries its HTTP status and a problem type slug; mobile_api renders them as problem+json.

Operations raise these; they never build HTTP responses themselves. ``detail`` is a message key from
``backend.i18n`` (with parameters) so that the API can answer in Dutch or English.
"""
from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A subclass names its status and slug in its header: ``class Gone(DomainError, status=410, slug="gone")``."""

    status = 400
    slug = "bad-request"

    def __init_subclass__(cls, *, status: int | None = None, slug: str | None = None, **kwargs: Any):
        super().__init_subclass__(**kwargs)
        cls.status = status or cls.status
        cls.slug = slug or cls.slug

    def __init__(self, detail: str | None = None, *, errors: dict[str, list[str]] | None = None, **params: Any):
        super().__init__(detail or self.slug)
        self.detail = detail
        self.params = params
        self.errors = errors or {}


class InvalidInput(DomainError, status=422, slug="validation-error"):
    """Input that passed the schema's shape checks but breaks a rule (e.g. overlapping time ranges)."""


class Unauthorized(DomainError, status=401, slug="unauthorized"):
    """No one is logged in, or the credentials do not hold."""


class Forbidden(DomainError, status=403, slug="forbidden"):
    """The person is known but may not do this."""


class NotFound(DomainError, status=404, slug="not-found"):
    """There is no such thing."""


class Conflict(DomainError, status=409, slug="conflict"):
    """The change clashes with what is stored (e.g. a sign-up that exists already)."""


class RuleViolation(DomainError, status=409, slug="rule-violation"):
    """A request that is well-formed but not allowed in the current state (e.g. sign-up for a closed shift)."""


class TooManyRequests(DomainError, status=429, slug="too-many-requests"):
    """Too many attempts in a short time."""
