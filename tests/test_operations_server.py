"""Operations on the real server over loopback: metrics summed over 2 workers, JSON
logs, and rate limits shared through a real redis-server that fails open.

redis-server is Debian's (`make redis`); without it the Redis tests skip, except
in CI (`ELIGIBILITY_REQUIRE_REDIS=1`), where they fail.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from prometheus_client.mmap_dict import MmapedDict

from eligibility.server.metrics import rate_limit_store_errors
from eligibility.server.ratelimit import FailOpenStore, rate_limit_store
from tests.servers import free_port, running_server

pytestmark = pytest.mark.socket

REDIS = shutil.which("redis-server")
PHONE = {"country": "AU", "phone": "+61 2 9374 4000"}


def _fresh(base: str) -> httpx.Client:
    """A client that opens a new connection per request, so the kernel spreads them
    over the workers."""
    return httpx.Client(base_url=base, timeout=5, headers={"Connection": "close"})


def _served_by(metrics_dir: Path) -> set[str]:
    """The workers (pids) whose own counter file counts at least one request."""
    served = set()
    for path in metrics_dir.glob("counter_*.db"):
        for key, value, *_ in MmapedDict.read_all_values_from_file(str(path)):
            if "eligibility_requests_total" in key and value > 0:
                served.add(path.stem.rsplit("_", 1)[1])
    return served


def _spread(base: str, method: str, url: str, n: int, body: object = None) -> list[int]:
    """``n`` requests from 8 concurrent clients on fresh connections, so that every
    worker accepts some (one idle worker would otherwise take them all)."""

    def one(_: int) -> int:
        with _fresh(base) as client:
            return client.request(method, url, json=body).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(one, range(n)))


def _value(text: str, sample: str) -> float:
    total = 0.0
    for line in text.splitlines():
        if line.startswith(sample):
            total += float(line.rsplit(" ", 1)[1])
    return total


def test_metrics_add_up_over_two_workers(tmp_path: Path) -> None:
    metrics_dir = tmp_path / "metrics"
    env = {"PROMETHEUS_MULTIPROC_DIR": str(metrics_dir), "ELIGIBILITY_LOG_LEVEL": "warning"}
    with running_server("--workers", "2", env=env) as (base, _), _fresh(base) as client:
        assert _spread(base, "POST", "/v1/checks/company-phone", 60, PHONE) == [200] * 60
        assert _spread(base, "GET", "/v1/markets/FR", 40) == [200] * 40
        # Both workers served and counted in their own files.
        time.sleep(1.5)  # each worker writes its tallies every second
        assert len(_served_by(metrics_dir)) == 2
        scrapes = [client.get("/metrics").text for _ in range(6)]
    phone = 'eligibility_requests_total{method="POST",path="/v1/checks/company-phone"'
    market = 'eligibility_requests_total{method="GET",path="/v1/markets/{code}"'
    latency = 'eligibility_request_duration_seconds_count{method="GET",path="/v1/markets/{code}"'
    for text in scrapes:  # whichever worker answers the scrape sees all 100
        assert _value(text, phone) == 60
        assert _value(text, market) == 40
        assert _value(text, latency) == 40
        for code in ("phone.invalid_characters", "phone.country_code_included", "phone.too_long"):
            finding = (
                "eligibility_check_findings_total"
                f'{{check="company_phone",code="{code}",severity="error"}}'
            )
            assert _value(text, finding) == 60, code


def test_json_logs_are_one_object_per_line_with_the_request_id(tmp_path: Path) -> None:
    env = {"ELIGIBILITY_LOG_FORMAT": "json"}
    with running_server(env=env) as (base, process), _fresh(base) as client:
        answer = client.post("/v1/checks/company-phone", json=PHONE)
        missing = client.get("/v1/nothing-here")
        time.sleep(0.8)  # the access log flushes every 0.5 s
        process.terminate()
        output, _ = process.communicate(timeout=10)
    lines = [json.loads(line) for line in output.splitlines() if line.strip()]
    assert all({"time", "level", "logger"} <= line.keys() for line in lines)
    access = {line["request_id"]: line for line in lines if line["logger"] == "eligibility.access"}
    phone = access[answer.headers["x-request-id"]]
    assert (phone["method"], phone["route"], phone["status"]) == (
        "POST", "/v1/checks/company-phone", 200)  # fmt: skip
    assert access[missing.headers["x-request-id"]]["route"] == "<unmatched>"
    assert "9374" not in output
    assert "nothing-here" not in output


@contextmanager
def redis_server(port: int, directory: Path) -> Iterator[subprocess.Popen[bytes]]:
    assert REDIS is not None
    process = subprocess.Popen(
        [
            REDIS,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(directory),
        ],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while (
        subprocess.run(
            ["redis-cli", "-p", str(port), "ping"], capture_output=True, check=False
        ).stdout.strip()
        != b"PONG"
    ):
        assert time.monotonic() < deadline, "redis-server did not start"
        time.sleep(0.05)
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)


def _statuses(client: httpx.Client, n: int) -> list[int]:
    return [client.get("/v1/markets/FR").status_code for _ in range(n)]


needs_redis = pytest.mark.skipif(
    REDIS is None and os.environ.get("ELIGIBILITY_REQUIRE_REDIS") != "1",
    reason="redis-server is not installed (make redis)",
)


@needs_redis
def test_without_a_shared_store_each_worker_counts_alone() -> None:
    """The control: 2 workers with in-memory counters let more than the limit through."""
    env = {"ELIGIBILITY_RATE_LIMIT": "10/minute", "ELIGIBILITY_LOG_LEVEL": "warning"}
    with running_server("--workers", "2", env=env) as (base, _):
        statuses = _spread(base, "GET", "/v1/markets/FR", 200)
    assert statuses.count(200) > 10  # up to 10 in each worker


@needs_redis
def test_a_limit_in_redis_holds_across_two_workers_and_fails_open(tmp_path: Path) -> None:
    port = free_port()
    env = {
        "ELIGIBILITY_RATE_LIMIT": "10/minute",
        "ELIGIBILITY_RATE_LIMIT_STORE": f"redis://127.0.0.1:{port}/0",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
    }
    with (
        redis_server(port, tmp_path) as redis,
        running_server("--workers", "2", env=env) as (base, server),
        _fresh(base) as client,
    ):
        statuses = _spread(base, "GET", "/v1/markets/FR", 200)
        time.sleep(1.5)  # each worker writes its tallies every second
        assert len(_served_by(tmp_path / "metrics")) == 2
        # Concurrent requests can both read a count before either writes it (Litestar's
        # limiter reads, then writes): at most the concurrency (8) over the limit.
        assert 10 <= statuses.count(200) <= 10 + 8, statuses
        # One at a time, the count is exact: the window is used up for every worker.
        assert _statuses(client, 20) == [429] * 20

        # Redis goes away: the service keeps answering, without a limit.
        redis.terminate()
        redis.wait(timeout=10)
        down = _statuses(client, 30)
        assert down == [200] * 30
        errors = _value(client.get("/metrics").text, "eligibility_rate_limit_store_errors_total")
        assert errors == 30  # one per request served without the store

        # Redis comes back (empty): the limit applies again.
        with redis_server(port, tmp_path):
            time.sleep(1.2)  # past the store's retry interval
            back = _statuses(client, 30)
        assert back.count(200) == 10, back
        server.terminate()
        output, _ = server.communicate(timeout=10)
    unavailable = re.findall(r"rate limit store unavailable", output)
    assert 1 <= len(unavailable) <= 2, output  # once per worker, not once per request
    assert "rate limit store answers again" in output


@needs_redis
def test_a_connection_redis_dropped_is_retried_once_not_counted_as_a_failure(
    tmp_path: Path,
) -> None:
    """After a Redis restart the pool's connections are stale: the first use of one
    fails. Retried once on a fresh connection, the limit holds; without the retry it
    failed open for a second (one store error, then RETRY_SECONDS without a limit)."""
    port = free_port()
    store = rate_limit_store(f"redis://127.0.0.1:{port}/0")
    assert isinstance(store, FailOpenStore)

    async def errors_over(calls: Callable[[], Awaitable[object]]) -> float:
        before = rate_limit_store_errors._value.get()
        await calls()
        return float(rate_limit_store_errors._value.get() - before)

    async def scenario() -> tuple[float, bytes | None, float]:
        with redis_server(port, tmp_path):
            await store.set("client", b"3", 60)  # the pool now holds a live connection
        with redis_server(port, tmp_path):  # restarted: that connection is stale
            after_restart = await errors_over(lambda: store.set("client", b"4", 60))
            value = await store.get("client")
        down = await errors_over(lambda: store.get("client"))  # no Redis at all
        return after_restart, value, down

    after_restart, value, down = asyncio.run(scenario())
    assert after_restart == 0
    assert value == b"4"  # written through the fresh connection
    assert down == 1  # still fails open when Redis is gone, counted once
