"""Optional rate limiting by client: per worker in memory, or shared through Redis.

Without ``ELIGIBILITY_RATE_LIMIT_STORE`` each worker counts alone, in a store
that cannot grow without bound: Litestar's ``MemoryStore`` keeps a key per
client until it is read again after expiring, so a flood of distinct client
addresses grows it forever. ``BoundedMemoryStore`` is an LRU of at most
``max_entries`` keys: the least recently seen client is forgotten first (it then
starts a fresh window, which errs on the side of serving).

With ``ELIGIBILITY_RATE_LIMIT_STORE=redis://host:port/db`` every worker of every
replica counts in Litestar's ``RedisStore``. If Redis stops answering the
service keeps serving without a limit (fail open: a validation API that refuses
signups because its counter store is down does more harm than one that lets a
burst through), logs it once, counts each such request in
``eligibility_rate_limit_store_errors_total``, tries Redis again after
RETRY_SECONDS, and logs once more when it answers. A connection Redis dropped
(after a restart) is retried once on a fresh one before that.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from typing import Any, Final

from cachetools import LRUCache
from litestar import Request
from litestar.exceptions import TooManyRequestsException
from litestar.middleware.rate_limit import DURATION_VALUES, DurationUnit, RateLimitConfig
from litestar.serialization import encode_json
from litestar.stores.base import StorageObject, Store
from litestar.stores.redis import RedisStore
from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

from eligibility.server.metrics import rate_limit_store_errors

__all__ = [
    "MAX_CLIENTS",
    "STORE_NAME",
    "BoundedMemoryStore",
    "FailOpenStore",
    "ItemCounter",
    "rate_limit_config",
    "rate_limit_store",
]

logger = logging.getLogger("eligibility.ratelimit")

RETRY_SECONDS: Final = 1.0
"""While the shared store is failing, it is asked again at most this often."""
TIMEOUT_SECONDS: Final = 0.25
"""A Redis call slower than this counts as a failure: a request never waits longer."""

MAX_CLIENTS: Final = 50_000
"""Clients tracked per worker: a few MB at most."""

STORE_NAME: Final = "rate_limit"


class BoundedMemoryStore(Store):
    """An in-memory Store holding at most ``max_entries`` keys, least recently used out."""

    def __init__(self, max_entries: int = MAX_CLIENTS) -> None:
        self._data: LRUCache[str, StorageObject] = LRUCache(maxsize=max_entries)

    def __len__(self) -> int:
        return len(self._data)

    async def set(
        self, key: str, value: str | bytes, expires_in: int | timedelta | None = None
    ) -> None:
        data = value.encode() if isinstance(value, str) else value
        self._data[key] = StorageObject.new(data=data, expires_in=expires_in)

    async def get(self, key: str, renew_for: int | timedelta | None = None) -> bytes | None:
        stored = self._data.get(key)
        if stored is None:
            return None
        if stored.expired:
            del self._data[key]
            return None
        if renew_for is not None and stored.expires_at is not None:
            stored = StorageObject.new(data=stored.data, expires_in=renew_for)
            self._data[key] = stored
        return stored.data

    async def delete(self, key: str) -> None:
        self._data.pop(key, None)

    async def delete_all(self) -> None:
        self._data.clear()

    async def exists(self, key: str) -> bool:
        return await self.get(key) is not None

    async def expires_in(self, key: str) -> int | None:
        stored = self._data.get(key)
        return None if stored is None or stored.expires_at is None else stored.expires_in


class FailOpenStore(Store):
    """A shared store that, while it fails, answers as an empty store and keeps nothing."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._retry_at = 0.0
        self._failing = False

    def _skip(self) -> bool:
        return self._failing and time.monotonic() < self._retry_at

    def _failed(self, exc: Exception) -> None:
        rate_limit_store_errors.inc()
        self._retry_at = time.monotonic() + RETRY_SECONDS
        if not self._failing:
            self._failing = True
            logger.warning(
                "rate limit store unavailable (%s): serving without a limit until it answers",
                type(exc).__name__,
            )

    def _answered(self) -> None:
        if self._failing:
            self._failing = False
            logger.warning("rate limit store answers again: limits apply")

    async def get(self, key: str, renew_for: int | timedelta | None = None) -> bytes | None:
        # The limiter reads, then writes, once per request: a request served without
        # the store is counted here, once.
        if self._skip():
            rate_limit_store_errors.inc()
            return None
        try:
            value = await self._store.get(key, renew_for)
        except (RedisError, OSError) as exc:
            self._failed(exc)
            return None
        self._answered()
        return value

    async def set(
        self, key: str, value: str | bytes, expires_in: int | timedelta | None = None
    ) -> None:
        if self._skip():
            return
        try:
            await self._store.set(key, value, expires_in)
        except (RedisError, OSError) as exc:
            self._failed(exc)
            return
        self._answered()

    async def delete(self, key: str) -> None:
        await self._store.delete(key)

    async def delete_all(self) -> None:
        await self._store.delete_all()

    async def exists(self, key: str) -> bool:
        return await self._store.exists(key)

    async def expires_in(self, key: str) -> int | None:
        return await self._store.expires_in(key)

    async def __aexit__(self, *args: object) -> None:
        await self._store.__aexit__(*args)  # type: ignore[arg-type]


def rate_limit_store(url: str | None) -> Store:
    """The store of ``ELIGIBILITY_RATE_LIMIT_STORE``, or a bounded one per worker."""
    if url is None:
        return BoundedMemoryStore()
    redis = Redis.from_url(
        url,
        socket_connect_timeout=TIMEOUT_SECONDS,
        socket_timeout=TIMEOUT_SECONDS,
        # A pooled connection that Redis closed (a restart, an idle timeout) fails on
        # its first use: tried once more on a fresh connection rather than counted as
        # the store failing, which would lift the limit for RETRY_SECONDS. A timeout
        # is not retried: a request never waits more than TIMEOUT_SECONDS for Redis.
        retry=Retry(NoBackoff(), 1, supported_errors=(RedisConnectionError,)),
    )
    return FailOpenStore(
        RedisStore(redis, namespace="eligibility:rate_limit", handle_client_shutdown=True)
    )


async def _pass_through(scope: Any, receive: Any, send: Any) -> None:  # pragma: no cover
    raise AssertionError("the item counter never calls on")


class ItemCounter:
    """Counts a batch's items, beyond the first that the limiter counted as its request,
    in the same client window, with Litestar's own key, history and headers."""

    def __init__(self, config: RateLimitConfig) -> None:
        self.config = config
        self.limiter = config.middleware_class(app=_pass_through, config=config)

    async def charge(self, request: Request[Any, Any, Any], items: int) -> None:
        """Raise a 429 (``Retry-After``, ``RateLimit-*``) when ``items`` would take the
        client past its limit; else count them."""
        extra = items - 1
        if extra <= 0 or not await self.limiter.should_check_request(request=request):
            return
        store = self.config.get_store_from_app(request.app)
        key = self.limiter.cache_key_from_request(request)
        cached = await self.limiter.retrieve_cached_history(key, store)
        if len(cached.history) + extra > self.limiter.max_requests:
            raise TooManyRequestsException(  # the usual 429 problem, with Retry-After
                headers=self.limiter.create_response_headers(cache_object=cached)
            )
        cached.history = [int(time.time())] * extra + cached.history
        await store.set(key, encode_json(cached), expires_in=DURATION_VALUES[self.limiter.unit])


def rate_limit_config(rate: tuple[DurationUnit, int]) -> RateLimitConfig:
    """Limit every API route per client address; health, docs, pages and the demo are exempt."""
    return RateLimitConfig(
        rate_limit=rate,
        exclude=[
            r"^/$",
            r"^/healthz$",
            r"^/readyz$",
            r"^/metrics$",
            r"^/schema",
            r"^/demo",
            r"^/site/",
        ],
        store=STORE_NAME,
    )
