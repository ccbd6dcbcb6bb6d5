"""The OpenAPI spec is the contract: committed, served, and true to the code."""

from __future__ import annotations

import json
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from eligibility.checks import CHECKS
from eligibility.errors import ErrorCode
from tests.conftest import ROOT

Client = TestClient[Litestar]
COMMITTED = ROOT / "openapi" / "openapi.json"


@pytest.fixture(scope="module")
def spec(app: Litestar) -> dict[str, Any]:
    with TestClient(app) as client:
        response = client.get("/schema/openapi.json")
    assert response.status_code == 200
    served: dict[str, Any] = response.json()
    return served


def test_committed_spec_matches_the_app(spec: dict[str, Any]) -> None:
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert committed == spec, "openapi/openapi.json is stale: run `make openapi`"


def test_spec_is_openapi_3_1_with_interactive_docs(client: Client, spec: dict[str, Any]) -> None:
    assert spec["openapi"].startswith("3.1")
    docs = client.get("/schema")
    assert docs.status_code == 200
    assert "swagger" in docs.text.lower()


def test_request_bodies_refuse_unknown_fields_in_the_spec(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    for name in (
        "ReservationCheckRequest",
        "CompanyPhoneRequest",
        "CardAddressRequest",
        "Address",
        "QuoteRequest",
    ):
        assert schemas[name]["additionalProperties"] is False


def test_every_error_code_is_in_the_spec(spec: dict[str, Any]) -> None:
    text = json.dumps(spec)
    for code in ErrorCode:
        assert f'"{code.value}"' in text, code


def test_every_4xx_is_problem_json(spec: dict[str, Any]) -> None:
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if status.startswith("4"):
                    assert list(response["content"]) == ["application/problem+json"], (
                        path,
                        method,
                        status,
                    )


def _examples(operation: dict[str, Any], status: str, media: str) -> list[Any]:
    examples = operation["responses"][status]["content"][media]["examples"]
    return [e["value"] for e in examples.values()]


@pytest.mark.parametrize("path", [*(check.path for check in CHECKS), "/v1/checks/batch"])
def test_post_examples_replay_to_their_documented_responses(
    client: Client, spec: dict[str, Any], path: str
) -> None:
    operation = spec["paths"][path]["post"]
    requests = operation["requestBody"]["content"]["application/json"]["schema"]["examples"]
    responses = _examples(operation, "200", "application/json")
    assert len(requests) == len(responses) > 0
    for request, documented in zip(requests, responses, strict=True):
        answer = client.post(path, json=request)
        assert answer.status_code == 200
        assert answer.json() == documented, request


@pytest.mark.parametrize(
    ("path", "url", "status", "media"),
    [
        ("/v1/markets/{code}", "/v1/markets/AU", "200", "application/json"),
        ("/v1/markets", "/v1/markets?q=niger", "200", "application/json"),
        ("/v1/markets/{code}", "/v1/markets/ZZ", "404", "application/problem+json"),
    ],
)
def test_get_examples_are_what_the_app_answers(
    client: Client, spec: dict[str, Any], path: str, url: str, status: str, media: str
) -> None:
    [documented] = _examples(spec["paths"][path]["get"], status, media)
    answer = client.get(url)
    assert str(answer.status_code) == status
    assert answer.json() == documented


def test_problem_example_is_what_the_app_answers(client: Client, spec: dict[str, Any]) -> None:
    operation = spec["paths"]["/v1/checks/reservation"]["post"]
    [documented] = _examples(operation, "400", "application/problem+json")
    answer = client.post("/v1/checks/reservation", json={"market": "CN", "card_number": "4111"})
    assert answer.json() == documented
