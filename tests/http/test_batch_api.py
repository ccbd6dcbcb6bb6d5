"""POST /v1/checks/batch: order, ids, limits."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.testing import TestClient

from eligibility.http.batch import BATCH_EXAMPLES

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
    assert {k: v for k, v in results[0].items() if k != "id"} == alone


def test_a_thousand_items_are_answered_and_one_more_is_a_problem_naming_items(
    client: Client,
) -> None:
    answer = client.post("/v1/checks/batch", json={"items": [_item(n) for n in range(1000)]})
    assert (answer.status_code, len(answer.json()["results"])) == (200, 1000)
    answer = client.post("/v1/checks/batch", json={"items": [_item(n) for n in range(1001)]})
    assert answer.status_code == 400
    assert answer.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in answer.json()["errors"]] == ["items"]


def test_an_empty_batch_and_an_item_without_id_are_problems(client: Client) -> None:
    assert client.post("/v1/checks/batch", json={"items": []}).status_code == 400
    item = _item(0)
    item.pop("id")
    answer = client.post("/v1/checks/batch", json={"items": [item]})
    assert answer.status_code == 400
    assert "id" in answer.json()["detail"]


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
