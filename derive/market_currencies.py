"""Write data/market_currencies.json from the Unicode CLDR's territory currencies (Babel).

For each market of data/ (ISO 3166-1 and the extra markets), the currencies that are
legal tender there on AS_OF, as CLDR's supplemental data gives them, the main one first.
`make market-currencies` runs this; tests/rules/test_market_currencies.py checks that the
committed file is what the pinned Babel gives. CLDR data is under the Unicode License
v3 (permissive: redistribution with its notice, data/LICENSE-unicode.txt).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import babel
from babel.numbers import get_territory_currencies

from eligibility.ruleset import load_ruleset

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "data" / "market_currencies.json"
AS_OF = date(2026, 12, 1)


def market_currencies(codes: list[str]) -> dict[str, list[str]]:
    """Market -> its legal tenders on AS_OF (CLDR); markets with none are left out."""
    found = {}
    for code in sorted(codes):
        tenders = get_territory_currencies(code, AS_OF, tender=True)
        if tenders:
            found[code] = list(tenders)
    return found


def document(codes: list[str]) -> dict[str, object]:
    return {
        "source": {
            "document": (
                f"Unicode CLDR supplemental currency data, through Babel {babel.__version__}"
                " (derive/market_currencies.py; Unicode License v3,"
                " data/LICENSE-unicode.txt)"
            ),
            "title": "Territory currencies (legal tender)",
            "section": "supplementalData.xml currencyData/region",
            "published": AS_OF.isoformat(),
        },
        "as_of": AS_OF.isoformat(),
        "note": (
            "A market's legal tenders, the main one first. Microsoft bills many markets in "
            "another currency (USD or EUR), so a credit request in a currency that is none of "
            "these and not in also_billed_in is a warning, never an error."
        ),
        "also_billed_in": ["EUR", "USD"],
        "currencies": market_currencies(codes),
    }


def render(found: dict[str, object]) -> str:
    """The document as JSON, one market a line."""
    head = {k: v for k, v in found.items() if k != "currencies"}
    text = json.dumps(head, ensure_ascii=False, indent=2)[:-2]
    markets = found["currencies"]
    assert isinstance(markets, dict)
    lines = ",\n".join(f"    {json.dumps(k)}: {json.dumps(v)}" for k, v in markets.items())
    return f'{text},\n  "currencies": {{\n{lines}\n  }}\n}}\n'


def main() -> int:
    ruleset = load_ruleset(ROOT / "data")
    OUTPUT.write_text(render(document([m.code for m in ruleset.markets])), encoding="utf-8")
    print(f"{OUTPUT}: {len(ruleset.markets)} markets from Babel {babel.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
