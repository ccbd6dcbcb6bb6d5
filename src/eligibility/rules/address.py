"""Card billing addresses: well formed, postal code consistent, and the card's own.

A card purchase during account setup is declined when the address entered is the
company's legal-entity address instead of the card's, or when the postal code is
wrong or does not correspond to the address (seed 004_ff2003e37bafd5c7.txt: Partner
Center, "Troubleshoot account setup or MPN renewal issues"; docs/sources.md).

Formats and postal codes' written form are rules/postal.py's; the comparison
with the card's address is rules/avs.py's; regions come from rules/regions.py
(libaddressinput and ISO 3166-2). Which checks apply where:

- another market's postcode or region (data/other_markets.json): an error;
- a postal code that fits no form of the country: an error, with an example;
- a postcode of another region: an error only in the countries that
  data/region_consistency.json lists at level ``error`` (measured on a complete
  real list with no false error), else a warning or nothing;
- where a real postcode list exists (data/postcodes/), the postcode's own region
  exactly, and its place names for the city (a warning).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Annotated, Final

import msgspec

from eligibility.errors import ErrorCode, FieldError, field_error
from eligibility.i18n import DEFAULT_LANGUAGE
from eligibility.rules.avs import NO_CARD, Avs
from eligibility.rules.findings import Findings
from eligibility.rules.markets import (
    embargoed_region_of_postcode,
    find_market,
    market_name,
    not_served_error,
    region_not_served_finding,
    unknown_market_error,
)
from eligibility.rules.places import near_place, place_finding, unknown_postcode
from eligibility.rules.postal import (
    AddressFormat,
    AddressLike,
    PlainAddress,
    canonical_postal_code,
    clean,
    compact,
    load_address_format,
)
from eligibility.rules.regions import (
    Region,
    RegionIndex,
    find_region,
    fold_name,
    load_regions,
    region_of_postcode,
)
from eligibility.rules.territories import other_market_postcode, other_market_region
from eligibility.ruleset import MarketRecord, Ruleset
from eligibility.text import fold

__all__ = [
    "AddressFindings",
    "AddressLike",
    "NormalizedAddress",
    "PlainAddress",
    "check_address",
]

_ADDRESS_FIELDS: Final = ("line1", "city", "region", "postal_code")


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
    place: Annotated[
        str | None,
        msgspec.Meta(
            description=(
                "The postal code's place as the country's postcode list writes it: the one the "
                "city given names, else the code's main place. Null where the market has no list "
                "with places (docs/postcodes.md) or the postal code is not on it."
            ),
            examples=["Redmond"],
        ),
    ] = None


class AddressFindings(Findings, kw_only=True):
    """Errors, warnings, the AVS result and the billing address as understood."""

    avs: Avs = NO_CARD
    address: NormalizedAddress | None = None


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


def _check_region(
    ruleset: Ruleset, index: RegionIndex, address: AddressLike, where: _Where
) -> tuple[Region | None, FieldError | None]:
    text = clean(address.region)
    if not text:
        return None, None
    region = find_region(index, text)
    field = f"{where.field}.region"
    if (other := other_market_region(ruleset, where.market, region, text)) is not None:
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
        level = ruleset.postcode_lists[where.market.code].region
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
        listed = ruleset.postcode_lists.get(where.market.code)
        if level == "error" and listed is not None and listed.region != "none":
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


def _postcode_findings(
    ruleset: Ruleset,
    address: AddressLike,
    postal: str,
    where: _Where,
    *,
    fmt: AddressFormat,
    index: RegionIndex,
    region: Region | None,
    errors: list[FieldError],
    warnings: list[FieldError],
) -> str | None:
    """What the country's postcode list says of a well-formed postcode: that it does not
    exist, that the region is not its own, that the city is none of its places; each at
    the list's level. Answers the postcode's place as the list writes it."""
    packed = compact(postal)
    declared = ruleset.postcode_lists.get(where.market.code)
    place = ruleset.postcode_place(where.market.code, packed)
    city = clean(address.city)
    if (
        place is None
        and declared is not None
        and declared.unknown != "none"
        and not declared.lacks_by_design(packed, fold(city).split())
    ):

        def own(near: str) -> bool:  # not a code refused as another market's (FR 97xxx)
            return other_market_postcode(ruleset, where.market, near) is None

        unknown = unknown_postcode(
            ruleset,
            fmt,
            declared,
            packed,
            field=f"{where.field}.postal_code",
            lang=where.lang,
            market=where.name,
            own=own,
        )
        error = (
            declared.unknown == "error" and unknown.code is ErrorCode.ADDRESS_POSTAL_CODE_UNKNOWN
        )
        (errors if error else warnings).append(unknown)
    exact = (
        [r for code in (place.region, *place.also) if (r := find_region(index, code))]
        if place is not None and declared is not None and declared.region != "none"
        else None
    )
    if region is not None and (
        other := _region_finding(ruleset, index, region, postal, where, exact=exact)
    ):
        mismatch = other.code is ErrorCode.ADDRESS_POSTAL_CODE_REGION_MISMATCH
        (errors if mismatch else warnings).append(other)
    if place is None or declared is None or declared.place == "none":
        return None
    canonical, elsewhere = place_finding(ruleset, place, city, f"{where.field}.city", where.lang)
    if elsewhere is not None and not near_place(ruleset, declared, packed, city):
        (errors if declared.place == "error" else warnings).append(elsewhere)
    return canonical


def _unknown_country(
    ruleset: Ruleset, address: AddressLike, field: str, lang: str
) -> AddressFindings:
    errors = [unknown_market_error(ruleset, f"{field}.country", address.country, lang)]
    if not clean(address.line1):
        errors.append(
            field_error(f"{field}.line1", ErrorCode.ADDRESS_REQUIRED, lang, market=address.country)
        )
    return AddressFindings(errors=errors)


def _postal_code_invalid(fmt: AddressFormat, field: str, where: _Where) -> FieldError:
    """``address.postal_code_invalid``, with the country's example where it has one."""
    code = ErrorCode.ADDRESS_POSTAL_CODE_INVALID
    if fmt.postal_example:
        return field_error(field, code, where.lang, market=where.name, example=fmt.postal_example)
    return field_error(field, code, where.lang, variant="no_example", market=where.name)


def _not_served(
    ruleset: Ruleset,
    region: Region | None,
    postal: str | None,
    where: _Where,
    *,
    errors: list[FieldError],
    warnings: list[FieldError],
) -> None:
    """An address in a market or an ISO 3166-2 region Microsoft does not sell in: an
    error, or a warning where the embargo covers only a part of the region. The region
    is the address's, else the one its postcode opens like (said on ``postal_code``)."""
    if refusal := not_served_error(ruleset, where.market, f"{where.field}.country", where.lang):
        errors.insert(0, refusal)
    code, said_on = (region.code, "region") if region is not None else (None, "postal_code")
    if code is None and postal is not None:
        code = embargoed_region_of_postcode(ruleset, where.market.code, postal)
    embargo = (
        region_not_served_finding(ruleset, code, f"{where.field}.{said_on}", where.lang)
        if code
        else None
    )
    if embargo is not None:
        (errors if embargo[1] else warnings).append(embargo[0])


def check_address(
    ruleset: Ruleset, address: AddressLike, field: str, lang: str = DEFAULT_LANGUAGE
) -> AddressFindings:
    """Is ``address`` well formed for its country: required fields, region, postal code,
    and a postal code of this market, this region and (where known) this city?"""
    market = find_market(ruleset, address.country)
    if market is None:
        return _unknown_country(ruleset, address, field, lang)
    where = _Where(field, lang, market)
    fmt = load_address_format(ruleset, market.code)
    required = fmt.required if fmt is not None else frozenset({"line1"})
    errors = [
        field_error(f"{field}.{part}", ErrorCode.ADDRESS_REQUIRED, lang, market=where.name)
        for part in _ADDRESS_FIELDS
        if part in required and not clean(getattr(address, part))
    ]
    warnings: list[FieldError] = []
    index = load_regions(ruleset, market.code)
    region, region_error = _check_region(ruleset, index, address, where)
    if region_error is not None:
        errors.append(region_error)

    postal: str | None = None
    canonical: str | None = None
    if clean(address.postal_code):
        postal_field = f"{field}.postal_code"
        other = other_market_postcode(ruleset, market, address.postal_code or "")
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
            canonical = _postcode_findings(
                ruleset,
                address,
                postal,
                where,
                fmt=fmt,
                index=index,
                region=region,
                errors=errors,
                warnings=warnings,
            )
        elif fmt is not None and fmt.postal_pattern is not None:
            errors.append(_postal_code_invalid(fmt, postal_field, where))
    _not_served(ruleset, region, postal, where, errors=errors, warnings=warnings)
    normalized = NormalizedAddress(
        country=market.code,
        region=region.code if region is not None else None,
        region_name=region.name if region is not None else None,
        city=clean(address.city) or None,
        postal_code=postal,
        place=canonical,
    )
    return AddressFindings(errors=errors, warnings=warnings, address=normalized)
