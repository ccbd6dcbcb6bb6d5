"""Load ``data/`` once into frozen msgspec Structs and lookup indexes.

Every data file is declared once (``files.DataFile``: its name, its strict
Struct and its validator), by concept, as the ``FILES`` of a module of this
package: the market catalogue's files (``catalogue``), the address rules' files
(``addresses``), a check's own file (``tax_id``, ``cancellation``...); the real
postcode lists are ``postcodes``'. The modules are found, not listed: a new
check's data file is a new module here. ``load_ruleset`` reads the catalogue and
the address files first (the others' validators read the markets they
establish), then the rest by module name; any problem raises
:class:`RulesetError` naming the file, so a bad file stops start-up instead of
serving half-loaded rules. What a validator adds that is not a field of
:class:`Ruleset` is kept in ``Ruleset.tables`` and read through its module's
accessor (``files.table``).
"""

from __future__ import annotations

import hashlib
import importlib
import pkgutil
import re
from collections.abc import Iterable, Mapping
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any, Final

import msgspec

from eligibility.errors import RulesetError
from eligibility.ruleset.addresses import PostalFormat, RegionLevel, fold_place
from eligibility.ruleset.cancellation import CancellationPolicy, ProductPolicy
from eligibility.ruleset.catalogue import (
    MarketRecord,
    TaxRate,
    build_catalogue,
)
from eligibility.ruleset.files import DataFile, Loaded
from eligibility.ruleset.postcodes import (
    ALSO_ACCEPTED,
    EXISTS,
    LISTS_FILE,
    Place,
    PostcodeList,
    PostcodePlaces,
    load_postcode_lists,
)
from eligibility.ruleset.tax_id import TaxIdKind

__all__ = [
    "ALSO_ACCEPTED",
    "DATA_FILES",
    "EXISTS",
    "LISTS_FILE",
    "CancellationPolicy",
    "MarketRecord",
    "Place",
    "PostalFormat",
    "PostcodeList",
    "PostcodePlaces",
    "ProductPolicy",
    "RegionLevel",
    "Ruleset",
    "TaxIdKind",
    "TaxRate",
    "fold_place",
    "load_ruleset",
]

_FIRST: Final = ("catalogue", "addresses")
"""Read before the others: their validators read the markets these establish."""
_NOT_DATA: Final = frozenset({"files", "postcodes", "postcode_codes", "postcode_places"})


def _declared_files() -> dict[str, DataFile[Any]]:
    found = sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name not in _NOT_DATA)
    ordered = [*_FIRST, *(name for name in found if name not in _FIRST)]
    return {
        declared.name: declared
        for name in ordered
        for declared in importlib.import_module(f"{__name__}.{name}").FILES
    }


DATA_FILES: Final[Mapping[str, DataFile[Any]]] = _declared_files()
"""Every JSON rules file, in the order it is loaded."""


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
    postcode_lists: Mapping[str, PostcodeList]
    """Country -> its real postcode list, as declared (how codes are keyed)."""
    postcode_places: PostcodePlaces
    """Country -> postcode key -> its region and place names, from a real list (each
    country parsed on its first use)."""
    street_abbreviations: Mapping[str, str]
    """Folded street word -> the one form it is compared in."""
    cancellation: CancellationPolicy
    """The software cancellation window and the products it applies to."""
    tax_ids: Mapping[str, tuple[TaxIdKind, ...]]
    """Market -> the company tax ID kinds its signup asks for, the first the main one."""
    vat_prefixes: Mapping[str, TaxIdKind]
    """A VAT number's two-letter prefix (``DE``, ``EL``) -> the kind that checks it."""
    tables: Mapping[str, Any] = {}
    """What a check's own data file adds (``Ruleset`` names no such field): read through
    the accessor of the ``ruleset`` module that declares the file."""

    def postcode_place(self, country: str, compact: str) -> Place | None:
        """What ``country``'s real list says of a postcode (without spaces or hyphens)."""
        declared = self.postcode_lists.get(country)
        if declared is None:
            return None
        return self.postcode_places[country].get(declared.key(compact))


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


def load_ruleset(data_dir: Path) -> Ruleset:
    """Read, validate and index every file in ``data_dir``."""
    if not data_dir.is_dir():
        raise RulesetError(str(data_dir), "data directory does not exist")
    loaded = Loaded(data_dir)
    for declared in DATA_FILES.values():
        declared.load(loaded)
    loaded.fields.update(build_catalogue(loaded))
    loaded.fields.update(load_postcode_lists(loaded))
    named = Ruleset.__struct_fields__
    fields = {k: v for k, v in loaded.fields.items() if k in named}
    tables = {k: v for k, v in loaded.fields.items() if k not in named}
    return Ruleset(version=_version(loaded.raw.items()), **fields, tables=tables)
