"""The company tax ID rules' file: which kinds each market's signup asks for, and the
python-stdnum module that checks each (data/tax_ids.json, derive/tax_ids.py)."""

from __future__ import annotations

import importlib
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

import msgspec

from eligibility.ruleset.files import DataFile, Loaded, Source, Strict, check

__all__ = ["FILES", "TaxIdKind"]

Requirement = Literal["required", "optional"]


class TaxIdEntry(Strict):
    kind: str
    module: str
    requirement: Requirement
    label_en: str
    label_fr: str
    example: str
    vat_prefix: str | None
    source: str


class TaxIdsFile(Strict):
    source: Source
    as_of: date
    note: str
    stdnum_version: str
    markets: dict[str, list[TaxIdEntry]]


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
    module: ModuleType
    """python-stdnum's module: ``compact``, ``validate`` and (often) ``format``."""


def _index_tax_ids(path: Path, document: TaxIdsFile, loaded: Loaded) -> dict[str, Any]:
    by_market: dict[str, tuple[TaxIdKind, ...]] = {}
    for market, entries in document.markets.items():
        check(market in loaded.known, path, f"unknown market code {market}")
        check(bool(entries), path, f"{market}: no kind")
        kinds = [entry.kind for entry in entries]
        check(len(kinds) == len(set(kinds)), path, f"{market}: a kind is listed twice")
        found = []
        for entry in entries:
            try:
                module = importlib.import_module(entry.module)
            except ImportError:
                module = None
            check(
                module is not None and entry.module.startswith("stdnum."),
                path,
                f"{market}: {entry.module} is not a python-stdnum module",
            )
            assert module is not None
            check(
                bool(module.is_valid(entry.example)),
                path,
                f"{market}: example {entry.example!r} is not valid for {entry.module}",
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
                    module=module,
                )
            )
        by_market[market] = tuple(found)
    prefixes = {k.vat_prefix: k for kinds in by_market.values() for k in kinds if k.vat_prefix}
    return {"tax_ids": by_market, "vat_prefixes": prefixes}


FILES: tuple[DataFile[Any], ...] = (DataFile("tax_ids.json", TaxIdsFile, _index_tax_ids),)
