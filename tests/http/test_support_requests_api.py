"""POST /v1/checks/credit-request and /v1/checks/subscription-validation: the envelope,
every error at once, both languages, and bodies the API cannot read."""

from __future__ import annotations

from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from eligibility.checks import check_named

Client = TestClient[Litestar]
CREDIT = "/v1/checks/credit-request"
VALIDATION = "/v1/checks/subscription-validation"

OCTOBER: dict[str, Any] = {
    k: v for k, v in check_named("credit_request").examples[0].body.items() if k != "reason_code"
}
"""The declaration's complete request (its first example), without the optional code."""
REDMOND = {
    "country": "US",
    "region": "WA",
    "city": "Redmond",
    "postal_code": "98052",
    "line1": "1 Microsoft Way",
}


def _codes(findings: list[dict[str, Any]]) -> list[str]:
    return sorted(f["code"] for f in findings)


def test_a_complete_credit_request_answers_the_ticket_in_the_seeds_order(client: Client) -> None:
    answer = client.post(CREDIT, json=OCTOBER)
    assert answer.status_code == 200
    body = answer.json()
    assert (body["valid"], body["errors"], body["warnings"]) == (True, [], [])
    request = body["credit_request"]
    assert request["subscription_id"] == OCTOBER["subscription_id"]
    assert [line["field"] for line in request["ticket"]] == [
        "subscription_id",
        "customer_name",
        "amount",
        "period",
        "bill_date",
        "reason",
    ]
    assert [line["value"] for line in request["ticket"]][2:5] == [
        "120.00 EUR",
        "2026-10-01 to 2026-10-31",
        "2026-11-01",
    ]
    assert request["acknowledgement_hours"] == 24


def test_every_error_of_a_credit_request_comes_at_once(client: Client) -> None:
    body = client.post(
        CREDIT,
        json={
            **OCTOBER,
            "subscription_id": "6b1f3a9e-0c2d-4e5f-8a7b",
            "amount": "0",
            "period": {"start": "2026-10-31", "end": "2026-10-01"},
            "bill_date": "2026-09-30",
            "reason": "",
        },
    ).json()
    assert body["valid"] is False
    assert _codes(body["errors"]) == [
        "credit.amount_not_positive",
        "credit.bill_date_before_period_end",
        "credit.period_reversed",
        "subscription_id.invalid",
        "text.required",
    ]
    assert all(e["message"] for e in body["errors"])


def test_a_credit_request_is_answered_in_french_with_the_same_codes(client: Client) -> None:
    wrong = {**OCTOBER, "amount": "0", "subscription_id": "{6B1F3A9E-0C2D-4E5F-8A7B-9C0D1E2F3A4B}"}
    english = client.post(CREDIT, json=wrong).json()
    french = client.post(CREDIT, json=wrong, headers={"Accept-Language": "fr"}).json()
    assert _codes(french["errors"]) == _codes(english["errors"]) == ["credit.amount_not_positive"]
    assert french["errors"][0]["message"] != english["errors"][0]["message"]
    assert french["warnings"][0]["code"] == "subscription_id.not_canonical"
    assert french["warnings"][0]["suggestion"] == OCTOBER["subscription_id"]
    assert (
        next(line["label"] for line in french["credit_request"]["ticket"])
        != (english["credit_request"]["ticket"][0]["label"])
    )


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"amount": 120.0}, {"amount"}),
        ({"period": {"start": "2026-10-01"}}, {"period.end"}),
        ({"bill_date": "1 November"}, {"bill_date"}),
        ({"card_number": "4111111111111111"}, {"card_number"}),
    ],
)
def test_a_credit_request_the_api_cannot_read_is_a_problem_naming_the_field(
    client: Client, change: dict[str, Any], fields: set[str]
) -> None:
    answer = client.post(CREDIT, json={**OCTOBER, **change})
    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("application/problem+json")
    named = {error["field"] for error in answer.json()["errors"]}
    assert fields <= named


def test_a_complete_validation_request_says_only_support_confirms_the_owner(
    client: Client,
) -> None:
    body = client.post(
        VALIDATION,
        json={"subscription_id": OCTOBER["subscription_id"], "billing_address": REDMOND},
    ).json()
    assert (body["valid"], body["errors"]) == (True, [])
    assert body["subscription_validation"]["owner_confirmed_by"]


def test_a_validation_request_gets_the_address_checks_codes(client: Client) -> None:
    body = client.post(
        VALIDATION,
        json={"subscription_id": "", "billing_address": {**REDMOND, "region": "CA"}},
    ).json()
    assert body["valid"] is False
    assert _codes(body["errors"]) == [
        "address.postal_code_region_mismatch",
        "subscription_id.required",
    ]
