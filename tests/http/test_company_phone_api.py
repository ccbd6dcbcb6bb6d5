"""POST /v1/checks/company-phone: envelopes and statuses (the rules are tested in tests/rules)."""

from __future__ import annotations

import pytest
from litestar import Litestar
from litestar.testing import TestClient

Client = TestClient[Litestar]
URL = "/v1/checks/company-phone"


def test_valid_phone(client: Client) -> None:
    response = client.post(URL, json={"country": "US", "phone": "4258828080"})
    assert response.status_code == 200
    assert response.json()["valid"] is True


def test_every_error_at_once_with_the_suggestion(client: Client) -> None:
    body = client.post(URL, json={"country": "US", "phone": "+1 (425) 882-8080"}).json()
    assert body["valid"] is False
    assert [(e["field"], e["code"], e["suggestion"]) for e in body["errors"]] == [
        ("phone", "phone.invalid_characters", "4258828080"),
        ("phone", "phone.country_code_included", "4258828080"),
        ("phone", "phone.too_long", "4258828080"),
    ]
    again = client.post(URL, json={"country": "US", "phone": body["errors"][0]["suggestion"]})
    assert again.json()["valid"] is True


def test_unknown_country_and_bad_phone_together(client: Client) -> None:
    body = client.post(URL, json={"country": "ZZ", "phone": "12 34"}).json()
    assert [(e["field"], e["code"]) for e in body["errors"]] == [
        ("country", "market.unknown"),
        ("phone", "phone.invalid_characters"),
    ]


def test_warning_alone_keeps_the_phone_valid(client: Client) -> None:
    body = client.post(URL, json={"country": "AQ", "phone": "12345"}).json()
    assert (body["valid"], body["errors"], [w["code"] for w in body["warnings"]]) == (
        True,
        [],
        ["phone.not_verified"],
    )


def test_long_input_is_reported_not_refused(client: Client) -> None:
    body = client.post(URL, json={"country": "US", "phone": "9" * 200}).json()
    assert [e["code"] for e in body["errors"]] == ["phone.too_long"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"country": "US"}, "phone"),
        ({"phone": "4258828080"}, "country"),
        ({"country": "US", "phone": 4258828080}, "phone"),
        ({"country": "US", "phone": "9" * 257}, "phone"),
        ({"country": "US", "phone": "4258828080", "extension": "12"}, "extension"),
    ],
)
def test_unreadable_request_is_a_400_problem(
    client: Client, body: dict[str, object], field: str
) -> None:
    response = client.post(URL, json=body)
    assert (response.status_code, response.headers["content-type"]) == (
        400,
        "application/problem+json",
    )
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert "4258828080" not in response.text
