"""The real server over a loopback socket, started the way `make run` starts it."""

from __future__ import annotations

import shutil
import socket
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


# Personal data sent in every way the API can receive it; none of it may reach a log.
CANARY_PHONE = "+1 (425) 555-0173"
CANARY_DIGITS = "4255550173"
CANARY_STREET = "8723 Canaryfield Lane"
CANARY_CITY = "Canarytown"
CANARY_POSTAL = "98777"
CANARIES = (CANARY_DIGITS, "555-0173", "Canaryfield", "Canarytown", CANARY_POSTAL, "CANARY")


def _canary_requests(base: str) -> list[httpx.Response]:
    address = {"country": "US", "region": "WA", "city": CANARY_CITY,
               "postal_code": CANARY_POSTAL, "line1": CANARY_STREET}  # fmt: skip
    setup = {"market": "US", "company_phone": CANARY_PHONE, "billing_address": address,
             "legal_entity_address": address}  # fmt: skip
    with httpx.Client(base_url=base, timeout=5) as client:
        return [
            client.get("/v1/markets", params={"q": "CANARYQUERY"}),
            client.post("/v1/checks/reservation", json={"market": "CANARYBODY"}),
            client.post("/v1/checks/company-phone", json={"country": "US", "phone": CANARY_PHONE}),
            client.post("/v1/checks/card-address", json={"billing_address": address}),
            client.post("/v1/checks/account-setup", json=setup),
            # refused requests: unknown field, wrong type, malformed JSON, wrong media type
            client.post("/v1/checks/account-setup", json={**setup, "card_number": CANARY_DIGITS}),
            client.post(
                "/v1/checks/company-phone", json={"country": "US", "phone": [CANARY_PHONE]}
            ),
            client.post(
                "/v1/checks/card-address",
                content=b'{"billing_address": {"line1": "' + CANARY_STREET.encode(),
                headers={"Content-Type": "application/json"},
            ),
            client.post("/v1/checks/company-phone", data={"phone": CANARY_PHONE}),
        ]


def test_logs_hold_method_path_status_only_never_personal_data() -> None:
    with running_server(env={"ELIGIBILITY_LOG_LEVEL": "debug"}) as (base, process):
        statuses = [r.status_code for r in _canary_requests(base)]
        process.terminate()
        output, _ = process.communicate(timeout=10)
    assert statuses == [200, 200, 200, 200, 200, 400, 400, 400, 415]
    assert "POST /v1/checks/account-setup 200" in output
    assert "POST /v1/checks/account-setup 400" in output
    assert "POST /v1/checks/company-phone 415" in output
    assert "GET /v1/markets 200" in output
    leaked = [canary for canary in CANARIES if canary.lower() in output.lower()]
    assert leaked == [], output


def test_a_client_that_disconnects_mid_body_does_not_hurt_the_server() -> None:
    with running_server() as (base, process):
        port = int(base.rsplit(":", 1)[1])
        for _ in range(20):
            with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
                sock.sendall(
                    b"POST /v1/checks/account-setup HTTP/1.1\r\nHost: x\r\n"
                    b"Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n"
                    b'{"market": "US", "company_phone": "42'
                )
        answer = httpx.post(f"{base}/v1/checks/reservation", json={"market": "US"}, timeout=5)
        assert answer.status_code == 200
        process.terminate()
        output, _ = process.communicate(timeout=10)
    assert "Traceback" not in output
    assert " 500 " not in output
    # Each hang-up is logged as the client's error, not the server's.
    assert output.count("POST /v1/checks/account-setup 400") == 20


def test_bad_data_file_stops_start_up_naming_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data", data)
    (data / "tax_inclusive_pricing.json").write_text('{"source": ', encoding="utf-8")
    process = serve("--port", str(free_port()), "--data-dir", str(data))
    output, _ = process.communicate(timeout=30)
    assert process.returncode == 2
    assert "cannot start" in output
    assert "tax_inclusive_pricing.json" in output


HEAD_PATHS = ["/healthz", "/readyz", "/v1/markets", "/v1/markets/fr", "/v1/markets/FR/form", "/"]


def _read_head_response(sock: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, "the server closed the connection"
        data += chunk
    return data


def test_head_is_answered_without_a_body_an_error_or_a_closed_connection() -> None:
    # Issue 23: every HEAD logged an ERROR with a traceback and closed the connection.
    port = free_port()
    process = serve("--port", str(port), "--workers", "1")
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(150):  # until it answers
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        lengths = {path: len(httpx.get(f"{base}{path}").content) for path in HEAD_PATHS}
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            for path in HEAD_PATHS * 2:  # one connection, kept alive throughout
                sock.sendall(f"HEAD {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
                head = _read_head_response(sock)
                status, _, rest = head.partition(b"\r\n")
                assert status == b"HTTP/1.1 200 OK", (path, status)
                headers = dict(
                    line.split(b": ", 1) for line in rest.split(b"\r\n") if b": " in line
                )
                assert int(headers[b"content-length"]) == lengths[path], path
                assert b"x-request-id" in headers
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            assert _read_head_response(sock).startswith(b"HTTP/1.1 200 OK")
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=10)
    assert "ERROR" not in output, output[-2000:]
    assert "Traceback" not in output
    assert output.count(" HEAD ") >= 2 * len(HEAD_PATHS)  # each was logged as HEAD
