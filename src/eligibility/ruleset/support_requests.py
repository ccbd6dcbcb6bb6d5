"""The support requests' files: what a credit request and a subscription validation
request contain (``support_requests.json``, from the seed), and each market's currencies
(``market_currencies.json``, from the Unicode CLDR)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from eligibility.ruleset.files import DataFile, Loaded, Source, Strict, check, check_once

if TYPE_CHECKING:
    from eligibility.ruleset import Ruleset

__all__ = [
    "FILES",
    "Content",
    "MarketCurrencies",
    "ReasonCode",
    "SupportPolicy",
    "market_currencies",
    "support_policy",
]


class Content(Strict):
    """One thing a request must give, in the seed's order."""

    field: str
    name_en: str
    name_fr: str
    seed_span: str


class ReasonCode(Strict):
    code: str
    name_en: str
    name_fr: str


class CreditRequestRules(Strict):
    contents: list[Content]
    acknowledgement_hours: int
    acknowledgement_span: str
    max_period_days: int
    max_name_length: int
    max_reason_length: int
    reason_codes: list[ReasonCode]


class ValidationRequestRules(Strict):
    contents: list[Content]
    confirmed_by_span: str


class SupportRequestsFile(Strict):
    source: Source
    as_of: date
    note: str
    credit_request: CreditRequestRules
    subscription_validation: ValidationRequestRules


class SupportPolicy(msgspec.Struct, frozen=True, kw_only=True):
    """The support requests' rules, as loaded."""

    credit: CreditRequestRules
    validation: ValidationRequestRules
    max_period: timedelta
    reasons: dict[str, ReasonCode]
    source: Source


class MarketCurrenciesFile(Strict):
    source: Source
    as_of: date
    note: str
    also_billed_in: list[str]
    currencies: dict[str, list[str]]


class MarketCurrencies(msgspec.Struct, frozen=True, kw_only=True):
    by_market: dict[str, tuple[str, ...]]
    """Market -> its legal tenders, the main one first."""
    also_billed_in: frozenset[str]
    """Currencies Microsoft bills in beyond a market's own."""


_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")
_CREDIT_FIELDS = ("subscription_id", "customer_name", "amount", "period", "bill_date", "reason")


def _index_support(path: Path, found: SupportRequestsFile, loaded: Loaded) -> dict[str, Any]:
    credit = found.credit_request
    fields = tuple(content.field for content in credit.contents)
    check(fields == _CREDIT_FIELDS, path, f"credit_request contents must be {_CREDIT_FIELDS}")
    check(0 < credit.acknowledgement_hours <= 240, path, "acknowledgement_hours: 1..240")
    check(0 < credit.max_period_days <= 3660, path, "max_period_days: 1..3660")
    check(0 < credit.max_name_length <= credit.max_reason_length <= 10_000, path, "lengths")
    reasons: dict[str, ReasonCode] = {}
    for reason in credit.reason_codes:
        check(bool(_NAME.fullmatch(reason.code)), path, f"bad reason code {reason.code!r}")
        check(reason.code not in reasons, path, f"{reason.code} is listed twice")
        reasons[reason.code] = reason
    validation = tuple(c.field for c in found.subscription_validation.contents)
    check(validation == ("subscription_id", "billing_address"), path, "validation contents")
    policy = SupportPolicy(
        credit=credit,
        validation=found.subscription_validation,
        max_period=timedelta(days=credit.max_period_days),
        reasons=reasons,
        source=found.source,
    )
    return {"support_requests": policy}


def _index_currencies(path: Path, found: MarketCurrenciesFile, loaded: Loaded) -> dict[str, Any]:
    seen: dict[str, tuple[str, ...]] = {}
    iso = re.compile(r"[A-Z]{3}")
    for market, currencies in found.currencies.items():
        check_once(path, market, seen, loaded.known)
        check(bool(currencies), path, f"{market}: no currency")
        check(all(iso.fullmatch(c) for c in currencies), path, f"{market}: bad currency code")
        seen[market] = tuple(currencies)
    also = frozenset(found.also_billed_in)
    check(all(iso.fullmatch(c) for c in also), path, "also_billed_in: bad currency code")
    return {"market_currencies": MarketCurrencies(by_market=seen, also_billed_in=also)}


FILES: tuple[DataFile[Any], ...] = (
    DataFile("support_requests.json", SupportRequestsFile, _index_support),
    DataFile("market_currencies.json", MarketCurrenciesFile, _index_currencies),
)


def support_policy(ruleset: Ruleset) -> SupportPolicy:
    """The support requests' rules of ``ruleset``."""
    found = ruleset.tables["support_requests"]
    assert isinstance(found, SupportPolicy)
    return found


def market_currencies(ruleset: Ruleset) -> MarketCurrencies:
    """Each market's currencies, in ``ruleset``."""
    found = ruleset.tables["market_currencies"]
    assert isinstance(found, MarketCurrencies)
    return found
