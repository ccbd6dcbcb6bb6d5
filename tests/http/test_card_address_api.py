"""POST /v1/checks/card-address: envelopes and statuses (the rules are tested in tests/rules)."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import TestClient

Client = TestClient[Litestar]
URL = "/v1/checks/card-address"
HOME = {"country": "US", "region": "WA", "city": "Redmond", "postal_code": "98052",
        "line1": "1 Microsoft Way", "line2": None}  # fmt: skip
CARD = {"country": "US", "region": "WA", "city": "Seattle", "postal_code": "98101",
        "line1": "500 Pine Street"}  # fmt: skip


def test_matching_card_address(client: Client) -> None:
    response = client.post(URL, json={"billing_address": HOME, "card_address": HOME})
    assert response.status_code == 200
    body = response.json()
    assert (body["valid"], body["errors"], body["avs"]) == (
        True, [], {"street": "match", "postal_code": "match", "code": "Y"})  # fmt: skip
    assert body["rules_version"]


def test_every_error_at_once_with_paths(client: Client) -> None:
    body = client.post(
        URL, json={"billing_address": HOME, "card_address": CARD, "legal_entity_address": HOME}
    ).json()
    assert body["valid"] is False
    assert [(e["field"], e["code"]) for e in body["errors"]] == [
        ("billing_address.line1", "address.street_mismatch"),
        ("billing_address.postal_code", "address.postal_code_mismatch"),
        ("billing_address", "address.legal_entity_address_used"),
    ]
    assert body["avs"]["code"] == "N"


def test_warning_keeps_the_address_valid(client: Client) -> None:
    body = client.post(URL, json={"billing_address": HOME, "legal_entity_address": HOME}).json()
    assert (body["valid"], [w["code"] for w in body["warnings"]], body["avs"]["code"]) == (
        True, ["address.legal_entity_address_used"], "U")  # fmt: skip


CARD_NUMBER = "4111111111111111"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"billing_address": HOME, "card_number": CARD_NUMBER}, "card_number"),
        ({"billing_address": HOME, "cvc": "737", "expiry": "12/30"}, "cvc expiry"),
        ({"billing_address": {**HOME, "card_number": CARD_NUMBER}}, "billing_address.card_number"),
        (
            {"billing_address": HOME, "card_address": {**CARD, "pan": CARD_NUMBER}},
            "card_address.pan",
        ),
        ({}, "billing_address"),
        ({"billing_address": {"region": "WA"}}, "billing_address.country"),
        ({"billing_address": {**HOME, "postal_code": 98052}}, "billing_address.postal_code"),
        ({"billing_address": {**HOME, "postal_code": "9" * 33}}, "billing_address.postal_code"),
        ({"billing_address": {**HOME, "line1": "x" * 201}}, "billing_address.line1"),
        ({"billing_address": "1 Microsoft Way"}, "billing_address"),
    ],
)
def test_unreadable_request_is_a_400_problem_that_echoes_nothing(
    client: Client, body: dict[str, object], field: str
) -> None:
    response = client.post(URL, json=body)
    assert (response.status_code, response.headers["content-type"]) == (
        400, "application/problem+json")  # fmt: skip
    # Every field at fault is named at once (issue 22), here space-separated.
    assert [e["field"] for e in response.json()["errors"]] == field.split()
    for value in (CARD_NUMBER, "737", "12/30", "Microsoft", "98052", "Pine"):
        assert value not in response.text
