"""Optional rate limiting by client, with a store that cannot grow without bound.

Litestar's ``MemoryStore`` keeps a key per client until it is read again after
expiring, so a flood of distinct client addresses grows it forever. This store
is an LRU of at most ``max_entries`` keys: the least recently seen client is
forgotten first (it then starts a fresh window, which errs on the side of
serving).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from cachetools import LRUCache
from litestar.middleware.rate_limit import DurationUnit, RateLimitConfig
from litestar.stores.base import StorageObject, Store

__all__ = ["MAX_CLIENTS", "STORE_NAME", "BoundedMemoryStore", "rate_limit_config"]

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


def rate_limit_config(rate: tuple[DurationUnit, int]) -> RateLimitConfig:
    """Limit every API route per client address; health, docs, pages and the demo are exempt."""
    return RateLimitConfig(
        rate_limit=rate,
        exclude=[r"^/$", r"^/healthz$", r"^/schema", r"^/demo", r"^/site/"],
        store=STORE_NAME,
    )
