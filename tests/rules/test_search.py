"""Market name search: English, French, source and former names, best match first."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eligibility.rules.markets import search_markets
from eligibility.ruleset import Ruleset


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Germany", "DE"),
        ("allemagne", "DE"),
        ("ALLEM", "DE"),
        ("Swaziland", "SZ"),
        ("eswatini", "SZ"),
        ("Burma", "MM"),
        ("Birmanie", "MM"),
        ("niger", "NE"),
        ("nigeria", "NG"),
        ("nigé", "NE"),
        ("norway", "NO"),
        ("norvège", "NO"),
        ("serbia", "RS"),
        ("Serbie", "RS"),
        ("Netherlands", "NL"),
        ("pays-bas", "NL"),
        ("États-Unis", "US"),
        ("etats unis", "US"),
        ("royaume-uni", "GB"),
        ("kingdom", "GB"),
        ("Côte d’Ivoire", "CI"),
        ("cote d'ivoire", "CI"),
        ("Ivory Coast", "CI"),
        ("kosovo", "XK"),
        ("us", "US"),
        ("deu", "DE"),
        ("ÅLAND", "AX"),
        ("Congo (RDC)", "CD"),
        ("Zaire", "CD"),
        ("Czech Republic", "CZ"),
        ("Turkey", "TR"),
        ("zegovina", "BA"),
    ],
)
def test_best_match_comes_first(ruleset: Ruleset, query: str, first: str) -> None:
    assert search_markets(ruleset, query)[0].code == first


def test_whole_name_then_name_prefix_then_later_word(ruleset: Ruleset) -> None:
    # Guinea, Guinea-Bissau, then Papua New Guinea and Equatorial Guinea (shorter first).
    assert [m.code for m in search_markets(ruleset, "guinea")][:4] == ["GN", "GW", "PG", "GQ"]
    assert [m.code for m in search_markets(ruleset, "niger")] == ["NE", "NG"]


@pytest.mark.parametrize("query", ["", "   ", "!!!", "qqqqqq", "x" * 500])
def test_no_match_is_an_empty_list(ruleset: Ruleset, query: str) -> None:
    assert search_markets(ruleset, query) == []


def test_results_are_unique_markets(ruleset: Ruleset) -> None:
    found = search_markets(ruleset, "saint")
    assert len(found) > 5
    assert len({m.code for m in found}) == len(found)


@given(st.text(max_size=120))
def test_any_text_is_searchable_without_error(ruleset: Ruleset, query: str) -> None:
    found = search_markets(ruleset, query)
    assert len({m.code for m in found}) == len(found)
    assert all(m in ruleset.markets for m in found)
