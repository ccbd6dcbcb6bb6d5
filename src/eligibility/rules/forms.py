"""How the signup form's company step looks in one market, before anyone types.

Built from the very objects the checks use (the AddressFormat and RegionIndex
of rules/address.py and rules/regions.py, the phone field's limit and the
other-market table), so what a form is told and what a check accepts cannot
drift apart.
"""

from __future__ import annotations

import gettext
from functools import cache
from typing import Annotated, Final

import msgspec
import phonenumbers
import pycountry
from msgspec import Meta

from eligibility.i18n import DEFAULT_LANGUAGE, label
from eligibility.rules.markets import find_market, market_name
from eligibility.rules.phone import FIELD_MAX_LENGTH, check_company_phone
from eligibility.rules.postal import load_address_format
from eligibility.rules.regions import load_regions
from eligibility.rules.tax_id import example_of
from eligibility.ruleset import MarketRecord, Ruleset
from eligibility.ruleset.markets_served import markets_not_served
from eligibility.text import fold

__all__ = [
    "AddressField",
    "FormAddress",
    "FormMarket",
    "FormPhone",
    "FormRegion",
    "FormTaxId",
    "FormTaxIdKind",
    "MarketForm",
    "PostalCodeRules",
    "Territory",
    "compute_form",
    "regions_not_offered",
]

_AUTOCOMPLETE: Final = {
    "line1": "address-line1",
    "line2": "address-line2",
    "city": "address-level2",
    "region": "address-level1",
    "postal_code": "postal-code",
}
_PHONE_TYPES: Final = (
    phonenumbers.PhoneNumberType.FIXED_LINE,
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.TOLL_FREE,
    phonenumbers.PhoneNumberType.VOIP,
    phonenumbers.PhoneNumberType.UAN,
)


class PostalCodeRules(msgspec.Struct, frozen=True, kw_only=True):
    pattern: Annotated[
        str,
        Meta(
            description=(
                "The written form, for an input's `pattern` attribute (implicitly anchored) or "
                "`new RegExp('^(?:' + pattern + ')$', 'v')`. The check also accepts any case and "
                "spacing and the operator's prefix, and answers in this form."
            ),
            examples=["(?:(\\d{5})(?:[ \\-](\\d{4}))?)"],
        ),
    ]
    examples: Annotated[list[str], Meta(examples=[["95014", "22162-1010"]])]
    uppercase: Annotated[bool, Meta(description="Written in capitals (GB, CA, NL).")]
    prefixes: Annotated[
        list[str],
        Meta(description="The operator's written prefixes, accepted and not needed (`MD-`)."),
    ]


class AddressField(msgspec.Struct, frozen=True, kw_only=True):
    name: Annotated[
        str,
        Meta(
            description="The field of the check's address: line1, line2, city, region, postal_code."
        ),
    ]
    label: Annotated[str, Meta(examples=["ZIP code"])]
    required: bool
    autocomplete: Annotated[
        str, Meta(description="The HTML `autocomplete` token.", examples=["postal-code"])
    ]
    postal_code: PostalCodeRules | None = None
    """Only on the postal code field."""


class FormRegion(msgspec.Struct, frozen=True, kw_only=True):
    code: Annotated[str, Meta(description="ISO 3166-2 where one exists.", examples=["US-WA"])]
    name: Annotated[str, Meta(examples=["Washington"])]


class Territory(msgspec.Struct, frozen=True, kw_only=True):
    """A market whose addresses can be written under this one: a form can warn early."""

    code: Annotated[str, Meta(examples=["PR"])]
    name: Annotated[str, Meta(examples=["Puerto Rico"])]
    postal_code_prefixes: Annotated[
        list[str], Meta(description="Of the postcode without spaces or hyphens.")
    ]
    postal_code_pattern: Annotated[
        str | None, Meta(description="The whole postcode without spaces, where no prefix tells.")
    ]
    regions: Annotated[list[str], Meta(description="Region codes that are this market.")]


class FormAddress(msgspec.Struct, frozen=True, kw_only=True):
    fields: Annotated[list[AddressField], Meta(description="In the order they are written.")]
    regions: Annotated[
        list[FormRegion] | None,
        Meta(description="The regions to offer in a select, or null where there is no list."),
    ]
    territories: list[Territory]
    postal_code_lookup: Annotated[
        bool,
        Meta(
            description=(
                "Whether `GET /v1/markets/{code}/postal-codes/{postal_code}` can look this "
                "market's postal codes up (their region and places, for autofill)."
            )
        ),
    ]


class FormPhone(msgspec.Struct, frozen=True, kw_only=True):
    label: Annotated[str, Meta(examples=["Company phone"])]
    calling_code: Annotated[int | None, Meta(description="Never typed in the field.", examples=[1])]
    max_length: Annotated[int, Meta(examples=[FIELD_MAX_LENGTH])]
    trunk_prefix: Annotated[
        str | None, Meta(description="The national trunk prefix, if any.", examples=["0"])
    ]
    trunk_prefix_dropped: Annotated[
        bool,
        Meta(
            description=(
                "Suggestions leave the trunk prefix out; a number typed with it is accepted "
                "when it fits."
            )
        ),
    ]
    example: Annotated[
        str | None,
        Meta(
            description="A number of this market as the field takes it; the check accepts it.",
            examples=["2015550123"],
        ),
    ]


class FormTaxIdKind(msgspec.Struct, frozen=True, kw_only=True):
    kind: Annotated[str, Meta(description="Send it as `kind` to the check.", examples=["eu_vat"])]
    label: Annotated[str, Meta(examples=["VAT number"])]
    required: bool
    example: Annotated[
        str,
        Meta(description="A number of this kind; the check accepts it.", examples=["DE136695976"]),
    ]


class FormTaxId(msgspec.Struct, frozen=True, kw_only=True):
    """The company's tax ID field: which kinds the market asks for, and whether one is needed."""

    label: Annotated[str, Meta(description="The main kind's label.", examples=["VAT number"])]
    required: Annotated[
        bool,
        Meta(
            description="True where Partner Center requires one (24 markets: Russia, India, "
            "Brazil, Türkiye, Poland...); any of `kinds` will do."
        ),
    ]
    example: Annotated[str, Meta(examples=["DE136695976"])]
    preferred: Annotated[
        str,
        Meta(
            description="The kind the market prefers (its VAT number where it has one; the "
            "kind Partner Center asks for where one is required): the first of `kinds`.",
            examples=["eu_vat"],
        ),
    ]
    kinds: Annotated[
        list[FormTaxIdKind],
        Meta(
            description="Every kind accepted (the VAT number, and the registration numbers a "
            "company is given: SIREN and SIRET, organisation numbers, UID...), preferred first."
        ),
    ]


class FormMarket(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    name: str
    reservations_available: bool
    tax_inclusive_pricing: bool


class MarketForm(msgspec.Struct, frozen=True, kw_only=True):
    market: FormMarket
    address: FormAddress
    phone: FormPhone
    tax_id: Annotated[
        FormTaxId | None,
        Meta(description="The tax ID field; null where no offline check exists for the market."),
    ]
    rules_version: str


@cache
def _french_subdivisions() -> gettext.NullTranslations:
    return gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["fr"], fallback=True)


def _region_name(ruleset: Ruleset, code: str, name: str, lang: str) -> str:
    if lang != "fr":
        return name
    iso = pycountry.subdivisions.get(code=code)  # type: ignore[no-untyped-call]
    if iso is None:
        return name
    translated = _french_subdivisions().gettext(iso.name)
    return translated if translated != iso.name else name


def _field_label(name: str, name_types: dict[str, str], lang: str) -> str:
    key = f"{name}/{name_types[name]}" if name in ("city", "region", "postal_code") else name
    return label(key, lang)


def _phone_example(ruleset: Ruleset, region: str) -> str | None:
    """The first example number of the region that the field takes as it is."""
    for number_type in _PHONE_TYPES:
        number = phonenumbers.example_number_for_type(region, number_type)
        if number is None:
            continue
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        for typed in (
            phonenumbers.national_significant_number(number),
            phonenumbers.normalize_digits_only(national),
        ):
            findings = check_company_phone(ruleset, region, typed)
            if not findings.errors and not findings.warnings:
                return typed
    return None


def _phone(ruleset: Ruleset, market: MarketRecord, lang: str) -> FormPhone:
    region = market.code
    supported = region in phonenumbers.SUPPORTED_REGIONS
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region) if supported else None
    trunk = metadata.national_prefix if metadata is not None else None
    return FormPhone(
        label=label("company_phone", lang),
        calling_code=phonenumbers.country_code_for_region(region) or None,
        max_length=FIELD_MAX_LENGTH,
        trunk_prefix=trunk or None,
        trunk_prefix_dropped=bool(trunk),
        example=_phone_example(ruleset, region) if supported else None,
    )


def _territories(ruleset: Ruleset, market: MarketRecord, lang: str) -> list[Territory]:
    found = []
    for code in ruleset.territories.get(market.code, ()):
        other = find_market(ruleset, code)
        if other is None:
            continue
        patterns = [
            p.pattern for p, m in ruleset.postcode_market_patterns.get(market.code, ()) if m == code
        ]
        found.append(
            Territory(
                code=code,
                name=market_name(other, lang),
                postal_code_prefixes=[
                    prefix
                    for prefix, m in ruleset.postcode_markets.get(market.code, ())
                    if m == code
                ],
                postal_code_pattern=patterns[0] if patterns else None,
                regions=[
                    region
                    for region, m in ruleset.region_markets.get(market.code, {}).items()
                    if m == code
                ],
            )
        )
    return found


def _tax_id(ruleset: Ruleset, market: MarketRecord, lang: str) -> FormTaxId | None:
    kinds = [
        FormTaxIdKind(
            kind=k.kind,
            label=k.label_fr if lang == "fr" else k.label_en,
            required=k.requirement == "required",
            example=example_of(k),
        )
        for k in ruleset.tax_ids.get(market.code, ())
    ]
    if not kinds:
        return None
    main = kinds[0]
    return FormTaxId(
        label=main.label,
        required=any(k.required for k in kinds),
        example=main.example,
        preferred=main.kind,
        kinds=kinds,
    )


def regions_not_offered(ruleset: Ruleset, country: str) -> frozenset[str]:
    """Regions of ``country`` a form does not offer: those that are markets of their own,
    and those under an embargo that covers the whole region (Crimea)."""
    embargoed = {
        code
        for code, region in markets_not_served(ruleset).regions.items()
        if region.scope == "whole" and code.startswith(f"{country}-")
    }
    return frozenset(ruleset.region_markets.get(country, {})) | embargoed


def compute_form(ruleset: Ruleset, code: str, lang: str = DEFAULT_LANGUAGE) -> MarketForm | None:
    """The company step's form in market ``code`` (alpha-2 or alpha-3), or None."""
    market = find_market(ruleset, code)
    if market is None:
        return None
    fmt = load_address_format(ruleset, market.code)
    index = load_regions(ruleset, market.code)
    name_types = dict(fmt.name_types) if fmt is not None else {}
    names = fmt.fields if fmt is not None else ("line1", "line2", "city")
    required = fmt.required if fmt is not None else frozenset({"line1"})
    fields = []
    for name in names:
        postal = None
        if name == "postal_code" and fmt is not None and fmt.postal_pattern is not None:
            postal = PostalCodeRules(
                pattern=fmt.postal_pattern.pattern,
                examples=list(fmt.postal_examples),
                uppercase=fmt.upper_postal,
                prefixes=list(fmt.prefixes),
            )
        fields.append(
            AddressField(
                name=name,
                label=_field_label(name, name_types, lang),
                required=name in required,
                autocomplete=_AUTOCOMPLETE[name],
                postal_code=postal,
            )
        )
    not_offered = regions_not_offered(ruleset, market.code)
    regions = None
    if index.listed and "region" in names:
        offered = [
            FormRegion(code=r.code, name=_region_name(ruleset, r.code, r.name, lang))
            for r in index.regions.values()
            if r.key is not None and r.code not in not_offered
        ]
        regions = sorted(offered, key=lambda r: (fold(r.name), r.code))
    return MarketForm(
        market=FormMarket(
            code=market.code,
            name=market_name(market, lang),
            reservations_available=market.reservations_available,
            tax_inclusive_pricing=market.tax_inclusive_pricing,
        ),
        address=FormAddress(
            fields=fields,
            regions=regions,
            territories=_territories(ruleset, market, lang),
            postal_code_lookup=market.code in ruleset.postcode_lists,
        ),
        phone=_phone(ruleset, market, lang),
        tax_id=_tax_id(ruleset, market, lang),
        rules_version=ruleset.version,
    )
