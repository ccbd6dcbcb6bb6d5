"""The pricing resource: is a price tax-inclusive, and how much tax does it hold?"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Final

from litestar import Request
from litestar.params import Body

from eligibility.answers import QuoteResult, answer, price_quote
from eligibility.api.common import AcceptLanguage, Case, Examples, check_answer, json_post
from eligibility.api.responses import RawResponse
from eligibility.api.schemas import QuoteRequest
from eligibility.rules.pricing import check_quote
from eligibility.ruleset import Ruleset

__all__ = ["pricing_handlers"]


def quote(ruleset: Ruleset, body: QuoteRequest, lang: str) -> QuoteResult:
    findings = check_quote(ruleset, body.market, Decimal(body.amount), body.currency, lang)
    return answer(findings, ruleset.version, QuoteResult, quote=price_quote(findings.quote))


QUOTE_EXAMPLES: Final = Examples(
    (
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
    QuoteRequest,
    quote,
)


@json_post(
    "/v1/pricing/quote",
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
    response=QuoteResult,
    response_description="The quote, or why there is none.",
    examples=QUOTE_EXAMPLES,
)
def quote_price(
    request: Request[Any, Any, Any],
    data: Annotated[QuoteRequest, Body(examples=QUOTE_EXAMPLES.requests)],
    accept_language: AcceptLanguage = "",
) -> RawResponse:
    return check_answer(request, accept_language, "quote", quote, data)


pricing_handlers = [quote_price]
