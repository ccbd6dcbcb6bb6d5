"""The LRU memo behind the checks' caches (eligibility.memo)."""

from __future__ import annotations

import sys
import threading

import pytest

from eligibility.memo import CacheInfo, LruMemo


def _calls() -> tuple[list[tuple[str, int]], LruMemo[str, int, str]]:
    seen: list[tuple[str, int]] = []

    def function(a: str, b: int) -> str:
        seen.append((a, b))
        return f"{a}{b}"

    return seen, LruMemo(function, maxsize=2)


def test_a_hit_does_not_call_again_and_is_counted() -> None:
    seen, memo = _calls()
    assert memo("a", 1) == "a1"
    assert memo("a", 1) == "a1"
    assert seen == [("a", 1)]
    assert memo.cache_info() == CacheInfo(hits=1, misses=1, maxsize=2, currsize=1)


def test_the_least_recently_used_is_evicted_first() -> None:
    seen, memo = _calls()
    memo("a", 1)
    memo("b", 1)
    memo("a", 1)  # a is now the newest
    memo("c", 1)  # evicts b
    assert memo.cache_info().currsize == 2
    memo("a", 1)
    memo("b", 1)
    assert seen == [("a", 1), ("b", 1), ("c", 1), ("b", 1)]


def test_many_distinct_calls_stay_within_maxsize() -> None:
    _, memo = _calls()
    for i in range(1000):
        memo("x", i)
    assert memo.cache_info() == CacheInfo(hits=0, misses=1000, maxsize=2, currsize=2)


def test_put_answers_without_calling_and_makes_the_entry_newest() -> None:
    seen, memo = _calls()
    memo("a", 1)
    memo("b", 1)
    memo.put("a", 1, "given")
    memo.put("c", 1, "c1")  # evicts b, the least recently used
    assert memo("a", 1) == "given"
    assert memo("c", 1) == "c1"
    assert seen == [("a", 1), ("b", 1)]
    assert memo.cache_info().currsize == 2


def test_key_maps_the_first_argument() -> None:
    seen: list[str] = []

    def function(a: str, b: int) -> int:
        seen.append(a)
        return b

    memo: LruMemo[str, int, int] = LruMemo(function, 8, key=str.lower)
    memo("A", 1)
    memo("a", 1)
    assert seen == ["A"]


def test_clear_empties_and_resets_the_counts() -> None:
    _, memo = _calls()
    memo("a", 1)
    memo("a", 1)
    memo.cache_clear()
    assert memo.cache_info() == CacheInfo(hits=0, misses=0, maxsize=2, currsize=0)


def test_maxsize_must_be_positive() -> None:
    with pytest.raises(ValueError, match="maxsize"):
        LruMemo(lambda a, b: None, 0)


def test_threads_sharing_a_memo_never_raise() -> None:
    # Dask workers may run checks on threads: a key evicted by another thread between
    # a lookup and its move to the end, or an eviction of an emptied cache, must not
    # raise.
    memo: LruMemo[int, int, int] = LruMemo(lambda a, b: a + b, maxsize=4)
    failures: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for i in range(20_000):
                assert memo(offset, i % 6) == offset + i % 6
                if i % 1000 == 0:
                    memo.cache_clear()
        except BaseException as error:
            failures.append(error)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as the interpreter can
    try:
        threads = [threading.Thread(target=work, args=(n % 2,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert failures == []
    assert memo.cache_info().currsize <= 4
