"""The codes lists of issue 34's second round (data/postcodes/lists.json): the territories
whose postal code pattern admits one code or a few (Gibraltar's GX11 1AA, Saint Helena's
three), the national registers of Tanzania (TCRA) and Indonesia (Kemendagri's villages),
and GeoNames' lists of South Korea and Pakistan, now measured against Korea Post's codes
and Pakistan's post offices'. Each file is compared with its source by
tests/rules/test_postcode_codes.py; here, what a customer sees."""

from __future__ import annotations

import pytest

from derive.postcode_codes import expansions
from eligibility.errors import ErrorCode
from eligibility.rules.address import PlainAddress, check_address
from eligibility.ruleset import Ruleset

UNKNOWN = ErrorCode.ADDRESS_POSTAL_CODE_UNKNOWN


def findings(
    ruleset: Ruleset, country: str, region: str | None, city: str, code: str
) -> tuple[list[str], list[tuple[str, str | None]]]:
    checked = check_address(ruleset, PlainAddress(country, region, city, code, "1 Main St"), "b")
    return (
        [e.code.value for e in checked.errors],
        [(w.code.value, w.suggestion) for w in checked.warnings],
    )


@pytest.mark.parametrize(
    ("country", "region", "city", "code"),
    [
        ("GI", None, "Gibraltar", "GX11 1AA"),
        ("FK", None, "Stanley", "FIQQ 1ZZ"),
        ("SH", None, "Jamestown", "STHL 1ZZ"),
        ("SH", None, "Georgetown", "ASCN 1ZZ"),
        ("SH", None, "Edinburgh of the Seven Seas", "TDCU 1ZZ"),
        ("AI", None, "The Valley", "AI-2640"),
        ("AI", None, "The Valley", "2640"),
        ("NF", None, "Kingston", "2899"),
        ("UM", "79", "Wake Island", "96898"),
        ("TZ", None, "Arusha", "23101"),
        ("ID", "JB", "Depok", "16431"),
        ("PK", None, "Islamabad", "44000"),
        ("KR", "11", "Seoul", "03051"),
    ],
)
def test_a_real_code_passes(
    ruleset: Ruleset, country: str, region: str | None, city: str, code: str
) -> None:
    assert findings(ruleset, country, region, city, code) == ([], [])


@pytest.mark.parametrize(
    ("country", "region", "city", "code", "nearest"),
    [
        ("TZ", None, "Arusha", "23199", "23125"),
        ("ID", "JB", "Depok", "16499", "16459"),
        ("KR", "11", "Seoul", "03199", "03198"),
        ("PK", None, "Islamabad", "44999", "44800"),
    ],
)
def test_a_made_up_code_is_unknown_with_the_nearest(
    ruleset: Ruleset, country: str, region: str | None, city: str, code: str, nearest: str
) -> None:
    assert findings(ruleset, country, region, city, code) == ([], [(UNKNOWN.value, nearest)])


def test_another_code_of_a_one_code_territory_is_malformed_not_unknown(ruleset: Ruleset) -> None:
    errors, warnings = findings(ruleset, "GI", None, "Gibraltar", "GX11 1AB")
    assert errors == [ErrorCode.ADDRESS_POSTAL_CODE_INVALID.value]
    assert warnings == []


def test_a_one_code_territory_answers_its_code_on_lookup(ruleset: Ruleset) -> None:
    assert ruleset.postcode_place("GI", "GX111AA") is not None
    assert ruleset.postcode_place("TZ", "23101") is not None
    assert ruleset.postcode_place("ID", "16431") is not None


def test_the_codes_a_pattern_admits_are_written_out_only_where_they_are_few() -> None:
    assert expansions("(?:(?:ASCN|STHL|TDCU) ?1ZZ)") == {
        f"{first}{space}1ZZ" for first in ("ASCN", "STHL", "TDCU") for space in ("", " ")
    }
    assert expansions("(?:(?:AI-)?2640)") == {"2640", "AI-2640"}
    for pattern in (r"\d{4}", "9[78][01]", "GX11+"):
        with pytest.raises(ValueError, match="admits more than a list of codes"):
            expansions(pattern)
    with pytest.raises(ValueError, match="unbalanced"):
        expansions("(?:GX11")
