"""Card addresses drawn from the shipped postcode lists of every market that has one.

The card-address row's 17 shapes (bench/workloads.py) keep their rows comparable with
earlier runs; this row is what a worker meets when customers come from everywhere:
each body's billing address is a real code of one of the listed markets, in its
written form, with its own place and region where the list gives them. Markets are
drawn evenly, so every list is parsed and looked up, not only the large ones. Of the
bodies, about 1 in 10 names a place of another of the market's codes, 1 in 10 a
code the list lacks (its last digit or letter changed, where a change finds one), and
1 in 5 a card address of another real code: the lookups, the nearest-code search and
the AVS comparison all run. A territory's code on its host's list (FR 97130 is
Guadeloupe's) is left out, as are lists whose keys are only part of a code
(lists.json ``unit: part``: the Netherlands' four digits, Brazil's CEP sectors): their
keys are not addresses.
"""

from __future__ import annotations

import itertools
import random
import string
from typing import Any

from eligibility.rules.forms import compute_form
from eligibility.rules.postal import canonical_postal_code, compact, load_address_format
from eligibility.rules.territories import other_market_postcode
from eligibility.ruleset import Ruleset

__all__ = ["PER_MARKET", "real_address_bodies"]

PER_MARKET = 60
"""Codes taken from each market's list (all of a smaller list's)."""

Address = dict[str, str | None]


_STREETS = ["Main Street", "Rue de la Gare", "Hauptstraße", "Via Roma", "Calle Mayor", "Ring"]


def _street(rng: random.Random) -> str:
    return f"{rng.randrange(1, 10_000)} {rng.choice(_STREETS)}"


def _sample(listed: Any, rng: random.Random) -> list[str]:
    """Up to PER_MARKET keys spread over the whole list, without making a list of all
    its keys (Great Britain has 1.74 million)."""
    size = len(listed)
    if size <= PER_MARKET:
        return list(listed)
    step = size // PER_MARKET
    start = rng.randrange(step)
    return list(itertools.islice(listed, start, None, step))[:PER_MARKET]


def _changed(key: str, rng: random.Random) -> str:
    """``key`` with its last character changed, as a mistyped code is."""
    pool = string.digits if key[-1].isdigit() else string.ascii_uppercase
    return key[:-1] + rng.choice([c for c in pool if c != key[-1]])


def market_codes(ruleset: Ruleset, rng: random.Random) -> dict[str, list[Address]]:
    """Market -> addresses of real codes of its list (written form, place, region)."""
    found: dict[str, list[Address]] = {}
    for country in sorted(ruleset.postcode_places):
        declared = ruleset.postcode_lists[country]
        fmt = load_address_format(ruleset, country)
        if declared.unit != "code" or fmt is None or country not in ruleset.by_code:
            continue
        listed = ruleset.postcode_places[country]
        form = compute_form(ruleset, country)
        regions = [r.code for r in form.address.regions or ()] if form is not None else []
        if "region" in fmt.required and not regions:
            continue  # no region to give it (AS, CR): not an address anyone could submit
        needs_region = "region" in fmt.required
        addresses = []
        market = ruleset.by_code[country]
        for key in _sample(listed, rng):
            written = canonical_postal_code(fmt, key)
            place = listed.get(key)
            if written is None or place is None:
                continue
            if other_market_postcode(ruleset, market, written) is not None:
                continue  # a territory's code on its host's list (FR 97130, US 00652)
            region = place.region or (rng.choice(regions) if needs_region else None)
            addresses.append(
                {
                    "country": country,
                    "region": region,
                    "city": place.city or "Centre",
                    "postal_code": written,
                    "line1": _street(rng),
                    "line2": None,
                }
            )
        if addresses:
            found[country] = addresses
    return found


def _mistyped(ruleset: Ruleset, address: Address, rng: random.Random) -> str | None:
    """The address's code with its last character changed so that the list lacks it (a
    few tries: in a dense list most changes give another real code), or None."""
    country, written = str(address["country"]), str(address["postal_code"])
    fmt = load_address_format(ruleset, country)
    for _ in range(20):
        mistyped = canonical_postal_code(fmt, _changed(written, rng)) if fmt else None
        if mistyped is not None and ruleset.postcode_place(country, compact(mistyped)) is None:
            return mistyped
    return None


def _billing(ruleset: Ruleset, addresses: list[Address], rng: random.Random) -> Address:
    address = {**rng.choice(addresses), "line1": _street(rng)}
    roll = rng.random()
    if roll < 0.1:  # a place of another of the market's codes
        address["city"] = rng.choice(addresses)["city"]
    elif roll < 0.2:  # a code the list lacks
        address["postal_code"] = _mistyped(ruleset, address, rng) or address["postal_code"]
    return address


def real_address_bodies(ruleset: Ruleset, rng: random.Random, count: int) -> list[dict[str, Any]]:
    """``count`` card-address bodies over every listed market, drawn evenly."""
    by_market = market_codes(ruleset, rng)
    markets = sorted(by_market)
    bodies = []
    for index in range(count):
        addresses = by_market[markets[index % len(markets)]]
        billing = _billing(ruleset, addresses, rng)
        card = {**rng.choice(addresses), "line1": _street(rng)} if rng.random() < 0.2 else billing
        bodies.append({"billing_address": billing, "card_address": card})
    return bodies
