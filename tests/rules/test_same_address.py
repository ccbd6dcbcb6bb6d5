"""The card's own address written another way is the same address; another house number
or postcode is not. A generated set over every market with a postal code form: the
country as alpha-2 and as alpha-3 in any case, the postal code in its written form and
compacted (prefix, spaces and hyphens dropped, lower case), the street abbreviated,
folded and transliterated (issue 34's first part)."""

from __future__ import annotations

import re
from collections import Counter

from eligibility.rules.card_address import check_card_address
from eligibility.rules.postal import PlainAddress, load_address_format
from eligibility.ruleset import Ruleset

STREETS = (
    ("12 Main Street", "12 main st."),
    ("12 North Main Street", "12 N Main St"),
    ("Königstraße 12", "Koenigstrasse 12"),
    ("Königstraße 12", "Königstr. 12"),
    ("12 Rue de la Paix", "12 rue de la paix"),
    ("Calle Mayor 12", "CALLE MAYOR 12"),
    ("12A Avenue Road", "12 a Ave Rd"),
)


def _compact(code: str, prefixes: tuple[str, ...]) -> str:
    for prefix in prefixes:
        core = prefix.strip(" -")
        if core and code.startswith(core):
            code = code[len(core) :]
    return re.sub(r"[\s-]", "", code).lower()


def _other(code: str) -> str:
    """The same code with its last digit changed: another code of the same form."""
    digits = [i for i, ch in enumerate(code) if ch.isdigit()]
    last = digits[-1]
    return code[:last] + str((int(code[last]) + 1) % 10) + code[last + 1 :]


def _pairs(ruleset: Ruleset) -> list[tuple[str, PlainAddress, PlainAddress, PlainAddress]]:
    """(market, billing, the card's address written another way, another address)."""
    pairs = []
    for market in ruleset.markets:
        fmt = load_address_format(ruleset, market.code)
        if fmt is None or fmt.postal_pattern is None or not fmt.postal_examples:
            continue
        code = fmt.postal_examples[0]
        if not any(ch.isdigit() for ch in code):
            continue
        for typed, written in STREETS:
            billing = PlainAddress(market.code, None, "Town", code, typed)
            card = PlainAddress(
                market.alpha3.lower(), None, None, _compact(code, fmt.prefixes), written
            )
            other = PlainAddress(market.alpha3, None, None, _other(code), typed.replace("12", "13"))
            pairs.append((market.code, billing, card, other))
    return pairs


def test_the_same_address_written_two_ways_is_never_a_mismatch(ruleset: Ruleset) -> None:
    pairs = _pairs(ruleset)
    assert len({market for market, *_ in pairs}) >= 100  # markets with a postal code form
    false_mismatches = Counter(
        market
        for market, billing, card, _ in pairs
        if check_card_address(ruleset, billing, card).avs.code != "Y"
    )
    assert false_mismatches == Counter(), false_mismatches


def test_another_house_number_and_another_postcode_are_always_caught(ruleset: Ruleset) -> None:
    missed = Counter(
        market
        for market, billing, _, other in _pairs(ruleset)
        if check_card_address(ruleset, billing, other).avs.code != "N"
    )
    assert missed == Counter(), missed
