"""Connections are bounded by the server itself (server/connections.py): deadlines for a
request's headers and body, limits on header bytes and fields, a cap on connections.

Raw sockets against the real server (`eligibility serve`), with the bounds set low
through the environment so that each test takes a second or two."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.servers import running_server

pytestmark = pytest.mark.socket

BOUNDS = {
    "ELIGIBILITY_HEADER_TIMEOUT_SECONDS": "1",
    "ELIGIBILITY_BODY_TIMEOUT_SECONDS": "1",
    "ELIGIBILITY_MAX_HEADER_BYTES": "4096",
    "ELIGIBILITY_MAX_HEADERS": "20",
    "ELIGIBILITY_MAX_CONNECTIONS": "8",
    "ELIGIBILITY_LOG_LEVEL": "warning",
}


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, int]]:
    with running_server(env=BOUNDS) as (base, _):
        host, port = base.removeprefix("http://").split(":")
        yield host, int(port)


def _connect(server: tuple[str, int]) -> socket.socket:
    sock = socket.create_connection(server, timeout=5)
    sock.settimeout(5)
    return sock


def _answer(sock: socket.socket) -> tuple[int, dict[str, str], dict[str, object]]:
    """Read until the server closes: status, headers, the JSON body."""
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, json.loads(body)


def _one_response(sock: socket.socket) -> bytes:
    """One whole response of a kept-alive connection: its head, its body read by length."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    fields = dict(line.split(b": ", 1) for line in head.split(b"\r\n")[1:])
    length = int({name.lower(): value for name, value in fields.items()}[b"content-length"])
    while len(body) < length:
        body += sock.recv(65536)
    assert len(body) == length  # nothing of the next answer read here
    return head


def _problem(sock: socket.socket, status: int) -> dict[str, object]:
    found, headers, body = _answer(sock)
    assert found == status, body
    assert headers["content-type"] == "application/problem+json"
    assert headers["connection"] == "close"
    assert headers["x-request-id"] == body["request_id"]
    return body


def test_a_connection_that_sends_nothing_is_answered_408_and_closed(
    server: tuple[str, int],
) -> None:
    started = time.monotonic()
    with _connect(server) as sock:
        body = _problem(sock, 408)
    assert 0.9 < time.monotonic() - started < 3
    assert "headers" in str(body["detail"])


def test_half_a_header_is_answered_408(server: tuple[str, int]) -> None:
    with _connect(server) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        time.sleep(0.5)
        sock.sendall(b"still")  # a trickle does not extend the deadline
        _problem(sock, 408)


def test_half_a_body_is_answered_408(server: tuple[str, int]) -> None:
    with _connect(server) as sock:
        sock.sendall(
            b"POST /v1/checks/reservation HTTP/1.1\r\nHost: x\r\n"
            b'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"market"'
        )
        body = _problem(sock, 408)
    assert "body" in str(body["detail"])


def test_headers_over_the_byte_limit_are_431_before_the_rest_is_read(
    server: tuple[str, int],
) -> None:
    with _connect(server) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 8192)
        body = _problem(sock, 431)
    assert "4096 bytes" in str(body["detail"])


def test_too_many_header_fields_are_431(server: tuple[str, int]) -> None:
    fields = b"".join(b"X-F%d: 1\r\n" % n for n in range(25))
    with _connect(server) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + fields + b"\r\n")
        body = _problem(sock, 431)
    assert "more than 20 headers" in str(body["detail"])


@pytest.mark.parametrize(
    ("lang", "title", "detail"),
    [
        ("en", "Request Header Fields Too Large", "The request has more than 20 headers."),
        ("fr", "En-têtes de la requête trop volumineux", "La requête a plus de 20 en-têtes."),
    ],
)
def test_a_connection_level_problem_is_in_the_request_language(
    server: tuple[str, int], lang: str, title: str, detail: str
) -> None:
    fields = b"".join(b"X-F%d: 1\r\n" % n for n in range(25))
    request = b"GET /healthz HTTP/1.1\r\nHost: x\r\nAccept-Language: %s\r\n" % lang.encode()
    with _connect(server) as sock:
        sock.sendall(request + fields + b"\r\n")
        found, headers, body = _answer(sock)
    assert (found, headers["content-language"]) == (431, lang)
    assert (body["title"], body["detail"]) == (title, detail)


def test_a_request_within_the_bounds_is_answered_and_kept_alive(
    server: tuple[str, int],
) -> None:
    fields = b"".join(b"X-F%d: 1\r\n" % n for n in range(15))
    with _connect(server) as sock:
        for _ in range(2):  # the same connection, twice
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + fields + b"\r\n")
            head = _one_response(sock)
            assert head.startswith(b"HTTP/1.1 200 OK"), head[:100]


def test_unreadable_http_is_a_400_problem_with_a_request_id(server: tuple[str, int]) -> None:
    with _connect(server) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost x\r\n\r\n")  # no colon
        _problem(sock, 400)


def test_one_connection_over_the_cap_is_503_with_retry_after_and_the_rest_are_served(
    server: tuple[str, int],
) -> None:
    base = f"http://{server[0]}:{server[1]}"
    held = [_connect(server) for _ in range(8)]
    try:
        time.sleep(0.2)
        with _connect(server) as extra:
            status, headers, _ = _answer(extra)
        assert status == 503
        assert headers["retry-after"] == "1"
    finally:
        for sock in held:
            sock.close()
    time.sleep(0.2)
    assert httpx.get(f"{base}/healthz", timeout=5).status_code == 200


def test_the_bounds_are_settings_with_safe_defaults_and_bad_values_are_named() -> None:
    from eligibility.settings import SettingsError, load_settings

    defaults = load_settings({})
    assert (
        defaults.header_timeout_seconds,
        defaults.body_timeout_seconds,
        defaults.max_header_bytes,
        defaults.max_headers,
        defaults.max_connections,
    ) == (10.0, 30.0, 16_384, 100, 1000)
    for name, bad in (
        ("MAX_HEADERS", "3"),
        ("HEADER_TIMEOUT_SECONDS", "0"),
        ("MAX_CONNECTIONS", "x"),
    ):
        with pytest.raises(SettingsError, match=f"ELIGIBILITY_{name}"):
            load_settings({f"ELIGIBILITY_{name}": bad})


def test_an_early_413_on_a_closing_connection_arrives_and_is_not_a_reset(
    server: tuple[str, int],
) -> None:
    """50 MiB announced with Connection: close: the 413 comes before the body does; the
    server reads the rest and drops it before closing, so the client reads its answer
    instead of a reset (uvicorn alone reset all 50 of 50 such clients)."""
    import threading

    answers = []
    for _ in range(10):  # uvicorn alone: a reset in 3 of 10 here, 50 of 50 elsewhere
        with _connect(server) as sock:
            sock.sendall(
                b"POST /v1/checks/reservation HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                b"Content-Type: application/json\r\nContent-Length: 52428800\r\n\r\n"
            )

            def send_body(sock: socket.socket = sock) -> None:
                chunk = b" " * 65536
                try:
                    for _ in range(800):  # all 50 MiB
                        sock.sendall(chunk)
                except OSError:
                    pass

            sender = threading.Thread(target=send_body)
            sender.start()
            status, headers, body = _answer(sock)
            sender.join(timeout=10)
            answers.append((status, headers["content-type"], body["status"]))
    assert answers == [(413, "application/problem+json", 413)] * 10
