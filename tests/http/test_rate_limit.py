"""Optional rate limiting: 429 problems with Retry-After, and a store with a ceiling."""

from __future__ import annotations

import asyncio

import pytest
from litestar.testing import TestClient

from eligibility.app import create_app
from eligibility.ruleset import Ruleset
from eligibility.server.ratelimit import BoundedMemoryStore
from eligibility.settings import SettingsError, load_settings, parse_rate_limit


def test_off_by_default(client: TestClient) -> None:  # type: ignore[type-arg]
    assert load_settings({}).rate_limit is None
    for _ in range(30):
        response = client.post("/v1/checks/reservation", json={"market": "US"})
        assert response.status_code == 200
        assert "ratelimit-limit" not in response.headers


def test_over_the_limit_is_a_429_problem_with_retry_after(ruleset: Ruleset) -> None:
    settings = load_settings({"ELIGIBILITY_RATE_LIMIT": "3/minute"})
    with TestClient(create_app(settings, ruleset)) as client:
        answers = [client.post("/v1/checks/reservation", json={"market": "US"}) for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        assert [a.headers["ratelimit-remaining"] for a in answers[:3]] == ["2", "1", "0"]
        limited = answers[3]
        assert limited.headers["content-type"] == "application/problem+json"
        assert 1 <= int(limited.headers["retry-after"]) <= 60
        assert limited.json()["status"] == 429
        # GETs count too; health, docs and the demo do not.
        assert client.get("/v1/markets/FR").status_code == 429
        assert client.get("/healthz").status_code == 200
        assert client.get("/schema/openapi.json").status_code == 200
        assert client.get("/demo").status_code == 200


def test_a_batch_counts_as_many_requests_as_it_has_items(ruleset: Ruleset) -> None:
    settings = load_settings({"ELIGIBILITY_RATE_LIMIT": "10/minute"})

    def batch(size: int) -> dict[str, object]:
        return {"items": [{"id": str(n), "market": "US"} for n in range(size)]}

    with TestClient(create_app(settings, ruleset)) as client:
        four = client.post("/v1/checks/batch", json=batch(4))
        assert four.status_code == 200
        # 4 counted: a single check sees 5 left (10 - 4 - itself).
        single = client.post("/v1/checks/reservation", json={"market": "US"})
        assert single.headers["ratelimit-remaining"] == "5"
        # 6 more items would make 12 of 10: refused, and none of them counted.
        refused = client.post("/v1/checks/batch", json=batch(6))
        assert refused.status_code == 429
        assert refused.headers["content-type"] == "application/problem+json"
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        # The refused batch counted once, as a request: 10 - 4 - 1 - 1 = 4 items fit.
        assert client.post("/v1/checks/batch", json=batch(4)).status_code == 200
        assert client.post("/v1/checks/reservation", json={"market": "US"}).status_code == 429


@pytest.mark.parametrize(
    ("value", "rate"),
    [("120/minute", ("minute", 120)), (" 5 / second ", ("second", 5)), ("1/day", ("day", 1))],
)
def test_rates_are_read_from_the_environment(value: str, rate: tuple[str, int]) -> None:
    assert parse_rate_limit(value) == rate
    assert load_settings({"ELIGIBILITY_RATE_LIMIT": value}).rate_limit == rate


@pytest.mark.parametrize("value", ["120", "0/minute", "-1/minute", "10/fortnight", "ten/minute"])
def test_a_bad_rate_stops_start_up_naming_the_variable(value: str) -> None:
    with pytest.raises(SettingsError, match="ELIGIBILITY_RATE_LIMIT"):
        load_settings({"ELIGIBILITY_RATE_LIMIT": value})


def test_the_store_forgets_the_least_recent_client_beyond_its_ceiling() -> None:
    store = BoundedMemoryStore(max_entries=100)

    async def flood() -> None:
        for i in range(10_000):
            await store.set(f"client-{i}", b"history", expires_in=60)
        assert len(store) == 100
        assert await store.get("client-9999") == b"history"
        assert await store.get("client-0") is None

    asyncio.run(flood())


def test_expired_entries_are_not_served() -> None:
    store = BoundedMemoryStore()

    async def check() -> None:
        await store.set("a", "x", expires_in=-1)
        assert await store.get("a") is None
        assert len(store) == 0
        await store.set("b", "y")
        assert await store.exists("b")
        assert await store.expires_in("b") is None
        await store.delete("b")
        assert not await store.exists("b")

    asyncio.run(check())
