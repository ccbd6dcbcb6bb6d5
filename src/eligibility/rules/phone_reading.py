"""How a typed company phone reads, and the value to type instead (rules/phone.py).

phonenumbers reads a value in one way; people type numbers in several. Every
reading that can matter is tried (the library's own first, then the value read as
typed with ``00``/``011`` or a bare country code where the library's is not a valid
number of the market), the best is kept, and a suggestion is offered only where the
same check accepts it as it is. Readings are cached per value and region
(``parse_phone``), and a suggestion goes into the cache as it is proven: the
person's next request is usually the suggestion itself.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final, NamedTuple

import msgspec
import phonenumbers
from phonenumbers import CountryCodeSource, NumberParseException, PhoneNumber
from phonenumbers.phonemetadata import PhoneMetadata

from eligibility.memo import LruMemo
from eligibility.text import as_meant

__all__ = [
    "DIGITS",
    "FIELD_MAX_LENGTH",
    "PARSE_CACHE_SIZE",
    "UNKNOWN_REGION",
    "ParsedPhone",
    "parse_phone",
]

FIELD_MAX_LENGTH: Final = 10
"""What Partner Center's company phone field holds."""
PARSE_CACHE_SIZE: Final = 8192

DIGITS: Final = re.compile(r"[0-9]+")
"""What the field takes: digits only (``fullmatch``)."""
UNKNOWN_REGION: Final = "ZZ"
"""phonenumbers' region for "no default region"."""
# International prefixes people type whatever their market's own is: 00 (most of the
# world) and 011 (North America), with or without spaces, before a country code.
_TYPED_IDD = re.compile(r"^[\s(.\-]*(?:(0\s*0)|0\s*1\s*1)[\s).\-]*(?=[1-9])")


class ParsedPhone(msgspec.Struct, frozen=True, kw_only=True):
    """How a typed value reads as a phone number of one region."""

    country_code: int
    national_number: str
    """National significant number: no country code, no trunk prefix."""
    country_code_included: bool
    """Written with +, an international prefix (00, 011, the region's own) or a bare
    country code."""
    valid_for_region: bool
    other_region: str | None = None
    """Set when the value carries a country code that is not the region's: the
    region the number belongs to (``001`` for non-geographic numbers)."""
    valid_elsewhere: bool = False
    """With ``other_region``: whether it is a valid number there."""
    suggestion: str | None = None
    """The value to type instead: digits only, at most FIELD_MAX_LENGTH, and
    accepted as it is by the same check for the same region."""


_Reading = tuple[ParsedPhone, PhoneNumber]


def _reading(number: PhoneNumber, region: str, *, included: bool) -> _Reading:
    own = _prefixes(region).calling_code
    valid = region != UNKNOWN_REGION and phonenumbers.is_valid_number_for_region(number, region)
    other = None
    if included and own and number.country_code != own:
        other = phonenumbers.region_code_for_number(number) or (
            phonenumbers.region_code_for_country_code(number.country_code or 0)
        )
    elif not valid and own and number.country_code == own:
        # A number of another region that shares the calling code (NANP: PR, CA...).
        elsewhere = phonenumbers.region_code_for_number(number)
        other = elsewhere if elsewhere not in (None, region) else None
    parsed = ParsedPhone(
        country_code=number.country_code or 0,
        national_number=phonenumbers.national_significant_number(number),
        country_code_included=included,
        valid_for_region=valid,
        other_region=other,
        valid_elsewhere=other is not None and phonenumbers.is_valid_number(number),
    )
    return parsed, number


class _Prefixes(NamedTuple):
    """What ``phonenumbers.parse`` may strip from the start of a region's digits."""

    international: re.Pattern[str] | None
    international_text: str
    """The international prefix's pattern as the metadata gives it (``00``, ``011``)."""
    country_code: str
    calling_code: int
    """The same country code as a number (0 without metadata, as phonenumbers gives)."""
    national: re.Pattern[str] | None


@cache
def _prefixes(region: str) -> _Prefixes:
    """``region``'s international prefix, country code and national prefix."""
    metadata = PhoneMetadata.metadata_for_region(region)
    if metadata is None:
        return _Prefixes(None, "", "", 0, None)
    idd, national = metadata.international_prefix or "", metadata.national_prefix_for_parsing
    return _Prefixes(
        re.compile(idd) if idd else None,
        idd,
        str(metadata.country_code),
        metadata.country_code or 0,
        re.compile(national) if national else None,
    )


def _try_parse(value: str, region: str) -> PhoneNumber | None:
    try:
        return phonenumbers.parse(value, region, keep_raw_input=True)
    except NumberParseException:
        return None


def _readings(value: str, region: str) -> list[_Reading]:
    """Every way ``value`` can be read, the library's own reading first.

    phonenumbers reads an international prefix only where it is the region's own
    (011 in the US, 00 in France), and reads some carrier-selection prefixes into
    the country code (Brazil's 0055 is "00 via carrier 55"). People type 00 and
    011 everywhere, so those readings are tried too; so is the region's own
    country code typed without ``+``, which the library keeps as national digits
    when the whole also matches the national pattern (BR 55800123456). Other
    readings are tried only when the library's is not a valid number of the region.
    """
    readings = []
    number = _try_parse(value, region)
    if number is not None:
        source = number.country_code_source
        readings.append(
            _reading(number, region, included=source != CountryCodeSource.FROM_DEFAULT_COUNTRY)
        )
        first = readings[0][0]
        if first.valid_for_region and (
            _accepted_as_typed(first, value) or len(first.national_number) <= FIELD_MAX_LENGTH
        ):
            return readings  # no other reading can do better than a valid one that fits
    if region == UNKNOWN_REGION:
        return readings
    if number is not None and number.country_code_source == CountryCodeSource.FROM_NUMBER_WITH_IDD:
        # The market's own international prefix (Belarus's 8 10) may begin a national
        # number with its trunk prefix: read it nationally too.
        readings.extend(_national_readings(value, region))
    if (match := _TYPED_IDD.match(value)) is not None:
        typed_idd = "00" if match.group(1) else "011"
        read_so_already = (
            number is not None
            and number.country_code_source == CountryCodeSource.FROM_NUMBER_WITH_IDD
            and _prefixes(region).international_text == typed_idd
        )  # the region's own prefix is the one typed: the library's reading is this one
        if not read_so_already:
            idd_number = _try_parse("+" + value[match.end() :], region)
            if idd_number is not None:
                readings.append(_reading(idd_number, region, included=True))
    elif (
        number is not None
        and number.country_code_source == CountryCodeSource.FROM_DEFAULT_COUNTRY
        and value.lstrip()[:1].isdigit()
    ):
        own = _prefixes(region).country_code
        digits = phonenumbers.normalize_digits_only(value)
        if digits.startswith(own) and (rest := _try_parse(digits[len(own) :], region)):
            readings.append(_reading(rest, region, included=True))
    return readings


def _national_readings(value: str, region: str) -> list[_Reading]:
    """``value``'s digits read as a national number of ``region``: with its trunk prefix
    dropped, or whole."""
    digits = phonenumbers.normalize_digits_only(value)
    metadata = PhoneMetadata.metadata_for_region(region)
    trunk = metadata.national_prefix if metadata is not None else None
    candidates = [digits[len(trunk) :]] if trunk and digits.startswith(trunk) else []
    code = _prefixes(region).calling_code
    found = []
    for national in (*candidates, digits):
        if not national:
            continue
        # Built directly: parsing "+375" + digits would strip a national prefix again.
        zeros = len(national) - len(national.lstrip("0"))
        number = PhoneNumber(
            country_code=code,
            national_number=int(national),
            italian_leading_zero=zeros > 0 or None,
            number_of_leading_zeros=zeros if zeros > 1 else None,
        )
        found.append(_reading(number, region, included=False))
    return found


def _best(readings: list[_Reading]) -> _Reading | None:
    """The reading that is a valid number of the region (one that fits the field first),
    else a valid number of any region, else the library's own; never block a valid
    national number."""
    if len(readings) == 1:
        return readings[0]
    best = None
    best_key = (False, False, False)
    for reading in readings:
        parsed = reading[0]
        key = (
            parsed.valid_for_region,
            parsed.valid_for_region and len(parsed.national_number) <= FIELD_MAX_LENGTH,
            parsed.valid_for_region or parsed.valid_elsewhere,
        )
        if best is None or key > best_key:
            best, best_key = reading, key
    return best


def _accepted_as_typed(parsed: ParsedPhone, value: str) -> bool:
    """No error: a valid national number of the region, digits only, within 10."""
    return (
        parsed.valid_for_region
        and not parsed.country_code_included
        and len(value) <= FIELD_MAX_LENGTH
        and DIGITS.fullmatch(value) is not None
    )


def _accepted(value: str, region: str) -> bool:
    """Would the check accept ``value`` as it is?

    When it would, its reading goes into the parse cache: the person's next
    request is usually the suggestion itself.
    """
    best = _best(_readings(value, region))
    if best is None or not _accepted_as_typed(best[0], value):
        return False
    parse_phone.put(value, region, best[0])  # what _parse answers for it
    return True


def _reads_back(parsed: ParsedPhone, region: str) -> bool:
    """Whether the valid ``parsed`` number's national significant number, typed as
    it is, would read back as the same number, so that the check accepts it.

    ``phonenumbers.parse`` reads a string of digits as the region's national number
    unless it begins with the region's international prefix, its country code or
    its national prefix; where it begins with none, the reading is the same country
    code and the same digits, which ``parsed`` already proves valid. Otherwise
    ``_accepted`` parses it (tests/rules/test_phone_examples.py keeps the two equal).
    """
    prefixes = _prefixes(region)
    digits = parsed.national_number
    return not (
        digits.startswith(prefixes.country_code)
        or (prefixes.international is not None and prefixes.international.match(digits))
        or (prefixes.national is not None and prefixes.national.match(digits))
    )


def _suggestion(parsed: ParsedPhone, number: PhoneNumber, region: str) -> str | None:
    """The national significant number if the check accepts it, else the national
    format's digits (with the trunk prefix) if they fit and are accepted."""
    nsn = parsed.national_number
    if len(nsn) <= FIELD_MAX_LENGTH:
        if _reads_back(parsed, region):
            # What _parse answers for it, as _accepted would have cached it.
            parse_phone.put(
                nsn,
                region,
                ParsedPhone(
                    country_code=parsed.country_code,
                    national_number=nsn,
                    country_code_included=False,
                    valid_for_region=True,
                ),
            )
            return nsn
        if _accepted(nsn, region):
            return nsn
    national_digits = phonenumbers.normalize_digits_only(
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    )
    if (
        national_digits != parsed.national_number
        and len(national_digits) <= FIELD_MAX_LENGTH
        and _accepted(national_digits, region)
    ):
        return national_digits
    return None


def _parse(typed: str, region: str) -> ParsedPhone | None:
    """``typed`` read as meant; suggestions unless it is accepted as it was typed."""
    value = as_meant(typed)
    best = _best(_readings(value, region))
    if best is None:
        return None
    parsed, number = best
    if not parsed.valid_for_region or _accepted_as_typed(parsed, typed):
        return parsed  # nothing to suggest: invalid, or accepted as typed
    return msgspec.structs.replace(parsed, suggestion=_suggestion(parsed, number, region))


parse_phone: LruMemo[str, str, ParsedPhone | None] = LruMemo(_parse, PARSE_CACHE_SIZE)
"""``_parse`` behind a bounded LRU cache: memory stays flat under any input.

``parse_phone.cache_info()`` gives hits, misses and size.
"""
