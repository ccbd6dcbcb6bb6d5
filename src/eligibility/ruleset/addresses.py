"""The address rules' files: territories under another market, postal formats, how far
postcode-to-region data is trusted, region aliases and street abbreviations."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, Literal

import pycountry

from eligibility.ruleset.files import (
    DataFile,
    Loaded,
    Source,
    Strict,
    check,
    check_once,
    compile_pattern,
)
from eligibility.text import fold

__all__ = ["FILES", "PostalFormat", "RegionLevel", "fold_place"]


class TerritoryEntry(Strict):
    """A market whose addresses can be written under a host market."""

    host: str
    market: str
    postcodes: list[str]
    """Prefixes of the compact postcode (no spaces or hyphens)."""
    regions: list[str]
    source: str
    pattern: str | None = None
    """The whole compact postcode, where no prefix tells (Faroese 100-970 under DK)."""


class OtherMarketsFile(Strict):
    source: Source
    as_of: date
    note: str
    territories: list[TerritoryEntry]


class PostalFormat(Strict):
    country: str
    prefix: str | None
    """The operator writes codes after this prefix (``LV-``); accepted with or without it."""
    pattern: str | None
    """Replaces libaddressinput's pattern."""
    examples: list[str]
    source: str


class PostalFormatsFile(Strict):
    source: Source
    as_of: date
    note: str
    formats: list[PostalFormat]


class RegionAlias(Strict):
    country: str
    key: str
    """libaddressinput's key of the region."""
    iso: str
    """Its ISO 3166-2 code."""
    source: str


class RegionAliasesFile(Strict):
    source: Source
    as_of: date
    note: str
    aliases: list[RegionAlias]


RegionLevel = Literal["error", "warning", "none"]


class RegionConsistency(Strict):
    country: str
    level: RegionLevel
    measured_against: str
    pairs: int
    false_errors: int


class RegionConsistencyFile(Strict):
    source: Source
    as_of: date
    note: str
    default_level: RegionLevel
    countries: list[RegionConsistency]


class StreetAbbreviationsFile(Strict):
    source: Source
    as_of: date
    note: str
    abbreviations: dict[str, str]


def _index_other_markets(path: Path, other: OtherMarketsFile, loaded: Loaded) -> dict[str, Any]:
    """Host -> postcode prefixes (longest first), whole-code patterns, region codes, and
    the markets whose addresses can be written under it."""
    known = loaded.known
    postcodes: dict[str, list[tuple[str, str]]] = {}
    patterns: dict[str, list[tuple[re.Pattern[str], str]]] = {}
    regions: dict[str, dict[str, str]] = {}
    for entry in other.territories:
        check(entry.host in known, path, f"unknown market code {entry.host}")
        check(entry.market in known, path, f"unknown market code {entry.market}")
        check(entry.market != entry.host, path, f"{entry.market} names its own host")
        check(
            bool(entry.postcodes or entry.regions or entry.pattern),
            path,
            f"{entry.market}: nothing to match",
        )
        if entry.pattern is not None:
            compiled = compile_pattern(path, entry.market, entry.pattern)
            patterns.setdefault(entry.host, []).append((compiled, entry.market))
        for prefix in entry.postcodes:
            check(
                prefix.isalnum() and prefix == prefix.upper(),
                path,
                f"prefix {prefix!r} is not upper-case letters and digits",
            )
            postcodes.setdefault(entry.host, []).append((prefix, entry.market))
        for region in entry.regions:
            check(
                region.startswith(f"{entry.host}-"), path, f"{region} is not a {entry.host} region"
            )
            by_region = regions.setdefault(entry.host, {})
            check(region not in by_region, path, f"region {region} is listed twice")
            by_region[region] = entry.market
    for pairs in postcodes.values():
        prefixes = [prefix for prefix, _ in pairs]
        check(len(prefixes) == len(set(prefixes)), path, "a postcode prefix is listed twice")
    return {
        "postcode_markets": {
            host: tuple(sorted(pairs, key=lambda pair: -len(pair[0])))
            for host, pairs in postcodes.items()
        },
        "postcode_market_patterns": {host: tuple(pairs) for host, pairs in patterns.items()},
        "region_markets": regions,
        "territories": {
            host: tuple(dict.fromkeys(t.market for t in other.territories if t.host == host))
            for host in {t.host for t in other.territories}
        },
    }


def _index_postal_formats(path: Path, formats: PostalFormatsFile, loaded: Loaded) -> dict[str, Any]:
    by_country: dict[str, PostalFormat] = {}
    for entry in formats.formats:
        check_once(path, entry.country, by_country, loaded.known)
        check(bool(entry.prefix or entry.pattern), path, f"{entry.country}: nothing to change")
        if entry.pattern is not None:
            pattern = compile_pattern(path, entry.country, entry.pattern)
            check(bool(entry.examples), path, f"{entry.country}: a new pattern needs examples")
            for example in entry.examples:
                check(
                    pattern.fullmatch(example) is not None,
                    path,
                    f"{entry.country}: example {example!r} does not match its pattern",
                )
        by_country[entry.country] = entry
    return {"postal_formats": by_country}


def _index_region_levels(
    path: Path, levels: RegionConsistencyFile, loaded: Loaded
) -> dict[str, Any]:
    by_country: dict[str, RegionLevel] = {}
    for entry in levels.countries:
        check_once(path, entry.country, by_country, loaded.known)
        check(
            entry.level != "error" or (entry.pairs > 0 and entry.false_errors == 0),
            path,
            f"{entry.country}: an error level needs a measurement with no false error",
        )
        by_country[entry.country] = entry.level
    return {"region_levels": by_country, "default_region_level": levels.default_level}


def _index_region_aliases(path: Path, aliases: RegionAliasesFile, loaded: Loaded) -> dict[str, Any]:
    by_country: dict[str, dict[str, str]] = {}
    iso_codes = {s.code for s in pycountry.subdivisions}
    for alias in aliases.aliases:
        check(alias.country in loaded.known, path, f"unknown market code {alias.country}")
        check(alias.iso in iso_codes, path, f"{alias.iso} is not an ISO 3166-2 code")
        check(
            alias.iso.startswith(f"{alias.country}-"),
            path,
            f"{alias.iso} is not of {alias.country}",
        )
        by_country.setdefault(alias.country, {})[alias.key] = alias.iso
    return {"region_aliases": by_country}


def _index_abbreviations(
    path: Path, street: StreetAbbreviationsFile, loaded: Loaded
) -> dict[str, Any]:
    for word, short in street.abbreviations.items():
        check(fold(word) == word and fold(short) == short, path, f"{word!r} is not folded")
        check(" " not in word and " " not in short, path, f"{word!r} is not one word")
    return {"street_abbreviations": dict(street.abbreviations)}


FILES: tuple[DataFile[Any], ...] = (
    DataFile("other_markets.json", OtherMarketsFile, _index_other_markets),
    DataFile("postal_formats.json", PostalFormatsFile, _index_postal_formats),
    DataFile("region_consistency.json", RegionConsistencyFile, _index_region_levels),
    DataFile("region_aliases.json", RegionAliasesFile, _index_region_aliases),
    DataFile("street_abbreviations.json", StreetAbbreviationsFile, _index_abbreviations),
)


PLACE_CONNECTIVES: Mapping[str, str] = {
    "am": "a",
    "an": "a",
    "der": "d",
    "dem": "d",
    "im": "i",
    "in": "i",
    "vor": "v",
    "bei": "b",
    "ob": "o",
}
"""German place names' linking words, each as its abbreviation: ``Neustadt a.Main`` (the
municipality's official name) and ``Neustadt am Main`` are one place, ``Limburg a. d.
Lahn`` and ``Limburg an der Lahn`` too."""


def fold_place(name: str, abbreviations: Mapping[str, str]) -> str:
    """A place name as it is compared: folded, each word in its one form (Saint -> st;
    a German linking word as its abbreviation, am -> a)."""
    return " ".join(
        PLACE_CONNECTIVES.get(word) or abbreviations.get(word, word) for word in fold(name).split()
    )
