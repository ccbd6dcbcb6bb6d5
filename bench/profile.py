"""`make profile`: where each POST check's time goes, in-process (docs/performance.md).

For each check, on the bodies `make bench` sends (distinct phones of every region,
the 17 address shapes, typo'd tax IDs, orders in every offset), it times apart, in
one process and without a server:

- **request**: the whole request through the app's ASGI callable (edge, middleware,
  routing, decoding, the check, encoding), as uvicorn would call it;
- **floor**: bench/floor.py's bare Litestar POST the same way;
- **decode**: the body's bytes to the request Struct (msgspec, strict, as the app);
- **library**: the third-party library's own work on the same values: phonenumbers'
  parse and validation of the phone, python-stdnum's validation of the tax ID (none
  for the address and the cancellation: their rules and data are this project's);
- **ours**: the check (the route's function: rules and the answer's envelope) minus
  the library;
- **encode**: the answer to JSON bytes;
- **edge and framework**: what remains of the request: Litestar's work and this
  app's edge (request id, access log line, metrics tally, CORS, headers).

Each figure is the best of five passes (the least disturbed by the machine); the
phone cache is emptied before each pass, so every number is new to it.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging.config
import statistics
import time
from collections.abc import Callable
from contextlib import redirect_stderr
from typing import Any

import msgspec
import phonenumbers
from stdnum.exceptions import ValidationError

from bench import floor
from bench.workloads import workloads
from eligibility.api.common import Examples
from eligibility.app import create_app
from eligibility.checks import CHECKS
from eligibility.logs import logging_config
from eligibility.rules.phone import parse_phone
from eligibility.ruleset import Ruleset, load_ruleset
from eligibility.settings import default_data_dir

PASSES = 5
BODIES = 3000

Body = dict[str, Any]


def _phone_library(bodies: list[Body], phone: str, country: str) -> Callable[[], None]:
    def run() -> None:
        for body in bodies:
            try:
                number = phonenumbers.parse(body[phone], body[country])
            except phonenumbers.NumberParseException:
                continue
            phonenumbers.is_valid_number_for_region(number, body[country])

    return run


def _tax_id_library(ruleset: Ruleset, bodies: list[Body]) -> Callable[[], None]:
    def run() -> None:
        for body in bodies:
            for kind in ruleset.tax_ids.get(body["market"], ()):
                try:
                    kind.module.validate(body["tax_id"])
                    break
                except (ValidationError, ValueError, TypeError, IndexError, KeyError):
                    continue

    return run


def _library(ruleset: Ruleset, check: str, bodies: list[Body]) -> Callable[[], None] | None:
    """The third-party library's own work on the check's bodies (bench/floor.py's limit
    without its postcode lookups), or None: the check calls no library."""
    if check == "company_phone":
        return _phone_library(bodies, "phone", "country")
    if check == "account_setup":
        return _phone_library(bodies, "company_phone", "market")
    if check == "tax_id":
        return _tax_id_library(ruleset, bodies)
    return None


_LIBRARIES = {"company_phone": "phonenumbers", "account_setup": "phonenumbers"}
_LIBRARIES["tax_id"] = "python-stdnum"


def _best(run: Callable[[], None], count: int) -> float:
    """µs per item of the fastest of PASSES runs, the phone cache emptied before each."""
    timings = []
    for _ in range(PASSES):
        parse_phone.cache_clear()
        started = time.perf_counter_ns()
        run()
        timings.append((time.perf_counter_ns() - started) / count / 1000)
    return min(timings)


def _scope(path: str, body: bytes) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1:8000"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }


def _asgi(app: Any, requests: list[tuple[str, bytes]]) -> Callable[[], None]:
    """Every request through ``app`` on one event loop; fails on any 5xx."""
    loop = asyncio.new_event_loop()

    async def one(path: str, body: bytes) -> int:
        message = {"type": "http.request", "body": body, "more_body": False}
        status = 500

        async def receive() -> dict[str, Any]:
            return message

        async def send(sent: dict[str, Any]) -> None:
            nonlocal status
            if sent["type"] == "http.response.start":
                status = sent["status"]

        await app(_scope(path, body), receive, send)
        return status

    async def all_of() -> None:
        for path, body in requests:
            if await one(path, body) >= 500:
                raise SystemExit(f"profile: {path} answered a 5xx")

    async def startup() -> None:
        queue: asyncio.Queue[dict[str, str]] = asyncio.Queue()
        await queue.put({"type": "lifespan.startup"})

        async def send(_: dict[str, Any]) -> None:
            return None

        asyncio.get_running_loop().create_task(
            app({"type": "lifespan", "asgi": {"version": "3.0"}}, queue.get, send)
        )
        await asyncio.sleep(0.05)

    loop.run_until_complete(startup())
    return lambda: loop.run_until_complete(all_of())


def profile(ruleset: Ruleset) -> list[dict[str, Any]]:
    logging.config.dictConfig(logging_config("info"))  # the access log on, as served
    app, bare = create_app(ruleset=ruleset), floor.create_app()
    loads = workloads(ruleset, distinct=BODIES * 2)
    floor_requests = [
        (line.split("\t")[1], line.split("\t")[3].encode())
        for line in loads["POST /floor"].lines * (BODIES // len(loads["POST /floor"].lines) + 1)
    ][:BODIES]
    rows = []
    with redirect_stderr(io.StringIO()):  # access log lines
        floor_us = _best(_asgi(bare, floor_requests), BODIES)
        for declared in CHECKS:  # each check's first measured row: the bench's bodies
            workload = next(
                e for e, w in loads.items() if w.check == declared.name and w.kind == "post"
            )
            name, examples = workload.removeprefix("POST "), Examples.of(declared)
            library = _LIBRARIES.get(declared.name, "")
            lines = [line.split("\t") for line in loads[workload].lines]
            lines = (lines * (BODIES // len(lines) + 1))[:BODIES]
            raw = [(path, body.encode()) for _, path, _, body in lines]
            decoded = [json.loads(body) for _, body in raw]
            decoder = msgspec.json.Decoder(examples.body_type, strict=True)
            structs = [decoder.decode(body) for _, body in raw]
            results = [examples.answer(ruleset, struct, "en") for struct in structs]
            encode = msgspec.json.Encoder().encode

            def check(structs: list[Any] = structs, examples: Examples = examples) -> None:
                for struct in structs:
                    examples.answer(ruleset, struct, "en")

            library_run = _library(ruleset, declared.name, decoded)
            request_us = _best(_asgi(app, raw), BODIES)
            decode_us = _best(lambda raw=raw, d=decoder: [d.decode(b) for _, b in raw], BODIES)
            check_us = _best(check, BODIES)
            library_us = _best(library_run, BODIES) if library_run else 0.0
            encode_us = _best(lambda r=results, e=encode: [e(x) for x in r], BODIES)
            rows.append(
                {
                    "check": name,
                    "library": library,
                    "request_us": request_us,
                    "floor_us": floor_us,
                    "decode_us": decode_us,
                    "library_us": library_us,
                    "ours_us": check_us - library_us,
                    "encode_us": encode_us,
                    "edge_us": request_us - floor_us - decode_us - check_us - encode_us,
                }
            )
    return rows


def markdown(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| check | request | Litestar floor | edge and framework | decode | library "
        "| ours | encode |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        library = f"{row['library_us']:.1f} ({row['library']})" if row["library"] else "-"
        lines.append(
            f"| {row['check']} | {row['request_us']:.1f} | {row['floor_us']:.1f} | "
            f"{row['edge_us']:.1f} | {row['decode_us']:.1f} | {library} | "
            f"{row['ours_us']:.1f} | {row['encode_us']:.1f} |"
        )
    edges = [row["edge_us"] for row in rows]
    return (
        "\n".join(lines)
        + f"\n\nµs per request, in-process, best of {PASSES} passes over {BODIES:,} bodies each; "
        f"edge and framework: median {statistics.median(edges):.1f} µs.\n"
    )


def main() -> int:
    print(markdown(profile(load_ruleset(default_data_dir()))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
