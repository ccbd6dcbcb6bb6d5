"""Bodies that fuzzers built from the schema do not send: every answer a 4xx problem.

The corpus holds the known shapes of broken input; the mutation loop derives
10,000+ bodies from valid ones (bytes flipped, cut, repeated, spliced with JSON
and Unicode troublemakers). Nothing may be a 5xx, and anything that is not a 200
check result must be a 4xx ``application/problem+json``.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from eligibility.app import MAX_BODY_BYTES
from eligibility.checks import CHECKS

Client = TestClient[Litestar]
PROBLEM = "application/problem+json"

VALID_BODIES: dict[str, dict[str, Any]] = {check.path: check.examples[0].body for check in CHECKS}
"""Every check's route, with its first declared example (a body it reads)."""

CORPUS: list[bytes] = [
    b"",
    b" ",
    b"null",
    b"true",
    b"0",
    b'"market"',
    b"[]",
    b'[{"market": "US"}]',
    b"{",
    b'{"market": "U',
    b'{"market": "US"',
    b'{"market": "US",}',
    b"{'market': 'US'}",
    b'{"market": US}',
    b'{"market": "US"} {"market": "FR"}',
    b'{"market": "US"}garbage',
    b'{"market": 1e999999}',
    b'{"market": 123456789012345678901234567890123456789}',
    b'{"market": -0.0}',
    b'{"market": NaN}',
    b'{"market": Infinity}',
    b'{"market": "\x00"}',  # a raw NUL byte inside a string is not JSON
    b'{"market": "US\x01"}',
    b'{"market": "\xff\xfe"}',  # invalid UTF-8
    b'{"market": "\xc3"}',  # truncated UTF-8 sequence
    b'{"market": "\\ud800"}',  # a lone surrogate escape
    b'{"market": "\\udc00\\ud800"}',
    b'{"market": "\\u00"}',
    b'{"market": "\\x41"}',
    b"\xef\xbb\xbf" + b'{"market": "US"}',  # a byte-order mark
    b'{"market": null}',
    b'{"market": ["US"]}',
    b'{"market": {"code": "US"}}',
    b'{"market": "US", "market": 7}',
    b'{"": "US"}',
    b'{"market": "US", "card_number": "4111111111111111"}',
    b'{"market": "' + b"A" * 70 + b'"}',
    b"[" * 50_000 + b"]" * 50_000,
    b'{"market": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
    b'{"a": ' * 20_000 + b"1" + b"}" * 20_000,
    json.dumps({"market": "US", "x": "é" * 10}).encode("utf-16"),
]


def _is_problem(response: Any) -> bool:
    problem = response.json()
    return (
        400 <= response.status_code < 500
        and response.headers["content-type"] == PROBLEM
        and problem["status"] == response.status_code
        and isinstance(problem["detail"], str)
    )


@pytest.mark.parametrize("path", list(VALID_BODIES))
@pytest.mark.parametrize("body", CORPUS, ids=range(len(CORPUS)))
def test_broken_bodies_are_4xx_problems(client: Client, path: str, body: bytes) -> None:
    response = client.post(path, content=body, headers={"Content-Type": "application/json"})
    assert _is_problem(response), (response.status_code, response.text[:200])


def _oversized(path: str) -> bytes:
    padding = "x" * (MAX_BODY_BYTES + 1)
    return json.dumps({**VALID_BODIES[path], "padding": padding}).encode()


@pytest.mark.parametrize("path", list(VALID_BODIES))
def test_a_body_over_the_limit_is_413_with_content_length(client: Client, path: str) -> None:
    response = client.post(
        path, content=_oversized(path), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert _is_problem(response)


def _chunks(body: bytes) -> Iterator[bytes]:
    for start in range(0, len(body), 4096):
        yield body[start : start + 4096]


@pytest.mark.parametrize("path", list(VALID_BODIES))
def test_a_body_over_the_limit_is_413_when_streamed_without_length(
    client: Client, path: str
) -> None:
    response = client.post(
        path, content=_chunks(_oversized(path)), headers={"Content-Type": "application/json"}
    )
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert _is_problem(response)


# ---------------------------------------------------------------- mutation loop

_TOKENS = [
    *(b"{", b"}", b"[", b"]", b'"', b"\\", b",", b":", b"null", b"1e400", b"-", b"\x00"),
    *(b"\xff", b"\\ud800", b"\\u0000", b"\xc3", b"\xe2\x80\xae", b" " * 64, b"{}" * 8),
]
_VALUES: list[Any] = [
    *(None, True, 0, -1, 10**40, 1.5e308, "", "x" * 300, [], {}, ["US"], {"country": "US"}),
    *("\u0000", "\ud7ff", "\u202e", "\u0663", "\uff35 \uff33"),
]


def _mutate_bytes(body: bytes, rng: random.Random) -> bytes:
    data = bytearray(body)
    for _ in range(rng.randint(1, 4)):
        where = rng.randrange(len(data) + 1)
        op = rng.randrange(5)
        if op == 0 and data:  # flip a byte
            data[min(where, len(data) - 1)] = rng.randrange(256)
        elif op == 1:  # insert a troublemaker
            data[where:where] = rng.choice(_TOKENS)
        elif op == 2:  # cut
            del data[where : where + rng.randint(1, 8)]
        elif op == 3:  # truncate
            del data[where:]
        else:  # repeat a slice
            data[where:where] = data[where : where + rng.randint(1, 16)]
    return bytes(data)


def _mutate_value(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict) and value:
        key = rng.choice(list(value))
        roll = rng.random()
        if roll < 0.3:
            return {k: v for k, v in value.items() if k != key}
        if roll < 0.45:
            return {**value, rng.choice(["card_number", "cvc", "extra", "", key.upper()]): "1"}
        return {**value, key: _mutate_value(value[key], rng)}
    return rng.choice(_VALUES)


def _mutations(count: int, seed: int = 20261121) -> Iterator[tuple[str, bytes]]:
    rng = random.Random(seed)
    paths = list(VALID_BODIES)
    for i in range(count):
        path = paths[i % len(paths)]
        if rng.random() < 0.5:
            body = _mutate_bytes(json.dumps(VALID_BODIES[path]).encode(), rng)
        else:
            mutated = _mutate_value(VALID_BODIES[path], rng)
            body = json.dumps(mutated, ensure_ascii=rng.random() < 0.5).encode(
                "utf-8", "surrogatepass"
            )
        yield path, body


async def _post(app: Litestar, path: str, body: bytes) -> tuple[int, dict[bytes, bytes], bytes]:
    """One request through the app's ASGI interface (no test client: 10,000 must be quick)."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80), "state": {},
        "headers": [(b"host", b"test"), (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode())],
    }  # fmt: skip
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    status, headers, chunks = 0, {}, []

    async def send(message: dict[str, Any]) -> None:
        nonlocal status, headers
        if message["type"] == "http.response.start":
            status, headers = message["status"], dict(message["headers"])
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)  # type: ignore[arg-type]
    return status, headers, b"".join(chunks)


MUTATIONS = 10_000


def test_ten_thousand_mutated_bodies_get_no_5xx(app: Litestar) -> None:
    statuses: Counter[int] = Counter()
    failures: list[str] = []

    async def run() -> None:
        for path, body in _mutations(MUTATIONS):
            status, headers, answer = await _post(app, path, body)
            statuses[status] += 1
            kind = headers.get(b"content-type", b"")
            if status == 200:
                ok = (kind == b"application/json" and "valid" in json.loads(answer)) or (
                    path == "/v1/pricing/quote" and "tax_inclusive" in json.loads(answer)
                )
            else:
                problem = json.loads(answer) if kind == PROBLEM.encode() else {}
                ok = 400 <= status < 500 and problem.get("status") == status
            if not ok and len(failures) < 5:
                failures.append(f"{path} {body[:120]!r} -> {status} {answer[:200]!r}")

    asyncio.run(run())
    assert failures == []
    assert sum(statuses.values()) == MUTATIONS
    assert not [s for s in statuses if s >= 500], statuses
    # Both outcomes occur: the loop reaches the rules, not only the JSON decoder.
    assert statuses[200] > 500
    assert statuses[400] > 3000
