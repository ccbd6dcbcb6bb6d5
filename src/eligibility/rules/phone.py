"""The signup form's company phone field.

Partner Center's "Tell us about your company" step fails with a bare "Something
went wrong" when the company phone holds special characters, spaces or a country
code, and the field holds at most 10 characters (seed 004_ff2003e37bafd5c7.txt:
Partner Center, "Troubleshoot account setup or MPN renewal issues"; docs/sources.md).

Trunk prefix: a suggestion is the number's *national significant number*: no
country code and no national trunk prefix (the leading 0 of AU, GB, FR and DE
numbers; Italy's leading 0 is part of the number and stays). It is the shortest
form that still identifies the number, so it is suggested whenever it fits in 10
digits: ``+44 20 7946 0000`` -> ``2079460000``, not ``02079460000`` (11). A number
typed with its trunk prefix is valid as it is when it fits (``0293744000`` in AU).
Where even that form is over 10 digits (a Brazilian or Chinese mobile has 11), no
suggestion is made and the message says the number cannot fit. A suggestion is
only offered when the same check, for the same region, accepts it as it is; where
the national significant number is not (Belarus: 810... reads as an international
prefix), the national format's digits are tried, and otherwise there is none.

Country codes are recognised after ``+``, after the international prefixes people
type anywhere (00, 011) or the region's own (with its carrier digits), and bare,
without ``+``, where the rest is a valid number and the whole is not. A country
code that is not the region's is ``phone.other_country``, with no suggestion.
"""

from __future__ import annotations

from typing import Final, NamedTuple

import phonenumbers
from phonenumbers.phonemetadata import PhoneMetadata

from eligibility.errors import ErrorCode, FieldError, field_error
from eligibility.i18n import DEFAULT_LANGUAGE
from eligibility.rules.findings import Findings
from eligibility.rules.markets import find_market, market_name, market_refusal, resolve_market
from eligibility.rules.phone_reading import (
    DIGITS,
    FIELD_MAX_LENGTH,
    PARSE_CACHE_SIZE,
    UNKNOWN_REGION,
    ParsedPhone,
    parse_phone,
)
from eligibility.ruleset import MarketRecord, Ruleset

__all__ = [
    "FIELD_MAX_LENGTH",
    "PARSE_CACHE_SIZE",
    "PARSE_MAX_LENGTH",
    "ParsedPhone",
    "check_company_phone",
    "parse_phone",
    "preload_phone_metadata",
]

PARSE_MAX_LENGTH: Final = 64
"""Longer input is reported as too long without being parsed."""


def preload_phone_metadata() -> int:
    """Load every region's metadata now, and keep its compiled patterns.

    Without the pattern cache, phonenumbers compiles each metadata pattern
    through ``re``'s module cache, which holds 512 entries: a mix of regions
    (there are about 1,200 patterns) evicts them, and almost every check then
    recompiles the patterns it needs: about four times the cost of a check of
    one region (daviddrysdale/python-phonenumbers#108; docs/performance.md).
    ``enable_pattern_cache``, public since phonenumbers 9.0.43, keeps every
    compiled metadata pattern in the library's own unbounded (but finite: the
    metadata is fixed) cache.
    """
    phonenumbers.enable_pattern_cache()
    PhoneMetadata.load_all()
    return len(phonenumbers.SUPPORTED_REGIONS)


def check_company_phone(
    ruleset: Ruleset,
    country: str | MarketRecord,
    phone: str,
    lang: str = DEFAULT_LANGUAGE,
    *,
    field: str = "phone",
    country_field: str = "country",
) -> Findings:
    """Every problem with ``phone`` as the company phone of a company in ``country``.

    Each error carries the value to type instead as
    ``suggestion`` where the number itself is valid for the country and fits.

    >>> found = check_company_phone(ruleset, "US", "+1 (425) 882-8080")
    >>> [(e.code.value, e.suggestion) for e in found.errors]  # doctest: +NORMALIZE_WHITESPACE
    [('phone.invalid_characters', '4258828080'), ('phone.country_code_included', '4258828080'),
     ('phone.too_long', '4258828080')]
    >>> check_company_phone(ruleset, "US", "4258828080").valid
    True
    """
    errors: list[FieldError] = []
    warnings: list[FieldError] = []
    market = resolve_market(ruleset, country)
    typed = country if isinstance(country, str) else country.code
    refusal = market_refusal(ruleset, market, country_field, typed, lang)
    if not phone.strip():
        required = field_error(field, ErrorCode.PHONE_REQUIRED, lang)
        if refusal is not None and refusal.code is ErrorCode.MARKET_NOT_SERVED:
            return Findings(errors=[refusal, required])
        return Findings(errors=[required])
    if refusal is not None:
        errors.append(refusal)
    digits_only = DIGITS.fullmatch(phone) is not None

    if len(phone) > PARSE_MAX_LENGTH:
        return Findings(errors=[*errors, *_not_parsed(phone, digits_only, field, lang)])

    name = market_name(market, lang) if market else ""
    verifiable = market is not None and market.code in phonenumbers.SUPPORTED_REGIONS
    if market is not None and not verifiable:
        warnings.append(field_error(field, ErrorCode.PHONE_NOT_VERIFIED, lang, market=name))
    parsed = parse_phone(
        phone, market.code if market is not None and verifiable else UNKNOWN_REGION
    )

    valid = parsed is not None and parsed.valid_for_region
    national = parsed.national_number if parsed is not None and valid else None
    other = parsed.other_region if parsed is not None else None
    suggestion = parsed.suggestion if parsed is not None else None

    if not digits_only:
        errors.append(
            field_error(field, ErrorCode.PHONE_INVALID_CHARACTERS, lang, suggestion=suggestion)
        )
    # Another country is named only where the number is valid there.
    named = other if parsed is not None and parsed.valid_elsewhere else None
    if parsed is not None:
        where = _Where(field, lang, name, name or str(country), suggestion)
        if (country_error := _country_error(ruleset, parsed, named, other, where)) is not None:
            errors.append(country_error)
    if len(phone) > FIELD_MAX_LENGTH:
        errors.append(_too_long(phone, national, field, lang, suggestion, name=name))
    if verifiable and not valid and named is None:
        errors.append(
            field_error(
                field, ErrorCode.PHONE_INVALID_FOR_COUNTRY, lang, suggestion=suggestion, market=name
            )
        )
    return Findings(errors=errors, warnings=warnings)


def _not_parsed(phone: str, digits_only: bool, field: str, lang: str) -> list[FieldError]:
    """A value too long to parse: what its characters and length alone say."""
    found = [] if digits_only else [field_error(field, ErrorCode.PHONE_INVALID_CHARACTERS, lang)]
    found.append(
        field_error(field, ErrorCode.PHONE_TOO_LONG, lang, variant="not_parsed", length=len(phone))
    )
    return found


class _Where(NamedTuple):
    field: str
    lang: str
    name: str
    """The market's name ("" where it is unknown)."""
    market: str
    """The market's name, or what was typed where it is unknown."""
    suggestion: str | None


def _country_error(
    ruleset: Ruleset, parsed: ParsedPhone, named: str | None, other: str | None, where: _Where
) -> FieldError | None:
    """``phone.other_country`` where the number is valid in another country (named), or
    ``phone.country_code_included`` where it carries the market's own code."""
    if named is not None:
        other_market = find_market(ruleset, named)
        return field_error(
            where.field,
            ErrorCode.PHONE_OTHER_COUNTRY,
            where.lang,
            variant=None if other_market else "no_place",
            calling_code=parsed.country_code,
            place=market_name(other_market, where.lang) if other_market else "",
            market=where.name,
        )
    if parsed.country_code_included and other is None:
        return field_error(
            where.field,
            ErrorCode.PHONE_COUNTRY_CODE_INCLUDED,
            where.lang,
            suggestion=where.suggestion,
            calling_code=parsed.country_code,
            market=where.market,
        )
    return None


def _too_long(
    phone: str, national: str | None, field: str, lang: str, suggestion: str | None, *, name: str
) -> FieldError:
    """``phone.too_long``: a number that can never fit says so, with its digit count."""
    if national is not None and len(national) > FIELD_MAX_LENGTH:
        return field_error(
            field,
            ErrorCode.PHONE_TOO_LONG,
            lang,
            suggestion=suggestion,
            variant="cannot_fit",
            market=name,
            digits=len(national),
        )
    return field_error(
        field, ErrorCode.PHONE_TOO_LONG, lang, suggestion=suggestion, length=len(phone)
    )
