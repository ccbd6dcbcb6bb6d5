"""The company's tax ID at signup: VAT, GST or business number, as the market asks.

Partner Center's company step asks for a VAT ID, a tax ID or a registration number
depending on the market, mandatory in 24 (Russia's INN, India's GSTIN or PAN, Brazil's
CNPJ...). A company's other numbers are accepted too (France's SIREN and SIRET with the
VAT number that follows, organisation numbers, Switzerland's UID), each answered with its
``kind``. Each number is checked offline by python-stdnum (LGPL, used unmodified): its
format, length, checksum and components (by Partner Center's 5 to 22 characters where
python-stdnum has no module); no register is asked, so an answer says
``verification: "not_checked"``. The kinds each market uses, which is required, and
their labels are data/tax_ids.json.

A number is accepted with or without spaces, dots, dashes and its country prefix
(``de 136 695 976``, ``DE136695976``, ``136695976``); the answer gives the compact
form to store (``DE136695976``) and the formatted one.
"""

from __future__ import annotations

from typing import Annotated, Literal, NamedTuple

import msgspec
import pycountry
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
from eligibility.ruleset.tax_id import TaxIdRegions

__all__ = [
    "TAX_ID_MAX_LENGTH",
    "TaxId",
    "TaxIdFindings",
    "check_company_tax_id",
    "check_tax_id_region",
    "example_of",
    "read_tax_id",
    "tax_id_regions",
]

TAX_ID_MAX_LENGTH = 64
"""Longer input is reported as a wrong format without being read."""

_ERRORS: dict[type[ValidationError], ErrorCode] = {
    InvalidChecksum: ErrorCode.TAX_ID_INVALID_CHECKSUM,
    InvalidComponent: ErrorCode.TAX_ID_INVALID_COMPONENT,
    InvalidLength: ErrorCode.TAX_ID_INVALID_LENGTH,
    InvalidFormat: ErrorCode.TAX_ID_INVALID_FORMAT,
}
"""Closest first: where no kind accepts a number, the answer is the failure of the kind
that came closest (a checksum typo in a number of the right length is never called a
wrong length because another kind is longer)."""
_PREFIX_ALIASES = {"XI": "GB"}
"""Northern Ireland's VAT numbers are written XI and checked as the UK's."""
_SEPARATORS = str.maketrans("", "", " -./,\u00a0\u202f\u2009")


class TaxId(msgspec.Struct, frozen=True, kw_only=True):
    """The tax ID as the check read it: what to store and how to show it."""

    kind: Annotated[
        str,
        msgspec.Meta(
            description="Stable name of the kind the number was read as (Stripe's where it "
            "has one): `eu_vat`, `gb_vat`, `au_abn`, `br_cnpj`, `in_gst`, `us_ein`; and the "
            "registration numbers a company is given: `fr_siren`, `fr_siret`, `se_orgnr`, "
            "`no_orgnr`, `ch_uid`, `nl_kvk`, `gb_crn`, `au_acn`, `nz_nzbn`, `in_pan`...",
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
    vat_number: Annotated[
        str | None,
        msgspec.Meta(
            description="The company's VAT number in its stored form where it follows from "
            "the number (a VAT number itself; a French SIREN or SIRET: FR, its key and the "
            "SIREN), else null.",
            examples=["FR44732829320"],
        ),
    ] = None
    verification: Annotated[
        Literal["not_checked", "verified", "not_registered", "unavailable"],
        msgspec.Meta(
            description="`not_checked`: checked offline (format, length, checksum), no register "
            "asked. Where the service is configured to ask the EU's VIES (an EU VAT number): "
            "`verified` (registered), `not_registered`, or `unavailable` (VIES or the member "
            "state's service down or slow: the number stays valid offline)."
        ),
    ]
    consultation_number: Annotated[
        str | None,
        msgspec.Meta(
            description="VIES's consultation number, proof of a `verified` check, where the "
            "service is configured with a requester VAT number; else null."
        ),
    ] = None


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
        vat_number=_vat_number(kind, number, compact),
        verification="not_checked",
    )


def _vat_number(kind: TaxIdKind, number: str, compact: str) -> str | None:
    """The VAT number that follows from ``number``: itself where it is one; where the
    module derives one (python-stdnum's ``to_tva``: a French SIREN or SIRET) that one."""
    if kind.kind in _PREFIXED_KINDS:
        return compact
    derive = getattr(kind.module, "to_tva", None)
    if derive is None:
        return None
    return f"{kind.market}{_squeezed(derive(number))}"


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
    where = _Where(field, lang, found.code, market_name(found, lang), asked=kind is not None)
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
    asked: bool = False
    """A kind was asked for: a number of it is said nothing more of."""

    def error(self, code: ErrorCode, **params: str) -> TaxIdFindings:
        return TaxIdFindings(errors=[field_error(self.field, code, self.lang, **params)])


def _read(
    ruleset: Ruleset, kinds: tuple[TaxIdKind, ...], value: str, where: _Where
) -> TaxIdFindings:
    """``value`` read as the first of ``kinds`` that accepts it, else why not."""
    if len(value) > TAX_ID_MAX_LENGTH:
        return TaxIdFindings(errors=[_invalid(where.field, kinds[0], InvalidFormat(), where.lang)])
    failures: list[tuple[TaxIdKind, ValidationError]] = []
    for candidate in kinds:
        try:
            read = read_tax_id(candidate, value)
        except ValidationError as exc:
            failures.append((candidate, exc))
            continue
        except (ValueError, TypeError, IndexError, KeyError):
            failures.append((candidate, InvalidFormat()))  # a module that trips on odd input
            continue
        others = () if where.asked else ruleset.tax_ids.get(where.market, ())
        suffix = _missing_suffix(others, value, where, error=False)
        return TaxIdFindings(tax_id=read, warnings=[suffix] if suffix is not None else [])
    suffix = _missing_suffix(kinds, value, where, error=True)
    if suffix is not None:
        return TaxIdFindings(errors=[suffix])
    other = _other_country(ruleset, where.market, _squeezed(value))
    if other is not None:
        other_market = find_market(ruleset, other.market)
        place = market_name(other_market, where.lang) if other_market else other.market
        return where.error(ErrorCode.TAX_ID_OTHER_COUNTRY, place=place, market=where.name)
    kind, failure = min(failures, key=lambda pair: _rank(pair[1]))
    return TaxIdFindings(errors=[_invalid(where.field, kind, failure, where.lang)])


def _rank(failure: ValidationError) -> int:
    return next((i for i, t in enumerate(_ERRORS) if isinstance(failure, t)), len(_ERRORS))


def _missing_suffix(
    kinds: tuple[TaxIdKind, ...], value: str, where: _Where, *, error: bool
) -> FieldError | None:
    """``tax_id.missing_suffix`` where ``value`` is a number of a kind whose written form
    ends with a word (Switzerland's ``MWST``, ``TVA`` or ``IVA``) but without it: the
    number with its suffix is the suggestion. An error where only that kind is asked for;
    a warning where the number was read as another kind (the UID without the suffix)."""
    squeezed = _squeezed(value)
    for kind in kinds:
        if not kind.suffixes or squeezed.endswith(kind.suffixes):
            continue
        candidate = f"{value.strip()} {kind.suffixes[0]}"
        if not kind.module.is_valid(candidate):
            continue
        return field_error(
            where.field,
            ErrorCode.TAX_ID_MISSING_SUFFIX,
            where.lang,
            variant=None if error else "warning",
            suggestion=read_tax_id(kind, candidate).formatted,
            label=_label(kind, where.lang),
            suffixes=_or(kind.suffixes, where.lang),
        )
    return None


def _or(words: tuple[str, ...], lang: str) -> str:
    last = " ou " if lang == "fr" else " or "
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + last + words[-1]


def _invalid(field: str, kind: TaxIdKind, failure: ValidationError, lang: str) -> FieldError:
    code = next(
        (c for t, c in _ERRORS.items() if isinstance(failure, t)), ErrorCode.TAX_ID_INVALID_FORMAT
    )
    return field_error(field, code, lang, label=_label(kind, lang), example=example_of(kind))


def tax_id_regions(ruleset: Ruleset) -> TaxIdRegions:
    """The tax ID kinds that name a region (data/tax_id_regions.json), in ``ruleset``."""
    found = ruleset.tables["tax_id_regions"]
    assert isinstance(found, TaxIdRegions)
    return found


def _region_name(code: str) -> str:
    found = pycountry.subdivisions.get(code=code)  # type: ignore[no-untyped-call]
    return str(found.name) if found is not None else code


def check_tax_id_region(
    ruleset: Ruleset,
    tax_id: TaxId | None,
    region: str | None,
    lang: str = DEFAULT_LANGUAGE,
    *,
    field: str = "company_tax_id",
) -> FieldError | None:
    """``tax_id.region_mismatch`` where ``tax_id`` names a region (an Indian GSTIN's
    state, a Russian INN's region: data/tax_id_regions.json) other than the billing
    address's ISO 3166-2 ``region``, naming both: Partner Center refuses it (error
    600002). None where either says no region, or they agree.

    >>> gstin = check_company_tax_id(ruleset, "IN", "27AAPFU0939F1ZV").tax_id
    >>> check_tax_id_region(ruleset, gstin, "IN-KA").code.value
    'tax_id.region_mismatch'
    >>> check_tax_id_region(ruleset, gstin, "IN-MH") is None
    True
    """
    if tax_id is None or region is None or not region.startswith(f"{tax_id.country}-"):
        return None
    codes = tax_id_regions(ruleset).by_market.get(tax_id.country)
    if codes is None or codes.kind != tax_id.kind:
        return None
    own = codes.regions.get(tax_id.compact[: codes.digits])
    if own is None or own == region:
        return None
    kind = next(k for k in ruleset.tax_ids[tax_id.country] if k.kind == tax_id.kind)
    return field_error(
        field,
        ErrorCode.TAX_ID_REGION_MISMATCH,
        lang,
        label=_label(kind, lang),
        tax_region=_region_name(own),
        tax_region_code=own,
        region=_region_name(region),
        region_code=region,
    )
