"""``GET /metrics``: Prometheus text format, correct with several workers.

Requests and their latency are counted by route template (``/v1/markets/
{code}``: never a raw path, a phone or a postcode) and status, at the service's
edge (``server/access.py``), which already knows all three for its log line.
Litestar's own Prometheus middleware was measured first and doubled the cost of a
catalogue GET (it builds a Request, a label dict and four label lookups per request;
docs/performance.md, "What operations cost"). Here a request's counts are tallied in
dicts and written every METRICS_FLUSH_SECONDS. The metric names are the ones it would
give (``eligibility_requests_total``, ``eligibility_request_duration_seconds``).
This module adds what the product needs to see:

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
import bisect
import collections
import ipaddress
import os
import time
from collections.abc import Iterable
from typing import Any, Final

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

from eligibility import __version__
from eligibility.errors import FieldError
from eligibility.server.state import CacheInfos, ServerState, request_server_state

__all__ = [
    "METRICS_PATH",
    "count_findings",
    "metrics",
    "observe_request",
    "rate_limit_store_errors",
    "start_sampling",
    "stop_sampling",
]

METRICS_PATH: Final = "/metrics"
SAMPLE_SECONDS: Final = 5.0
METRICS_FLUSH_SECONDS: Final = 1.0
_LATENCY_BUCKETS: Final = (
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
)
_METHODS: Final = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

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


requests_total = Counter(
    "eligibility_requests",
    "Requests answered, by method, route template and status.",
    ["method", "path", "status_code"],
)
request_duration = Histogram(
    "eligibility_request_duration_seconds",
    "Time to answer, by method, route template and status.",
    ["method", "path", "status_code"],
    buckets=_LATENCY_BUCKETS,
)
# Counts are tallied in plain dicts and written to prometheus-client every
# METRICS_FLUSH_SECONDS (and before a scrape, and at shutdown): in multiprocess mode each
# write takes a lock and packs into an mmap (docs/performance.md), and a request makes
# two to six of them. A scrape can miss at most METRICS_FLUSH_SECONDS of another worker's
# counts.
_requests: dict[tuple[str, str, int], list[Any]] = {}
"""(method, route, status) -> [count, seconds, per-bucket counts]."""
_findings: collections.Counter[tuple[str, str, str]] = collections.Counter()


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    """Count one answered request (called by the edge; /metrics itself is not counted)."""
    if route == METRICS_PATH:
        return
    if method not in _METHODS:
        method = "OTHER"  # any token is a method: keep the label set bounded
    tally = _requests.get((method, route, status))
    if tally is None:
        tally = _requests[(method, route, status)] = [0, 0.0, [0] * (len(_LATENCY_BUCKETS) + 1)]
    tally[0] += 1
    tally[1] += seconds
    tally[2][bisect.bisect_left(_LATENCY_BUCKETS, seconds)] += 1


def count_findings(
    check: str, errors: Iterable[FieldError], warnings: Iterable[FieldError]
) -> None:
    for error in errors:
        _findings[(check, error.code, "error")] += 1
    for warning in warnings:
        _findings[(check, warning.code, "warning")] += 1


def flush() -> None:
    """Write the tallies to prometheus-client and start new ones."""
    for (method, route, status), (count, seconds, buckets) in _requests.items():
        labels = (method, route, str(status))
        requests_total.labels(*labels).inc(count)
        # A Histogram child's own parts (one observe per bucket would cost as much
        # as not batching): its sum and its per-bucket counts, as observe() updates them.
        child = request_duration.labels(*labels)
        child._sum.inc(seconds)
        for index, n in enumerate(buckets):
            if n:
                child._buckets[index].inc(n)
    _requests.clear()
    for key, count in _findings.items():
        findings.labels(*key).inc(count)
    _findings.clear()


def sample_caches(infos: CacheInfos) -> None:
    for name, caches in infos().items():
        _CACHE_GAUGES["hits"].labels(name).set(sum(i.hits for i in caches))
        _CACHE_GAUGES["misses"].labels(name).set(sum(i.misses for i in caches))
        _CACHE_GAUGES["entries"].labels(name).set(sum(i.currsize for i in caches))


def start_sampling(state: ServerState) -> None:
    """At start-up: build info; tallies written every METRICS_FLUSH_SECONDS, caches sampled
    less often."""
    build_info.labels(__version__, state.rules_version).set(1)
    loop = asyncio.get_running_loop()

    ticks = 0

    def tick() -> None:
        nonlocal ticks
        flush()
        if ticks % round(SAMPLE_SECONDS / METRICS_FLUSH_SECONDS) == 0:
            sample_caches(state.cache_infos)
        ticks += 1
        state.sampler = loop.call_later(METRICS_FLUSH_SECONDS, tick)

    tick()


def stop_sampling(state: ServerState) -> None:
    flush()
    if state.sampler is not None:
        state.sampler.cancel()
        state.sampler = None


def may_read(
    host: str | None, networks: Iterable[ipaddress.IPv4Network | ipaddress.IPv6Network]
) -> bool:
    """Whether a client address (uvicorn's, X-Forwarded-For's behind a trusted proxy) is
    in one of ``networks``; a name or no address is not."""
    if host is None:
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in network for network in networks)


@get(METRICS_PATH, include_in_schema=False, sync_to_thread=False)
def metrics(request: Request[Any, Any, Any]) -> Response[bytes]:
    """Every worker's counts (multiprocess mode) or this process's, in Prometheus text.

    Only to ``ELIGIBILITY_METRICS_NETWORKS``: to anyone else the same 404 as a path
    that does not exist. The text is rendered at most once per
    ``ELIGIBILITY_METRICS_CACHE_SECONDS`` in each worker, so a flood of scrapes costs
    what a flood of ``/healthz`` does."""
    state = request_server_state(request)
    client = request.client
    if not may_read(client.host if client else None, state.metrics_networks):
        raise NotFoundException()
    now = time.monotonic()
    rendered = state.metrics_rendered
    if rendered is not None and now < rendered[0]:
        body = rendered[1]
    else:
        flush()
        sample_caches(state.cache_infos)
        registry = REGISTRY
        if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        body = generate_latest(registry)
        state.metrics_rendered = (now + state.metrics_cache_seconds, body)
    return Response(
        body, headers={"Content-Type": CONTENT_TYPE_LATEST, "Cache-Control": "no-store"}
    )
