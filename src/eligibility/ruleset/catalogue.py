"""The market catalogue's files: markets, reservations, tax-inclusive pricing, currencies;
and the catalogue built from them with its name-search index."""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import msgspec
import pycountry

from eligibility.ruleset.files import DataFile, Loaded, Source, Strict, check, check_once
from eligibility.text import fold

__all__ = [
    "FILES",
    "MarketRecord",
    "TaxRate",
    "build_catalogue",
]


class SourceName(Strict):
    en: str
    fr: str
    seed_span: str


class UnavailableMarket(Strict):
    code: str
    source_names: list[SourceName]


class ReservationsFile(Strict):
    source: Source
    as_of: date
    note: str
    markets: list[UnavailableMarket]


class TaxRate(Strict):
    name: str
    rate: Decimal
    source: str


class TaxInclusiveMarket(Strict):
    code: str
    tax: TaxRate | None
    note: str | None = None


class PricingFile(Strict):
    source: Source
    as_of: date
    default_tax_inclusive: bool
    tax_inclusive_markets: list[TaxInclusiveMarket]


class ExtraMarket(Strict):
    code: str
    alpha3: str
    name_en: str
    name_fr: str
    note: str


class Alias(Strict):
    code: str
    name: str
    kind: Literal["former", "alternative", "display"]
    """``display`` replaces the name shown in ``lang``; every kind is searchable."""
    lang: Literal["en", "fr"] = "en"


class MarketsFile(Strict):
    source: Source
    as_of: date
    extra_markets: list[ExtraMarket]
    aliases: list[Alias]


class CurrenciesFile(Strict):
    source: Source
    as_of: date
    default_minor_unit: int
    minor_units: dict[str, int]
    not_for_pricing: dict[str, str]


class MarketRecord(msgspec.Struct, frozen=True, kw_only=True):
    """One market as the rules see it."""

    code: str
    alpha3: str
    name_en: str
    name_fr: str
    reservations_available: bool
    """False where Azure reservations are not sold, and where Microsoft sells nothing."""
    tax_inclusive_pricing: bool
    served: bool = True
    """False where Microsoft does not sell at all (an embargo: markets_not_served.json)."""


_COMMON, _OFFICIAL = 0, 1
"""Search tiers: names people type rank before formal names ("Kingdom of Spain")."""

_Row = tuple[str, str, str, str, dict[str, int]]


def _french() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"], fallback=True)


def _iso_markets(fr: gettext.NullTranslations) -> list[_Row]:
    """(alpha2, alpha3, English name, French name, searchable name -> tier) per ISO country."""
    rows = []
    for country in pycountry.countries:
        name = getattr(country, "common_name", None) or country.name
        translated = fr.gettext(name)
        name_fr = translated if translated != name else fr.gettext(country.name)
        names = dict.fromkeys([name, country.name, name_fr, fr.gettext(country.name)], _COMMON)
        official = getattr(country, "official_name", None)
        if official:
            names |= {n: _OFFICIAL for n in (official, fr.gettext(official)) if n not in names}
        rows.append((country.alpha_2, country.alpha_3, name, name_fr, names))
    return rows


def _index_markets(path: Path, markets: MarketsFile, loaded: Loaded) -> dict[str, Any]:
    """Every market code: ISO 3166-1 plus the extra markets; aliases must name one."""
    iso = _iso_markets(_french())
    known = {row[0] for row in iso}
    for extra in markets.extra_markets:
        check(extra.code not in known, path, f"extra market {extra.code} is already in ISO 3166-1")
        check(len(extra.code) == 2 and len(extra.alpha3) == 3, path, f"bad codes for {extra.code}")
        known.add(extra.code)
    displayed: set[tuple[str, str]] = set()
    for alias in markets.aliases:
        check(alias.code in known, path, f"alias {alias.name!r} names unknown market {alias.code}")
        if alias.kind == "display":
            key = (alias.code, alias.lang)
            check(key not in displayed, path, f"two display names for {alias.code} in {alias.lang}")
            displayed.add(key)
    loaded.known |= known
    loaded.notes["iso_rows"] = iso
    return {}


def _index_reservations(
    path: Path, reservations: ReservationsFile, loaded: Loaded
) -> dict[str, Any]:
    """The codes where reservations are not sold."""
    unavailable: dict[str, None] = {}
    for entry in reservations.markets:
        check_once(path, entry.code, unavailable, loaded.known)
        check(bool(entry.source_names), path, f"market {entry.code} has no source name")
        unavailable[entry.code] = None
    loaded.notes["unavailable"] = set(unavailable)
    return {}


def _index_pricing(path: Path, pricing: PricingFile, loaded: Loaded) -> dict[str, Any]:
    """Tax-inclusive markets -> their single tax rate, or None."""
    check(not pricing.default_tax_inclusive, path, "default_tax_inclusive must be false")
    tax_rates: dict[str, TaxRate | None] = {}
    for rule in pricing.tax_inclusive_markets:
        check_once(path, rule.code, tax_rates, loaded.known)
        if rule.tax is not None:
            rate = rule.tax.rate
            check(rate.is_finite() and 0 < rate < 1, path, f"rate of {rule.code} not in (0, 1)")
        tax_rates[rule.code] = rule.tax
    return {"tax_rates": tax_rates}


def _index_currencies(path: Path, currencies: CurrenciesFile, loaded: Loaded) -> dict[str, Any]:
    """Currencies accepted for pricing -> minor unit; and those refused."""
    iso_currencies = {c.alpha_3 for c in pycountry.currencies}
    for code, minor in currencies.minor_units.items():
        check(code in iso_currencies, path, f"unknown currency {code}")
        check(0 <= minor <= 4, path, f"minor unit of {code} not in 0..4")
    for code in currencies.not_for_pricing:
        check(code in iso_currencies, path, f"unknown currency {code}")
    minor_units = {
        code: currencies.minor_units.get(code, currencies.default_minor_unit)
        for code in sorted(iso_currencies - currencies.not_for_pricing.keys())
    }
    return {"minor_units": minor_units, "not_for_pricing": dict(currencies.not_for_pricing)}


FILES: tuple[DataFile[Any], ...] = (
    DataFile("markets.json", MarketsFile, _index_markets),
    DataFile("reservations_unavailable.json", ReservationsFile, _index_reservations),
    DataFile("tax_inclusive_pricing.json", PricingFile, _index_pricing),
    DataFile("currencies.json", CurrenciesFile, _index_currencies),
)
"""Markets first: the others name markets by the codes it establishes."""


def _rank_names(
    names_by_code: Mapping[str, dict[str, int]], display: Mapping[str, str]
) -> tuple[dict[str, tuple[str, ...]], tuple[tuple[str, str], ...]]:
    """Index every prefix of every folded name, and of the name from each word on.

    Common names rank before official ones; within a tier a whole-name match
    ranks before a name prefix, which ranks before a match at a later word;
    ties go to the shorter matched name, then the display name. Also returns
    every (folded name, code) pair in display-name order for substring search.
    """
    best: dict[str, dict[str, tuple[int, int, int]]] = {}
    pairs: list[tuple[str, str]] = []
    for code, names in names_by_code.items():
        for name, tier in names.items():
            pairs.append((name, code))
            starts = [0] + [i + 1 for i, ch in enumerate(name) if ch == " "]
            for start in starts:
                tail = name[start:]
                for end in range(1, len(tail) + 1):
                    prefix = tail[:end].rstrip()
                    if not prefix:
                        continue
                    score = (3 if end == len(tail) else 2) if start == 0 else 1
                    rank = (tier, -score, len(name))
                    slot = best.setdefault(prefix, {})
                    if code not in slot or rank < slot[code]:
                        slot[code] = rank
    index = {
        prefix: tuple(sorted(slot, key=lambda c: (slot[c], display[c])))
        for prefix, slot in best.items()
    }
    # Ordered by display name, so substring matches need no sorting per query.
    return index, tuple(sorted(set(pairs), key=lambda pair: (display[pair[1]], pair[0])))


def build_catalogue(loaded: Loaded) -> dict[str, Any]:
    """The markets, by code, and their name-search index: Ruleset fields."""
    markets_file: MarketsFile = loaded.documents["markets.json"]
    reservations: ReservationsFile = loaded.documents["reservations_unavailable.json"]
    unavailable: set[str] = loaded.notes["unavailable"]
    not_served: frozenset[str] = loaded.notes.get("not_served", frozenset())
    iso: list[_Row] = loaded.notes["iso_rows"]
    tax_rates: Mapping[str, TaxRate | None] = loaded.fields["tax_rates"]
    records: list[MarketRecord] = []
    by_code: dict[str, MarketRecord] = {}
    names_by_code: dict[str, dict[str, int]] = {}
    rows = iso + [
        (e.code, e.alpha3, e.name_en, e.name_fr, dict.fromkeys([e.name_en, e.name_fr], _COMMON))
        for e in markets_file.extra_markets
    ]
    display = {(a.code, a.lang): a.name for a in markets_file.aliases if a.kind == "display"}
    for alpha2, alpha3, name_en, name_fr, names in rows:
        record = MarketRecord(
            code=alpha2,
            alpha3=alpha3,
            name_en=display.get((alpha2, "en"), name_en),
            name_fr=display.get((alpha2, "fr"), name_fr),
            reservations_available=alpha2 not in unavailable and alpha2 not in not_served,
            tax_inclusive_pricing=alpha2 in tax_rates,
            served=alpha2 not in not_served,
        )
        records.append(record)
        by_code[alpha2] = by_code[alpha3] = record
        folded = names_by_code[alpha2] = {}
        for name, tier in sorted(names.items(), key=lambda item: item[1], reverse=True):
            folded[fold(name)] = tier  # a name in both tiers keeps the common one
    for entry in reservations.markets:
        for source_name in entry.source_names:
            for name in (source_name.en, source_name.fr):
                names_by_code[entry.code][fold(name)] = _COMMON
    for alias in markets_file.aliases:
        names_by_code[alias.code][fold(alias.name)] = _COMMON
    prefixes, search_names = _rank_names(names_by_code, {r.code: r.name_en for r in records})
    records.sort(key=lambda r: r.code)
    return {
        "markets": tuple(records),
        "by_code": by_code,
        "search_prefixes": prefixes,
        "search_names": search_names,
    }
