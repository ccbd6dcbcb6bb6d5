"""``POST /v1/pricing/quote``: is this price tax-inclusive, and how much tax does it hold?"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Final

import msgspec
from msgspec import Meta

from eligibility.answers import CheckResult
from eligibility.checks.declaration import Arg, Case, Check
from eligibility.checks.fields import CurrencyCode, MarketCode, RequestBody, amount_meta
from eligibility.rules.pricing import Quote, QuoteFindings, check_quote
from eligibility.ruleset import Ruleset

__all__ = ["CHECK", "PriceQuote", "QuoteRequest", "QuoteResult", "TaxSplit"]


class QuoteRequest(RequestBody):
    market: MarketCode
    amount: Annotated[str, amount_meta("The price", "110.00")]
    currency: CurrencyCode


class TaxSplit(msgspec.Struct, frozen=True, kw_only=True):
    name: Annotated[str, Meta(description="The tax's name.", examples=["GST"])]
    rate: Annotated[str, Meta(description="The rate, as a decimal string.", examples=["0.10"])]
    amount: Annotated[str, Meta(description="Tax held in the price.", examples=["10.00"])]
    net_amount: Annotated[str, Meta(description="Price less tax.", examples=["100.00"])]


class PriceQuote(msgspec.Struct, frozen=True, kw_only=True):
    market: Annotated[str, Meta(description="The market's ISO 3166-1 alpha-2 code.")]
    tax_inclusive: Annotated[
        bool, Meta(description="True where commercial prices include tax (Australia, Brazil).")
    ]
    amount: Annotated[
        str,
        Meta(description="The price, written to the currency's minor unit.", examples=["110.00"]),
    ]
    currency: Annotated[str, Meta(description="ISO 4217 code, in capitals.", examples=["AUD"])]
    tax: Annotated[
        TaxSplit | None,
        Meta(description="The tax held in a tax-inclusive price, where the market has one rate."),
    ]


class QuoteResult(CheckResult, frozen=True, kw_only=True):
    quote: Annotated[
        PriceQuote | None,
        Meta(description="The quote; null when `valid` is false."),
    ]


def price_quote(quote: Quote | None) -> PriceQuote | None:
    """The rules' Decimal quote in the API's form: decimal strings."""
    if quote is None:
        return None
    tax = quote.tax
    return PriceQuote(
        market=quote.market,
        tax_inclusive=quote.tax_inclusive,
        amount=str(quote.amount),
        currency=quote.currency,
        tax=None
        if tax is None
        else TaxSplit(
            name=tax.name,
            rate=str(tax.rate),
            amount=str(tax.amount),
            net_amount=str(tax.net_amount),
        ),
    )


def run(ruleset: Ruleset, request: QuoteRequest, lang: str) -> QuoteFindings:
    return check_quote(ruleset, request.market, Decimal(request.amount), request.currency, lang)


def present(findings: QuoteFindings) -> dict[str, Any]:
    return {"quote": price_quote(findings.quote)}


CHECK: Final = Check(
    name="quote",
    path="/v1/pricing/quote",
    operation_id="quotePrice",
    tag="pricing",
    summary="Is this price tax-inclusive, and how much tax does it hold?",
    description=(
        "Commercial prices exclude tax except in Australia and Brazil. Where the market has one "
        "rate (Australia: GST 10%), the tax held is `amount * rate / (1 + rate)` rounded half-up "
        "to the currency's minor unit, and `net_amount = amount - tax`, so the two add up to the "
        "amount exactly. Brazil has no single rate: `tax` is null. A market, currency or amount "
        "the rules refuse is answered like a check, a 200 with `valid: false`, `quote: null` and "
        "every error at once: `market.unknown`, `currency.unknown`, `currency.not_for_pricing` "
        "(gold, SDR, fund codes), `amount.too_many_decimals` (more decimals than the currency's "
        "ISO 4217 minor unit, unless they are zeros). A 400 problem is only for a body that "
        "cannot be read: a missing or unknown field, an amount that is not a decimal string."
    ),
    request=QuoteRequest,
    result=QuoteResult,
    response_description="The quote, or why there is none.",
    run=run,
    present=present,
    examples=(
        Case(
            "Australia: GST included",
            "Australia",
            {"market": "AU", "amount": "110.00", "currency": "AUD"},
        ),
        Case(
            "Brazil: tax included, no single rate",
            "Brazil",
            {"market": "BR", "amount": "500.00", "currency": "BRL"},
        ),
        Case("Japan: tax excluded", "Japan", {"market": "JP", "amount": "1100", "currency": "JPY"}),
        Case(
            "Refused: unknown market, yen with decimals",
            "Refused: unknown market, yen with decimals",
            {"market": "Narnia", "amount": "1100.50", "currency": "JPY"},
        ),
    ),
    cli_help="a price's tax: check quote AU 110.00 AUD",
    cli=(
        Arg("market", "market", "market, alpha-2 or alpha-3"),
        Arg("amount", "amount", "the price as a decimal string"),
        Arg("currency", "currency", "ISO 4217 code"),
    ),
)
