"""Regions: every label a source has, one canonical ISO 3166-2 code, table-driven."""

from __future__ import annotations

import pycountry
import pytest

from eligibility.errors import ErrorCode
from eligibility.rules.address import check_address
from eligibility.rules.regions import find_region, load_regions
from eligibility.ruleset import Ruleset
from tests.rules.test_address import addr

# (country, what is typed, canonical code, canonical name)
REGIONS = [
    # ISO 3166-2, with and without the country, where libaddressinput keys differ.
    ("CN", "CN-ZJ", "CN-ZJ", "Zhejiang Sheng"),
    ("CN", "ZJ", "CN-ZJ", "Zhejiang Sheng"),
    ("CN", "Zhejiang", "CN-ZJ", "Zhejiang Sheng"),
    ("CN", "浙江省", "CN-ZJ", "Zhejiang Sheng"),
    ("CN", "33", "CN-ZJ", "Zhejiang Sheng"),  # libaddressinput's isoid (GB/T 2260)
    ("CN", "Nei Mongol", "CN-NM", "Neimenggu Zizhiqu"),  # an alias in data/
    ("IN", "UK", "IN-UK", "Uttarakhand"),  # ISO since 2023
    ("IN", "UT", "IN-UK", "Uttarakhand"),  # libaddressinput's older code
    ("IN", "TG", "IN-TS", "Telangana"),
    ("IN", "Andaman and Nicobar", "IN-AN", "Andaman & Nicobar"),  # & read as "and"
    ("TW", "KIN", "TW-KIN", "Kinmen County"),
    ("IT", "23", "IT-23", "Aosta"),
    ("IT", "Lombardia", "IT-25", "Lombardia"),  # a region above the provinces
    ("IT", "MI", "IT-MI", "Milano"),
    ("US", "wa", "US-WA", "Washington"),
    ("US", "Washington", "US-WA", "Washington"),
    ("US", "US-WA", "US-WA", "Washington"),
    ("CA", "Québec", "CA-QC", "Quebec"),
    ("JP", "東京都", "JP-13", "Tokyo"),
    ("JP", "JP-13", "JP-13", "Tokyo"),
    ("ES", "AS", "ES-AS", "Asturias, Principado de"),  # not "As Palmas" minus "Palmas"
    ("AU", "JBT", "AU-JBT", "Jervis Bay Territory"),  # no ISO code: country and key
    ("FR", "FR-IDF", "FR-IDF", "Île-de-France"),  # no region field: still understood
]


@pytest.mark.parametrize(("country", "typed", "code", "name"), REGIONS)
def test_a_region_is_found_by_any_label_and_answered_in_one_code(
    ruleset: Ruleset, country: str, typed: str, code: str, name: str
) -> None:
    region = find_region(load_regions(ruleset, country), typed)
    assert region is not None
    assert (region.code, region.name) == (code, name)
    checked = check_address(ruleset, addr(country, typed, "City", None), "billing_address")
    assert checked.address is not None
    assert (checked.address.region, checked.address.region_name) == (code, name)


NAMED = ["US", "CA", "AU", "BR", "JP", "IN", "IT", "CN", "DE", "FR", "GB", "MX", "ES", "AR"]
NAMED += ["PH", "TH", "UY"]


@pytest.mark.parametrize("country", NAMED)
def test_every_iso_3166_2_code_of_the_named_countries_is_accepted(
    ruleset: Ruleset, country: str
) -> None:
    territories = ruleset.region_markets.get(country, {})
    subdivisions = list(pycountry.subdivisions.get(country_code=country))
    named = {s.name: {t.code for t in subdivisions if t.name == s.name} for s in subdivisions}
    refused = []
    for sub in subdivisions:
        # A name two subdivisions share (Cantabria, province and community) may be either.
        for typed, codes in ((sub.code, {sub.code}), (sub.code[3:], {sub.code}),
                             (sub.name, named[sub.name])):  # fmt: skip
            checked = check_address(ruleset, addr(country, typed, "X", None), "billing_address")
            found = {e.code for e in checked.errors if e.field.endswith(".region")}
            if sub.code in territories:
                if found != {ErrorCode.ADDRESS_REGION_OTHER_MARKET}:
                    refused.append(typed)
            elif found or checked.address is None or checked.address.region not in codes:
                refused.append(typed)
    assert refused == []


def test_a_libaddressinput_region_without_iso_code_keeps_country_and_key(
    ruleset: Ruleset,
) -> None:
    index = load_regions(ruleset, "US")
    without_iso = sorted(
        r.code
        for r in index.regions.values()
        if r.key and not pycountry.subdivisions.get(code=r.code)
    )
    # Armed Forces mail, and the freely associated states (markets of their own).
    assert without_iso == ["US-AA", "US-AE", "US-AP", "US-FM", "US-MH", "US-PW"]


def test_an_unknown_region_is_refused_with_the_closest_as_suggestion(ruleset: Ruleset) -> None:
    checked = check_address(ruleset, addr("CN", "Zhejang", "X", None), "billing_address")
    [error] = [e for e in checked.errors if e.field == "billing_address.region"]
    assert (error.code, error.suggestion) == (ErrorCode.ADDRESS_REGION_INVALID, "ZJ")


def test_a_region_text_in_a_country_without_region_field_is_not_refused(
    ruleset: Ruleset,
) -> None:
    checked = check_address(ruleset, addr("DE", "Bavaria", "München", "80331"), "billing_address")
    assert checked.errors == []
    assert checked.address is not None
    assert checked.address.region is None  # not understood: nothing to store
