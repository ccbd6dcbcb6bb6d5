"""Load ``data/`` once into frozen msgspec Structs and lookup indexes.

Every data file is decoded strictly (unknown keys refused) and then checked
for consistency; any problem raises :class:`RulesetError` naming the file, so a
bad file stops start-up instead of serving half-loaded rules.
"""

from __future__ import annotations

import gettext
import gzip
import hashlib
import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Literal, TypeVar

import msgspec
import pycountry

from eligibility.errors import RulesetError
from eligibility.text import fold

__all__ = [
    "DATA_FILES",
    "MarketRecord",
    "Place",
    "PostalFormat",
    "RegionLevel",
    "Ruleset",
    "TaxRate",
    "fold_place",
    "load_ruleset",
]


class _Strict(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base for data-file Structs: an unknown key is an error, not ignored."""


class Source(_Strict):
    document: str
    title: str
    section: str
    published: date


class SourceName(_Strict):
    en: str
    fr: str
    seed_span: str


class UnavailableMarket(_Strict):
    code: str
    source_names: list[SourceName]


class ReservationsFile(_Strict):
    source: Source
    as_of: date
    note: str
    markets: list[UnavailableMarket]


class TaxRate(_Strict):
    name: str
    rate: Decimal
    source: str


class TaxInclusiveMarket(_Strict):
    code: str
    tax: TaxRate | None
    note: str | None = None


class PricingFile(_Strict):
    source: Source
    as_of: date
    default_tax_inclusive: bool
    tax_inclusive_markets: list[TaxInclusiveMarket]


class ExtraMarket(_Strict):
    code: str
    alpha3: str
    name_en: str
    name_fr: str
    note: str


class Alias(_Strict):
    code: str
    name: str
    kind: Literal["former", "alternative", "display"]
    """``display`` replaces the name shown in ``lang``; every kind is searchable."""
    lang: Literal["en", "fr"] = "en"


class MarketsFile(_Strict):
    source: Source
    as_of: date
    extra_markets: list[ExtraMarket]
    aliases: list[Alias]


class CurrenciesFile(_Strict):
    source: Source
    as_of: date
    default_minor_unit: int
    minor_units: dict[str, int]
    not_for_pricing: dict[str, str]


class Territory(_Strict):
    host: str
    market: str
    postcodes: list[str]
    """Prefixes of the compact postcode (no spaces or hyphens)."""
    regions: list[str]
    source: str
    pattern: str | None = None
    """The whole compact postcode, where no prefix tells (Faroese 100-970 under DK)."""


class OtherMarketsFile(_Strict):
    source: Source
    as_of: date
    note: str
    territories: list[Territory]


class PostalFormat(_Strict):
    country: str
    prefix: str | None
    """The operator writes codes after this prefix (``LV-``); accepted with or without it."""
    pattern: str | None
    """Replaces libaddressinput's pattern."""
    examples: list[str]
    source: str


class PostalFormatsFile(_Strict):
    source: Source
    as_of: date
    note: str
    formats: list[PostalFormat]


class RegionAlias(_Strict):
    country: str
    key: str
    """libaddressinput's key of the region."""
    iso: str
    """Its ISO 3166-2 code."""
    source: str


class RegionAliasesFile(_Strict):
    source: Source
    as_of: date
    note: str
    aliases: list[RegionAlias]


RegionLevel = Literal["error", "warning", "none"]


class RegionConsistency(_Strict):
    country: str
    level: RegionLevel
    measured_against: str
    pairs: int
    false_errors: int


class RegionConsistencyFile(_Strict):
    source: Source
    as_of: date
    note: str
    default_level: RegionLevel
    countries: list[RegionConsistency]


class StreetAbbreviationsFile(_Strict):
    source: Source
    as_of: date
    note: str
    abbreviations: dict[str, str]


DATA_FILES: dict[str, type[_Strict]] = {
    "reservations_unavailable.json": ReservationsFile,
    "tax_inclusive_pricing.json": PricingFile,
    "markets.json": MarketsFile,
    "currencies.json": CurrenciesFile,
    "other_markets.json": OtherMarketsFile,
    "postal_formats.json": PostalFormatsFile,
    "region_consistency.json": RegionConsistencyFile,
    "region_aliases.json": RegionAliasesFile,
    "street_abbreviations.json": StreetAbbreviationsFile,
}
US_ZIPS = Path("postcodes") / "us_zips.tsv.gz"
"""A real postcode list: ZIP, state, place names (data/postcodes/README.md)."""
US_ZIPS_ACROSS = Path("postcodes") / "us_zips_across_states.json"


class ZipsAcrossStatesFile(_Strict):
    source: Source
    as_of: date
    note: str
    zips: dict[str, list[str]]


class Place(msgspec.Struct, frozen=True):
    """What a real postcode list says of one postcode."""

    region: str
    """The region's code in the country's own terms (a US state: ``WA``)."""
    city: str
    """The place's main name, as the list writes it (``Redmond``)."""
    names: str
    """Every name USPS gives it, ``|``-separated, as written (folded when compared:
    folding 42,789 ZIPs' names at start-up cost more than folding one ZIP's per check)."""
    also: tuple[str, ...] = ()
    """Other regions its addresses are in (a ZIP across a state line)."""


class MarketRecord(msgspec.Struct, frozen=True, kw_only=True):
    """One market as the rules see it."""

    code: str
    alpha3: str
    name_en: str
    name_fr: str
    reservations_available: bool
    tax_inclusive_pricing: bool


class Ruleset(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the rules read, loaded and indexed once."""

    version: str
    markets: tuple[MarketRecord, ...]
    by_code: Mapping[str, MarketRecord]
    """Alpha-2 and alpha-3 codes, upper case."""
    search_prefixes: Mapping[str, tuple[str, ...]]
    """Folded prefix of a name (or of a name from one of its words on) -> codes, best first."""
    search_names: tuple[tuple[str, str], ...]
    """(folded name, code) pairs, for substring matches that no prefix finds."""
    tax_rates: Mapping[str, TaxRate | None]
    """Markets whose prices include tax -> the tax to split out, or None where no single rate."""
    minor_units: Mapping[str, int]
    """Currencies accepted for pricing -> ISO 4217 minor unit."""
    not_for_pricing: Mapping[str, str]
    postcode_markets: Mapping[str, tuple[tuple[str, str], ...]]
    """Host country -> (postcode prefix, other market), longest prefix first."""
    postcode_market_patterns: Mapping[str, tuple[tuple[re.Pattern[str], str], ...]]
    """Host country -> (whole compact postcode pattern, other market)."""
    region_markets: Mapping[str, Mapping[str, str]]
    """Host country -> region code (``US-PR``) -> the market it is."""
    territories: Mapping[str, tuple[str, ...]]
    """Host country -> the markets whose addresses can be written under it."""
    postal_formats: Mapping[str, PostalFormat]
    region_levels: Mapping[str, RegionLevel]
    """Country -> how a postcode/region disagreement is reported."""
    default_region_level: RegionLevel
    region_aliases: Mapping[str, Mapping[str, str]]
    """Country -> libaddressinput key -> ISO 3166-2 code, where nothing else joins them."""
    postcode_places: Mapping[str, Mapping[str, Place]]
    """Country -> postcode -> its region and place names, from a real list (US)."""
    street_abbreviations: Mapping[str, str]
    """Folded street word -> the one form it is compared in."""


T = TypeVar("T", bound=_Strict)


def _decode(path: Path, kind: type[T]) -> tuple[T, bytes]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RulesetError(str(path), f"cannot be read ({exc.strerror or exc})") from exc
    try:
        return msgspec.json.decode(raw, type=kind, strict=True), raw
    except msgspec.DecodeError as exc:
        raise RulesetError(str(path), str(exc)) from exc


def _french() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"], fallback=True)


def _version(raw_files: Iterable[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    for name, raw in sorted(raw_files):
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update(raw)
        digest.update(b"\0")
    # The catalogue also comes from pycountry's data: a new release is a new ruleset.
    digest.update(f"pycountry {package_version('pycountry')}".encode())
    return digest.hexdigest()[:12]


_COMMON, _OFFICIAL = 0, 1
"""Search tiers: names people type rank before formal names ("Kingdom of Spain")."""

_Row = tuple[str, str, str, str, dict[str, int]]


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


def _check(condition: bool, path: Path, problem: str) -> None:
    if not condition:
        raise RulesetError(str(path), problem)


def _check_once(path: Path, code: str, seen: Mapping[str, object], known: set[str]) -> None:
    """``code`` names a market, and no earlier entry of the same list did."""
    _check(code in known, path, f"unknown market code {code}")
    _check(code not in seen, path, f"{code} is listed twice")


def _compile(path: Path, what: str, pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(f"(?:{pattern})")
    except re.error as exc:
        raise RulesetError(str(path), f"{what}: bad pattern ({exc})") from exc


def _check_extra_markets(path: Path, markets: MarketsFile, iso_codes: set[str]) -> set[str]:
    """Every market code: ISO 3166-1 plus the extra markets; aliases must name one."""
    known = set(iso_codes)
    for extra in markets.extra_markets:
        _check(extra.code not in known, path, f"extra market {extra.code} is already in ISO 3166-1")
        _check(len(extra.code) == 2 and len(extra.alpha3) == 3, path, f"bad codes for {extra.code}")
        known.add(extra.code)
    displayed: set[tuple[str, str]] = set()
    for alias in markets.aliases:
        _check(alias.code in known, path, f"alias {alias.name!r} names unknown market {alias.code}")
        if alias.kind == "display":
            key = (alias.code, alias.lang)
            _check(
                key not in displayed, path, f"two display names for {alias.code} in {alias.lang}"
            )
            displayed.add(key)
    return known


def _check_reservations(path: Path, reservations: ReservationsFile, known: set[str]) -> set[str]:
    """The codes where reservations are not sold."""
    unavailable: dict[str, None] = {}
    for entry in reservations.markets:
        _check_once(path, entry.code, unavailable, known)
        _check(bool(entry.source_names), path, f"market {entry.code} has no source name")
        unavailable[entry.code] = None
    return set(unavailable)


def _check_pricing(path: Path, pricing: PricingFile, known: set[str]) -> dict[str, TaxRate | None]:
    """Tax-inclusive markets -> their single tax rate, or None."""
    _check(not pricing.default_tax_inclusive, path, "default_tax_inclusive must be false")
    tax_rates: dict[str, TaxRate | None] = {}
    for rule in pricing.tax_inclusive_markets:
        _check_once(path, rule.code, tax_rates, known)
        if rule.tax is not None:
            rate = rule.tax.rate
            _check(rate.is_finite() and 0 < rate < 1, path, f"rate of {rule.code} not in (0, 1)")
        tax_rates[rule.code] = rule.tax
    return tax_rates


def _check_currencies(path: Path, currencies: CurrenciesFile) -> dict[str, int]:
    """Currencies accepted for pricing -> minor unit."""
    iso_currencies = {c.alpha_3 for c in pycountry.currencies}
    for code, minor in currencies.minor_units.items():
        _check(code in iso_currencies, path, f"unknown currency {code}")
        _check(0 <= minor <= 4, path, f"minor unit of {code} not in 0..4")
    for code in currencies.not_for_pricing:
        _check(code in iso_currencies, path, f"unknown currency {code}")
    return {
        code: currencies.minor_units.get(code, currencies.default_minor_unit)
        for code in sorted(iso_currencies - currencies.not_for_pricing.keys())
    }


def _check_other_markets(
    path: Path, other: OtherMarketsFile, known: set[str]
) -> tuple[
    dict[str, tuple[tuple[str, str], ...]],
    dict[str, tuple[tuple[re.Pattern[str], str], ...]],
    dict[str, dict[str, str]],
]:
    """(host -> postcode prefixes, longest first; host -> whole-code patterns;
    host -> region code -> market)."""
    postcodes: dict[str, list[tuple[str, str]]] = {}
    patterns: dict[str, list[tuple[re.Pattern[str], str]]] = {}
    regions: dict[str, dict[str, str]] = {}
    for entry in other.territories:
        _check(entry.host in known, path, f"unknown market code {entry.host}")
        _check(entry.market in known, path, f"unknown market code {entry.market}")
        _check(entry.market != entry.host, path, f"{entry.market} names its own host")
        _check(
            bool(entry.postcodes or entry.regions or entry.pattern),
            path,
            f"{entry.market}: nothing to match",
        )
        if entry.pattern is not None:
            compiled = _compile(path, entry.market, entry.pattern)
            patterns.setdefault(entry.host, []).append((compiled, entry.market))
        for prefix in entry.postcodes:
            _check(
                prefix.isalnum() and prefix == prefix.upper(),
                path,
                f"prefix {prefix!r} is not upper-case letters and digits",
            )
            postcodes.setdefault(entry.host, []).append((prefix, entry.market))
        for region in entry.regions:
            _check(
                region.startswith(f"{entry.host}-"), path, f"{region} is not a {entry.host} region"
            )
            by_region = regions.setdefault(entry.host, {})
            _check(region not in by_region, path, f"region {region} is listed twice")
            by_region[region] = entry.market
    for pairs in postcodes.values():
        prefixes = [prefix for prefix, _ in pairs]
        _check(len(prefixes) == len(set(prefixes)), path, "a postcode prefix is listed twice")
    return (
        {
            host: tuple(sorted(pairs, key=lambda pair: -len(pair[0])))
            for host, pairs in postcodes.items()
        },
        {host: tuple(pairs) for host, pairs in patterns.items()},
        regions,
    )


def _check_postal_formats(
    path: Path, formats: PostalFormatsFile, known: set[str]
) -> dict[str, PostalFormat]:
    by_country: dict[str, PostalFormat] = {}
    for entry in formats.formats:
        _check_once(path, entry.country, by_country, known)
        _check(bool(entry.prefix or entry.pattern), path, f"{entry.country}: nothing to change")
        if entry.pattern is not None:
            pattern = _compile(path, entry.country, entry.pattern)
            _check(bool(entry.examples), path, f"{entry.country}: a new pattern needs examples")
            for example in entry.examples:
                _check(
                    pattern.fullmatch(example) is not None,
                    path,
                    f"{entry.country}: example {example!r} does not match its pattern",
                )
        by_country[entry.country] = entry
    return by_country


def _check_region_levels(
    path: Path, levels: RegionConsistencyFile, known: set[str]
) -> dict[str, RegionLevel]:
    by_country: dict[str, RegionLevel] = {}
    for entry in levels.countries:
        _check_once(path, entry.country, by_country, known)
        _check(
            entry.level != "error" or (entry.pairs > 0 and entry.false_errors == 0),
            path,
            f"{entry.country}: an error level needs a measurement with no false error",
        )
        by_country[entry.country] = entry.level
    return by_country


def _check_region_aliases(
    path: Path, aliases: RegionAliasesFile, known: set[str]
) -> dict[str, dict[str, str]]:
    by_country: dict[str, dict[str, str]] = {}
    iso_codes = {s.code for s in pycountry.subdivisions}
    for alias in aliases.aliases:
        _check(alias.country in known, path, f"unknown market code {alias.country}")
        _check(alias.iso in iso_codes, path, f"{alias.iso} is not an ISO 3166-2 code")
        _check(
            alias.iso.startswith(f"{alias.country}-"),
            path,
            f"{alias.iso} is not of {alias.country}",
        )
        by_country.setdefault(alias.country, {})[alias.key] = alias.iso
    return by_country


def _load_us_zips(data_dir: Path) -> tuple[dict[str, Place], bytes, bytes]:
    """ZIP -> Place."""
    path = data_dir / US_ZIPS
    across, raw_across = _decode(data_dir / US_ZIPS_ACROSS, ZipsAcrossStatesFile)
    try:
        raw = path.read_bytes()
        text = gzip.decompress(raw).decode("utf-8")
    except (OSError, EOFError, gzip.BadGzipFile, UnicodeDecodeError) as exc:
        raise RulesetError(str(path), f"cannot be read ({exc})") from exc
    places: dict[str, Place] = {}
    for number, line in enumerate(text.splitlines(), 1):
        parts = line.split("\t")
        _check(len(parts) == 3, path, f"line {number} has {len(parts)} fields, not 3")
        zip_code, state, names = parts
        _check(
            len(zip_code) == 5 and zip_code.isdigit(), path, f"line {number}: bad ZIP {zip_code!r}"
        )
        also = tuple(across.zips.get(zip_code, ()))
        places[zip_code] = Place(state, names.partition("|")[0], names, also)
    _check(len(places) > 40_000, path, f"only {len(places)} ZIPs")
    unknown = sorted(set(across.zips) - places.keys())
    _check(not unknown, data_dir / US_ZIPS_ACROSS, f"ZIPs not in {US_ZIPS}: {unknown[:5]}")
    return places, raw, raw_across


def _check_abbreviations(path: Path, street: StreetAbbreviationsFile) -> dict[str, str]:
    for word, short in street.abbreviations.items():
        _check(fold(word) == word and fold(short) == short, path, f"{word!r} is not folded")
        _check(" " not in word and " " not in short, path, f"{word!r} is not one word")
    return dict(street.abbreviations)


def fold_place(name: str, abbreviations: Mapping[str, str]) -> str:
    """A place name as it is compared: folded, each word in its one form (Saint -> st)."""
    return " ".join(abbreviations.get(word, word) for word in fold(name).split())


def load_ruleset(data_dir: Path) -> Ruleset:
    """Read, validate and index every file in ``data_dir``."""
    if not data_dir.is_dir():
        raise RulesetError(str(data_dir), "data directory does not exist")
    paths = {name: data_dir / name for name in DATA_FILES}
    reservations, raw_reservations = _decode(
        paths["reservations_unavailable.json"], ReservationsFile
    )
    pricing, raw_pricing = _decode(paths["tax_inclusive_pricing.json"], PricingFile)
    markets_file, raw_markets = _decode(paths["markets.json"], MarketsFile)
    currencies, raw_currencies = _decode(paths["currencies.json"], CurrenciesFile)
    other, raw_other = _decode(paths["other_markets.json"], OtherMarketsFile)
    formats, raw_formats = _decode(paths["postal_formats.json"], PostalFormatsFile)
    levels, raw_levels = _decode(paths["region_consistency.json"], RegionConsistencyFile)
    aliases, raw_aliases = _decode(paths["region_aliases.json"], RegionAliasesFile)
    street, raw_street = _decode(paths["street_abbreviations.json"], StreetAbbreviationsFile)
    abbreviations = _check_abbreviations(paths["street_abbreviations.json"], street)
    us_zips, raw_us_zips, raw_across = _load_us_zips(data_dir)
    raws = (
        raw_reservations,
        raw_pricing,
        raw_markets,
        raw_currencies,
        raw_other,
        raw_formats,
        raw_levels,
        raw_aliases,
        raw_street,
    )
    version = _version(
        [
            *zip(DATA_FILES, raws, strict=True),
            (str(US_ZIPS), raw_us_zips),
            (str(US_ZIPS_ACROSS), raw_across),
        ]
    )

    iso = _iso_markets(_french())
    known = _check_extra_markets(paths["markets.json"], markets_file, {row[0] for row in iso})
    unavailable = _check_reservations(paths["reservations_unavailable.json"], reservations, known)
    tax_rates = _check_pricing(paths["tax_inclusive_pricing.json"], pricing, known)
    minor_units = _check_currencies(paths["currencies.json"], currencies)
    postcode_markets, postcode_market_patterns, region_markets = _check_other_markets(
        paths["other_markets.json"], other, known
    )
    postal_formats = _check_postal_formats(paths["postal_formats.json"], formats, known)
    region_levels = _check_region_levels(paths["region_consistency.json"], levels, known)

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
            reservations_available=alpha2 not in unavailable,
            tax_inclusive_pricing=alpha2 in tax_rates,
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
    return Ruleset(
        version=version,
        markets=tuple(records),
        by_code=by_code,
        search_prefixes=prefixes,
        search_names=search_names,
        tax_rates=tax_rates,
        minor_units=minor_units,
        not_for_pricing=dict(currencies.not_for_pricing),
        postcode_markets=postcode_markets,
        postcode_market_patterns=postcode_market_patterns,
        region_markets=region_markets,
        territories={
            host: tuple(dict.fromkeys(t.market for t in other.territories if t.host == host))
            for host in {t.host for t in other.territories}
        },
        postal_formats=postal_formats,
        region_levels=region_levels,
        default_region_level=levels.default_level,
        region_aliases=_check_region_aliases(paths["region_aliases.json"], aliases, known),
        postcode_places={"US": us_zips},
        street_abbreviations=abbreviations,
    )
