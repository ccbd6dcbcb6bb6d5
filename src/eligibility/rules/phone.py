"""The signup form's company phone field.

Partner Center's "Tell us about your company" step fails with a bare "Something
went wrong" when the company phone holds special characters, spaces or a country
code, and the field holds at most 10 characters (seed 004_ff2003e37bafd5c7.txt).

Trunk prefix: a suggestion is the number's *national significant number*: no
country code and no national trunk prefix (the leading 0 of AU, GB, FR and DE
numbers; Italy's leading 0 is part of the number and stays). It is the shortest
form that still identifies the number, so it is suggested whenever it fits in 10
digits: ``+44 20 7946 0000`` -> ``2079460000``, not ``02079460000`` (11). A number
typed with its trunk prefix is valid as it is when it fits (``0293744000`` in AU).
Where even that form is over 10 digits (a Brazilian or Chinese mobile has 11), no
suggestion is made and the message says the number cannot fit.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Final

import msgspec
import phonenumbers
from cachetools import LRUCache, cached
from phonenumbers import CountryCodeSource, NumberParseException
from phonenumbers.phonemetadata import PhoneMetadata

from eligibility.errors import ErrorCode, FieldError, field_error
from eligibility.i18n import DEFAULT_LANGUAGE
from eligibility.rules.markets import find_market, market_name, unknown_market_error
from eligibility.ruleset import Ruleset

__all__ = [
    "FIELD_MAX_LENGTH",
    "PARSE_CACHE_SIZE",
    "PARSE_MAX_LENGTH",
    "ParsedPhone",
    "check_company_phone",
    "parse_phone",
    "preload_phone_metadata",
]

FIELD_MAX_LENGTH: Final = 10
"""What Partner Center's company phone field holds."""
PARSE_MAX_LENGTH: Final = 64
"""Longer input is reported as too long without being parsed."""
PARSE_CACHE_SIZE: Final = 8192

_DIGITS = re.compile(r"[0-9]+")
_UNKNOWN_REGION = "ZZ"  # phonenumbers' region for "no default region"


class ParsedPhone(msgspec.Struct, frozen=True, kw_only=True):
    country_code: int
    national_number: str
    """National significant number: no country code, no trunk prefix."""
    country_code_included: bool
    """Written with +, an international prefix (00, 011) or a bare country code."""
    valid_for_region: bool


def _parse(value: str, region: str) -> ParsedPhone | None:
    try:
        number = phonenumbers.parse(value, region, keep_raw_input=True)
    except NumberParseException:
        return None
    return ParsedPhone(
        country_code=number.country_code or 0,
        national_number=phonenumbers.national_significant_number(number),
        country_code_included=number.country_code_source != CountryCodeSource.FROM_DEFAULT_COUNTRY,
        valid_for_region=region != _UNKNOWN_REGION
        and phonenumbers.is_valid_number_for_region(number, region),
    )


parse_phone = cached(LRUCache(maxsize=PARSE_CACHE_SIZE), info=True)(_parse)
"""``_parse`` behind a bounded LRU cache: memory stays flat under any input.

``parse_phone.cache_info()`` gives hits, misses and size.
"""


def preload_phone_metadata() -> int:
    """Load every region's metadata now, not on the first request of each region."""
    for region in phonenumbers.SUPPORTED_REGIONS:
        PhoneMetadata.metadata_for_region(region)
    return len(phonenumbers.SUPPORTED_REGIONS)


def check_company_phone(
    ruleset: Ruleset,
    country: str,
    phone: str,
    lang: str = DEFAULT_LANGUAGE,
    *,
    field: str = "phone",
    country_field: str = "country",
) -> tuple[list[FieldError], list[FieldError]]:
    """Every problem with ``phone`` as the company phone of a company in ``country``.

    Returns (errors, warnings). Each error carries the value to type instead as
    ``suggestion`` where the number itself is valid for the country and fits.
    """
    if not phone.strip():
        return [field_error(field, ErrorCode.PHONE_REQUIRED, lang)], []

    errors: list[FieldError] = []
    warnings: list[FieldError] = []
    market = find_market(ruleset, country)
    if market is None:
        errors.append(unknown_market_error(ruleset, country_field, country, lang))
    digits_only = _DIGITS.fullmatch(phone) is not None

    if len(phone) > PARSE_MAX_LENGTH:
        if not digits_only:
            errors.append(field_error(field, ErrorCode.PHONE_INVALID_CHARACTERS, lang))
        errors.append(
            field_error(
                field, ErrorCode.PHONE_TOO_LONG, lang, variant="not_parsed", length=len(phone)
            )
        )
        return errors, warnings

    name = market_name(market, lang) if market else ""
    verifiable = market is not None and market.code in phonenumbers.SUPPORTED_REGIONS
    if market is not None and not verifiable:
        warnings.append(field_error(field, ErrorCode.PHONE_NOT_VERIFIED, lang, market=name))
    parsed = parse_phone(
        phone, market.code if market is not None and verifiable else _UNKNOWN_REGION
    )

    valid = parsed is not None and parsed.valid_for_region
    national = parsed.national_number if parsed is not None and valid else None
    fits = national is not None and len(national) <= FIELD_MAX_LENGTH
    error = partial(field_error, field, lang=lang, suggestion=national if fits else None)

    if not digits_only:
        errors.append(error(ErrorCode.PHONE_INVALID_CHARACTERS))
    if parsed is not None and parsed.country_code_included:
        errors.append(
            error(
                ErrorCode.PHONE_COUNTRY_CODE_INCLUDED,
                calling_code=parsed.country_code,
                market=name or country,
            )
        )
    if len(phone) > FIELD_MAX_LENGTH:
        if national is not None and not fits:
            errors.append(
                error(
                    ErrorCode.PHONE_TOO_LONG,
                    variant="cannot_fit",
                    market=name,
                    digits=len(national),
                )
            )
        else:
            errors.append(error(ErrorCode.PHONE_TOO_LONG, length=len(phone)))
    if verifiable and not valid:
        errors.append(error(ErrorCode.PHONE_INVALID_FOR_COUNTRY, market=name))
    return errors, warnings
