"""Draining on SIGTERM: readiness says "stop sending" before the worker stops accepting.

uvicorn stops accepting as soon as it gets SIGTERM, so a load balancer still sending
(its last `/readyz` said 200) meets refused connections. With
``ELIGIBILITY_DRAIN_SECONDS`` > 0 (the image sets 5), a worker's first SIGTERM starts
a drain instead: `/readyz` answers 503, every answer carries ``Connection: close`` so
kept-alive clients reconnect elsewhere, and requests are still served; after the drain
uvicorn's own shutdown runs (in-flight requests complete). A second SIGTERM, or
SIGINT (Ctrl-C), stops at once.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from types import FrameType
from typing import Any

__all__ = ["draining", "install_drain"]

logger = logging.getLogger("eligibility.drain")
_draining = False


def draining() -> bool:
    """A SIGTERM was received and the worker is draining."""
    return _draining


def install_drain(seconds: float) -> None:
    """Wrap the SIGTERM handler uvicorn installed (call from the app's start-up, in the
    main thread of a worker); nothing without a drain or outside the main thread."""
    if seconds <= 0:
        return
    try:
        stop = signal.getsignal(signal.SIGTERM)
    except ValueError:  # not the main thread: no signals here
        return
    if not callable(stop):
        return
    loop = asyncio.get_running_loop()

    def on_sigterm(sig: int, frame: FrameType | None) -> None:
        global _draining  # noqa: PLW0603 (one flag per worker process)
        if _draining:
            stop(sig, frame)  # a second SIGTERM: now
            return
        _draining = True
        logger.info("SIGTERM: draining for %g s (readiness 503) before stopping", seconds)
        loop.call_soon_threadsafe(loop.call_later, seconds, _stop, stop, sig)

    try:
        signal.signal(signal.SIGTERM, on_sigterm)
    except ValueError:
        return


def _stop(stop: Any, sig: int) -> None:
    stop(sig, None)
