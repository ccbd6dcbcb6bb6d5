"""The markets Microsoft does not sell to: countries and regions under embargo
(``data/markets_not_served.json``), each with why, in English and French."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import msgspec
import pycountry

from eligibility.ruleset.files import DataFile, Loaded, Source, Strict, check, check_once

if TYPE_CHECKING:
    from eligibility.ruleset import Ruleset

__all__ = ["FILES", "NotServed", "NotServedRegion", "markets_not_served"]

Scope = Literal["whole", "partial"]


class NotServedMarket(Strict):
    code: str
    basis_en: str
    basis_fr: str
    source: str


class NotServedRegion(Strict):
    code: str
    """ISO 3166-2 (``UA-43``)."""
    scope: Scope
    """``whole``: the source names the whole region; ``partial``: only a part of it."""
    name_en: str
    name_fr: str
    basis_en: str
    basis_fr: str
    source: str
    postcode_prefixes: list[str]
    """The region's postcodes open with one of these (an address given without its region)."""


class NotServedFile(Strict):
    source: Source
    as_of: date
    note: str
    markets: list[NotServedMarket]
    regions: list[NotServedRegion]


class NotServed(msgspec.Struct, frozen=True, kw_only=True):
    """Markets and regions not served, as loaded."""

    markets: Mapping[str, NotServedMarket]
    regions: Mapping[str, NotServedRegion]
    """ISO 3166-2 code -> the region."""
    by_postcode: Mapping[str, tuple[tuple[str, str], ...]]
    """Country -> (postcode prefix, ISO 3166-2 region), longest prefix first."""
    source: Source
    as_of: date


def _index_not_served(path: Path, document: NotServedFile, loaded: Loaded) -> dict[str, Any]:
    markets: dict[str, NotServedMarket] = {}
    for entry in document.markets:
        check_once(path, entry.code, markets, loaded.known)
        markets[entry.code] = entry
    regions: dict[str, NotServedRegion] = {}
    for region in document.regions:
        check(region.code not in regions, path, f"{region.code} is listed twice")
        known = pycountry.subdivisions.get(code=region.code)  # type: ignore[no-untyped-call]
        check(known is not None, path, f"{region.code} is not an ISO 3166-2 code")
        regions[region.code] = region
    prefixes: dict[str, list[tuple[str, str]]] = {}
    for region in regions.values():
        country = region.code.split("-")[0]
        for prefix in region.postcode_prefixes:
            check(prefix.isalnum(), path, f"{region.code}: bad postcode prefix {prefix!r}")
            prefixes.setdefault(country, []).append((prefix, region.code))
    loaded.notes["not_served"] = frozenset(markets)
    found = NotServed(
        markets=markets,
        regions=regions,
        by_postcode={c: tuple(sorted(p, key=lambda i: -len(i[0]))) for c, p in prefixes.items()},
        source=document.source,
        as_of=document.as_of,
    )
    return {"markets_not_served": found}


FILES: tuple[DataFile[Any], ...] = (
    DataFile("markets_not_served.json", NotServedFile, _index_not_served),
)


def markets_not_served(ruleset: Ruleset) -> NotServed:
    """The markets and regions not served, in ``ruleset``."""
    found = ruleset.tables["markets_not_served"]
    assert isinstance(found, NotServed)
    return found
