"""Postal codes: official written forms, corrected patterns, the form to store."""

from __future__ import annotations

import gzip

import pytest

from eligibility.errors import ErrorCode
from eligibility.rules.address import check_address
from eligibility.ruleset import Ruleset
from eligibility.settings import default_data_dir
from tests.rules.test_address import addr

INVALID = ErrorCode.ADDRESS_POSTAL_CODE_INVALID

# (country, region, typed, the form answered)
WRITTEN_FORMS = [
    ("GB", None, "sw1a1aa", "SW1A 1AA"),
    ("GB", None, "SW1A  1AA", "SW1A 1AA"),
    ("CA", "ON", "m5v3l9", "M5V 3L9"),
    ("US", "WA", "98052 6399", "98052-6399"),
    ("US", "WA", "980526399", "98052-6399"),
    ("JP", "Tokyo", "1540023", "154-0023"),
    ("BR", "SP", "01310100", "01310-100"),
    ("FR", None, "75 008", "75008"),
    ("NL", None, "1012ab", "1012 AB"),
    # The operator's own prefix, with or without it.
    ("MD", None, "MD-2001", "2001"),
    ("MD", None, "md 2001", "2001"),
    ("MD", None, "2001", "2001"),
    ("LV", None, "LV-1001", "LV-1001"),
    ("LV", None, "1001", "LV-1001"),
    ("LV", None, "lv1001", "LV-1001"),
    ("SV", None, "CP 1101", "CP 1101"),
    ("SV", None, "1101", "CP 1101"),
    ("SV", None, "1130", "CP 1130"),  # a real code libaddressinput's pattern refused
    ("CH", None, "CH-8001", "8001"),
    # Corrected patterns (data/postal_formats.json).
    ("PY", None, "001001", "001001"),
    ("PY", None, "1536", "1536"),
    ("SH", None, "TDCU 1ZZ", "TDCU 1ZZ"),
    ("SH", None, "tdcu1zz", "TDCU 1ZZ"),
    ("SH", None, "STHL 1ZZ", "STHL 1ZZ"),
]


@pytest.mark.parametrize(("country", "region", "typed", "answered"), WRITTEN_FORMS)
def test_an_official_written_form_is_accepted_and_answered_in_the_form_to_store(
    ruleset: Ruleset, country: str, region: str | None, typed: str, answered: str
) -> None:
    checked = check_address(ruleset, addr(country, region, "X", typed), "billing_address")
    assert [e for e in checked.errors if e.field.endswith("postal_code")] == []
    assert checked.address is not None
    assert checked.address.postal_code == answered


@pytest.mark.parametrize(
    ("country", "typed", "example"),
    [("MD", "MD-20011", "2012"), ("LV", "LV-100", "LV-1073"), ("SV", "CP 4101", "CP 1101"),
     ("PY", "00100", "001001"), ("SH", "TDCU 2ZZ", "STHL 1ZZ"), ("GB", "SW1A 1A", "EC1Y 8SY")],
)  # fmt: skip
def test_unknown_or_wrong_still_fails_with_the_example(
    ruleset: Ruleset, country: str, typed: str, example: str
) -> None:
    checked = check_address(ruleset, addr(country, None, "X", typed), "billing_address")
    [error] = [e for e in checked.errors if e.field.endswith("postal_code")]
    assert error.code is INVALID
    assert f"like {example}" in error.message
    assert checked.address is not None
    assert checked.address.postal_code is None


def test_every_override_names_its_source(ruleset: Ruleset) -> None:
    assert ruleset.postal_formats
    for entry in ruleset.postal_formats.values():
        assert len(entry.source) > 20


CITY = ErrorCode.ADDRESS_POSTAL_CODE_CITY_MISMATCH


@pytest.mark.parametrize(
    ("region", "city", "postal", "place"),
    [
        ("WA", "Redmond", "98052", None),
        ("WA", "REDMOND", "98052-6399", None),
        ("WA", "Ames Lake", "98052", None),  # a name USPS lists for the ZIP
        ("MO", "St. Louis", "63101", None),
        ("MO", "Saint Louis", "63101", None),
        ("NY", "new york", "10001", None),
        ("WA", "Spokane", "98101", "Seattle"),
        ("WA", "Seattle", "98052", "Redmond"),
    ],
)
def test_a_city_that_is_not_a_place_of_the_zip_is_a_warning_naming_the_place(
    ruleset: Ruleset, region: str, city: str, postal: str, place: str | None
) -> None:
    checked = check_address(ruleset, addr("US", region, city, postal), "billing_address")
    assert checked.errors == []
    if place is None:
        assert checked.warnings == []
    else:
        [warning] = checked.warnings
        assert (warning.field, warning.code) == ("billing_address.city", CITY)
        assert warning.suggestion == place
        assert place in warning.message


def test_city_is_not_compared_where_the_place_check_is_off(ruleset: Ruleset) -> None:
    # Rotterdam with Amsterdam's 1011: the Netherlands' place check is off (no second list
    # of Dutch places to measure it against, data/postcodes/lists.json); the code exists.
    checked = check_address(ruleset, addr("NL", None, "Rotterdam", "1011 AB"), "billing_address")
    assert (checked.errors, checked.warnings) == ([], [])


def test_a_zip_across_a_state_line_is_accepted_in_either_state(ruleset: Ruleset) -> None:
    for region in ("SD", "MN"):  # 57026 Elkton: USPS files it under SD; its ZCTA is in MN
        checked = check_address(ruleset, addr("US", region, "Elkton", "57026"), "billing_address")
        assert checked.errors == []


def test_the_us_zip_file_is_what_the_zipcodes_package_gives(ruleset: Ruleset) -> None:
    import zipcodes  # a dev dependency

    from derive.us_zips import us_zip_lines

    us_zips = ruleset.postcode_lists["US"].path
    committed = gzip.decompress((default_data_dir() / us_zips).read_bytes()).decode()
    assert committed.splitlines() == us_zip_lines(), f"run make us-zips ({zipcodes.__version__})"
