"""The application's typed state: what every handler reads, set once by ``create_app``."""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from litestar import Litestar, Request

from eligibility.ruleset import Ruleset

if TYPE_CHECKING:
    from eligibility.api.catalogue import EncodedCatalogue
    from eligibility.server.metrics import CacheInfo
    from eligibility.server.ratelimit import ItemCounter

__all__ = ["AppState", "app_state", "request_state"]

_KEY = "eligibility"


@dataclass(slots=True)
class AppState:
    ruleset: Ruleset
    catalogues: dict[str, EncodedCatalogue]
    """Language -> the encoded market catalogue."""
    cache_control: bytes
    """The ``Cache-Control`` of catalogue answers."""
    cache_infos: Callable[[], dict[str, list[CacheInfo]]]
    """Each cache's statistics, by name (for /metrics and the shutdown log)."""
    metrics_networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    """Who may read ``/metrics`` (``ELIGIBILITY_METRICS_NETWORKS``)."""
    metrics_cache_seconds: float = 0.0
    item_counter: ItemCounter | None = None
    """Counts a batch's items against the client's rate limit (None: no limit)."""
    drain_seconds: float = 0.0
    """How long a worker serves after SIGTERM with ``/readyz`` at 503 (server/drain.py)."""
    metrics_rendered: tuple[float, bytes] | None = None
    """The last ``/metrics`` text and the monotonic time until which it is answered again."""
    ready: bool = False
    """Serving: set once started, cleared when shutdown begins (``/readyz``)."""
    sampler: asyncio.TimerHandle | None = None
    """The metrics' next flush."""

    def install(self, app: Litestar) -> None:
        app.state[_KEY] = self


def app_state(app: Litestar) -> AppState:
    return cast(AppState, app.state[_KEY])


def request_state(request: Request[Any, Any, Any]) -> AppState:
    return cast(AppState, request.app.state[_KEY])
