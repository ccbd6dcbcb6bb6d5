"""The company phone check against libphonenumber's own example numbers.

Every supported region that is a market, every number type it has an example
for (and three more valid numbers of that type), each typed in every written
form of bench/phone_examples.py. Invariants:

- a valid number typed as digits only, within 10 characters, is accepted;
- every suggestion is accepted as it is by the same check for the same market;
- a number copied with Unicode spaces, dashes, invisible characters, full-width
  digits or a ``tel:`` prefix gets a suggestion whenever it can fit (issue 22);
- the codes match what was typed: invalid characters iff not digits only,
  too long iff over 10, a country code iff one was typed; never invalid or
  another country's, since every number is valid for its region;
- no check raises.

Numbers whose digits also read as a valid national number of the region (a
country code typed without + where the whole is valid too) are accepted as
national numbers and counted apart, not as violations.
"""

from __future__ import annotations

import collections
import random
import re
from collections.abc import Iterator

import phonenumbers
import pytest
from msgspec.structs import astuple
from phonenumbers import CountryCodeSource, NumberParseException, PhoneNumber

from bench.phone_examples import AS_COPIED, Typed, example_numbers, typed_forms
from eligibility.errors import ErrorCode
from eligibility.rules.phone import (
    FIELD_MAX_LENGTH,
    ParsedPhone,
    check_company_phone,
    parse_phone,
    preload_phone_metadata,
)
from eligibility.rules.phone_reading import _parse, _reads_back
from eligibility.ruleset import Ruleset

VARIANTS = 3


def _variants(region: str, number: PhoneNumber) -> Iterator[PhoneNumber]:
    """The example and up to VARIANTS more valid numbers that differ in the last digits."""
    yield number
    found = 0
    for step in range(1, 40):
        if found == VARIANTS:
            return
        varied = PhoneNumber(
            country_code=number.country_code,
            national_number=number.national_number + step * 7,
            italian_leading_zero=number.italian_leading_zero,
        )
        if phonenumbers.is_valid_number_for_region(varied, region):
            found += 1
            yield varied


def _reads_as_national(typed: Typed) -> bool:
    """Without +, do the digits typed read as a valid national number of the region too?"""
    if typed.value.startswith("+"):
        return False
    digits = phonenumbers.normalize_digits_only(typed.value)
    try:
        number = phonenumbers.parse(digits, typed.region, keep_raw_input=True)
    except NumberParseException:
        return False
    return number.country_code_source == CountryCodeSource.FROM_DEFAULT_COUNTRY and (
        phonenumbers.is_valid_number_for_region(number, typed.region)
    )


def _violations(ruleset: Ruleset, typed: Typed) -> list[str]:
    errors, _ = astuple(check_company_phone(ruleset, typed.region, typed.value))
    codes = {e.code for e in errors}
    found = []
    fits = typed.digits_only and len(typed.value) <= FIELD_MAX_LENGTH
    if fits and not typed.has_country_code and errors:
        found.append("valid digits refused")
    if (ErrorCode.PHONE_INVALID_CHARACTERS in codes) == typed.digits_only:
        found.append("invalid_characters wrong")
    if (ErrorCode.PHONE_TOO_LONG in codes) != (len(typed.value) > FIELD_MAX_LENGTH):
        found.append("too_long wrong")
    if (ErrorCode.PHONE_COUNTRY_CODE_INCLUDED in codes) != typed.has_country_code:
        found.append("country_code_included wrong")
    if codes & {ErrorCode.PHONE_INVALID_FOR_COUNTRY, ErrorCode.PHONE_OTHER_COUNTRY}:
        found.append("refused as invalid")
    copied = typed.form in AS_COPIED and len(typed.nsn) <= FIELD_MAX_LENGTH
    if copied and errors and not {e.suggestion for e in errors} - {None}:
        found.append("copied form without a suggestion")
    for suggestion in {e.suggestion for e in errors} - {None}:
        assert suggestion is not None
        if astuple(check_company_phone(ruleset, typed.region, suggestion)) != ([], []):
            found.append(f"suggestion {suggestion} refused")
    return found


def test_every_region_every_type_every_written_form(ruleset: Ruleset) -> None:
    counts: collections.Counter[str] = collections.Counter()
    violations: list[tuple[Typed, list[str]]] = []
    regions: set[str] = set()
    for region, number_type, example in example_numbers():
        if region not in ruleset.by_code:
            counts["regions not a market (skipped)"] += 1
            continue
        if not ruleset.by_code[region].served:  # refused whatever the number: market.not_served
            counts["markets not served (skipped)"] += 1
            continue
        regions.add(region)
        for number in _variants(region, example):
            for typed in typed_forms(region, number_type, number):
                counts["checks"] += 1
                if typed.has_country_code and _reads_as_national(typed):
                    counts["valid both ways (ambiguous, accepted as national)"] += 1
                    errors, _ = astuple(check_company_phone(ruleset, region, typed.value))
                    assert ErrorCode.PHONE_INVALID_FOR_COUNTRY not in {e.code for e in errors}
                    continue
                if found := _violations(ruleset, typed):
                    violations.append((typed, found))
    print(dict(counts), f"regions {len(regions)}", f"violations {len(violations)}")
    assert len(regions) >= 236
    assert counts["checks"] > 30_000
    assert violations == [], violations[:40]


def test_a_suggestion_proven_without_parsing_is_what_parsing_it_answers(
    ruleset: Ruleset,
) -> None:
    # A suggestion goes into the parse cache as it is proven, mostly without parsing it
    # again (rules/phone_reading.py, _reads_back): the tests above then read it from the cache.
    # Here every suggestion is parsed afresh and must read the same, accepted.
    suggestions = 0
    for region, number_type, example in example_numbers():
        if region not in ruleset.by_code:
            continue
        for number in _variants(region, example):
            for typed in typed_forms(region, number_type, number):
                parse_phone.cache_clear()
                parsed = parse_phone(typed.value, region)
                if parsed is None or parsed.suggestion is None:
                    continue
                suggestions += 1
                cached = parse_phone(parsed.suggestion, region)
                assert parse_phone.cache_info().hits == 1, typed
                assert cached == _parse(parsed.suggestion, region), typed
                assert cached is not None, typed
                assert cached.valid_for_region, typed
                assert not cached.country_code_included, typed
                assert cached.suggestion is None, typed
    print(f"suggestions {suggestions}")
    assert suggestions > 10_000


def _random_valid_national_numbers(tries: int, seed: int) -> Iterator[tuple[str, ParsedPhone]]:
    """Valid numbers of every region and type within 10 digits, as the check reads them:
    each example with one to four of its digits changed at random."""
    rng = random.Random(seed)
    for region, _, example in example_numbers():
        nsn = phonenumbers.national_significant_number(example)
        for _ in range(tries):
            digits = list(nsn)
            for i in rng.sample(range(len(digits)), min(len(digits), rng.randint(1, 4))):
                digits[i] = str(rng.randint(0, 9))
            varied = "".join(digits)
            zeros = len(varied) - len(varied.lstrip("0"))
            number = PhoneNumber(
                country_code=example.country_code,
                national_number=int(varied),
                italian_leading_zero=zeros > 0 or None,
                number_of_leading_zeros=zeros if zeros > 1 else None,
            )
            if len(varied) <= FIELD_MAX_LENGTH and phonenumbers.is_valid_number_for_region(
                number, region
            ):
                yield (
                    region,
                    ParsedPhone(
                        country_code=example.country_code,
                        national_number=varied,
                        country_code_included=False,
                        valid_for_region=True,
                    ),
                )


def test_what_reads_back_without_parsing_is_accepted_when_parsed() -> None:
    # _reads_back proves a suggestion without parsing it; parsing must agree, on valid
    # numbers of every region and type (those it cannot prove are parsed by the check).
    proven = parsed_again = 0
    for region, parsed in _random_valid_national_numbers(40, seed=5):
        if not _reads_back(parsed, region):
            parsed_again += 1
            continue
        proven += 1
        assert _parse(parsed.national_number, region) == parsed, (region, parsed)
    print(f"proven {proven}, left to parsing {parsed_again}")
    assert proven > 20_000
    assert parsed_again > 100  # numbers that begin like a prefix are parsed


# The cases the issue found, each a class of failure.
ISSUE_CASES = [
    # 00 + country code, where 00 is not the market's own international prefix.
    ("US", "0014258828080", ErrorCode.PHONE_COUNTRY_CODE_INCLUDED, "4258828080"),
    ("AU", "0061293744000", ErrorCode.PHONE_COUNTRY_CODE_INCLUDED, "293744000"),
    ("JP", "0081312345678", ErrorCode.PHONE_COUNTRY_CODE_INCLUDED, "312345678"),
    # The market's own prefix carries carrier digits that swallowed the country code.
    ("HK", "0085221234567", ErrorCode.PHONE_COUNTRY_CODE_INCLUDED, "21234567"),
    ("BR", "00551123456789", ErrorCode.PHONE_COUNTRY_CODE_INCLUDED, "1123456789"),
    ("CO", "00576012345678", ErrorCode.PHONE_COUNTRY_CODE_INCLUDED, "6012345678"),
    ("KR", "0082222123456", ErrorCode.PHONE_COUNTRY_CODE_INCLUDED, "222123456"),
    # Country code without +, where the rest is valid and the whole is not.
    ("BR", "55800123456", ErrorCode.PHONE_COUNTRY_CODE_INCLUDED, "800123456"),
    # 011 anywhere, with spaces.
    ("GB", "011 44 20 7946 0000", ErrorCode.PHONE_COUNTRY_CODE_INCLUDED, "2079460000"),
    ("DE", "00 49 30 123456", ErrorCode.PHONE_COUNTRY_CODE_INCLUDED, "30123456"),
]


@pytest.mark.parametrize(("country", "phone", "code", "suggestion"), ISSUE_CASES)
def test_international_prefixes_people_type_name_the_markets_own_code(
    ruleset: Ruleset, country: str, phone: str, code: ErrorCode, suggestion: str
) -> None:
    errors, _ = astuple(check_company_phone(ruleset, country, phone))
    [included] = [e for e in errors if e.code is code]
    own = phonenumbers.country_code_for_region(country)
    assert f"+{own} and" in included.message
    assert {e.suggestion for e in errors} == {suggestion}
    assert astuple(check_company_phone(ruleset, country, suggestion)) == ([], [])


def test_belarus_suggestion_that_reads_as_an_international_prefix_is_not_offered(
    ruleset: Ruleset,
) -> None:
    # 810 is Belarus's international prefix: 8106436530 would read as +64 (New Zealand).
    errors, _ = astuple(check_company_phone(ruleset, "BY", "8 810 643 6530"))
    for suggestion in {e.suggestion for e in errors} - {None}:
        assert suggestion is not None
        assert astuple(check_company_phone(ruleset, "BY", suggestion)) == ([], [])


def _compilations(ruleset: Ruleset, values: list[tuple[str, str]]) -> int:
    """Regular expressions compiled while checking ``values`` (parse cache cleared)."""
    compiled = 0
    real = re._compiler.compile  # what re.compile calls on a miss in its own cache

    def counting(*args: object, **kwargs: object) -> object:
        nonlocal compiled
        compiled += 1
        return real(*args, **kwargs)  # type: ignore[arg-type]

    parse_phone.cache_clear()
    re._compiler.compile = counting  # type: ignore[assignment]
    try:
        for region, value in values:
            astuple(check_company_phone(ruleset, region, value))
    finally:
        re._compiler.compile = real
    return compiled


def _every_region_once(ruleset: Ruleset) -> list[tuple[str, str]]:
    return [
        (typed.region, typed.value)
        for region, number_type, number in example_numbers()
        if region in ruleset.by_code
        for typed in typed_forms(region, number_type, number)
    ]


def test_after_warm_up_numbers_of_every_region_compile_no_pattern(ruleset: Ruleset) -> None:
    preload_phone_metadata()
    values = _every_region_once(ruleset)
    _compilations(ruleset, values)  # warm-up: each metadata pattern compiled once
    assert _compilations(ruleset, values) == 0


def test_without_the_pattern_cache_a_mix_of_regions_recompiles(
    ruleset: Ruleset, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The control for the test above: the same measurement fails when only re's
    # own 512-entry cache holds the patterns (phonenumbers' cache switched off).
    monkeypatch.setattr(phonenumbers.re_util, "_COMPILED_PATTERNS", None)
    values = _every_region_once(ruleset)
    _compilations(ruleset, values)
    assert _compilations(ruleset, values) > 500
