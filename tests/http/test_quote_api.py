"""POST /v1/pricing/quote: decimal strings in and out; refused values answered like checks."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import TestClient

Client = TestClient[Litestar]
URL = "/v1/pricing/quote"


def test_australian_quote_splits_out_gst(client: Client) -> None:
    body = client.post(URL, json={"market": "AU", "amount": "110.00", "currency": "AUD"}).json()
    assert body == {
        "valid": True,
        "errors": [],
        "warnings": [],
        "rules_version": body["rules_version"],
        "quote": {
            "market": "AU",
            "tax_inclusive": True,
            "amount": "110.00",
            "currency": "AUD",
            "tax": {"name": "GST", "rate": "0.10", "amount": "10.00", "net_amount": "100.00"},
        },
    }


def test_brazilian_quote_is_inclusive_without_a_split(client: Client) -> None:
    body = client.post(URL, json={"market": "BR", "amount": "500", "currency": "BRL"}).json()
    body = body["quote"]
    assert (body["tax_inclusive"], body["tax"], body["amount"]) == (True, None, "500.00")


def test_other_market_excludes_tax(client: Client) -> None:
    body = client.post(URL, json={"market": "jpn", "amount": "1100", "currency": "jpy"}).json()
    body = body["quote"]
    assert (body["market"], body["tax_inclusive"], body["tax"], body["currency"]) == (
        "JP",
        False,
        None,
        "JPY",
    )


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        (
            {"market": "AU", "amount": "-1.00", "currency": "AUD"},
            "amount",
            "request.pattern_mismatch",
        ),
        ({"market": "AU", "amount": 110.0, "currency": "AUD"}, "amount", "request.wrong_type"),
        (
            {"market": "AU", "amount": "1e3", "currency": "AUD"},
            "amount",
            "request.pattern_mismatch",
        ),
        (
            {"market": "AU", "amount": "0110", "currency": "AUD"},
            "amount",
            "request.pattern_mismatch",
        ),
        (
            {"market": "AU", "amount": "1" * 16, "currency": "AUD"},
            "amount",
            "request.pattern_mismatch",
        ),
        (
            {"market": "AU", "amount": "1.00", "currency": "AU"},
            "currency",
            "request.pattern_mismatch",
        ),
        ({"market": "AU", "amount": "1.00"}, "currency", "request.field_missing"),
    ],
)
def test_unreadable_quote_is_a_400_problem_with_a_coded_field(
    client: Client, body: dict[str, object], field: str, code: str
) -> None:
    response = client.post(URL, json=body)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [(field, code)]


@pytest.mark.parametrize(
    ("body", "codes"),
    [
        ({"market": "AU", "amount": "1.001", "currency": "AUD"}, ["amount.too_many_decimals"]),
        ({"market": "JP", "amount": "1.5", "currency": "JPY"}, ["amount.too_many_decimals"]),
        ({"market": "AU", "amount": "1.00", "currency": "ZZZ"}, ["currency.unknown"]),
        ({"market": "AU", "amount": "1.00", "currency": "XAU"}, ["currency.not_for_pricing"]),
        ({"market": "ZZ", "amount": "1.00", "currency": "AUD"}, ["market.unknown"]),
        (
            {"market": "ZZ", "amount": "1.5", "currency": "JPY"},
            ["market.unknown", "amount.too_many_decimals"],
        ),
    ],
)
def test_refused_value_is_a_200_with_every_coded_error_and_no_quote(
    client: Client, body: dict[str, object], codes: list[str]
) -> None:
    response = client.post(URL, json=body, headers={"Accept-Language": "fr"})
    assert response.status_code == 200
    assert response.headers["content-language"] == "fr"
    answer = response.json()
    assert (answer["valid"], answer["quote"]) == (False, None)
    assert [e["code"] for e in answer["errors"]] == codes
    assert all(e["message"] and e["suggestion"] is None for e in answer["errors"])


def test_yen_written_with_zero_decimals_is_quoted(client: Client) -> None:
    body = {"market": "AU", "amount": "110.00", "currency": "JPY"}
    answer = client.post(URL, json=body).json()
    assert (answer["valid"], answer["quote"]["amount"]) == (True, "110")
