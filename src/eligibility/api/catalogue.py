"""Catalogue responses encoded once per rules version, each with its ETag."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache

import msgspec

from eligibility.api.schemas import Market, MarketList
from eligibility.i18n import DEFAULT_LANGUAGE
from eligibility.rules.forms import compute_form
from eligibility.rules.markets import find_market, market_name, search_markets
from eligibility.ruleset import MarketRecord, Ruleset

__all__ = ["Encoded", "EncodedCatalogue"]

QUERY_CACHE_SIZE = 2048


class Encoded(msgspec.Struct, frozen=True):
    body: bytes
    etag: str


def _encode(value: object) -> Encoded:
    body = msgspec.json.encode(value)
    return Encoded(body, '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"')


def _market(record: MarketRecord, lang: str) -> Market:
    return Market(
        code=record.code,
        alpha3=record.alpha3,
        name=market_name(record, lang),
        served=record.served,
        reservations_available=record.reservations_available,
        tax_inclusive_pricing=record.tax_inclusive_pricing,
    )


class EncodedCatalogue:
    """Encoded bodies for ``GET /v1/markets``, ``GET /v1/markets/{code}`` and its form.

    Single markets and the unfiltered lists are encoded at start-up; a market's
    form on its first request, once (there is one per market); search results on
    first use, in a bounded LRU cache (``search.cache_info()``).
    """

    def __init__(self, ruleset: Ruleset, lang: str = DEFAULT_LANGUAGE) -> None:
        self._ruleset = ruleset
        self._lang = lang
        self._markets = {r.code: _encode(_market(r, lang)) for r in ruleset.markets}
        self._lists = {
            available: self._encode_list(ruleset.markets, available)
            for available in (None, True, False)
        }
        # functools' LRU is in C: a hit costs a fraction of a cachetools one, and the
        # search results are keyed by the raw query, so a hit skips the folding too.
        self.search = lru_cache(maxsize=QUERY_CACHE_SIZE)(self._search)
        self._forms: dict[str, Encoded] = {}

    def _encode_list(self, records: Sequence[MarketRecord], available: bool | None) -> Encoded:
        markets = [
            _market(r, self._lang)
            for r in records
            if available is None or r.reservations_available is available
        ]
        return _encode(MarketList(rules_version=self._ruleset.version, markets=markets))

    def market(self, code: str) -> Encoded | None:
        record = find_market(self._ruleset, code)
        return None if record is None else self._markets[record.code]

    def form(self, code: str) -> Encoded | None:
        """The market's form, encoded on its first request and kept (one per market)."""
        record = find_market(self._ruleset, code)
        if record is None:
            return None
        encoded = self._forms.get(record.code)
        if encoded is None:
            form = compute_form(self._ruleset, record.code, self._lang)
            encoded = self._forms[record.code] = _encode(form)
        return encoded

    def _search(self, query: str, available: bool | None) -> Encoded:
        return self._encode_list(search_markets(self._ruleset, query), available)

    def markets(self, query: str | None, available: bool | None) -> Encoded:
        if query is None:
            return self._lists[available]
        return self.search(query, available)
