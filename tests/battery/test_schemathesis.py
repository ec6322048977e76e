"""Schemathesis against /api/schema/ over real HTTP, as anonymous, an officer and an NGO member:
no server error, and every response matches the schema (body, status code, content type).

Authentication: DRF's TokenAuthentication when `rest_framework.authtoken` is installed (a token per
user), otherwise HTTP basic auth (session auth would refuse every write for want of a CSRF token).

Short in `make test` (SCHEMATHESIS_EXAMPLES, default 3 per operation); a longer run:
    SCHEMATHESIS_EXAMPLES=100 .venv/bin/pytest tests/battery/test_schemathesis.py
"""

import json
import os

import pytest
import requests
import schemathesis
from django.conf import settings as django_settings
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "3"))
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]
PASSWORD = "correct-horse-battery"  # tests.conftest.make_user's


def openapi_document():
    """The document /api/schema/ serves, generated in-process (a cold /api/schema/ can take
    longer than a loader's timeout on a busy machine); test_api_schema checks the endpoint."""
    from drf_spectacular.renderers import OpenApiJsonRenderer

    from common.openapi import ServedSchemaGenerator

    document = ServedSchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document))


def authenticated_session(user):
    session = requests.Session()
    if user is None:
        return session
    if "rest_framework.authtoken" in django_settings.INSTALLED_APPS:
        from rest_framework.authtoken.models import Token

        token, _ = Token.objects.get_or_create(user=user)
        session.headers["Authorization"] = f"Token {token.key}"
    else:
        session.auth = (user.username, PASSWORD)
    return session


@pytest.mark.slow
@pytest.mark.parametrize("who", ["anonymous", "officer_x", "ngo_a"])
def test_api_matches_its_schema_and_never_fails(live_server, world, who):
    schema = schemathesis.openapi.from_dict(openapi_document())
    session = authenticated_session(world["users"][who])
    failures = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20, "the schema lost its operations"

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            case.call_and_validate(base_url=live_server.url, session=session, checks=CHECKS)

        try:
            run()
        except Exception as failure:  # collect every operation's failure, then report all
            failures.append(f"{operation.label}: {str(failure)[:1500]}")
    assert not failures, "\n\n".join(failures)
