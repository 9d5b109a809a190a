"""Schemathesis over the whole OpenAPI document: generated requests (valid and invalid) to every operation, sent
as a volunteer, a coordinator and municipality staff. No response may be a server error, and every documented
response must match the document.

Deterministic (derandomized Hypothesis, no example database) and bounded (MAX_EXAMPLES per operation and phase), on
the Flask app directly. It runs once, in the main run of `make test` (text with NUL characters crashed PostgreSQL's
driver once). The extra runs at other hours of the day skip it (generated input does not depend on the clock, and it
would triple the time).
"""
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.pytest.lazy import get_all_tests
from schemathesis.specs.openapi.checks import response_schema_conformance

from backend.extensions import limiter
from tests.opportunities.helpers import organisation, staff_of
from tests.conftest import LOCAL_TIME
from tests.support import volunteer

MAX_EXAMPLES = 10
CHECKS = [not_a_server_error, response_schema_conformance]


def _people(client, cli) -> list[str]:
    limiter.reset()  # registering three people per operation would soon hit the sign-up limit
    return [volunteer(client).token, organisation(client, cli)[0].token, staff_of(client, cli).token]


@pytest.mark.slow
@pytest.mark.skipif(bool(LOCAL_TIME), reason="runs once, in the main run of the suite")
def test_every_operation_survives_generated_input(app, client, cli):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    schema.config.generation.update(max_examples=MAX_EXAMPLES, deterministic=True, database="none", no_shrink=True,
                                    with_security_parameters=False)
    tokens = _people(client, cli)
    failures = []

    def call_as_everyone(case):
        # The document declares Idempotency-Key (POST and PATCH with a token); the requests go without it, as before
        # it was declared. The run is one transaction, and PostgreSQL keeps a lock for every savepoint that wrote
        # until it ends (some 10,000 by the end of the run); a key adds a savepoint with a write to every POST and
        # PATCH, and runs side by side on one server ran out of the lock table ("out of shared memory"). The keys
        # have their own tests (tests/http/test_idempotency.py, tests/engagements).
        (case.headers or {}).pop("Idempotency-Key", None)
        for token in tokens:
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)

    hypothesis_settings = settings(deadline=None, suppress_health_check=list(HealthCheck))
    for result in get_all_tests(schema=schema, test_func=call_as_everyone, settings=hypothesis_settings,
                                given_kwargs={}):
        operation, run = result.ok()
        # Generated requests may log a person out or erase them: start each operation with people who can act.
        if any(client.get("/api/v1/me", token=token).status_code != 200 for token in tokens):
            tokens[:] = _people(client, cli)
        try:
            run()
        except Exception as exc:  # one operation's failure must not hide the next one's
            failures.append(f"{operation.label}: {exc}")
    assert not failures, f"{len(failures)} operations failed:\n\n" + "\n\n".join(failures)
