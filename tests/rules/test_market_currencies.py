"""data/market_currencies.json is what its builder derives from the pinned Babel's CLDR
data, and every market of the catalogue but Antarctica has a currency."""

from __future__ import annotations

import json
from pathlib import Path

from derive.market_currencies import document, render
from eligibility.ruleset import Ruleset
from eligibility.ruleset.support_requests import market_currencies


def test_the_file_is_what_the_pinned_cldr_gives(data_dir: Path, ruleset: Ruleset) -> None:
    committed = (data_dir / "market_currencies.json").read_text(encoding="utf-8")
    assert committed == render(document([m.code for m in ruleset.markets]))


def test_every_market_with_a_currency_is_loaded(data_dir: Path, ruleset: Ruleset) -> None:
    found = market_currencies(ruleset)
    raw = json.loads((data_dir / "market_currencies.json").read_text(encoding="utf-8"))
    assert len(found.by_market) == len(raw["currencies"]) == len(ruleset.markets) - 1
    assert set(ruleset.by_code) >= set(found.by_market)
    assert "AQ" not in found.by_market
    assert found.by_market["FR"] == ("EUR",)
    assert found.by_market["PA"] == ("PAB", "USD")
