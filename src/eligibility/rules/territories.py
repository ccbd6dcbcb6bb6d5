"""Territories written under a host market: a postcode or a region that is another
market's (Christmas Island's 6798 under AU, Puerto Rico under US, Jersey under GB).

The territories, their postcode prefixes and patterns and their regions are
data/other_markets.json's; such an address is refused as the other market's.
"""

from __future__ import annotations

from eligibility.rules.markets import find_market
from eligibility.rules.postal import (
    canonical_postal_code,
    compact,
    load_address_format,
    postal_text,
)
from eligibility.rules.regions import Region
from eligibility.ruleset import MarketRecord, Ruleset
from eligibility.text import fold

__all__ = ["other_market_postcode", "other_market_region"]


def other_market_postcode(ruleset: Ruleset, market: MarketRecord, value: str) -> str | None:
    """The territory (AU 6798: CX) whose postcode ``value`` is, written under ``market``."""
    packed = compact(postal_text(value))
    for pattern, other in ruleset.postcode_market_patterns.get(market.code, ()):
        if pattern.fullmatch(packed):
            return other
    for prefix, other in ruleset.postcode_markets.get(market.code, ()):
        if not packed.startswith(prefix) and not packed[:1].isalpha():
            continue  # only letters can be a written prefix to strip
        own = load_address_format(ruleset, other)
        stripped = packed
        for written in own.prefixes if own is not None else ():  # Liechtenstein's FL-9490
            core = compact(written)
            if stripped.startswith(core) and not prefix.startswith(core):
                stripped = stripped[len(core) :]
        if not stripped.startswith(prefix):
            continue
        if own is None or own.postal_pattern is None or canonical_postal_code(own, value):
            return other
    return None


def other_market_region(
    ruleset: Ruleset, market: MarketRecord, region: Region | None, text: str
) -> str | None:
    """The territory a region names: by its code under the host (US-PR), or by the
    territory's own name or code (Jersey under GB)."""
    if region is not None:
        return ruleset.region_markets.get(market.code, {}).get(region.code)
    folded = fold(text)
    for code in ruleset.territories.get(market.code, ()):
        other = find_market(ruleset, code)
        if other is not None and folded in {
            fold(n) for n in (other.code, other.alpha3, other.name_en, other.name_fr)
        }:
            return code
    return None
