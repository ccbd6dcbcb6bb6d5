"""Codes lists (lists.json ``form: codes``): registers of millions of postcodes held
compactly (ruleset/postcode_codes.py), with a place per code where the register gives
one. Great Britain's is Code-Point Open's live codes; a code the ONS lookup says was
terminated is answered as terminated, not unknown; Northern Ireland's codes, which
Code-Point Open lacks, are never reported. Canada's is GeoNames' CA_full: every full
postal code with its place and province."""

from __future__ import annotations

import gzip
import pickle
from pathlib import Path

import pytest

from derive import postcode_codes as build_postcode_codes
from eligibility.errors import ErrorCode, RulesetError
from eligibility.rules.address import PlainAddress, check_address
from eligibility.ruleset import EXISTS, Ruleset
from eligibility.ruleset.postcode_codes import PlaceTable, read_codes
from tests.derived import assert_committed_as_derived

UNKNOWN = ErrorCode.ADDRESS_POSTAL_CODE_UNKNOWN
TERMINATED = ErrorCode.ADDRESS_POSTAL_CODE_TERMINATED


def findings(ruleset: Ruleset, country: str, code: str, lang: str = "en") -> list[tuple[str, str]]:
    checked = check_address(
        ruleset, PlainAddress(country, None, "London", code, "1 Main St"), "b", lang
    )
    assert checked.errors == []
    return [(str(w.code), w.message) for w in checked.warnings]


@pytest.mark.parametrize(
    "code",
    ["SW1A 2AA", "sw1a2aa", "EC1A 1BB", "M1 1AE", "B33 8TH", "CR2 6XH", "N1 9GU", "W1A 1AA"],
)
def test_a_live_gb_postcode_passes(ruleset: Ruleset, code: str) -> None:
    assert findings(ruleset, "GB", code) == []


@pytest.mark.parametrize("code", ["LS86 6YE", "SW1A 9ZZ", "EC1A 7ZZ", "ZE9 9ZZ"])
def test_a_gb_postcode_that_never_existed_is_unknown_with_the_nearest_real_ones(
    ruleset: Ruleset, code: str
) -> None:
    [(found, message)] = findings(ruleset, "GB", code)
    assert found == UNKNOWN
    assert "the nearest real ones are" in message


def test_a_terminated_gb_postcode_is_answered_as_terminated_in_each_language(
    ruleset: Ruleset,
) -> None:
    # AB1 0AA: Aberdeen's codes were renumbered (AB1 -> AB10...) in 1996.
    assert ruleset.postcode_places.terminated("GB", "AB10AA")
    [(code, english)] = findings(ruleset, "GB", "AB1 0AA")
    [(_, french)] = findings(ruleset, "GB", "AB1 0AA", "fr")
    assert code == TERMINATED
    assert "the United Kingdom is no longer in use: it was terminated" in english
    assert "n'est plus en usage" in french


def test_northern_irelands_postcodes_which_the_list_lacks_are_never_reported(
    ruleset: Ruleset,
) -> None:
    assert findings(ruleset, "GB", "BT1 1AA") == []
    assert findings(ruleset, "GB", "BT99 9ZZ") == []


def test_a_codes_list_answers_membership_only_on_whole_members(tmp_path: Path) -> None:
    raw = gzip.compress(b"SW1A\t0AA1AA2AA\nAB1\t0AA\n12=\t\n")
    codes = read_codes(tmp_path / "x.tsv.gz", raw, EXISTS)
    assert "SW1A1AA" in codes
    assert "SW1AA1A" not in codes  # 1AA2AA holds "A1A", misaligned
    assert "12" in codes
    assert "1" not in codes
    assert len(codes) == 5
    assert list(codes)[:2] == ["12", "AB10AA"]
    assert codes.neighbourhood("SW1A1AB", reach=1) == ["AB10AA", "SW1A1AA", "SW1A2AA"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"SW1A\t0AA1A\n", "bad members"),
        (b"SW1A 0AA\n", "has not 2 fields"),
        (b"SW1A\t0AA\nSW1A\t1AA\n", "listed twice"),
        (b"S-1\t0AA\n", "bad group"),
    ],
)
def test_a_malformed_codes_file_fails_at_load(tmp_path: Path, content: bytes, problem: str) -> None:
    with pytest.raises(RulesetError, match=problem):
        read_codes(tmp_path / "x.tsv.gz", gzip.compress(content), EXISTS)


def test_the_codes_lists_pickle_and_answer_on_the_other_side(ruleset: Ruleset) -> None:
    copy = pickle.loads(pickle.dumps(ruleset.postcode_places))
    assert "SW1A2AA" in copy["GB"]
    assert copy.terminated("GB", "AB10AA")


CODES_LISTS = build_postcode_codes.declarations()


@pytest.mark.parametrize("declared", CODES_LISTS, ids=[entry["country"] for entry in CODES_LISTS])
def test_each_codes_file_is_what_its_register_gives(
    data_dir: Path, declared: dict[str, str]
) -> None:
    assert_committed_as_derived(data_dir, lambda: build_postcode_codes.expected(declared))


@pytest.mark.parametrize(
    ("code", "region", "city"),
    [("K1A 0B1", "ON", "Ottawa"), ("M5V 3L9", "ON", "Toronto"), ("H2X 1Y4", "QC", "Montreal")],
)
def test_a_canadian_postal_code_answers_its_place_and_province(
    ruleset: Ruleset, code: str, region: str, city: str
) -> None:
    place = ruleset.postcode_place("CA", code.replace(" ", ""))
    assert place is not None
    assert (place.region, place.city) == (region, city)
    checked = check_address(ruleset, PlainAddress("CA", region, city, code, "1 Main St"), "b")
    assert (checked.errors, checked.warnings) == ([], [])


def test_a_canadian_code_of_another_province_is_a_region_mismatch(ruleset: Ruleset) -> None:
    checked = check_address(ruleset, PlainAddress("CA", "QC", "Toronto", "M5V 3L9", "1"), "b")
    assert [e.code for e in checked.errors] == [ErrorCode.ADDRESS_POSTAL_CODE_REGION_MISMATCH]


def test_a_canadian_code_of_a_real_fsa_not_on_the_list_is_unknown_with_the_nearest(
    ruleset: Ruleset,
) -> None:
    checked = check_address(ruleset, PlainAddress("CA", "YT", "Whitehorse", "Y1A 9Z9", "1"), "b")
    [warning] = checked.warnings
    assert warning.code == UNKNOWN
    assert warning.suggestion is not None
    assert warning.suggestion.startswith("Y1A ")


def test_a_codes_list_with_places_answers_each_codes_own(tmp_path: Path) -> None:
    raw = gzip.compress(b"\tON\tToronto\n\tQC\tMontreal|Montr\xc3\xa9al\nM5V\t1A13L9\t0,1\n")
    codes = read_codes(tmp_path / "x.tsv.gz", raw, EXISTS)
    assert codes["M5V1A1"].city == "Toronto"
    assert codes["M5V3L9"].names == "Montreal|Montréal"
    assert codes.get("M5V9Z9") is None


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\tON\tToronto\nM5V\t1A13L9\t0\n", "not one place per code"),
        (b"\tON\tToronto\nM5V\t1A1\t3\n", "a place not in the table"),
        (b"M5V\t1A1\n\tON\tToronto\n", "a place after the codes"),
    ],
)
def test_a_malformed_place_table_fails_at_load(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    with pytest.raises(RulesetError, match=problem):
        read_codes(tmp_path / "x.tsv.gz", gzip.compress(content), EXISTS)


def test_a_codes_file_with_crlf_line_ends_reads_as_with_lf(tmp_path: Path) -> None:
    lf = b"\tON\tToronto\n\tQC\tMontreal\nH2X\t1A1\t1\nM5V\t3L9\t0\n"
    read = [
        read_codes(tmp_path / "x.tsv.gz", gzip.compress(content), EXISTS)
        for content in (lf, lf.replace(b"\n", b"\r\n"))
    ]
    assert [(code, read[0][code]) for code in read[0]] == [
        (code, read[1][code]) for code in read[1]
    ]
    assert read[1]["M5V3L9"].city == "Toronto"


def test_a_codes_lists_place_table_indexes_as_a_sequence(tmp_path: Path) -> None:
    table = PlaceTable([b"ON\tToronto", b"QC\tMontreal|Montr\xc3\xa9al"], type(EXISTS))
    assert [place.city for place in table] == ["Toronto", "Montreal"]
    assert table[-1] == table[1] == type(EXISTS)("QC", "Montreal", "Montreal|Montréal")
    with pytest.raises(IndexError):
        table[2]
    with pytest.raises(IndexError):
        table[-3]
