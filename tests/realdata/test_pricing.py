"""`make realdata`, pricing: the quote's currency rules over every ISO 4217 code.

Third-party data: pycountry's ISO 4217 list (every code) and the Unicode CLDR's
currency digits (through Babel), which is what many checkouts format prices
with. For each code pycountry lists:

- a code in data/currencies.json's ``not_for_pricing`` must be refused
  (``currency.not_for_pricing``);
- any other code must be known, and an amount written to CLDR's digits must be
  quoted (a refusal is a false error: a checkout formatting with CLDR would be
  refused);
- one non-zero decimal past the ISO 4217 minor unit must be refused (a quote of
  it is a miss).

Writes docs/realdata_pricing.md and exits 1 on any false error or miss.
"""

from __future__ import annotations

import argparse
from decimal import Decimal
from pathlib import Path

import babel
import pycountry
import pytest
from babel.numbers import get_currency_precision

from eligibility.rules.pricing import check_quote
from eligibility.ruleset import load_ruleset
from eligibility.settings import default_data_dir
from tests.conftest import ROOT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args(argv)
    ruleset = load_ruleset(default_data_dir())
    codes = sorted(c.alpha_3 for c in pycountry.currencies)
    refused: list[str] = []
    priced: list[str] = []
    false_errors: list[str] = []
    misses: list[str] = []
    fewer_digits: list[str] = []
    for code in codes:
        if code in ruleset.not_for_pricing:
            errors = check_quote(ruleset, "US", Decimal(1), code).errors
            (refused if errors else misses).append(code)
            continue
        ours = ruleset.minor_units.get(code)
        if ours is None:
            misses.append(f"{code} (unknown)")
            continue
        priced.append(code)
        cldr = get_currency_precision(code)
        if cldr != ours:
            fewer_digits.append(f"{code} (ISO {ours}, CLDR {cldr})")
        amount = Decimal("1234." + "5" * cldr) if cldr else Decimal(1234)
        errors = check_quote(ruleset, "US", amount, code).errors
        if errors:
            false_errors.append(f"{code} {amount}")
        errors = check_quote(ruleset, "US", Decimal("1." + "0" * ours + "1"), code).errors
        if not errors:
            misses.append(f"{code} (one decimal past {ours} quoted)")
    lines = [
        "# Pricing rules on real data",
        "",
        f"`make realdata` (tests/realdata/test_pricing.py), rules_version {ruleset.version}: "
        f"every ISO 4217 code of pycountry {pycountry.__version__} against the Unicode "
        f"CLDR's currency digits (Babel {babel.__version__}).",
        "",
        "| codes | refused as not for pricing | priced | false errors | misses |",
        "|---:|---:|---:|---:|---:|",
        f"| {len(codes)} | {len(refused)} | {len(priced)} | {len(false_errors)} | {len(misses)} |",
        "",
        f"- False errors (an amount at CLDR's digits refused): "
        f"{', '.join(false_errors) or 'none'}.",
        f"- Misses (a code unknown, or a decimal past the minor unit quoted): "
        f"{', '.join(misses) or 'none'}.",
        f"- Where CLDR's digits differ from the minor units in data/currencies.json "
        f"({len(fewer_digits)}): {', '.join(fewer_digits) or 'none'}.",
        "- Misses are measured against the minor units in data/currencies.json (ISO 4217): "
        "no second source of ISO minor units is at hand; CLDR's digits are what checkouts "
        "format with, not ISO's.",
        "",
    ]
    args.output.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 1 if false_errors or misses else 0


@pytest.mark.realdata
def test_quote_currency_rules_agree_with_cldr() -> None:
    """The quote's currency rules over every ISO 4217 code (docs/realdata_pricing.md)."""
    assert main(["--output", str(ROOT / "docs" / "realdata_pricing.md")]) == 0
