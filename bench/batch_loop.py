"""`make batch-loop`: does a busy batch route stall the other requests of a worker?

Starts `eligibility serve --workers 2` on 127.0.0.1, then for SECONDS has 8
clients post 1,000-item batches of distinct account-setup records (the
benchmark's own) back to back while one more client asks `/healthz` every 10 ms.
Prints the `/healthz` latency percentiles, the batches answered and their items
per second. Loopback only, bounded in time.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import tempfile
import threading
import time
from pathlib import Path

import httpx

from bench.process import BIN, free_port, server
from bench.workloads import workloads
from eligibility.ruleset import load_ruleset
from eligibility.settings import default_data_dir

CLIENTS = 8
ITEMS = 1000
HEALTH_TARGET_P99_MS = 20.0


def batch_bodies(count: int) -> list[bytes]:
    """``count`` bodies of ITEMS distinct account-setup records each."""
    lines = workloads(load_ruleset(default_data_dir()))[
        "POST /v1/checks/account-setup (distinct, with tax IDs)"
    ].lines
    records = [json.loads(line.split("\t")[3]) for line in lines]
    bodies = []
    for n in range(count):
        items = [
            {"id": f"C{n}-{i}", **records[(n * ITEMS + i) % len(records)]} for i in range(ITEMS)
        ]
        bodies.append(json.dumps({"items": items}).encode())
    return bodies


def _send_all(
    base: str,
    bodies: list[bytes],
    seconds: float,
    results: multiprocessing.Queue[tuple[int, int, list[int]]],
) -> None:
    """One client per body, each posting it back to back for ``seconds``."""
    deadline = time.monotonic() + seconds
    counts: list[tuple[int, int]] = []  # (status, items answered)

    def send(body: bytes) -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            while time.monotonic() < deadline:
                response = client.post(
                    "/v1/checks/batch", content=body, headers={"Content-Type": "application/json"}
                )
                answered = ITEMS if response.status_code == 200 else 0  # one result per item
                counts.append((response.status_code, answered))

    threads = [threading.Thread(target=send, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put((len(counts), sum(n for _, n in counts), [status for status, _ in counts]))


def _probe(base: str, count: int | None, seconds: float = 0.0) -> list[float]:
    """Milliseconds of ``/healthz`` asked every 10 ms, ``count`` times or for ``seconds``."""
    times: list[float] = []
    deadline = time.perf_counter() + seconds
    with httpx.Client(base_url=base) as probe:
        while (len(times) < count) if count is not None else (time.perf_counter() < deadline):
            started = time.perf_counter()
            probe.get("/healthz")
            times.append((time.perf_counter() - started) * 1000)
            time.sleep(0.01)
    return times


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0)
    args = parser.parse_args()
    bodies = batch_bodies(CLIENTS)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [str(BIN / "eligibility"), "serve", "--host", "127.0.0.1", "--port", str(port),
               "--workers", "2"]  # fmt: skip
    os.environ["ELIGIBILITY_LOG_LEVEL"] = "warning"
    health = f"{base}/healthz"
    with tempfile.TemporaryDirectory() as tmp, server(command, health, Path(tmp) / "log"):
        alone = _probe(base, 200)
        # The senders run in their own process, so the probe never waits for their GIL.
        results: multiprocessing.Queue[tuple[int, int, list[int]]] = multiprocessing.Queue()
        senders = multiprocessing.Process(
            target=_send_all, args=(base, bodies, args.seconds + 2.0, results)
        )
        senders.start()
        time.sleep(1.0)  # every client has a batch in flight
        started = time.perf_counter()
        busy = _probe(base, None, args.seconds)
        elapsed = time.perf_counter() - started
        batches, items, statuses = results.get(timeout=120)
        senders.join()
    p99 = percentile(busy, 0.99)
    quiet = f"p50 {percentile(alone, 0.5):.2f} ms, p99 {percentile(alone, 0.99):.2f} ms"
    print(f"batch-loop: {CLIENTS} clients x {ITEMS}-item batches, 2 workers, {elapsed:.0f} s")
    print(f"  /healthz alone:  {quiet}")
    print(
        f"  /healthz busy:   p50 {percentile(busy, 0.5):.2f} ms, p99 {p99:.2f} ms, "
        f"max {max(busy):.2f} ms over {len(busy)} requests "
        f"(target p99 < {HEALTH_TARGET_P99_MS:.0f} ms)"
    )
    rate = items / (args.seconds + 2.0)
    print(f"  batches: {batches} answered, {rate:,.0f} items/s, statuses {sorted(set(statuses))}")
    return 0 if p99 < HEALTH_TARGET_P99_MS and set(statuses) == {200} else 1


if __name__ == "__main__":
    raise SystemExit(main())
