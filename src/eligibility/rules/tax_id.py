"""The company's tax ID at signup: VAT, GST or business number, as the market asks.

Partner Center's company step asks for a VAT ID, a tax ID or a registration number
depending on the market, mandatory in some (Brazil's CNPJ, Belarus's UNP). Each
number is checked offline by python-stdnum (LGPL, used unmodified): its format,
length, checksum and components; no register is asked, so an answer says
``verification: "not_checked"``. The kinds each market uses, which is required, and
their labels are data/tax_ids.json.

A number is accepted with or without spaces, dots, dashes and its country prefix
(``de 136 695 976``, ``DE136695976``, ``136695976``); the answer gives the compact
form to store (``DE136695976``) and the formatted one.
"""

from __future__ import annotations

from typing import Annotated, Literal, NamedTuple

import msgspec
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)

from eligibility.errors import ErrorCode, FieldError, field_error
from eligibility.i18n import DEFAULT_LANGUAGE
from eligibility.rules.findings import Findings
from eligibility.rules.markets import find_market, market_name, market_refusal, resolve_market
from eligibility.ruleset import MarketRecord, Ruleset, TaxIdKind

__all__ = [
    "TAX_ID_MAX_LENGTH",
    "TaxId",
    "TaxIdFindings",
    "check_company_tax_id",
    "example_of",
    "read_tax_id",
]

TAX_ID_MAX_LENGTH = 64
"""Longer input is reported as a wrong format without being read."""

_ERRORS: dict[type[ValidationError], ErrorCode] = {
    InvalidLength: ErrorCode.TAX_ID_INVALID_LENGTH,
    InvalidChecksum: ErrorCode.TAX_ID_INVALID_CHECKSUM,
    InvalidComponent: ErrorCode.TAX_ID_INVALID_COMPONENT,
    InvalidFormat: ErrorCode.TAX_ID_INVALID_FORMAT,
}
_PREFIX_ALIASES = {"XI": "GB"}
"""Northern Ireland's VAT numbers are written XI and checked as the UK's."""
_SEPARATORS = str.maketrans("", "", " -./,\u00a0\u202f\u2009")


class TaxId(msgspec.Struct, frozen=True, kw_only=True):
    """The tax ID as the check read it: what to store and how to show it."""

    kind: Annotated[
        str,
        msgspec.Meta(
            description="Stable name of the kind (Stripe's where it has one): `eu_vat`, "
            "`gb_vat`, `au_abn`, `br_cnpj`, `in_gst`, `us_ein`...",
            examples=["eu_vat"],
        ),
    ]
    country: Annotated[str, msgspec.Meta(description="The market it is of.", examples=["DE"])]
    compact: Annotated[
        str,
        msgspec.Meta(
            description="The form to store: no separators, with the VAT prefix for VAT numbers.",
            examples=["DE136695976"],
        ),
    ]
    formatted: Annotated[
        str, msgspec.Meta(description="The usual written form.", examples=["DE136695976"])
    ]
    verification: Annotated[
        Literal["not_checked"],
        msgspec.Meta(
            description="Checked offline (format, length, checksum); no register was asked."
        ),
    ]


class TaxIdFindings(Findings, kw_only=True):
    tax_id: TaxId | None = None


def _squeezed(value: str) -> str:
    return value.translate(_SEPARATORS).upper()


_PREFIXED_KINDS = frozenset({"eu_vat", "gb_vat"})
"""Kinds whose stored form carries the VAT prefix, which stdnum's compact drops."""


def read_tax_id(kind: TaxIdKind, value: str) -> TaxId:
    """``value`` read as ``kind``; raises stdnum's ValidationError when it is not one."""
    module = kind.module
    number = module.validate(value)
    formatted = module.format(number) if hasattr(module, "format") else number
    compact = number
    if kind.vat_prefix and kind.kind in _PREFIXED_KINDS:
        prefix = "XI" if _squeezed(value).startswith("XI") else kind.vat_prefix
        compact = f"{prefix}{number}"
        if not formatted.upper().startswith(prefix):
            formatted = f"{prefix} {formatted}" if " " in formatted else f"{prefix}{formatted}"
    return TaxId(
        kind=kind.kind,
        country=kind.market,
        compact=compact,
        formatted=formatted,
        verification="not_checked",
    )


def _other_country(ruleset: Ruleset, market: str, squeezed: str) -> TaxIdKind | None:
    """The kind of another market whose prefix ``squeezed`` starts with and that accepts it."""
    prefix = squeezed[:2]
    prefix = _PREFIX_ALIASES.get(prefix, prefix)
    other = ruleset.vat_prefixes.get(prefix)
    if other is None or other.market == market or not other.module.is_valid(squeezed):
        return None
    return other


_EXAMPLES: dict[str, str] = {}


def example_of(kind: TaxIdKind) -> str:
    """The kind's example in its usual written form (``DE136695976``)."""
    key = f"{kind.market}/{kind.kind}"
    found = _EXAMPLES.get(key)
    if found is None:
        found = _EXAMPLES[key] = read_tax_id(kind, kind.example).formatted
    return found


def _label(kind: TaxIdKind, lang: str) -> str:
    """The kind's label as it reads inside a sentence: ``numéro de TVA``, ``CNPJ``."""
    label = kind.label_fr if lang == "fr" else kind.label_en
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def check_company_tax_id(
    ruleset: Ruleset,
    market: str | MarketRecord,
    tax_id: str | None,
    kind: str | None = None,
    lang: str = DEFAULT_LANGUAGE,
    *,
    field: str = "tax_id",
    market_field: str = "market",
) -> TaxIdFindings:
    """Every problem with ``tax_id`` as the company's tax ID in ``market``.

    ``kind`` is the kind the form asked for (``eu_vat``); without it any kind the
    market uses is accepted. Errors: ``tax_id.required`` (where the market requires
    one), ``tax_id.invalid_format``, ``tax_id.invalid_length``,
    ``tax_id.invalid_checksum``, ``tax_id.invalid_component``, ``tax_id.other_country``
    (a valid number of another market, named), ``tax_id.not_used_in_market`` (a kind
    the market does not use); the warning ``tax_id.not_verified`` where no offline
    check exists for the market.

    >>> check_company_tax_id(ruleset, "DE", "de 136 695 976").tax_id.compact
    'DE136695976'
    >>> [e.code.value for e in check_company_tax_id(ruleset, "FR", "DE136695976").errors]
    ['tax_id.other_country']
    >>> [e.code.value for e in check_company_tax_id(ruleset, "BR", "").errors]
    ['tax_id.required']
    """
    found = resolve_market(ruleset, market)
    typed = market if isinstance(market, str) else market.code
    refusal = market_refusal(ruleset, found, market_field, typed, lang)
    if refusal is not None or found is None:
        return TaxIdFindings(errors=[refusal] if refusal is not None else [])
    where = _Where(field, lang, found.code, market_name(found, lang))
    kinds = ruleset.tax_ids.get(found.code, ())
    if kind is not None and kinds:
        kinds = tuple(k for k in kinds if k.kind == kind.strip().lower())
        if not kinds:
            used = ", ".join(k.kind for k in ruleset.tax_ids[found.code])
            return where.error(
                ErrorCode.TAX_ID_NOT_USED_IN_MARKET, kind=kind[:32], market=where.name, used=used
            )
    value = (tax_id or "").strip()
    if not value:
        required = [k for k in kinds if k.requirement == "required"]
        if not required:
            return TaxIdFindings()
        label = _label(required[0], lang)
        return where.error(ErrorCode.TAX_ID_REQUIRED, label=label, market=where.name)
    if not kinds:
        warning = field_error(field, ErrorCode.TAX_ID_NOT_VERIFIED, lang, market=where.name)
        return TaxIdFindings(warnings=[warning])
    return _read(ruleset, kinds, value, where)


class _Where(NamedTuple):
    field: str
    lang: str
    market: str
    name: str

    def error(self, code: ErrorCode, **params: str) -> TaxIdFindings:
        return TaxIdFindings(errors=[field_error(self.field, code, self.lang, **params)])


def _read(
    ruleset: Ruleset, kinds: tuple[TaxIdKind, ...], value: str, where: _Where
) -> TaxIdFindings:
    """``value`` read as the first of ``kinds`` that accepts it, else why not."""
    if len(value) > TAX_ID_MAX_LENGTH:
        return TaxIdFindings(errors=[_invalid(where.field, kinds[0], InvalidFormat(), where.lang)])
    failures: list[ValidationError] = []
    for candidate in kinds:
        try:
            return TaxIdFindings(tax_id=read_tax_id(candidate, value))
        except ValidationError as exc:
            failures.append(exc)
        except (ValueError, TypeError, IndexError, KeyError):
            failures.append(InvalidFormat())  # a module that trips on odd input
    other = _other_country(ruleset, where.market, _squeezed(value))
    if other is not None:
        other_market = find_market(ruleset, other.market)
        place = market_name(other_market, where.lang) if other_market else other.market
        return where.error(ErrorCode.TAX_ID_OTHER_COUNTRY, place=place, market=where.name)
    return TaxIdFindings(errors=[_invalid(where.field, kinds[0], failures[0], where.lang)])


def _invalid(field: str, kind: TaxIdKind, failure: ValidationError, lang: str) -> FieldError:
    code = next(
        (c for t, c in _ERRORS.items() if isinstance(failure, t)), ErrorCode.TAX_ID_INVALID_FORMAT
    )
    return field_error(field, code, lang, label=_label(kind, lang), example=example_of(kind))
