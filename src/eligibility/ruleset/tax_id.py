"""The company tax ID rules' file: which kinds each market's signup asks for, and the
python-stdnum module (or, where it has none, the pattern) that checks each
(data/tax_ids.json, derive/tax_ids.py)."""

from __future__ import annotations

import importlib
import re
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

import msgspec
from stdnum.exceptions import InvalidFormat, InvalidLength

from eligibility.ruleset.files import DataFile, Loaded, Source, Strict, check, compile_pattern

__all__ = ["FILES", "PatternRule", "TaxIdKind", "TaxIdRegions"]

Requirement = Literal["required", "optional"]


class TaxIdEntry(Strict):
    kind: str
    module: str | None
    pattern: str | None
    lengths: tuple[int, int] | None
    """The pattern's shortest and longest compact form: outside them a number is too
    short or too long; within them, not of the pattern's form."""
    requirement: Requirement
    label_en: str
    label_fr: str
    example: str
    vat_prefix: str | None
    suffixes: list[str]
    source: str


class TaxIdsFile(Strict):
    source: Source
    as_of: date
    note: str
    stdnum_version: str
    markets: dict[str, list[TaxIdEntry]]


_SEPARATORS = str.maketrans("", "", " -./,\u00a0\u202f\u2009")
_ALNUM = re.compile(r"[A-Z0-9]+")


class PatternRule:
    """A kind checked by a pattern over its compact form (upper case, no separators), then
    by python-stdnum's ``inner`` module where there is one: the interface of a stdnum
    module (``compact``, ``validate``, ``is_valid``, ``format``).

    >>> rule = PatternRule("am_tin", re.compile("(?:[A-Z0-9]{5,22})"), (5, 22))
    >>> rule.validate("0253-8904")
    '02538904'
    >>> rule.is_valid("1234"), rule.is_valid("12 34 5")
    (False, True)
    """

    def __init__(
        self,
        name: str,
        pattern: re.Pattern[str],
        lengths: tuple[int, int],
        inner: ModuleType | None = None,
    ) -> None:
        self.__name__ = f"pattern:{name}"
        self.pattern = pattern
        self.lengths = lengths
        self.inner = inner

    def compact(self, number: str) -> str:
        return number.translate(_SEPARATORS).upper()

    def validate(self, number: str) -> str:
        compact = self.compact(number)
        if not _ALNUM.fullmatch(compact):
            raise InvalidFormat()
        shortest, longest = self.lengths
        if not shortest <= len(compact) <= longest:
            raise InvalidLength()
        if not self.pattern.fullmatch(compact):
            raise InvalidFormat()
        if self.inner is not None:
            return str(self.inner.validate(compact))
        return compact

    def is_valid(self, number: str) -> bool:
        try:
            return bool(self.validate(number))
        except (InvalidFormat, InvalidLength):
            return False
        except ValueError:
            return False

    def format(self, number: str) -> str:
        return self.compact(number)


class TaxIdKind(msgspec.Struct, frozen=True, kw_only=True):
    """One kind of tax ID a market asks for, with the module that checks it."""

    market: str
    kind: str
    requirement: Requirement
    label_en: str
    label_fr: str
    example: str
    vat_prefix: str | None
    """The EU VAT prefix written before the number (``EL`` for Greece), or None."""
    suffixes: tuple[str, ...] = ()
    """Words the written form ends with (Switzerland's ``MWST``, ``TVA``, ``IVA``)."""
    module: Any
    """python-stdnum's module (``compact``, ``validate`` and often ``format``), or a
    :class:`PatternRule` with the same interface where python-stdnum has none."""


def _rule(path: Path, market: str, entry: TaxIdEntry) -> Any:
    module = None
    if entry.module is not None:
        try:
            module = importlib.import_module(entry.module)
        except ImportError:
            module = None
        check(
            module is not None and entry.module.startswith("stdnum."),
            path,
            f"{market}: {entry.module} is not a python-stdnum module",
        )
    check(module is not None or entry.pattern is not None, path, f"{market}: no module, no pattern")
    if entry.pattern is None:
        return module
    pattern = compile_pattern(path, f"{market} {entry.kind}", entry.pattern)
    check(entry.lengths is not None, path, f"{market} {entry.kind}: a pattern without lengths")
    assert entry.lengths is not None
    return PatternRule(entry.kind, pattern, entry.lengths, module)


def _index_tax_ids(path: Path, document: TaxIdsFile, loaded: Loaded) -> dict[str, Any]:
    by_market: dict[str, tuple[TaxIdKind, ...]] = {}
    for market, entries in document.markets.items():
        check(market in loaded.known, path, f"unknown market code {market}")
        check(bool(entries), path, f"{market}: no kind")
        kinds = [entry.kind for entry in entries]
        check(len(kinds) == len(set(kinds)), path, f"{market}: a kind is listed twice")
        found = []
        for entry in entries:
            rule = _rule(path, market, entry)
            check(
                bool(rule.is_valid(entry.example)),
                path,
                f"{market}: example {entry.example!r} is not valid for {entry.kind}",
            )
            found.append(
                TaxIdKind(
                    market=market,
                    kind=entry.kind,
                    requirement=entry.requirement,
                    label_en=entry.label_en,
                    label_fr=entry.label_fr,
                    example=entry.example,
                    vat_prefix=entry.vat_prefix,
                    suffixes=tuple(entry.suffixes),
                    module=rule,
                )
            )
        by_market[market] = tuple(found)
    prefixes = {k.vat_prefix: k for kinds in by_market.values() for k in kinds if k.vat_prefix}
    return {"tax_ids": by_market, "vat_prefixes": prefixes}


class RegionCodes(Strict):
    kind: str
    """The kind whose numbers open with the region's code (``in_gst``, ``ru_inn``)."""
    digits: int
    regions: dict[str, str]
    """The number's first ``digits`` characters -> the ISO 3166-2 region."""


class TaxIdRegionsFile(Strict):
    source: Source
    as_of: date
    note: str
    markets: dict[str, RegionCodes]


class TaxIdRegions(msgspec.Struct, frozen=True, kw_only=True):
    """Market -> the kind whose numbers name a region, and how (Partner Center's 600002)."""

    by_market: dict[str, RegionCodes]


def _index_regions(path: Path, document: TaxIdRegionsFile, loaded: Loaded) -> dict[str, Any]:
    kinds = loaded.fields["tax_ids"]
    for market, codes in document.markets.items():
        used = {k.kind for k in kinds.get(market, ())}
        check(codes.kind in used, path, f"{market}: {codes.kind} is not a kind of the market")
        check(1 <= codes.digits <= 4, path, f"{market}: digits must be 1..4")
        for prefix, region in codes.regions.items():
            check(len(prefix) == codes.digits, path, f"{market}: {prefix} is not {codes.digits}")
            check(region.startswith(f"{market}-"), path, f"{market}: {region} is not of it")
    return {"tax_id_regions": TaxIdRegions(by_market=dict(document.markets))}
    # read through rules.tax_id.tax_id_regions (Ruleset.tables)


FILES: tuple[DataFile[Any], ...] = (
    DataFile("tax_ids.json", TaxIdsFile, _index_tax_ids),
    DataFile("tax_id_regions.json", TaxIdRegionsFile, _index_regions),
)
"""The kinds first: the regions' file names kinds of the markets."""
