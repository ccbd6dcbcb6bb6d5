"""`make realdata`: the card-address rules over real postcode lists nobody here chose.

Runs the rule functions in-process (no server) over every record of
countrystatecity-postal-codes (ODbL: postcode, ISO 3166-2 region, place name for
about 120 countries) and prints, per country:

- pairs tried: real (postcode, region) pairs checked as billing addresses;
- false errors and false warnings: findings on those real, valid pairs;
- the level data/region_consistency.json gives a postcode/region disagreement;
- region mismatches caught and missed: the same postcodes with another region of
  the country that the list uses, which the check should report;
- territories flagged: postcodes of a market that data/other_markets.json says
  can be written under another, sent under that host, must all be refused as
  another market's (and so must its regions);
- ISO 3166-2 codes accepted, for the countries the issue names.

Postcodes that the list gives only in part (Canada's forward sortation areas,
the UK's postcode areas) are completed with a neutral unit (``1A1``, ``1 1AA``):
the region and territory checks read only the part the list gives.

Exit status 1 when a country at level ``error`` has a false error, a territory
postcode or region gets through, or an ISO 3166-2 code of a named country is
refused. The table is written to --output (docs/realdata.md).
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import pycountry
import pytest

from eligibility.errors import ErrorCode
from eligibility.rules.address import PlainAddress, check_address
from eligibility.rules.postal import (
    canonical_postal_code,
    load_address_format,
    preload_address_formats,
)
from eligibility.rules.regions import find_region, load_regions
from eligibility.ruleset import Ruleset, load_ruleset
from eligibility.settings import default_data_dir
from tests.conftest import ROOT

EMBARGO = frozenset({ErrorCode.MARKET_NOT_SERVED, ErrorCode.ADDRESS_REGION_NOT_SERVED})
"""Real addresses where Microsoft does not sell (data/markets_not_served.json): refused on
purpose, not a rule's mistake."""

# The countries: every ISO 3166-2 code accepted, no false error.
NAMED = ("US", "CA", "AU", "BR", "JP", "IN", "IT", "CN", "DE", "FR", "GB", "MX", "ES", "AR")
NAMED += ("PH", "TH", "UY")
MISMATCH = {
    ErrorCode.ADDRESS_POSTAL_CODE_REGION_MISMATCH,
    ErrorCode.ADDRESS_POSTAL_CODE_REGION_UNCERTAIN,
}
PACKAGE = "countrystatecity-postal-codes"
NOTES = {
    "MM": "The list's seven-digit codes (0101001) are not Myanmar Post's five-digit postcodes "
    "(11181, libaddressinput): not accepted. Unconfirmed either way; a candidate for a warning "
    "if customers write them.",
    "SO": "The list's codes (10001, 1001) lack the two region letters of Somalia's postcodes "
    "(JH 09010, libaddressinput): not accepted.",
    "KY": "The list numbers the islands 01-03; the Cayman Islands have no ISO 3166-2 codes and "
    "libaddressinput names them (Grand Cayman, Cayman Brac, Little Cayman), which are accepted.",
    "IR": "The list gives the first five of Iran's ten digits; completed with the rest of "
    "libaddressinput's example, so only the form of the first half is measured.",
    "NL": "The list gives the four digits of each postcode; completed with two letters from "
    "libaddressinput's example.",
}


def Address(
    country: str, region: str | None, city: str | None, postal_code: str | None
) -> PlainAddress:
    """A list's record as a billing address; the lists have no streets."""
    return PlainAddress(country, region, city, postal_code, "1 Main Street")


@dataclass
class Tally:
    pairs: int = 0
    false_errors: collections.Counter[str] = field(default_factory=collections.Counter)
    false_warnings: collections.Counter[str] = field(default_factory=collections.Counter)
    caught: int = 0
    missed: int = 0
    territory_tried: int = 0
    territory_flagged: int = 0
    in_host_list: int = 0
    """Records of the host's list that are a territory's (US list: PR ZIPs)."""
    iso_tried: int = 0
    iso_refused: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        if len(self.examples) < 5:
            self.examples.append(text)


def load_lists() -> dict[str, list[dict[str, Any]]]:
    """Country -> its records, read from the package's data files."""
    root = resources.files("countrystatecity_postal_codes") / "data" / "by-country"
    lists = {}
    for entry in root.iterdir():
        path = entry / "postcodes.json"
        if path.is_file():
            lists[entry.name] = json.loads(path.read_text(encoding="utf-8"))
    return lists


def full_postcode(ruleset: Ruleset, country: str, record: dict[str, Any]) -> str:
    """The record's code, completed where the list gives only its first part (a UK
    postcode area, a Canadian FSA, a Dutch four-digit area) with the rest of one of
    the country's own examples."""
    code = str(record["code"])
    fmt = load_address_format(ruleset, country)
    if record["type"] == "full" or fmt is None or canonical_postal_code(fmt, code):
        return code
    if code.isalpha():  # a UK-style postcode area: AB, B
        return f"{code}1 1AA"
    for example in fmt.postal_examples:
        if len(example) > len(code) and canonical_postal_code(fmt, code + example[len(code) :]):
            return code + example[len(code) :]
    return code


def hosts_of(ruleset: Ruleset) -> dict[str, list[str]]:
    """Territory market -> the hosts whose postcodes it shares (data/other_markets.json)."""
    found: dict[str, list[str]] = {}
    for host, pairs in ruleset.postcode_markets.items():
        for market in dict.fromkeys(market for _, market in pairs):
            found.setdefault(market, []).append(host)
    for host, patterns in ruleset.postcode_market_patterns.items():
        for _, market in patterns:
            if host not in found.get(market, []):
                found.setdefault(market, []).append(host)
    return found


def measure_country(
    ruleset: Ruleset, country: str, records: list[dict[str, Any]], tally: Tally
) -> None:
    index = load_regions(ruleset, country)
    territories = set(ruleset.territories.get(country, ()))
    territory_regions = ruleset.region_markets.get(country, {})
    codes = sorted(
        code
        for code in {r["stateCode"] for r in records if r["stateCode"]}
        if (found := find_region(index, code)) is None or found.code not in territory_regions
    )
    for record in records:
        postcode, region = full_postcode(ruleset, country, record), record["stateCode"]
        resolved = find_region(index, region) if region else None
        if resolved is not None and resolved.code in ruleset.region_markets.get(country, {}):
            tally.in_host_list += 1  # a territory's record in its host's list
            continue
        address = Address(country, region, record["localityName"], postcode)
        result = check_address(ruleset, address, "billing_address")
        # A field the list does not give is not the rules' mistake when it is required.
        missing = {
            f"billing_address.{part}" for part in ("region", "city") if not getattr(address, part)
        }
        errors = [
            e
            for e in result.errors
            if not (e.code is ErrorCode.ADDRESS_REQUIRED and e.field in missing)
            and e.code not in EMBARGO
        ]
        if territories and any(
            e.code is ErrorCode.ADDRESS_POSTAL_CODE_OTHER_MARKET for e in result.errors
        ):
            tally.in_host_list += 1
            continue
        tally.pairs += 1
        for error in errors:
            tally.false_errors[error.code.value] += 1
            tally.note(f"{postcode} {region}: {error.code.value}")
        for warning in result.warnings:
            if warning.code not in EMBARGO:
                tally.false_warnings[warning.code.value] += 1
        if region in codes and len(codes) > 1:
            other = codes[(codes.index(region) + 1) % len(codes)]
            wrong = check_address(
                ruleset, Address(country, other, address.city, postcode), "billing_address"
            )
            if any(
                f.code in MISMATCH or f.code is ErrorCode.ADDRESS_REGION_OTHER_MARKET
                for f in [*wrong.errors, *wrong.warnings]
            ):
                tally.caught += 1
            else:
                tally.missed += 1


def measure_territory(
    ruleset: Ruleset, market: str, hosts: list[str], records: list[dict[str, Any]], tally: Tally
) -> None:
    for host in hosts:
        for record in records:
            postcode = full_postcode(ruleset, market, record)
            result = check_address(ruleset, Address(host, None, "X", postcode), "billing_address")
            tally.territory_tried += 1
            if any(
                e.code is ErrorCode.ADDRESS_POSTAL_CODE_OTHER_MARKET and f"({market})" in e.message
                for e in result.errors
            ):
                tally.territory_flagged += 1
            else:
                tally.note(f"{postcode} under {host} not flagged as {market}")


def measure_territory_regions(ruleset: Ruleset, tallies: dict[str, Tally]) -> None:
    """Every region code of data/other_markets.json, by code, short code and name."""
    for host, regions in ruleset.region_markets.items():
        index = load_regions(ruleset, host)
        for code, market in regions.items():
            region = index.regions.get(code)
            forms = [code, code.split("-", 1)[1]] + ([region.name] if region else [])
            for form in forms:
                result = check_address(ruleset, Address(host, form, "X", None), "billing_address")
                tally = tallies.setdefault(market, Tally())
                tally.territory_tried += 1
                if any(e.code is ErrorCode.ADDRESS_REGION_OTHER_MARKET for e in result.errors):
                    tally.territory_flagged += 1
                else:
                    tally.note(f"region {form!r} under {host} not flagged as {market}")


def measure_iso_codes(ruleset: Ruleset, country: str, tally: Tally) -> None:
    territory_regions = ruleset.region_markets.get(country, {})
    for sub in pycountry.subdivisions.get(country_code=country) or ():  # type: ignore[no-untyped-call]
        if sub.code in territory_regions:
            continue
        for form in (sub.code, sub.code.split("-", 1)[1]):
            tally.iso_tried += 1
            result = check_address(ruleset, Address(country, form, "X", None), "billing_address")
            refused = any(e.field.endswith(".region") for e in result.errors)
            if refused or result.address is None or result.address.region != sub.code:
                tally.iso_refused.append(form)


def measure_us_cities(ruleset: Ruleset) -> dict[str, int]:
    """The city check on the zipcodes package's own list: every name of every ZIP (the
    data's source, so this measures the folding), and a city of another state's ZIP."""
    import zipcodes

    entries = [z for z in zipcodes.list_all() if z["state"] in {"WA", "NY", "TX", "CA", "FL"}]
    counts = collections.Counter[str]()
    for number, entry in enumerate(entries):
        names = [entry["city"], *entry["acceptable_cities"], *entry["unacceptable_cities"]]
        other = entries[(number + len(entries) // 2) % len(entries)]
        for name in names:
            result = check_address(
                ruleset, Address("US", entry["state"], name, entry["zip_code"]), "billing_address"
            )
            counts["pairs"] += 1
            counts["false"] += any(
                w.code is ErrorCode.ADDRESS_POSTAL_CODE_CITY_MISMATCH for w in result.warnings
            )
        if other["state"] != entry["state"]:
            result = check_address(
                ruleset,
                Address("US", entry["state"], other["city"], entry["zip_code"]),
                "billing_address",
            )
            counts["swapped"] += 1
            counts["caught"] += any(
                w.code is ErrorCode.ADDRESS_POSTAL_CODE_CITY_MISMATCH for w in result.warnings
            )
    return dict(counts)


def _counts(counter: collections.Counter[str]) -> str:
    return ", ".join(f"{code.split('.', 1)[1]} {n}" for code, n in counter.most_common()) or ""


def report(
    ruleset: Ruleset, tallies: dict[str, Tally], cities: dict[str, int], seconds: float
) -> tuple[str, list[str]]:
    version = metadata.version(PACKAGE)
    lines = [
        "# The address rules on real postcode lists",
        "",
        f"`make realdata` (tests/realdata/{Path(__file__).name}), "
        f"rules_version {ruleset.version}, against "
        f"{PACKAGE} {version} (ODbL, derived from GeoNames and national postal data), "
        f"{seconds:.0f} s. Pairs tried are real (postcode, ISO 3166-2 region, place) records "
        "checked as billing addresses; every finding on them is false. Mismatches are the "
        "same postcodes sent with another region of the country. Territories are postcodes "
        "and region codes of markets that can be written under another (data/other_markets.json), "
        "sent under their host. \"+n a territory's\" counts records of a host's list that "
        "belong to a territory market (the US list holds Puerto Rico's ZIPs); they are checked "
        "with that market. Where a country's postcode list (data/postcodes/) is derived from "
        "this same package (CA, GB, DE, JP, IN, MX, ES, IT, NL), its rows agree with it by "
        "construction; docs/realdata_postcodes.md measures those lists against second sources.",
        "",
        "| country | pairs tried | false errors | false warnings | region level "
        "| mismatches caught | missed | territory checks flagged | ISO 3166-2 codes accepted |",
        "|---|---:|---|---|---|---:|---:|---:|---|",
    ]
    failures: list[str] = []
    for country in sorted(tallies):
        t = tallies[country]
        level = ruleset.region_levels.get(country, ruleset.default_region_level)
        listed = ruleset.postcode_lists.get(country)
        if listed is not None and listed.region != "none":
            level = f"{listed.region} (its postcode list)"
        elif not load_regions(ruleset, country).postal:
            level = "none (no region data)"
        territory = f"{t.territory_flagged}/{t.territory_tried}" if t.territory_tried else ""
        iso = f"{t.iso_tried - len(t.iso_refused)}/{t.iso_tried}" if t.iso_tried else ""
        errors = sum(t.false_errors.values())
        pairs = f"{t.pairs:,}" + (f" (+{t.in_host_list:,} a territory's)" if t.in_host_list else "")
        lines.append(
            f"| {country} | {pairs} | {errors:,} {_counts(t.false_errors)} | "
            f"{sum(t.false_warnings.values()):,} {_counts(t.false_warnings)} | {level} | "
            f"{t.caught:,} | {t.missed:,} | {territory} | {iso} |"
        )
        if errors and (country in NAMED or level == "error"):
            failures.append(f"{country}: {errors} false errors, e.g. {t.examples[:3]}")
        if t.territory_flagged != t.territory_tried:
            failures.append(f"{country}: territory let through, e.g. {t.examples[:3]}")
        if t.iso_refused:
            failures.append(f"{country}: ISO codes refused: {t.iso_refused[:10]}")
    total = sum(t.pairs for t in tallies.values())
    lines += [
        "",
        f"{total:,} pairs in {sum(1 for t in tallies.values() if t.pairs)} countries; "
        f"false errors {sum(sum(t.false_errors.values()) for t in tallies.values()):,}.",
        "",
    ]
    notes = [f"- **{c}**: {text}" for c, text in NOTES.items() if c in tallies]
    if notes:
        lines += ["Where the lists and the rules disagree outside the issue's countries:", ""]
        lines += [*notes, ""]
    if cities:
        rate = cities["false"] / max(1, cities["pairs"])
        lines += [
            f"US city check (`address.postal_code_city_mismatch`, a warning) on the zipcodes "
            f"package's own list for WA, NY, TX, CA and FL, every name of every ZIP: "
            f"{cities['pairs']:,} pairs, {cities['false']:,} false warnings ({rate:.2%}); a city "
            f"of another state's ZIP: {cities['caught']:,} of {cities['swapped']:,} caught. "
            "The list is the data's own source, so this measures the folding (case, accents, "
            "punctuation, Saint/St), not the data; countrystatecity's US list has no place names.",
            "",
        ]
        if rate > 0.01:
            failures.append(f"US city check: {rate:.2%} false warnings, over 1%")
    return "\n".join(lines), failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, help="write the table here (markdown)")
    parser.add_argument("--only", nargs="*", help="measure these countries only")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    ruleset = load_ruleset(default_data_dir())
    preload_address_formats(ruleset)
    lists = load_lists()
    hosts = hosts_of(ruleset)
    tallies: dict[str, Tally] = {}
    for country, records in sorted(lists.items()):
        if args.only and country not in args.only:
            continue
        if country not in ruleset.by_code:
            continue
        tally = tallies.setdefault(country, Tally())
        measure_country(ruleset, country, records, tally)
        if country in hosts:
            measure_territory(ruleset, country, hosts[country], records, tally)
        if country in NAMED:
            measure_iso_codes(ruleset, country, tally)
    cities: dict[str, int] = {}
    if not args.only:
        measure_territory_regions(ruleset, tallies)
    if not args.only or "US" in args.only:
        cities = measure_us_cities(ruleset)
    text, failures = report(ruleset, tallies, cities, time.perf_counter() - started)
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    for failure in failures:
        print(f"realdata: {failure}", file=sys.stderr)
    return 1 if failures else 0


@pytest.mark.realdata
def test_address_rules_make_no_false_error_on_real_postcode_lists() -> None:
    """The address rules over real postcode lists: no false error where a disagreement is an
    error, no territory let through (docs/realdata.md)."""
    assert main(["--output", str(ROOT / "docs" / "realdata.md")]) == 0
