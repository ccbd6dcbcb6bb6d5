"""GeoNames' postal codes (CC BY 4.0) for the markets without a list of their own: one
codes list a country under data/postcodes/geonames/, each parsed on its first use; the
unknown-code check on where a second source measured the list complete (lists.json)."""

from __future__ import annotations

from pathlib import Path

import pytest

from derive import geonames as build_geonames
from eligibility.errors import ErrorCode
from eligibility.rules.address import PlainAddress, check_address
from eligibility.ruleset import Ruleset, load_ruleset
from tests.derived import assert_committed_as_derived

UNKNOWN = ErrorCode.ADDRESS_POSTAL_CODE_UNKNOWN


def warnings(ruleset: Ruleset, country: str, city: str, code: str) -> list[tuple[str, str | None]]:
    checked = check_address(ruleset, PlainAddress(country, None, city, code, "1 Main St"), "b")
    assert checked.errors == []
    return [(w.code.value, w.suggestion) for w in checked.warnings]


@pytest.mark.parametrize(
    ("country", "city", "code"),
    [
        ("PT", "Lisboa", "1000-001"),
        ("AT", "Wien", "1010"),
        ("CH", "Zürich", "8001"),
        ("SE", "Stockholm", "100 04"),
        ("LU", "Luxembourg", "L-1111"),
        ("IE", "Dublin", "D02 X285"),  # the routing key D02
        ("MT", "Valletta", "VLT 1117"),  # the locality letters VLT
        ("DK", "København K", "1050"),
        ("BE", "Bruxelles", "1000"),
        ("NO", "Oslo", "0150"),
    ],
)
def test_a_real_code_of_a_geonames_market_passes(
    ruleset: Ruleset, country: str, city: str, code: str
) -> None:
    assert warnings(ruleset, country, city, code) == []


@pytest.mark.parametrize(
    ("country", "city", "code", "nearest"),
    [
        ("AT", "Wien", "1009", "1010"),
        ("CH", "Zürich", "0999", "1000"),
        ("SE", "Kiruna", "99999", None),
    ],
)
def test_a_code_missing_from_a_complete_geonames_list_is_unknown(
    ruleset: Ruleset, country: str, city: str, code: str, nearest: str | None
) -> None:
    [(found, suggestion)] = warnings(ruleset, country, city, code)
    assert found == UNKNOWN
    if nearest is not None:
        assert suggestion == nearest


def test_a_list_measured_incomplete_never_reports_a_code_unknown(ruleset: Ruleset) -> None:
    assert ruleset.postcode_lists["PL"].unknown == "none"
    assert warnings(ruleset, "PL", "Warszawa", "00-999") == []


def test_the_lookup_answers_a_geonames_codes_place(ruleset: Ruleset) -> None:
    place = ruleset.postcode_place("AT", "1010")
    assert place is not None
    assert place.city == "Wien, Innere Stadt"


def test_existence_is_checked_in_at_least_60_markets(ruleset: Ruleset) -> None:
    checked = [c for c, declared in ruleset.postcode_lists.items() if declared.unknown != "none"]
    assert len(checked) >= 60


def test_a_geonames_country_is_parsed_on_its_first_use(data_dir: Path) -> None:
    ruleset = load_ruleset(data_dir)
    assert "PT" not in ruleset.postcode_places._parsed
    assert ruleset.postcode_place("PT", "1000001") is not None
    assert "PT" in ruleset.postcode_places._parsed


def test_each_geonames_file_is_what_geonames_gives(data_dir: Path, ruleset: Ruleset) -> None:
    assert_committed_as_derived(data_dir, lambda: build_geonames.expected(ruleset))
