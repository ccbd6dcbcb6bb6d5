"""What `make bench` sends: each declared check's bodies, distinct and realistic.

:func:`workloads` iterates :data:`eligibility.checks.CHECKS`: every check has a
maker in :data:`BODIES` (a check without one stops the bench, and
tests/test_bench.py fails), which gives its rows: name -> :class:`Workload`. Beside
each check's row goes its limit row (bench/floor.py's ``LIMITS``): the same bodies
sent to the floor that makes only that check's third-party library calls. Values
come from every region (bench/phone_examples.py's phones; addresses of every market
with a postal format), each body sent once in a distinct row, never one value
repeated through a cache, except in the rows that say "repeated".
"""

from __future__ import annotations

import json
import random
import urllib.request
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from bench.floor import LIMITS
from bench.phone_examples import global_mix
from bench.real_addresses import real_address_bodies
from eligibility.checks import CHECKS, Check
from eligibility.rules.forms import compute_form
from eligibility.ruleset import Ruleset
from eligibility.ruleset.support_requests import market_currencies

__all__ = ["BODIES", "DISTINCT", "Mix", "Workload", "tax_id_bodies", "workloads"]

GET_TARGET = 1.3
POST_TARGET = 1.5
ACCOUNT_SETUP_TARGET = 1.8
CANCELLATION_TARGET = 1.3
TAX_ID_TARGET = 1.3
DISTINCT = 150_000
"""Distinct bodies per distinct-traffic row: more than a row sends, so none repeats."""
COUNT = 3000
"""Bodies of a row whose bodies are each a few random draws (distinct in practice)."""

Body = dict[str, Any]


@dataclass(frozen=True)
class Workload:
    kind: str
    """"get", "post", "floor-get", "floor-post", "limit" (served by the floor: a check's
    least cost, a ratio with no target) or "info" (no target)."""
    lines: list[str]
    target: float | None = None
    warm_up: list[str] | None = None
    """Distinct bodies to warm up with, so that the measured ones are all new."""
    check: str | None = None
    """The declared check this row measures, or whose limit it is."""


def _lines(method: str, items: Sequence[tuple[str, object | None]]) -> list[str]:
    """Request lines for bench/requests.lua: METHOD, path, content type, body."""
    return [
        f"{method}\t{path}\t"
        + ("\t" if body is None else f"application/json\t{json.dumps(body, ensure_ascii=False)}")
        for path, body in items
    ]


def _posts(path: str, bodies: Sequence[Body]) -> list[str]:
    return _lines("POST", [(path, body) for body in bodies])


def _phones(count: int, seed: int) -> list[dict[str, str]]:
    """Distinct company phones as people type them (bench/phone_examples.py): every
    region, weighted towards the large markets, every written form, 1 in 5 invalid."""
    return [{"country": region, "phone": phone} for region, phone in global_mix(count, seed)]


_ADDRESSES = [
    ("US", "WA", "Redmond", "98052", "Microsoft Way"),
    ("US", "WA", "Seattle", "98101", "Pine Street"),
    ("US", "NY", "New York", "10001", "W 34th St"),
    ("US", "CA", "San Francisco", "94105", "Mission Street"),
    ("US", "CA", "San Francisco", "98052", "Market Street"),  # ZIP of another state
    ("CA", "ON", "Toronto", "M5V 3L9", "King Street West"),
    ("AU", "NSW", "Sydney", "2000", "George Street"),
    ("AU", "VIC", "Sydney", "2000", "George Street"),  # postcode of another state
    ("AU", "WA", "Flying Fish Cove", "6798", "Gaze Road"),  # Christmas Island
    ("GB", None, "London", "SW1A 1AA", "Downing Street"),
    ("FR", None, "Paris", "75008", "rue du Faubourg Saint-Honoré"),
    ("FR", None, "Saint-Denis", "97400", "rue de Paris"),  # Réunion
    ("DE", None, "Berlin", "10117", "Unter den Linden"),
    ("JP", "13", "Chiyoda-ku", "100-0001", "Chiyoda"),
    ("BR", "SP", "São Paulo", "01310-100", "Avenida Paulista"),
    ("IN", "MH", "Mumbai", "400001", "Marine Drive"),
    ("US", "WA", "Redmond", "9805", "Microsoft Way"),  # malformed ZIP
]
"""The card-address and account-setup rows' 17 address shapes (kept as they were, so
their rows compare with earlier runs)."""


def _address(rng: random.Random) -> dict[str, str | None]:
    country, region, city, postal, street = rng.choice(_ADDRESSES)
    return {
        "country": country,
        "region": region,
        "city": city,
        "postal_code": postal,
        "line1": f"{rng.randrange(1, 2000)} {street}",
        "line2": None,
    }


def _card_bodies(rng: random.Random, count: int) -> list[Body]:
    bodies = []
    for _ in range(count):
        billing = _address(rng)
        roll = rng.random()
        card = billing if roll < 0.5 else _address(rng) if roll < 0.8 else None
        legal = _address(rng) if rng.random() < 0.3 else None
        bodies.append(
            {"billing_address": billing, "card_address": card, "legal_entity_address": legal}
        )
    return bodies


def _setups(phones: list[dict[str, str]], rng: random.Random) -> list[Body]:
    return [
        {"market": p["country"], "company_phone": p["phone"], **card}
        for p, card in zip(phones, _card_bodies(rng, len(phones)), strict=True)
    ]


def _maybe_typo(number: str, rng: random.Random) -> str:
    """``number`` with one digit changed half of the time."""
    digits = [i for i, ch in enumerate(number) if ch.isdigit()]
    if digits and rng.random() < 0.5:
        i = rng.choice(digits)
        number = number[:i] + str(rng.randrange(10)) + number[i + 1 :]
    return number


def _with_tax_ids(setups: list[Body], ruleset: Ruleset, rng: random.Random) -> list[Body]:
    """Account-setup bodies with a tax ID where the market has a check."""
    found = []
    for setup in setups:
        kinds = ruleset.tax_ids.get(str(setup["market"]).upper(), ())
        tax = {"company_tax_id": _maybe_typo(kinds[0].example, rng)} if kinds else {}
        found.append({**setup, **tax})
    return found


def _search_queries(ruleset: Ruleset) -> list[str]:
    """What a market autocomplete sends: prefixes and whole names, English and French."""
    queries: dict[str, None] = {}
    for market in ruleset.markets:
        for name in (market.name_en, market.name_fr):
            for length in (2, 3, 4, 6, len(name)):
                queries[name[:length]] = None
    return list(queries)


class Mix:
    """What the rows share: the ruleset, one random generator, the phones of every
    region (measured, warm-up and repeated) and the market codes."""

    def __init__(self, ruleset: Ruleset, seed: int, distinct: int) -> None:
        self.ruleset = ruleset
        self.rng = random.Random(seed)
        self.seed = seed
        self.distinct = distinct
        self.codes = [m.code for m in ruleset.markets] + [m.alpha3 for m in ruleset.markets]

    @cached_property
    def repeated_phones(self) -> list[dict[str, str]]:
        return _phones(5000, self.seed)

    @cached_property
    def distinct_phones(self) -> list[dict[str, str]]:
        return _phones(self.distinct, self.seed + 1)

    @cached_property
    def warm_phones(self) -> list[dict[str, str]]:
        return _phones(5000, self.seed + 2)

    @cached_property
    def market_addresses(self) -> list[tuple[str, str | None, str]]:
        """(market, region, postal code) of every market with a postal format: its form's
        regions and postal code examples."""
        found = []
        for market in self.ruleset.markets:
            form = compute_form(self.ruleset, market.code)
            if form is None:
                continue
            postal = next((f.postal_code for f in form.address.fields if f.postal_code), None)
            regions = [r.code for r in form.address.regions or ()] or [None]
            for i, example in enumerate(postal.examples if postal else [""]):
                found.append((market.code, regions[i % len(regions)], example))
        return found


Rows = dict[str, Workload]
Maker = Callable[[Check, Mix], Rows]


def _reservation(check: Check, mix: Mix) -> Rows:
    bodies = [{"market": c} for c in mix.codes]
    return {f"POST {check.path}": Workload("post", _posts(check.path, bodies), POST_TARGET)}


def _quote(check: Check, mix: Mix) -> Rows:
    rng, quotes = mix.rng, []
    for _ in range(COUNT):
        market, currency, decimals = rng.choice(
            [
                ("AU", "AUD", 2),
                ("BR", "BRL", 2),
                ("US", "USD", 2),
                ("JP", "JPY", 0),
                ("GB", "GBP", 2),
                ("KW", "KWD", 3),
            ]
        )
        amount = f"{rng.randrange(1, 10**6) / 10**decimals:.{decimals}f}"
        quotes.append({"market": market, "amount": amount, "currency": currency})
    return {f"POST {check.path}": Workload("post", _posts(check.path, quotes), POST_TARGET)}


def tax_id_bodies(ruleset: Ruleset, rng: random.Random, count: int) -> list[Body]:
    """Distinct tax IDs of every market with a check: each kind's example, half of them
    with a typo, spaced as people type them."""
    examples = [(k.market, k.example) for kinds in ruleset.tax_ids.values() for k in kinds]
    bodies, seen = [], set()
    while len(bodies) < count:
        market, number = rng.choice(examples)
        number = _maybe_typo(number, rng)
        number = rng.choice([number, number.replace(" ", ""), " ".join(number)])
        if (market, number) not in seen:
            seen.add((market, number))
            bodies.append({"market": market, "tax_id": number})
    return bodies


def _tax_id(check: Check, mix: Mix) -> Rows:
    bodies = tax_id_bodies(mix.ruleset, mix.rng, COUNT)
    return {f"POST {check.path}": Workload("post", _posts(check.path, bodies), TAX_ID_TARGET)}


def _cancellation(check: Check, mix: Mix) -> Rows:
    """Distinct orders: every product, purchase times over two years in offsets from
    -12:00 to +14:00, asked about inside and after the window."""
    rng = mix.rng
    products = ["perpetual_software", "software_subscription", "suse_software_plan"]
    products.append("red_hat_software_plan")
    bodies = []
    for _ in range(COUNT):
        offset = rng.randrange(-12 * 4, 14 * 4 + 1) * 15
        sign, minutes = ("+" if offset >= 0 else "-"), abs(offset)
        day = rng.randrange(1, 28)
        bought = f"2026-{rng.randrange(1, 13):02d}-{day:02d}T{rng.randrange(24):02d}:"
        bought += f"{rng.randrange(60):02d}:{rng.randrange(60):02d}"
        bought += f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
        at = f"2027-{rng.randrange(1, 4):02d}-{day:02d}T12:00:00Z"
        bodies.append({"product": rng.choice(products), "purchased_at": bought, "at": at})
    return {f"POST {check.path}": Workload("post", _posts(check.path, bodies), CANCELLATION_TARGET)}


def _company_phone(check: Check, mix: Mix) -> Rows:
    path = check.path
    return {
        f"POST {path} (distinct, global mix)": Workload(
            "post", _posts(path, mix.distinct_phones), POST_TARGET, _posts(path, mix.warm_phones)
        ),
        f"POST {path} (5,000 repeated)": Workload("info", _posts(path, mix.repeated_phones)),
    }


def _card_address(check: Check, mix: Mix) -> Rows:
    bodies = _card_bodies(mix.rng, COUNT)
    real = real_address_bodies(mix.ruleset, mix.rng, COUNT)
    warm = real_address_bodies(mix.ruleset, random.Random(mix.seed + 3), COUNT)
    markets = len({body["billing_address"]["country"] for body in real})
    return {
        f"POST {check.path}": Workload("post", _posts(check.path, bodies), POST_TARGET),
        f"POST {check.path} (real codes of {markets} markets' lists)": Workload(
            "post", _posts(check.path, real), POST_TARGET, _posts(check.path, warm)
        ),
    }


def _account_setup(check: Check, mix: Mix) -> Rows:
    path, rng, ruleset = check.path, mix.rng, mix.ruleset
    return {
        f"POST {path} (distinct)": Workload(
            "post",
            _posts(path, _setups(mix.distinct_phones, rng)),
            ACCOUNT_SETUP_TARGET,
            _posts(path, _setups(mix.warm_phones, rng)),
        ),
        f"POST {path} (distinct, with tax IDs)": Workload(
            "info",
            _posts(path, _with_tax_ids(_setups(mix.distinct_phones, rng), ruleset, rng)),
            None,
            _posts(path, _with_tax_ids(_setups(mix.warm_phones, rng), ruleset, rng)),
        ),
        f"POST {path} (3,000 repeated)": Workload(
            "info", _posts(path, _setups(mix.repeated_phones[:3000], rng))
        ),
    }


def _subscription_id(rng: random.Random) -> str:
    """A GUID as partners paste it: mostly canonical, some in capitals, in braces or
    without hyphens, 1 in 20 with a character that is not hexadecimal."""
    value = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    roll = rng.random()
    if roll < 0.1:
        value = value.upper()
    elif roll < 0.15:
        value = "{" + value + "}"
    elif roll < 0.2:
        value = value.replace("-", "")
    elif roll < 0.25:
        value = value[:7] + "g" + value[8:]
    return value


_STREETS = ["Main Street", "rue Haute", "Hauptstr.", "Calle Mayor", "Jalan Merdeka"]


def _market_address(mix: Mix) -> dict[str, str | None]:
    """An address of any market with a postal format, its form's region and postal code
    example; 1 in 10 with the postal code cut short."""
    rng = mix.rng
    market, region, postal = rng.choice(mix.market_addresses)
    if rng.random() < 0.1:
        postal = postal[:-1]
    return {
        "country": market,
        "region": region,
        "city": rng.choice(["Springfield", "Port Louis", "Saint-Pierre", "Neustadt", "Victoria"]),
        "postal_code": postal or None,
        "line1": f"{rng.randrange(1, 9999)} {rng.choice(_STREETS)}",
        "line2": None,
    }


_CUSTOMERS = [
    "Contoso",
    "Fabrikam",
    "Northwind Traders",
    "Tailspin Toys",
    "Woodgrove Bank",
    "Adventure Works",
    "Société Générale de Logiciels",
    "Müller & Söhne",
    "株式会社コントソ",
    "Ωmega Λtd",
    "Compañía Andina",
]
_REASONS = [
    "Virtual machines unavailable from {0} to {1} October.",
    "Charged twice for the {0} invoice; order {1}.",
    "Seats cancelled on day {0}, billed until day {1}.",
    "Storage billed at the wrong tier between {0} and {1} November.\nSee the ticket.",
]
_REASON_CODES = [
    "service_outage",
    "billing_error",
    "duplicate_charge",
    "cancelled_purchase",
    "other",
    None,
    "goodwill",
]
_ZERO_DECIMALS = frozenset({"JPY", "KRW", "CLP", "ISK", "VND", "XAF", "XOF", "UGX", "PYG"})


def _credit_request(check: Check, mix: Mix) -> Rows:
    """Credit requests of every market in its currencies (1 in 10 in another's), amounts
    to the currency's digits, periods of 2026 with their bill dates, names and reasons
    in several scripts."""
    rng, by_market = mix.rng, market_currencies(mix.ruleset).by_market
    markets = sorted(by_market)
    bodies = []
    for _ in range(COUNT):
        market = rng.choice(markets)
        currency = rng.choice(by_market[rng.choice(markets) if rng.random() < 0.1 else market])
        decimals = 0 if currency in _ZERO_DECIMALS else 2
        amount = f"{rng.randrange(1, 10**7) / 10**decimals:.{decimals}f}"
        month = rng.randrange(1, 12)
        start, end = rng.randrange(1, 15), rng.randrange(15, 29)
        bodies.append(
            {
                "market": rng.choice([market, market.lower()]),
                "subscription_id": _subscription_id(rng),
                "customer_name": f"{rng.choice(_CUSTOMERS)} {rng.randrange(1, 10_000)}",
                "amount": amount,
                "currency": currency,
                "period": {
                    "start": f"2026-{month:02d}-{start:02d}",
                    "end": f"2026-{month:02d}-{end:02d}",
                },
                "bill_date": f"2026-{month + 1:02d}-{rng.randrange(1, 29):02d}",
                "reason": rng.choice(_REASONS).format(start, end),
                "reason_code": rng.choice(_REASON_CODES),
                "as_of": "2026-12-02",
            }
        )
    return {f"POST {check.path}": Workload("post", _posts(check.path, bodies))}


def _subscription_validation(check: Check, mix: Mix) -> Rows:
    bodies = [
        {"subscription_id": _subscription_id(mix.rng), "billing_address": _market_address(mix)}
        for _ in range(COUNT)
    ]
    return {f"POST {check.path}": Workload("post", _posts(check.path, bodies))}


BODIES: dict[str, Maker] = {
    "account_setup": _account_setup,
    "cancellation": _cancellation,
    "card_address": _card_address,
    "company_phone": _company_phone,
    "credit_request": _credit_request,
    "quote": _quote,
    "reservation": _reservation,
    "subscription_validation": _subscription_validation,
    "tax_id": _tax_id,
}
"""Check name -> its rows. Every check in CHECKS has one (tests/test_bench.py)."""


def _limits(rows: Rows, check: Check) -> Rows:
    """Each measured row of ``check`` (not the repeated ones) and its limit row beside it:
    the same bodies and warm-up sent to the floor's limit of the check."""
    declared = LIMITS.get(check.name)
    found: Rows = {}
    for endpoint, load in rows.items():
        found[endpoint] = Workload(load.kind, load.lines, load.target, load.warm_up, check.name)
        if declared is None or "repeated" in endpoint:
            continue
        path, libraries = declared
        moved = [line.replace(f"\t{check.path}\t", f"\t{path}\t", 1) for line in load.lines]
        warm = load.warm_up and [
            line.replace(f"\t{check.path}\t", f"\t{path}\t", 1) for line in load.warm_up
        ]
        name = endpoint.replace(f"POST {check.path}", f"limit {check.command}", 1)
        found[f"{name}: floor + {libraries}"] = Workload("limit", moved, None, warm, check.name)
    return found


def workloads(ruleset: Ruleset, seed: int = 7, distinct: int = DISTINCT) -> dict[str, Workload]:
    """Every row: the floors, the market look-ups, then each declared check's rows with
    their limits."""
    mix = Mix(ruleset, seed, distinct)
    rng, codes = mix.rng, mix.codes
    found: Rows = {
        "GET /floor": Workload("floor-get", _lines("GET", [("/floor", None)])),
        "POST /floor": Workload("floor-post", _posts("/floor", [{"market": c} for c in codes])),
        "GET /v1/markets/{code}": Workload(
            "get",
            _lines("GET", [(f"/v1/markets/{rng.choice([c, c.lower()])}", None) for c in codes]),
            GET_TARGET,
        ),
        "GET /v1/markets?q=": Workload(
            "get",
            _lines(
                "GET",
                [
                    ("/v1/markets?q=" + urllib.request.quote(q), None)
                    for q in _search_queries(ruleset)
                ],
            ),
            GET_TARGET,
        ),
    }
    for check in CHECKS:
        maker = BODIES.get(check.name)
        if maker is None:
            raise SystemExit(f"bench: no workload for the check {check.name} (bench/workloads.py)")
        found.update(_limits(maker(check, mix), check))
    return found
