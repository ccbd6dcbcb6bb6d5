"""Draining on SIGTERM (server/drain.py): readiness says "stop sending" while the worker
still serves, kept-alive clients are told to reconnect, then the process stops cleanly.

The real server with one worker and with two (uvicorn's supervisor passes SIGTERM on)."""

from __future__ import annotations

import signal
import time

import httpx
import pytest

from tests.servers import running_server

pytestmark = pytest.mark.socket

DRAIN = {"ELIGIBILITY_DRAIN_SECONDS": "2", "ELIGIBILITY_LOG_LEVEL": "info"}
STOPPED = (0, -signal.SIGTERM)
"""A clean stop: uvicorn re-raises the SIGTERM it handled once it has shut down (one
worker); its supervisor exits 0 (two)."""


@pytest.mark.parametrize("workers", ["1", "2"])
def test_after_sigterm_readiness_is_503_while_requests_are_still_served(workers: str) -> None:
    with running_server("--workers", workers, env=DRAIN) as (base, process):
        with httpx.Client(base_url=base, timeout=5) as client:
            assert client.get("/readyz").status_code == 200
            process.send_signal(signal.SIGTERM)
            time.sleep(0.5)
            readiness = [client.get("/readyz").status_code for _ in range(4)]
            market = client.get("/v1/markets/DE")
        assert readiness == [503] * 4
        assert market.status_code == 200
        assert market.headers["connection"] == "close"  # reconnect, to another replica
        started = time.monotonic()
        assert process.wait(timeout=15) in STOPPED
        assert time.monotonic() - started < 4  # the drain's 2 s, then a clean stop


def test_without_a_drain_sigterm_stops_at_once() -> None:
    with running_server(env={"ELIGIBILITY_DRAIN_SECONDS": "0"}) as (base, process):
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) in STOPPED
        with pytest.raises(httpx.TransportError):
            httpx.get(f"{base}/readyz", timeout=1)
