"""Schemathesis against the app's own spec, in-process: every operation, every check.

A server error, a response that breaks the documented schema, status or
content type, or a request the spec forbids that the app accepts, fails here.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings

from eligibility.app import create_app

schema = schemathesis.openapi.from_asgi("/schema/openapi.json", create_app())


@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_keeps_its_contract(case: schemathesis.Case) -> None:
    case.call_and_validate()
