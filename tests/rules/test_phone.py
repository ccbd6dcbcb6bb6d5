"""Company phone field rules, table-driven, without HTTP."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec.structs import astuple

from eligibility.errors import ErrorCode
from eligibility.rules.phone import (
    FIELD_MAX_LENGTH,
    check_company_phone,
    parse_phone,
    preload_phone_metadata,
)
from eligibility.ruleset import Ruleset

REQUIRED = ErrorCode.PHONE_REQUIRED
CHARACTERS = ErrorCode.PHONE_INVALID_CHARACTERS
COUNTRY_CODE = ErrorCode.PHONE_COUNTRY_CODE_INCLUDED
TOO_LONG = ErrorCode.PHONE_TOO_LONG
INVALID = ErrorCode.PHONE_INVALID_FOR_COUNTRY
OTHER = ErrorCode.PHONE_OTHER_COUNTRY
UNKNOWN = ErrorCode.MARKET_UNKNOWN

# (country, typed value, expected error codes in order, suggestion on every phone error)
CASES = [
    # Valid as typed: digits only, no country code, at most 10 characters.
    ("US", "4258828080", [], None),
    ("CA", "5062345678", [], None),
    ("GB", "1212345678", [], None),
    ("GB", "7400123456", [], None),
    ("FR", "0123456789", [], None),
    ("FR", "612345678", [], None),
    ("DE", "030123456", [], None),
    ("AU", "0293744000", [], None),
    ("AU", "293744000", [], None),
    ("AU", "0412345678", [], None),
    ("BR", "1123456789", [], None),
    ("IN", "7410410123", [], None),
    ("IN", "8123456789", [], None),
    ("JP", "0312345678", [], None),
    ("JP", "9012345678", [], None),
    ("CN", "1012345678", [], None),
    ("IT", "0212345678", [], None),
    ("MX", "2221234567", [], None),
    ("XK", "043201234", [], None),
    ("usa", "4258828080", [], None),
    # Blank.
    ("US", "", [REQUIRED], None),
    ("FR", "   ", [REQUIRED], None),
    # Spaces and punctuation.
    ("US", "425 882 8080", [CHARACTERS, TOO_LONG], "4258828080"),
    ("US", "(425)8828080", [CHARACTERS, TOO_LONG], "4258828080"),
    ("US", "425-8828080", [CHARACTERS, TOO_LONG], "4258828080"),
    ("US", "425.882808", [CHARACTERS, INVALID], None),
    ("FR", "06.12.34.56", [CHARACTERS, TOO_LONG, INVALID], None),
    ("FR", "06 12 34 56 78", [CHARACTERS, TOO_LONG], "612345678"),
    ("DE", "030/123456", [CHARACTERS], "30123456"),
    ("JP", "03-1234-5678", [CHARACTERS, TOO_LONG], "312345678"),
    ("US", "٤٢٥٨٨٢٨٠٨٠", [CHARACTERS], "4258828080"),
    # Country code with +, an international prefix, or bare.
    ("US", "+1 (425) 882-8080", [CHARACTERS, COUNTRY_CODE, TOO_LONG], "4258828080"),
    ("US", "+14258828080", [CHARACTERS, COUNTRY_CODE, TOO_LONG], "4258828080"),
    ("US", "14258828080", [COUNTRY_CODE, TOO_LONG], "4258828080"),
    ("US", "011 1 425 882 8080", [CHARACTERS, COUNTRY_CODE, TOO_LONG], "4258828080"),
    ("AU", "61293744000", [COUNTRY_CODE, TOO_LONG], "293744000"),
    ("AU", "+61 2 9374 4000", [CHARACTERS, COUNTRY_CODE, TOO_LONG], "293744000"),
    ("GB", "+44 20 7946 0000", [CHARACTERS, COUNTRY_CODE, TOO_LONG], "2079460000"),
    ("GB", "00442079460000", [COUNTRY_CODE, TOO_LONG], "2079460000"),
    ("FR", "0033612345678", [COUNTRY_CODE, TOO_LONG], "612345678"),
    ("DE", "+4930123456", [CHARACTERS, COUNTRY_CODE, TOO_LONG], "30123456"),
    ("IN", "+91 81234 56789", [CHARACTERS, COUNTRY_CODE, TOO_LONG], "8123456789"),
    ("CN", "+86 10 1234 5678", [CHARACTERS, COUNTRY_CODE, TOO_LONG], "1012345678"),
    ("CA", "15062345678", [COUNTRY_CODE, TOO_LONG], "5062345678"),
    # Another country's number: its own error, no suggestion.
    ("US", "+44 20 7946 0000", [CHARACTERS, OTHER, TOO_LONG], None),
    ("FR", "0014258828080", [OTHER, TOO_LONG], None),
    ("FR", "011 44 20 7946 0000", [CHARACTERS, OTHER, TOO_LONG], None),
    ("US", "+800 1234 5678", [CHARACTERS, OTHER, TOO_LONG], None),
    # Same calling code, another market's number (Toronto): that market is named (issue 22).
    ("US", "+1 416 555 0123", [CHARACTERS, OTHER, TOO_LONG], None),
    ("US", "7875551234", [OTHER], None),  # Puerto Rico, typed nationally
    # 00 and 011 wherever they are not the market's own prefix.
    ("US", "0014258828080", [COUNTRY_CODE, TOO_LONG], "4258828080"),
    ("JP", "011 81 3 1234 5678", [CHARACTERS, COUNTRY_CODE, TOO_LONG], "312345678"),
    # A national number that starts like 011 stays national (Johannesburg, Delhi).
    ("ZA", "0112345678", [], None),
    ("IN", "01123456789", [TOO_LONG], "1123456789"),
    # Too long: the trunk prefix pushes a GB number to 11; the suggestion drops it.
    ("GB", "02079460000", [TOO_LONG], "2079460000"),
    ("GB", "07400123456", [TOO_LONG], "7400123456"),
    # Numbers that can never fit: no suggestion.
    ("BR", "11961234567", [TOO_LONG], None),
    ("BR", "+55 11 96123-4567", [CHARACTERS, COUNTRY_CODE, TOO_LONG], None),
    ("CN", "13123456789", [TOO_LONG], None),
    ("DE", "015123456789", [TOO_LONG], None),
    # Letters and extensions.
    ("US", "1-800-FLOWERS", [CHARACTERS, COUNTRY_CODE, TOO_LONG], "8003569377"),
    ("US", "425-882-8080 ext 123", [CHARACTERS, TOO_LONG], "4258828080"),
    ("US", "4258828080x12", [CHARACTERS, TOO_LONG], "4258828080"),
    ("US", "call me", [CHARACTERS, INVALID], None),
    # Not a number of the country.
    ("US", "1234567", [INVALID], None),
    ("FR", "12", [INVALID], None),
    ("BR", "0000000000", [INVALID], None),
    ("JP", "9999999999", [INVALID], None),
    # Unknown country: the format is still checked.
    ("ZZ", "4258828080", [UNKNOWN], None),
    ("ZZ", "+1 425 882 8080", [UNKNOWN, CHARACTERS, COUNTRY_CODE, TOO_LONG], None),
    # Very long input is reported without being parsed.
    ("US", "1" * 65, [TOO_LONG], None),
    ("US", "+" + "1" * 100, [CHARACTERS, TOO_LONG], None),
]


@pytest.mark.parametrize(("country", "phone", "codes", "suggestion"), CASES)
def test_company_phone(
    ruleset: Ruleset, country: str, phone: str, codes: list[ErrorCode], suggestion: str | None
) -> None:
    errors, warnings = astuple(check_company_phone(ruleset, country, phone))
    assert [e.code for e in errors] == codes
    assert warnings == []
    for error in errors:
        assert error.message
        if error.code is UNKNOWN:
            assert error.field == "country"
        else:
            assert error.field == "phone"
            assert error.suggestion == suggestion


def test_countries_covered() -> None:
    assert len({country for country, *_ in CASES if len(country) == 2} - {"ZZ"}) >= 10


SUGGESTIONS = sorted({(country, s) for country, _, _, s in CASES if s is not None})


@pytest.mark.parametrize(("country", "suggestion"), SUGGESTIONS)
def test_every_suggestion_is_accepted_as_valid(
    ruleset: Ruleset, country: str, suggestion: str
) -> None:
    assert len(suggestion) <= FIELD_MAX_LENGTH
    assert astuple(check_company_phone(ruleset, country, suggestion)) == ([], [])


def test_a_number_that_cannot_fit_says_so(ruleset: Ruleset) -> None:
    [error], _ = astuple(check_company_phone(ruleset, "BR", "11961234567"))
    assert "11 digits" in error.message
    assert "Brazil" in error.message


def test_country_code_message_names_the_code(ruleset: Ruleset) -> None:
    errors, _ = astuple(check_company_phone(ruleset, "AU", "61293744000"))
    assert "+61" in errors[0].message


@pytest.mark.parametrize(
    ("lang", "phone", "fragment"),
    [
        ("en", "+44 20 7946 0000", "This is a +44 (United Kingdom) number; the company phone "
         "must be a number in France."),
        ("fr", "+44 20 7946 0000", "numéro +44 (Royaume-Uni)"),
        ("en", "+800 1234 5678", "carries the country code +800, not that of France"),
    ],
)  # fmt: skip
def test_another_countrys_number_names_that_country_and_the_market(
    ruleset: Ruleset, lang: str, phone: str, fragment: str
) -> None:
    errors, _ = astuple(check_company_phone(ruleset, "FR", phone, lang))
    [other] = [e for e in errors if e.code is OTHER]
    assert fragment in other.message
    assert all(e.suggestion is None for e in errors)


def test_country_without_phone_metadata_is_a_warning(ruleset: Ruleset) -> None:
    errors, warnings = astuple(check_company_phone(ruleset, "AQ", "12345"))
    assert errors == []
    assert [w.code for w in warnings] == [ErrorCode.PHONE_NOT_VERIFIED]
    errors, _ = astuple(check_company_phone(ruleset, "AQ", "12 345"))
    assert [e.code for e in errors] == [CHARACTERS]


def test_field_names_can_be_prefixed_for_a_larger_form(ruleset: Ruleset) -> None:
    errors, _ = astuple(
        check_company_phone(ruleset, "QQ", "", field="company_phone", country_field="market")
    )
    assert [(e.field, e.code) for e in errors] == [("company_phone", REQUIRED)]
    errors, _ = astuple(
        check_company_phone(ruleset, "QQ", "1", field="company_phone", country_field="market")
    )
    assert [e.field for e in errors] == ["market"]


def test_french_messages(ruleset: Ruleset) -> None:
    errors, _ = astuple(check_company_phone(ruleset, "FR", "+33 6 12 34 56 78", "fr"))
    assert errors[0].message.startswith("Utilisez uniquement des chiffres")
    assert "+33" in errors[1].message


def test_parse_cache_is_bounded_and_counts_hits(ruleset: Ruleset) -> None:
    cache = parse_phone.cache_info()
    assert cache.maxsize is not None
    astuple(check_company_phone(ruleset, "US", "4258828081"))
    before = parse_phone.cache_info().hits
    astuple(check_company_phone(ruleset, "US", "4258828081"))
    assert parse_phone.cache_info().hits == before + 1
    assert parse_phone.cache_info().currsize <= cache.maxsize


def test_metadata_preload_covers_every_region() -> None:
    assert preload_phone_metadata() >= 240


COUNTRIES = ["US", "CA", "GB", "FR", "DE", "AU", "BR", "IN", "JP", "CN", "IT", "MX", "XK", "AQ"]


@settings(max_examples=300)
@given(country=st.sampled_from(COUNTRIES), phone=st.text(max_size=80))
def test_no_input_makes_the_check_raise_and_suggestions_revalidate(
    ruleset: Ruleset, country: str, phone: str
) -> None:
    errors, _ = astuple(check_company_phone(ruleset, country, phone))
    for suggestion in {e.suggestion for e in errors} - {None}:
        assert suggestion is not None
        assert suggestion.isascii()
        assert suggestion.isdigit()
        assert len(suggestion) <= FIELD_MAX_LENGTH
        assert astuple(check_company_phone(ruleset, country, suggestion)) == ([], [])


@settings(max_examples=300)
@given(
    country=st.sampled_from(COUNTRIES[:-1]),
    digits=st.text(alphabet="0123456789", min_size=4, max_size=15),
    decoration=st.sampled_from(["{}", "+{}", "00{}", "{} ", "({})", "{}-1"]),
)
def test_suggestions_from_digit_strings_revalidate(
    ruleset: Ruleset, country: str, digits: str, decoration: str
) -> None:
    errors, _ = astuple(check_company_phone(ruleset, country, decoration.format(digits)))
    for error in errors:
        if error.suggestion is not None:
            assert astuple(check_company_phone(ruleset, country, error.suggestion)) == ([], [])


def test_an_accepted_suggestion_is_already_in_the_cache(ruleset: Ruleset) -> None:
    errors, _ = astuple(check_company_phone(ruleset, "AU", "+61 2 9374 4001"))
    assert {e.suggestion for e in errors} == {"293744001"}
    hits = parse_phone.cache_info().hits
    assert astuple(check_company_phone(ruleset, "AU", "293744001")) == ([], [])
    assert parse_phone.cache_info().hits == hits + 1


# Issue 22: what real people type, each a case that failed before.
ISSUE_22 = [
    ("FR", "01\u202f42\u202f92\u202f81\u202f00", [CHARACTERS, TOO_LONG], "142928100"),
    ("FR", "01\u200942\u200992\u200981\u200900", [CHARACTERS, TOO_LONG], "142928100"),
    ("US", "(425)\u202f882-8080", [CHARACTERS, TOO_LONG], "4258828080"),
    (
        "FR",
        "\uff10\uff11\uff14\uff12\uff19\uff12\uff18\uff11\uff10\uff10",
        [CHARACTERS],
        "142928100",
    ),
    ("FR", "tel:+33142928100", [CHARACTERS, COUNTRY_CODE, TOO_LONG], "142928100"),
    ("BY", "8106436530", [], None),  # the national number, not +64 36530
    ("MX", "091-290-0725", [CHARACTERS, TOO_LONG, INVALID], None),  # not "+1 (US)"
    ("RU", "8 (105) 663-6309", [CHARACTERS, TOO_LONG, INVALID], None),  # not "+56 (Chile)"
    ("TW", "(01) 98406726", [CHARACTERS, TOO_LONG, INVALID], None),  # not "+84 (Vietnam)"
    ("DE", "49 741 052869", [CHARACTERS, COUNTRY_CODE, TOO_LONG], "741052869"),
    ("US", "7875551234", [OTHER], None),  # Puerto Rico, a market of its own
]


@pytest.mark.parametrize(("country", "phone", "codes", "suggestion"), ISSUE_22)
def test_what_people_copy_and_type_is_read_as_meant(
    ruleset: Ruleset, country: str, phone: str, codes: list[ErrorCode], suggestion: str | None
) -> None:
    errors, _ = astuple(check_company_phone(ruleset, country, phone))
    assert [e.code for e in errors] == codes
    assert {e.suggestion for e in errors} <= {suggestion}
    if suggestion is not None:
        assert astuple(check_company_phone(ruleset, country, suggestion)) == ([], [])


def test_puerto_rico_is_named_for_a_us_company(ruleset: Ruleset) -> None:
    [error] = check_company_phone(ruleset, "US", "7875551234").errors
    assert "Puerto Rico" in error.message


def test_another_country_is_named_only_where_the_number_is_valid_there(ruleset: Ruleset) -> None:
    from bench.phone_examples import global_mix

    rng = random.Random(22)
    markets = ["US", "FR", "DE", "GB", "BY", "RU", "MX", "TW", "BR", "IN", "JP", "CA"]
    named = 0
    for _, value in global_mix(4000, seed=22, invalid_share=0.3):
        region = rng.choice(markets)  # a number of one region typed for another market
        errors = check_company_phone(ruleset, region, value).errors
        if any(e.code is OTHER for e in errors):
            named += 1
            parsed = parse_phone(value, region)
            assert parsed is not None
            assert parsed.valid_elsewhere, (region, value)
    assert named > 20
