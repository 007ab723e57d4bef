"""Property-based fuzzing of the whole OpenAPI document (schemathesis), in-process, for three identities.

Every operation of `/api/v1/openapi.json` is called with generated input (valid and invalid) as an anonymous
caller, as staff (the demo reviewer's API token) and as an applicant (the demo enterprise's API token). The
answers must never be a server error and must match the document: status codes, content types, response
bodies and headers. See `docs/security.md` ("The API contract and fuzzing").

Bounded and deterministic: schemathesis' coverage phase (boundary and invalid values derived from the document,
the same every run) plus `ONEGO_FUZZ_EXAMPLES` generated examples per operation and identity (default 8, the
short form `make test` runs; `make fuzz` runs 200), derandomised so CI sees the same inputs every run
(`ONEGO_FUZZ_RANDOM=1` explores new ones). No server and no network: schemathesis calls the WSGI
application directly. The demo data is loaded once for the
module inside a transaction that is rolled back at the end; each test runs in its own savepoint, so what the
fuzzer writes never reaches another test.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = [pytest.mark.fuzz]

EXAMPLES = int(os.environ.get("ONEGO_FUZZ_EXAMPLES", "8"))
#: ONEGO_FUZZ_RANDOM=1 draws new inputs on every run (exploring); otherwise the same inputs every run (CI).
DERANDOMIZE = os.environ.get("ONEGO_FUZZ_RANDOM", "") not in ("1", "true", "yes")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
IDENTITIES = ["anonymous", "staff", "applicant"]
#: Demo usernames behind the two token identities.
TOKEN_USERS = {"staff": "reviewer", "applicant": "enterprise"}

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(scope="module")
def wsgi_keeps_the_test_connection():
    """A real WSGI request closes the database connection when it ends (`close_old_connections`), which would
    drop the test's transaction; Django's own test client disconnects the same receivers."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def tokens(django_db_setup, django_db_blocker, wsgi_keeps_the_test_connection):
    """The demo world and one API token per identity, created once and rolled back after the module."""
    from django.core.management import call_command

    from onego.accounts.models import User
    from onego.accounts.services import create_api_token

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", verbosity=0)
        issued = {
            name: create_api_token(User.objects.get(username=username), name=f"fuzz {name}")
            for name, username in TOKEN_USERS.items()
        }
        yield issued
        transaction.set_rollback(True)


@pytest.mark.parametrize("identity", IDENTITIES)
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=DERANDOMIZE,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)
def test_every_operation_answers_as_documented(case, identity, tokens, db):
    headers = {"Authorization": f"Bearer {tokens[identity]}"} if identity in tokens else {}
    case.call_and_validate(headers=headers, checks=CHECKS)
