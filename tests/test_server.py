"""The real server over a loopback socket, started the way `make run` starts it."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.servers import free_port, running_server, serve

pytestmark = pytest.mark.socket


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, subprocess.Popen[str]]]:
    with running_server() as running:
        yield running


def test_real_server_answers_over_a_socket(server: tuple[str, subprocess.Popen[str]]) -> None:
    base, _ = server
    market = httpx.get(f"{base}/v1/markets/cn")
    assert market.status_code == 200
    assert market.json()["reservations_available"] is False
    assert (
        httpx.get(
            f"{base}/v1/markets/cn", headers={"If-None-Match": market.headers["etag"]}
        ).status_code
        == 304
    )
    check = httpx.post(f"{base}/v1/checks/reservation", json={"market": "NG"})
    assert check.json()["valid"] is True
    problem = httpx.post(
        f"{base}/v1/checks/reservation", content=b"{", headers={"content-type": "application/json"}
    )
    assert (problem.status_code, problem.headers["content-type"]) == (
        400,
        "application/problem+json",
    )
    assert "server" not in problem.headers


def test_access_log_has_method_path_status_and_no_body_or_query() -> None:
    port = free_port()
    process = serve("--port", str(port), "--workers", "1")
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                httpx.get(f"{base}/healthz", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        httpx.get(f"{base}/v1/markets", params={"q": "CANARYQUERY"})
        httpx.post(f"{base}/v1/checks/reservation", json={"market": "CANARYBODY"})
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=10)
    assert "POST /v1/checks/reservation 200" in output
    assert "GET /v1/markets 200" in output
    assert "CANARY" not in output


def test_bad_data_file_stops_start_up_naming_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data", data)
    (data / "tax_inclusive_pricing.json").write_text('{"source": ', encoding="utf-8")
    process = serve("--port", str(free_port()), "--data-dir", str(data))
    output, _ = process.communicate(timeout=30)
    assert process.returncode == 2
    assert "cannot start" in output
    assert "tax_inclusive_pricing.json" in output
