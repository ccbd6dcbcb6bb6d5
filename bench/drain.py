"""`make drain-check`: requests lost when a server behind a balancer gets SIGTERM,
without a drain and with one (docs/hardening.md).

Eight keep-alive clients ask for a market as fast as they can while a "balancer"
polls `/readyz` every 100 ms and stops routing to the server once it is not 200.
Two seconds in, the server (two workers) gets SIGTERM; four seconds later the counts
are printed: answered, lost (refused or timed out) and cut off mid-answer. Loopback
only, bounded in time.
"""

from __future__ import annotations

import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from bench.process import app_command, free_port, server

CLIENTS = 8


def measure(drain_seconds: str) -> tuple[int, int, int]:
    env = {"ELIGIBILITY_DRAIN_SECONDS": drain_seconds, "ELIGIBILITY_LOG_LEVEL": "warning"}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with (
        tempfile.TemporaryDirectory() as tmp,
        server(app_command(port, 2), f"{base}/healthz", Path(tmp) / "log", env) as (process, _),
    ):
        routed, stop, lock = threading.Event(), threading.Event(), threading.Lock()
        routed.set()
        counts = {"answered": 0, "lost": 0, "cut": 0}

        def balancer() -> None:
            with httpx.Client(base_url=base, timeout=2) as client:
                while not stop.is_set():
                    try:
                        if client.get("/readyz").status_code != 200:
                            routed.clear()
                    except httpx.TransportError:
                        routed.clear()
                    time.sleep(0.1)

        def customer() -> None:
            with httpx.Client(base_url=base, timeout=2) as client:
                while not stop.is_set():
                    if not routed.is_set():
                        time.sleep(0.05)
                        continue
                    try:
                        outcome = "answered" if client.get("/v1/markets/DE").is_success else "lost"
                    except httpx.RemoteProtocolError:
                        outcome = "cut"
                    except httpx.TransportError:
                        outcome = "lost"
                    with lock:
                        counts[outcome] += 1

        threads = [threading.Thread(target=balancer)]
        threads += [threading.Thread(target=customer) for _ in range(CLIENTS)]
        for thread in threads:
            thread.start()
        time.sleep(2)
        process.send_signal(signal.SIGTERM)
        time.sleep(4)
        stop.set()
        for thread in threads:
            thread.join()
        return counts["answered"], counts["lost"], counts["cut"]


def main() -> int:
    for drain in ("0", "2"):
        answered, lost, cut = measure(drain)
        print(
            f"drain {drain} s: {answered:,} answered, {lost} lost (refused or timed out), "
            f"{cut} cut off mid-answer"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
