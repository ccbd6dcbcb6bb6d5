"""POST /v1/checks/cancellation: the envelope, the window's answer, and times the API refuses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from litestar import Litestar
from litestar.testing import TestClient

Client = TestClient[Litestar]
URL = "/v1/checks/cancellation"


def test_a_cancellable_order_says_until_when_and_for_what_credit(client: Client) -> None:
    answer = client.post(
        URL,
        json={
            "product": "perpetual_software",
            "purchased_at": "2026-10-13T09:30:00+02:00",
            "at": "2026-11-30T10:00:00Z",
        },
    )
    assert answer.status_code == 200
    body = answer.json()
    assert (body["valid"], body["errors"]) == (True, [])
    assert body["cancellation"] == {
        "product": "perpetual_software",
        "cancellable": True,
        "purchased_at": "2026-10-13T07:30:00Z",
        "at": "2026-11-30T10:00:00Z",
        "deadline": "2026-12-12T07:30:00Z",
        "remaining": {"days": 11, "hours": 21},
        "credit": "full",
        "window_days": 60,
        "policy_source": body["cancellation"]["policy_source"],
    }
    assert "Cancel a purchase" in body["cancellation"]["policy_source"]


def test_without_at_the_answer_is_for_now(client: Client) -> None:
    bought = datetime.now(UTC) - timedelta(days=59, hours=23)
    body = client.post(
        URL, json={"product": "software_subscription", "purchased_at": bought.isoformat()}
    ).json()
    assert body["cancellation"]["cancellable"] is True
    assert body["cancellation"]["remaining"]["days"] == 0
    assert body["cancellation"]["credit"] == "prorated"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-10-13T09:30:00", "UTC offset"),
        ("2026-10-13", "RFC 3339"),
        ("yesterday", "RFC 3339"),
    ],
)
def test_a_time_without_an_offset_is_a_400_naming_the_field(
    client: Client, value: str, message: str
) -> None:
    answer = client.post(URL, json={"product": "perpetual_software", "purchased_at": value})
    assert answer.status_code == 400
    assert answer.headers["content-type"] == "application/problem+json"
    [error] = answer.json()["errors"]
    assert (error["field"], error["code"]) == ("purchased_at", "request.invalid_value")
    assert message in error["message"]


def test_a_passed_window_is_an_error_in_french_too(client: Client) -> None:
    answer = client.post(
        URL,
        json={
            "product": "perpetual_software",
            "purchased_at": "2026-01-01T00:00:00Z",
            "at": "2026-03-02T00:00:00Z",
        },
        headers={"accept-language": "fr"},
    )
    body = answer.json()
    assert answer.headers["content-language"] == "fr"
    [error] = body["errors"]
    assert error["code"] == "cancellation.window_passed"
    assert "a pris fin le 2 mars 2026 à 0 h 00 UTC :" in error["message"]
    assert body["cancellation"]["cancellable"] is False
    assert body["cancellation"]["remaining"] is None


def test_times_are_answered_to_the_second_in_utc(client: Client) -> None:
    body = client.post(
        URL,
        json={
            "product": "perpetual_software",
            "purchased_at": "2026-10-13T09:30:00.123456+02:00",
            "at": "2026-11-30T10:00:00.5Z",
        },
    ).json()["cancellation"]
    assert (body["purchased_at"], body["at"], body["deadline"]) == (
        "2026-10-13T07:30:00Z",
        "2026-11-30T10:00:00Z",
        "2026-12-12T07:30:00Z",
    )
