"""The request fields checks share: the base of every request body, market codes,
addresses, tax IDs and times, with the limits and descriptions the OpenAPI spec shows."""

from __future__ import annotations

import types
from collections.abc import Mapping
from datetime import datetime
from functools import cache
from typing import Annotated, Any, Final, TypeVar, Union, get_args, get_origin

import msgspec
from msgspec import Meta

from eligibility.rules.markets import market_facts
from eligibility.ruleset import Ruleset

__all__ = [
    "AMOUNT_PATTERN",
    "LINE_MAX_LENGTH",
    "Address",
    "AwareTime",
    "BillingAddress",
    "CardAddress",
    "City",
    "CompanyTaxId",
    "CurrencyCode",
    "LegalEntityAddress",
    "Line1",
    "Line2",
    "MarketCode",
    "PostalCode",
    "Region",
    "RequestBody",
    "TaxIdKindName",
    "TaxIdValue",
    "amount_meta",
    "build_request",
    "market_facts_of",
    "strip_optional",
    "struct_of",
]


AMOUNT_PATTERN: Final = r"^(0|[1-9][0-9]{0,14})(\.[0-9]{1,4})?$"
CurrencyCode = Annotated[
    str,
    Meta(pattern=r"^[A-Za-z]{3}$", description="ISO 4217 currency code.", examples=["EUR"]),
]


def amount_meta(what: str, example: str) -> Meta:
    """An amount field's limits: a decimal string (never a JSON number, never a float),
    ``what`` it is for, with no more decimals than the currency's minor unit."""
    return Meta(
        pattern=AMOUNT_PATTERN,
        max_length=20,
        description=(
            f"{what}, a decimal string (never a JSON number) with no more decimals than "
            "the currency's ISO 4217 minor unit."
        ),
        examples=[example],
    )


"""A non-negative decimal string: at most 15 integer digits and 4 decimals, no sign or exponent."""


class RequestBody(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """Base of every request body: an unknown field is refused with a 400."""


MarketCode = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=64,
        description="ISO 3166-1 alpha-2 or alpha-3 code, any case (XK for Kosovo).",
        examples=["AU"],
    ),
]


Region = Annotated[
    str,
    Meta(
        max_length=100,
        description="State, province or prefecture: code or name (`WA` or `Washington`).",
        examples=["WA"],
    ),
]
City = Annotated[str, Meta(max_length=100, description="City or locality.", examples=["Redmond"])]
PostalCode = Annotated[
    str,
    Meta(max_length=32, description="Postal code; a US ZIP+4 is accepted.", examples=["98052"]),
]
LINE_MAX_LENGTH = 200
Line1 = Annotated[
    str,
    Meta(
        max_length=LINE_MAX_LENGTH,
        description="House number and street.",
        examples=["1 Microsoft Way"],
    ),
]
Line2 = Annotated[
    str,
    Meta(
        max_length=LINE_MAX_LENGTH,
        description="Suite, floor or building; not compared.",
        examples=["Building 92"],
    ),
]


class Address(RequestBody):
    """A postal address. Which fields are required depends on the country."""

    country: MarketCode
    region: Region | None = None
    city: City | None = None
    postal_code: PostalCode | None = None
    line1: Line1 | None = None
    line2: Line2 | None = None


BillingAddress = Annotated[
    Address, Meta(description="The address entered as billing address: it is checked.")
]
CardAddress = Annotated[
    Address | None,
    Meta(description="The card's billing address (where its statement goes), if known."),
]
LegalEntityAddress = Annotated[
    Address | None, Meta(description="The company's legal-entity address, if known.")
]


TaxIdValue = Annotated[
    str,
    Meta(
        max_length=128,
        description=(
            "The tax ID as typed, with or without spaces, dots, dashes and its country "
            "prefix. Over 64 characters it is reported as a wrong format without being read."
        ),
        examples=["DE 136 695 976"],
    ),
]
CompanyTaxId = Annotated[
    str,
    Meta(
        max_length=128,
        description=(
            "The company's VAT, GST or business number as typed, checked for `market`; "
            "optional except in the 24 markets where Partner Center requires one (Russia, "
            "India, Brazil...)."
        ),
        examples=["11.222.333/0001-81"],
    ),
]
TaxIdKindName = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=32,
        description=(
            "The kind the form asked for (`eu_vat`, `gb_vat`, `br_cnpj`...: the market "
            "form's `tax_id.kinds`); any kind the market uses when omitted."
        ),
        examples=["eu_vat"],
    ),
]


AwareTime = Annotated[
    datetime,
    Meta(
        tz=True,
        description=(
            "RFC 3339 with its UTC offset (`2026-11-30T14:00:00+01:00` or `...Z`); a time "
            "without an offset is refused."
        ),
    ),
]


S = TypeVar("S", bound=msgspec.Struct)


def strip_optional(kind: Any) -> Any:
    """``kind`` without Annotated and without ``| None``."""
    while get_origin(kind) is Annotated:
        kind = get_args(kind)[0]
    if get_origin(kind) in (Union, types.UnionType):
        args = [a for a in get_args(kind) if a is not type(None)]
        if len(args) == 1:
            return strip_optional(args[0])
    return kind


def struct_of(kind: Any) -> type[msgspec.Struct] | None:
    """The Struct a field holds (``Address`` for ``Annotated[Address | None, ...]``), or None."""
    kind = strip_optional(kind)
    return kind if isinstance(kind, type) and issubclass(kind, msgspec.Struct) else None


@cache
def _field_types(kind: type[msgspec.Struct]) -> dict[str, Any]:
    """A Struct's field names and types, read once (msgspec evaluates the annotations
    each time it is asked, which a file of millions of rows cannot pay for)."""
    return {field.name: field.type for field in msgspec.structs.fields(kind)}


@cache
def _typed_fields(kind: type[msgspec.Struct]) -> frozenset[str]:
    """The fields whose text is converted to another type (a date, a number)."""
    return frozenset(
        name for name, field in _field_types(kind).items() if strip_optional(field) is not str
    )


def build_request(kind: type[S], values: Mapping[str, Any]) -> S:
    """A ``kind`` from values by field path (``billing_address.city``), nested Structs built
    on the way. Text stays as it is (a file's cells are read as typed, not refused for a
    length the API would refuse: the check says what is wrong with them); a field of
    another type (a date) is converted from its text, and ValueError names the field
    whose text is not one."""
    flat: dict[str, Any] = {}
    nested: dict[str, dict[str, Any]] = {}
    for path, value in values.items():
        head, _, rest = path.partition(".")
        if rest:
            nested.setdefault(head, {})[rest] = value
        else:
            flat[head] = value
    fields = _field_types(kind)
    for head, inner in nested.items():
        inner_kind = struct_of(fields[head])
        assert inner_kind is not None, head
        try:
            flat[head] = build_request(inner_kind, inner)
        except ValueError as exc:
            raise ValueError(f"{head}.{exc}") from None
    typed = _typed_fields(kind)
    for name, value in flat.items():
        if isinstance(value, str) and name in typed:
            try:
                flat[name] = msgspec.convert(value, fields[name], strict=False)
            except msgspec.ValidationError as exc:
                raise ValueError(f"{name}: {str(exc).split(' - at ')[0]}") from None
    return kind(**flat)


def market_facts_of(ruleset: Ruleset, request: Any) -> dict[str, bool | None]:
    """The facts of the market a request names in its ``market`` field (``MARKET_FACTS``)."""
    return market_facts(ruleset, request.market)
