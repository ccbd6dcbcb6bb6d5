"""The real postcode lists: what each shipped list holds, and that the rules take any list,
however small."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from eligibility.errors import ErrorCode, RulesetError
from eligibility.rules.address import PlainAddress, check_address
from eligibility.rules.places import unknown_postcode
from eligibility.rules.postal import load_address_format
from eligibility.ruleset import Ruleset, load_ruleset
from eligibility.ruleset.postcode_places import Place
from eligibility.ruleset.postcodes import CheckLevel, KeyRule, postcode_key
from tests.rulesets import tiny_ruleset

US_ZIPS_AT_LEAST = 40_000
"""USPS has about 42,000 ZIP codes: fewer means the derived file lost some."""


def test_the_us_list_holds_every_zip_code(data_dir: Path, ruleset: Ruleset) -> None:
    us = ruleset.postcode_lists["US"]
    lines = gzip.decompress((data_dir / us.path).read_bytes()).decode().splitlines()
    zips = [line.split("\t")[0] for line in lines]
    assert len(zips) > US_ZIPS_AT_LEAST
    assert all(len(z) == 5 and z.isdigit() for z in zips)
    assert {"00501", "98052", "99950"} <= set(zips)


def test_the_loaded_us_list_is_keyed_by_zip(ruleset: Ruleset) -> None:
    assert len(ruleset.postcode_places["US"]) > US_ZIPS_AT_LEAST
    place = ruleset.postcode_place("US", "980526399")  # a ZIP+4 by its ZIP
    assert place is not None
    assert (place.region, place.city) == ("WA", "Redmond")


def test_a_ruleset_with_a_three_zip_list_checks_against_those_three(tmp_path: Path) -> None:
    ruleset = tiny_ruleset(
        tmp_path,
        {
            "US": {
                "98052": ("WA", "Redmond"),
                "10001": ("NY", "New York"),
                "57026": ("SD", "Elkton"),
            }
        },
        across={"US": {"57026": ["MN"]}},
    )
    assert len(ruleset.postcode_places["US"]) == 3
    seattle = check_address(ruleset, PlainAddress("US", "WA", "Seattle", "98052", "1 Way"), "b")
    assert [(w.code, w.suggestion) for w in seattle.warnings] == [
        (ErrorCode.ADDRESS_POSTAL_CODE_CITY_MISMATCH, "Redmond")
    ]
    # A ZIP the tiny list lacks: no place to compare the city with.
    # A ZIP the tiny list lacks: unknown (a warning), the nearest listed ZIP suggested,
    # and no place to compare the city with.
    unlisted = check_address(ruleset, PlainAddress("US", "WA", "Seattle", "98101", "1 Way"), "b")
    assert unlisted.errors == []
    assert [(w.code, w.suggestion) for w in unlisted.warnings] == [
        (ErrorCode.ADDRESS_POSTAL_CODE_UNKNOWN, "98052")
    ]
    # The list's own state is exact: 10001 is in New York, not California.
    wrong_state = check_address(ruleset, PlainAddress("US", "CA", "New York", "10001", "1"), "b")
    assert [e.code for e in wrong_state.errors] == [ErrorCode.ADDRESS_POSTAL_CODE_REGION_MISMATCH]
    across = check_address(ruleset, PlainAddress("US", "MN", "Elkton", "57026", "1 Way"), "b")
    assert across.errors == []


def test_a_list_naming_a_postcode_twice_is_refused_with_its_file(tmp_path: Path) -> None:
    us = tiny_ruleset(tmp_path, {"US": {"98052": ("WA", "Redmond")}}).postcode_lists["US"]
    (tmp_path / us.path).write_bytes(gzip.compress(b"98052\tWA\tRedmond\n98052\tWA\tX\n"))
    with pytest.raises(RulesetError, match=r"us_zips\.tsv\.gz.*98052 is listed twice"):
        load_ruleset(tmp_path)


@pytest.mark.parametrize(
    ("lines", "problem"),
    [
        (b"98052\tWA\tRedmond\n10001\tNY\tNew York\n", "line 2: 10001 is out of order"),
        (b"98052\tWA\tRedmond\n9805A\tWA\tX\n", "line 2: bad postcode '9805A'"),
        (b"98052\tWA\tRedmond\n980521\tWA\tX\n", "line 2: bad postcode '980521'"),
        (b"98052\tWA\n", "line 1 has 2 fields, not 3"),
        (
            b"0123\tWA\tX\n00124\tWA\tY\n",
            "line 2: bad postcode '00124' \\(not 4 digits as line 1\\)",
        ),
        (b"1" * 20 + b"\tWA\tX\n", "line 1: a key of 20 digits \\(1 to 19\\)"),
    ],
)
def test_a_places_list_out_of_its_compact_form_is_refused_with_its_line(
    tmp_path: Path, lines: bytes, problem: str
) -> None:
    us = tiny_ruleset(tmp_path, {"US": {"98052": ("WA", "Redmond")}}).postcode_lists["US"]
    (tmp_path / us.path).write_bytes(gzip.compress(lines))
    with pytest.raises(RulesetError, match=rf"us_zips\.tsv\.gz.*{problem}"):
        load_ruleset(tmp_path)


def test_a_places_list_answers_as_a_mapping_of_its_keys_in_order(tmp_path: Path) -> None:
    places = tiny_ruleset(
        tmp_path, {"US": {"98052": ("WA", "Redmond|Avondale"), "00501": ("NY", "Holtsville")}}
    ).postcode_places["US"]
    assert list(places) == ["00501", "98052"]
    assert places["00501"].city == "Holtsville"
    assert places.get("98052") == Place("WA", "Redmond", "Redmond|Avondale")
    for absent in ("98053", "501", "9805A", "", "980520", "９８０５２", "98052\n"):
        assert absent not in places
        assert places.get(absent) is None
    assert places.ordered()[1] == "98052"


@pytest.mark.parametrize(
    ("unknown", "message"),
    [
        ("warning", "This postal code is not on the list of postal codes of France; the nearest "
         "real ones are 97100, 97110, 97111: check the postal code."),
        ("none", "This postal code is not on the list of postal codes of France, but that list "
         "lacks some real codes, so it may exist; the nearest listed ones are 97100, 97110, "
         "97111."),
    ],
)  # fmt: skip
def test_a_code_missing_from_a_list_known_to_lack_codes_may_exist(
    ruleset: Ruleset, unknown: CheckLevel, message: str
) -> None:
    """Where unknown codes are not reported (the list lacks real codes), the lookup's 404
    does not tell the person to check a code that may well be right."""
    declared = ruleset.postcode_lists["FR"]._replace(unknown=unknown)
    fmt = load_address_format(ruleset, "FR")
    assert fmt is not None
    found = unknown_postcode(
        ruleset, fmt, declared, "96680", field="postal_code", lang="en", market="France",
        own=lambda near: True,  # every code its own here: the overseas 97xxx too
    )  # fmt: skip
    assert (found.code, found.message, found.suggestion) == (
        ErrorCode.ADDRESS_POSTAL_CODE_UNKNOWN,
        message,
        "97100",
    )


@pytest.mark.parametrize(
    ("compact", "rule", "key"),
    [
        ("980526399", 5, "98052"),
        ("SW1A2AA", "letters", "SW"),
        ("C1070AAM", "digits", "1070"),
        ("1070", "digits", "1070"),
        ("B1000TBU", "digits", "1000"),
        ("M5V3L9", None, "M5V3L9"),
    ],
)
def test_a_postcode_is_keyed_by_its_lists_rule(compact: str, rule: KeyRule, key: str) -> None:
    assert postcode_key(compact, rule) == key


def test_a_part_missing_from_a_list_known_to_lack_codes_may_exist(ruleset: Ruleset) -> None:
    declared = ruleset.postcode_lists["JE"]
    fmt = load_address_format(ruleset, "JE")
    assert fmt is not None
    assert declared.unknown == "none"
    found = unknown_postcode(
        ruleset, fmt, declared, "JE51AA", field="postal_code", lang="en", market="Jersey",
        own=lambda near: True,
    )  # fmt: skip
    assert found.message == (
        "No postal code of Jersey on its list begins with JE5, but that list lacks some real "
        "codes, so it may exist."
    )
