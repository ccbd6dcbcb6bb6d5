"""POST /v1/pricing/quote: decimal strings in and out, refusals as 400 problems."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import TestClient

Client = TestClient[Litestar]
URL = "/v1/pricing/quote"


def test_australian_quote_splits_out_gst(client: Client) -> None:
    body = client.post(URL, json={"market": "AU", "amount": "110.00", "currency": "AUD"}).json()
    assert body == {
        "market": "AU",
        "tax_inclusive": True,
        "amount": "110.00",
        "currency": "AUD",
        "tax": {"name": "GST", "rate": "0.10", "amount": "10.00", "net_amount": "100.00"},
        "rules_version": body["rules_version"],
    }


def test_brazilian_quote_is_inclusive_without_a_split(client: Client) -> None:
    body = client.post(URL, json={"market": "BR", "amount": "500", "currency": "BRL"}).json()
    assert (body["tax_inclusive"], body["tax"], body["amount"]) == (True, None, "500.00")


def test_other_market_excludes_tax(client: Client) -> None:
    body = client.post(URL, json={"market": "jpn", "amount": "1100", "currency": "jpy"}).json()
    assert (body["market"], body["tax_inclusive"], body["tax"], body["currency"]) == (
        "JP",
        False,
        None,
        "JPY",
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"market": "AU", "amount": "-1.00", "currency": "AUD"}, "amount"),
        ({"market": "AU", "amount": 110.0, "currency": "AUD"}, "amount"),
        ({"market": "AU", "amount": "1e3", "currency": "AUD"}, "amount"),
        ({"market": "AU", "amount": "1.001", "currency": "AUD"}, "amount"),
        ({"market": "JP", "amount": "1.5", "currency": "JPY"}, "amount"),
        ({"market": "AU", "amount": "0110", "currency": "AUD"}, "amount"),
        ({"market": "AU", "amount": "1" * 16, "currency": "AUD"}, "amount"),
        ({"market": "AU", "amount": "1.00", "currency": "ZZZ"}, "currency"),
        ({"market": "AU", "amount": "1.00", "currency": "XAU"}, "currency"),
        ({"market": "AU", "amount": "1.00", "currency": "AU"}, "currency"),
        ({"market": "ZZ", "amount": "1.00", "currency": "AUD"}, "market"),
        ({"market": "AU", "amount": "1.00"}, "currency"),
    ],
)
def test_refused_quote_is_a_400_problem_naming_the_field(
    client: Client, body: dict[str, object], field: str
) -> None:
    response = client.post(URL, json=body)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == [field]
