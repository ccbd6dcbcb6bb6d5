"""A bounded LRU memo of a two-argument function, as cheap as a dict lookup.

The checks' hot paths look things up once per request (a market's address format,
its region index, a code's folded place names, a phone number's reading).
cachetools' ``cached`` costs several Python calls per lookup (its key function, a
hashed-tuple key, the mapping's own ``__getitem__``, ``__setitem__`` and
``popitem``); on 150,000 distinct phone numbers that was more than the rules' own
work after the parse (docs/performance.md). This memo is one call: an ``OrderedDict``
(C code) lookup, and ``move_to_end`` on a hit or an insert and ``popitem`` on a miss.
(A plain dict whose oldest key is popped again and again is slow to find its first
key: iteration skips every deleted slot before it.)
"""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, NamedTuple, TypeVar

__all__ = ["CacheInfo", "LruMemo"]

A = TypeVar("A")
B = TypeVar("B", bound=Hashable)
R = TypeVar("R")

_MISSING = object()


def _evict_oldest(data: OrderedDict[Any, Any]) -> None:
    """Drop the least recently used entry. Another thread (a Dask worker's) may have
    emptied the cache meanwhile: then there is nothing to do."""
    with contextlib.suppress(KeyError):
        data.popitem(last=False)


class CacheInfo(NamedTuple):
    """What ``functools.lru_cache``'s ``cache_info()`` answers."""

    hits: int
    misses: int
    maxsize: int
    currsize: int


class LruMemo(Generic[A, B, R]):
    """``function(a, b)`` behind an LRU cache of ``maxsize`` entries, keyed by
    ``(key(a), b)``, or ``(a, b)`` without ``key``: memory stays flat under any
    input."""

    __slots__ = ("_data", "_function", "_key", "hits", "maxsize", "misses")

    def __init__(
        self,
        function: Callable[[A, B], R],
        maxsize: int,
        key: Callable[[A], Hashable] | None = None,
    ) -> None:
        if maxsize < 1:
            raise ValueError("maxsize must be at least 1")
        self._function = function
        self._key = key
        self._data: OrderedDict[tuple[Hashable, B], R] = OrderedDict()
        self.maxsize = maxsize
        self.hits = 0
        self.misses = 0

    def __call__(self, a: A, b: B) -> R:
        key = (a if self._key is None else self._key(a), b)
        data = self._data
        found = data.get(key, _MISSING)
        if found is not _MISSING:
            self.hits += 1
            try:  # noqa: SIM105 - a try costs nothing here, suppress() a call
                data.move_to_end(key)
            except KeyError:  # evicted by another thread meanwhile
                pass
            return found  # type: ignore[return-value]
        self.misses += 1
        value = self._function(a, b)
        data[key] = value
        if len(data) > self.maxsize:
            _evict_oldest(data)
        return value

    def put(self, a: A, b: B, value: R) -> None:
        """Remember ``value`` as what ``function(a, b)`` answers, without calling it."""
        key = (a if self._key is None else self._key(a), b)
        data = self._data
        data[key] = value
        with contextlib.suppress(KeyError):
            data.move_to_end(key)
        if len(data) > self.maxsize:
            _evict_oldest(data)

    def cache_info(self) -> CacheInfo:
        return CacheInfo(self.hits, self.misses, self.maxsize, len(self._data))

    def cache_clear(self) -> None:
        self._data.clear()
        self.hits = self.misses = 0
