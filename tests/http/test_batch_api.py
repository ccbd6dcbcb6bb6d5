"""POST /v1/checks/batch: order, ids, limits."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from eligibility.api import batch as batch_module
from eligibility.api.batch import BATCH_EXAMPLES

Client = TestClient[Litestar]

ITEMS: list[dict[str, Any]] = BATCH_EXAMPLES.cases[0].body["items"]


def _item(number: int) -> dict[str, Any]:
    item = dict(ITEMS[number % 2])
    item["id"] = f"R{number}"
    return item


def test_results_come_in_the_order_sent_each_with_its_id(client: Client) -> None:
    items = [_item(n) for n in range(50)]
    answer = client.post("/v1/checks/batch", json={"items": items})
    assert answer.status_code == 200
    results = answer.json()["results"]
    assert [r["id"] for r in results] == [f"R{n}" for n in range(50)]
    assert [r["valid"] for r in results] == [n % 2 == 0 for n in range(50)]


def test_each_result_is_the_account_setup_checks(client: Client) -> None:
    results = client.post("/v1/checks/batch", json={"items": [_item(1)]}).json()["results"]
    single = dict(ITEMS[1])
    single.pop("id")
    alone = client.post("/v1/checks/account-setup", json=single).json()
    assert {k: v for k, v in results[0].items() if k not in ("id", "outcome")} == alone
    assert results[0]["outcome"] == "checked"


def test_a_thousand_items_are_answered_and_one_more_is_a_problem_naming_items(
    client: Client,
) -> None:
    answer = client.post("/v1/checks/batch", json={"items": [_item(n) for n in range(1000)]})
    assert (answer.status_code, len(answer.json()["results"])) == (200, 1000)
    answer = client.post("/v1/checks/batch", json={"items": [_item(n) for n in range(1001)]})
    assert answer.status_code == 400
    assert answer.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in answer.json()["errors"]] == ["items"]


def test_an_empty_batch_is_a_problem_that_reads_as_english(client: Client) -> None:
    answer = client.post("/v1/checks/batch", json={"items": []})
    assert answer.status_code == 400
    [error] = answer.json()["errors"]
    assert (error["field"], error["code"]) == ("items", "request.too_short")
    assert error["message"] == "Too few items: send at least 1."


def test_an_unreadable_item_gets_its_problems_in_its_place_and_the_rest_are_checked(
    client: Client,
) -> None:
    # Issue 22: one malformed item used to reject the whole batch.
    items = [_item(n) for n in range(1000)]
    items[3].pop("id")
    items[500] = {"id": "R500", "market": 5, "billing_adress": {}}
    answer = client.post("/v1/checks/batch", json={"items": items})
    assert answer.status_code == 200
    results = answer.json()["results"]
    assert len(results) == 1000
    assert [r["outcome"] for r in results].count("checked") == 998
    assert (results[3]["outcome"], results[3]["id"], results[3]["index"]) == ("unreadable", None, 3)
    assert [(p["field"], p["code"]) for p in results[3]["problems"]] == [
        ("id", "request.field_missing")
    ]
    assert {(p["field"], p["code"]) for p in results[500]["problems"]} == {
        ("billing_adress", "request.field_unknown"),
        ("market", "request.wrong_type"),
        ("company_phone", "request.field_missing"),
        ("billing_address", "request.field_missing"),
    }
    assert "did you mean billing_address" in results[500]["problems"][0]["message"]
    assert [r["id"] for r in results[:3]] == ["R0", "R1", "R2"]
    assert results[999]["id"] == "R999"


def test_a_problem_outside_the_items_still_fails_the_whole_batch(client: Client) -> None:
    answer = client.post("/v1/checks/batch", json={"items": [_item(0)], "itemz": []})
    assert answer.status_code == 400
    [error] = answer.json()["errors"]
    assert error["message"] == "This field is not part of the request: did you mean items?"


def test_the_body_limit_is_sized_for_the_batch_route_only(client: Client) -> None:
    padding = b" " * (5 * 1024 * 1024)
    big = b'{"items": [' + padding + b"]}"
    headers = {"content-type": "application/json"}
    assert client.post("/v1/checks/batch", content=big, headers=headers).status_code == 413
    medium = b'{"items": [' + b" " * (1024 * 1024) + b"]}"
    assert client.post("/v1/checks/batch", content=medium, headers=headers).status_code == 400
    assert (
        client.post("/v1/checks/account-setup", content=medium, headers=headers).status_code == 413
    )


async def _asgi(app: Litestar, method: str, path: str, body: bytes = b"") -> int:
    """One request straight into the app on the running loop (Litestar's async test
    client runs the app in a thread of its own, one request at a time): its status."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
        "method": method, "scheme": "http", "path": path, "raw_path": path.encode(),
        "query_string": b"", "root_path": "", "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "headers": [(b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode())],
    }  # fmt: skip
    events = [{"type": "http.request", "body": body, "more_body": False}]
    statuses: list[int] = []

    async def receive() -> dict[str, Any]:
        if events:
            return events.pop()
        await asyncio.Event().wait()  # no disconnect while the answer is written
        raise AssertionError

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    await app(scope, receive, send)  # type: ignore[arg-type]
    return statuses[0]


def test_other_requests_are_answered_while_a_batch_is_checked(
    app: Litestar, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch hands the event loop back between slices: a /healthz sent once the
    first item is being checked is answered long before the last one is."""
    checked = [0]
    check_one = batch_module.ACCOUNT_SETUP

    def counting(*args: Any) -> Any:
        checked[0] += 1
        return check_one.run(*args)

    monkeypatch.setattr(batch_module, "ACCOUNT_SETUP", dataclasses.replace(check_one, run=counting))
    monkeypatch.setattr(batch_module, "SLICE_SECONDS", 0.0)  # a slice per item
    body = json.dumps({"items": [_item(n) for n in range(1000)]}).encode()

    async def health() -> int:
        while checked[0] == 0:
            await asyncio.sleep(0)
        assert await _asgi(app, "GET", "/healthz") == 200
        return checked[0]

    async def scenario() -> tuple[int, int]:
        status, at_health = await asyncio.gather(
            _asgi(app, "POST", "/v1/checks/batch", body), health()
        )
        assert status == 200
        return at_health, checked[0]

    at_health, total = asyncio.run(scenario())
    assert total == 1000
    assert at_health < 100, at_health  # answered early in the batch, not after it
