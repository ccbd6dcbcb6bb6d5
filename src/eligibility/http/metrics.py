"""``GET /metrics``: Prometheus text format, correct with several workers.

Litestar's Prometheus integration counts requests and their latency by route
template (``/v1/markets/{code}``: never a raw path, a phone or a postcode) and
status. This module adds what the product needs to see:

- ``eligibility_check_findings_total{check, code, severity}``: which rules
  people trip most, per check, error or warning;
- ``eligibility_cache_{hits,misses,entries}{cache}``: each cache's counts,
  sampled every SAMPLE_SECONDS in each worker and summed over live workers;
- ``eligibility_build_info{version, rules_version}``: 1;
- ``eligibility_rate_limit_store_errors_total``: requests answered without the
  shared rate-limit store (fail open).

``eligibility serve`` points prometheus-client's multiprocess mode at a fresh
directory (``PROMETHEUS_MULTIPROC_DIR``, unless set already), so a scrape that
lands on any worker sees the counts of all of them.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterable
from typing import Any, Final, Protocol

from litestar import Litestar, Request, Response, get
from litestar.plugins.prometheus import PrometheusConfig
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    generate_latest,
    multiprocess,
)

from eligibility import __version__
from eligibility.errors import FieldError


class CacheInfo(Protocol):
    """What functools' and cachetools' ``cache_info()`` both answer."""

    @property
    def hits(self) -> int: ...
    @property
    def misses(self) -> int: ...
    @property
    def currsize(self) -> float: ...
    @property
    def maxsize(self) -> float | None: ...


__all__ = [
    "METRICS_PATH",
    "CacheInfo",
    "count_findings",
    "metrics",
    "prometheus_config",
    "rate_limit_store_errors",
    "start_sampling",
    "stop_sampling",
]

METRICS_PATH: Final = "/metrics"
SAMPLE_SECONDS: Final = 5.0
_LATENCY_BUCKETS: Final[list[str | float]] = [
    0.0005,
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1.0,
    2.5,
]

findings = Counter(
    "eligibility_check_findings",
    "Errors and warnings answered, by check and code.",
    ["check", "code", "severity"],
)
rate_limit_store_errors = Counter(
    "eligibility_rate_limit_store_errors",
    "Requests answered without the shared rate-limit store (it failed: fail open).",
)
build_info = Gauge(
    "eligibility_build_info",
    "The service's version and the loaded rules' version.",
    ["version", "rules_version"],
    multiprocess_mode="max",
)
_CACHE_GAUGES: Final = {
    kind: Gauge(
        f"eligibility_cache_{kind}",
        f"Cache {kind}, summed over live workers (sampled every {SAMPLE_SECONDS:g} s).",
        ["cache"],
        multiprocess_mode="livesum",
    )
    for kind in ("hits", "misses", "entries")
}


def prometheus_config() -> PrometheusConfig:
    return PrometheusConfig(
        app_name="eligibility",
        prefix="eligibility",
        group_path=True,
        exclude=[f"^{METRICS_PATH}$"],
        buckets=_LATENCY_BUCKETS,
    )


def count_findings(
    check: str, errors: Iterable[FieldError], warnings: Iterable[FieldError]
) -> None:
    for error in errors:
        findings.labels(check, error.code, "error").inc()
    for warning in warnings:
        findings.labels(check, warning.code, "warning").inc()


CacheInfos = Callable[[], dict[str, list[CacheInfo]]]


def sample_caches(infos: CacheInfos) -> None:
    for name, caches in infos().items():
        _CACHE_GAUGES["hits"].labels(name).set(sum(i.hits for i in caches))
        _CACHE_GAUGES["misses"].labels(name).set(sum(i.misses for i in caches))
        _CACHE_GAUGES["entries"].labels(name).set(sum(i.currsize for i in caches))


def start_sampling(app: Litestar, rules_version: str, infos: CacheInfos) -> None:
    """At start-up: the build info, and the cache gauges every SAMPLE_SECONDS."""
    build_info.labels(__version__, rules_version).set(1)
    loop = asyncio.get_running_loop()

    def tick() -> None:
        sample_caches(infos)
        app.state.sampler = loop.call_later(SAMPLE_SECONDS, tick)

    tick()


def stop_sampling(app: Litestar) -> None:
    sampler = getattr(app.state, "sampler", None)
    if sampler is not None:
        sampler.cancel()


@get(METRICS_PATH, include_in_schema=False, sync_to_thread=False)
def metrics(request: Request[Any, Any, Any]) -> Response[bytes]:
    """Every worker's counts (multiprocess mode) or this process's, in Prometheus text."""
    sample_caches(request.app.state.cache_infos)
    registry = REGISTRY
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return Response(
        generate_latest(registry),
        headers={"Content-Type": CONTENT_TYPE_LATEST, "Cache-Control": "no-store"},
    )
