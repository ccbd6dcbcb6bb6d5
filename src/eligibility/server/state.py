"""The server's own state: metrics, drain and readiness, knowing no rule.

``app.py`` builds one ``ServerState`` and stores it on the app under its own key,
beside the API's ``AppState`` (``api/state.py``), so the server reads nothing of the
API and the API only what it must of the server (``ready``).
"""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from litestar import Litestar, Request

from eligibility.memo import CacheInfo
from eligibility.server.drain import draining

__all__ = ["CacheInfos", "ServerState", "ready", "request_server_state", "server_state"]

_KEY = "eligibility.server"

CacheInfos = Callable[[], dict[str, list[CacheInfo]]]
"""Each cache's statistics, by name (a name may stand for one cache per language)."""


@dataclass(slots=True)
class ServerState:
    rules_version: str
    """The loaded rules' version, for ``eligibility_build_info``."""
    cache_infos: CacheInfos
    """Each cache's statistics, by name (for /metrics and the shutdown log)."""
    metrics_networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    """Who may read ``/metrics`` (``ELIGIBILITY_METRICS_NETWORKS``)."""
    metrics_cache_seconds: float = 0.0
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


def server_state(app: Litestar) -> ServerState:
    return cast(ServerState, app.state[_KEY])


def request_server_state(request: Request[Any, Any, Any]) -> ServerState:
    return cast(ServerState, request.app.state[_KEY])


def ready(request: Request[Any, Any, Any]) -> bool:
    """The worker has started, is not draining after SIGTERM and is not stopping."""
    return request_server_state(request).ready and not draining()
