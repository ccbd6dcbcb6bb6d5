"""A realistic customer file for `make bench`'s check-file row: distinct values, every region.

Company phones come from bench/phone_examples.global_mix (libaddressinput's
example numbers of every region, every written form, weighted towards the large
markets, about 1 in 5 invalid, none repeated). US billing addresses are real ZIPs
with their state and city from data/postcodes; other markets use their postal
code examples and, where they list regions, one of them. About 1 in 10 addresses
is given another region, a malformed postal code or a missing street. Seven in ten
companies of a market with a tax ID check give its example number.
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

from bench.phone_examples import global_mix
from eligibility.batch import COLUMNS
from eligibility.rules.forms import compute_form
from eligibility.ruleset import Ruleset

__all__ = ["write_customers"]


def _addresses(ruleset: Ruleset) -> dict[str, list[tuple[str | None, str]]]:
    """Market -> (region, postal code) pairs its forms accept."""
    found: dict[str, list[tuple[str | None, str]]] = {}
    for market in ruleset.markets:
        form = compute_form(ruleset, market.code)
        if form is None:
            continue
        postal = next((f.postal_code for f in form.address.fields if f.postal_code), None)
        regions = [r.code for r in form.address.regions or ()] or [None]
        examples = postal.examples if postal else [""]
        found[market.code] = [(regions[i % len(regions)], e) for i, e in enumerate(examples)]
    return found


def write_customers(ruleset: Ruleset, path: Path, rows: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    us_zips = sorted(ruleset.postcode_places["US"].items())
    addresses = _addresses(ruleset)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", *COLUMNS])
        for number, (market, phone) in enumerate(global_mix(rows, seed), 1):
            if market == "US":
                zip_code, place = rng.choice(us_zips)
                region, postal, city = place.region, zip_code, place.city
            else:
                region, postal = rng.choice(addresses.get(market) or [(None, "")])
                city = "Springfield"
            line1 = f"{rng.randrange(1, 9999)} Main Street"
            roll = rng.random()
            if roll < 0.04:
                postal = postal[:-1]
            elif roll < 0.07:
                line1 = ""
            elif roll < 0.10 and market == "US":
                region = rng.choice(["CA", "NY", "TX"])
            kinds = ruleset.tax_ids.get(market, ())
            tax_id = kinds[0].example if kinds and rng.random() < 0.7 else ""
            row = [market, phone, market, region or "", city, postal, line1, "", tax_id]
            writer.writerow([f"C{number:07d}", *row])


if __name__ == "__main__":
    from eligibility.ruleset import load_ruleset
    from eligibility.settings import default_data_dir

    write_customers(load_ruleset(default_data_dir()), Path(sys.argv[1]), int(sys.argv[2]))
