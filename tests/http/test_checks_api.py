"""POST /v1/checks/reservation, and problem+json for every request that cannot be read."""

from __future__ import annotations

import logging

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from eligibility.api.state import app_state
from eligibility.app import create_app
from eligibility.ruleset import Ruleset
from eligibility.settings import load_settings

Client = TestClient[Litestar]
URL = "/v1/checks/reservation"
JSON = {"content-type": "application/json"}


def test_eligible_market_is_valid(client: Client) -> None:
    body = client.post(URL, json={"market": "au"}).json()
    assert body["valid"] is True
    assert body["errors"] == body["warnings"] == []
    assert body["rules_version"]


def test_unavailable_market_is_200_with_the_error(client: Client) -> None:
    response = client.post(URL, json={"market": "CN"})
    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is False
    assert body["errors"] == [
        {
            "field": "market",
            "code": "reservations.unavailable_in_market",
            "message": "Azure reservations are not sold in China (CN).",
            "suggestion": None,
        }
    ]


def test_unknown_market_suggests_the_code_of_a_name(client: Client) -> None:
    error = client.post(URL, json={"market": "Germany"}).json()["errors"][0]
    assert (error["code"], error["suggestion"]) == ("market.unknown", "DE")


def _problem(response: object) -> dict[str, object]:
    assert response.status_code == 400
    headers = response.headers
    assert headers["content-type"] == "application/problem+json"
    body: dict[str, object] = msgspec.json.decode(response.content)
    assert body["type"] == "about:blank"
    assert body["status"] == 400
    assert body["title"] == "Bad Request"
    return body


@pytest.mark.parametrize(
    ("content", "field"),
    [
        (b'{"market": 1}', "market"),
        (b'{"market": ""}', "market"),
        (b'{"market": "' + b"A" * 65 + b'"}', "market"),
        (b"{}", "market"),
        (b'{"market": "CN", "card_number": "4111111111111111"}', "card_number"),
        (b"null", "body"),
        (b"[]", "body"),
        (b"", "body"),
        (b'"CN"', "body"),
    ],
)
def test_unreadable_body_is_a_400_problem_naming_the_field(
    client: Client, content: bytes, field: str
) -> None:
    body = _problem(client.post(URL, content=content, headers=JSON))
    errors = body["errors"]
    assert isinstance(errors, list)
    assert [e["field"] for e in errors] == [field]


@pytest.mark.parametrize(
    "content",
    [b'{"market": ', b"{bad", b"[" * 10_000, b'{"market": "\xff\xfe"}', b'{"market": "CN"} x'],
)
def test_malformed_json_is_a_400_problem(client: Client, content: bytes) -> None:
    body = _problem(client.post(URL, content=content, headers=JSON))
    assert "JSON" in str(body["detail"])


def test_refusal_never_echoes_the_values_sent(client: Client) -> None:
    card = "4111111111111111"
    response = client.post(URL, json={"market": "CN", "card_number": card, "cvc": "123"})
    assert response.status_code == 400
    assert card not in response.text
    assert "123" not in response.text


def test_unknown_route_and_method_are_problems(client: Client) -> None:
    missing = client.get("/v1/nothing")
    assert (missing.status_code, missing.headers["content-type"]) == (
        404,
        "application/problem+json",
    )
    wrong = client.get(URL)
    assert (wrong.status_code, wrong.headers["content-type"]) == (405, "application/problem+json")


def test_oversized_body_is_a_413_problem(client: Client) -> None:
    content = b'{"market": "' + b"A" * 70_000 + b'"}'
    response = client.post(URL, content=content, headers=JSON)
    assert (response.status_code, response.headers["content-type"]) == (
        413,
        "application/problem+json",
    )


class _Exploding(dict[str, object]):
    def get(self, *args: object, **kwargs: object) -> object:
        raise RuntimeError("boom")


def test_unexpected_error_is_a_500_problem_with_a_request_id_logged_without_the_body(
    ruleset: Ruleset, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(load_settings({}), ruleset)
    # Broken after start-up, which answers the spec's examples with the rules.
    app_state(app).ruleset = msgspec.structs.replace(ruleset, by_code=_Exploding())
    with TestClient(app) as client, caplog.at_level(logging.ERROR, "eligibility"):
        response = client.post(URL, json={"market": "CANARY-MARKET"})
    assert (response.status_code, response.headers["content-type"]) == (
        500,
        "application/problem+json",
    )
    request_id = response.json()["request_id"]
    assert len(request_id) == 32
    assert response.headers["x-request-id"] == request_id
    logged = "\n".join(r.getMessage() + str(r.exc_info) for r in caplog.records)
    assert request_id in logged
    assert "boom" in logged
    assert "CANARY-MARKET" not in logged
    assert "CANARY-MARKET" not in response.text
