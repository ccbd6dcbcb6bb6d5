"""``POST /v1/checks/credit-request``: a credit or refund request, complete before it is filed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Final

from msgspec import Meta

from eligibility.answers import CheckResult
from eligibility.checks.declaration import Arg, Case, Check, Column
from eligibility.checks.fields import CurrencyCode, MarketCode, RequestBody, amount_meta
from eligibility.rules.credit_request import (
    CreditRequest,
    CreditRequestFindings,
    Period,
    check_credit_request,
)
from eligibility.ruleset import Ruleset

__all__ = ["CHECK", "CreditPeriod", "CreditRequestBody", "CreditRequestResult"]

SubscriptionIdText = Annotated[
    str,
    Meta(
        max_length=100,
        description=(
            "The Azure subscription ID: a GUID, in any case, with or without braces and hyphens "
            "(the canonical form is answered)."
        ),
        examples=["6b1f3a9e-0c2d-4e5f-8a7b-9c0d1e2f3a4b"],
    ),
]
CalendarDate = Annotated[
    date, Meta(description="A calendar date (`2026-10-31`): no time, no time zone.")
]


class CreditPeriod(RequestBody):
    start: CalendarDate
    end: Annotated[date, Meta(description="The period's last day, included.")]


class CreditRequestBody(RequestBody):
    market: MarketCode
    subscription_id: SubscriptionIdText
    customer_name: Annotated[
        str, Meta(max_length=1000, description="The customer's name.", examples=["Contoso Ltd"])
    ]
    amount: Annotated[str, amount_meta("How much the credit should be for", "120.00")]
    currency: CurrencyCode
    period: Annotated[
        CreditPeriod, Meta(description="The period of the credit, both days included.")
    ]
    bill_date: Annotated[date, Meta(description="The bill date of that period.")]
    reason: Annotated[
        str,
        Meta(
            max_length=10_000,
            description="The reason for the credit, in words (line breaks allowed).",
            examples=["Virtual machines unavailable from 12 to 14 October."],
        ),
    ]
    reason_code: (
        Annotated[
            str,
            Meta(
                max_length=64,
                description=(
                    "Optionally, one of `service_outage`, `billing_error`, `duplicate_charge`, "
                    "`cancelled_purchase`, `other`."
                ),
            ),
        ]
        | None
    ) = None
    as_of: Annotated[
        date | None,
        Meta(
            description=(
                "The UTC date the request is judged on (what 'the future' is after); today "
                "when omitted."
            )
        ),
    ] = None


class CreditRequestResult(CheckResult, frozen=True, kw_only=True):
    credit_request: Annotated[
        CreditRequest | None,
        Meta(
            description=(
                "What the ticket should contain, in the seed's order, and when Microsoft "
                "acknowledges it."
            )
        ),
    ]


def run(ruleset: Ruleset, request: CreditRequestBody, lang: str) -> CreditRequestFindings:
    return check_credit_request(
        ruleset,
        market=request.market,
        subscription_id=request.subscription_id,
        customer_name=request.customer_name,
        amount=Decimal(request.amount),
        currency=request.currency,
        period=Period(request.period.start, request.period.end),
        bill_date=request.bill_date,
        reason=request.reason,
        reason_code=request.reason_code,
        today=request.as_of or datetime.now(UTC).date(),
        lang=lang,
    )


_OCTOBER: Final = {
    "market": "FR",
    "subscription_id": "6b1f3a9e-0c2d-4e5f-8a7b-9c0d1e2f3a4b",
    "customer_name": "Contoso SARL",
    "amount": "120.00",
    "currency": "EUR",
    "period": {"start": "2026-10-01", "end": "2026-10-31"},
    "bill_date": "2026-11-01",
    "reason": "Virtual machines unavailable from 12 to 14 October.",
    "reason_code": "service_outage",
    "as_of": "2026-12-02",
}

CHECK: Final = Check(
    name="credit_request",
    path="/v1/checks/credit-request",
    operation_id="checkCreditRequest",
    summary="Is this credit or refund request complete before it is filed with Microsoft Support?",
    description=(
        "A partner asks Microsoft Support for a credit or refund on a customer's behalf with "
        "the subscription ID of the affected customer, the customer's name, how much the credit "
        "should be for, its period, the bill date of that period and the reason; Microsoft "
        "acknowledges within 24 hours. Only Microsoft decides the credit: this check refuses, "
        "before the ticket is filed, the request that would bounce. Errors, all at once: "
        "`subscription_id.required`, `subscription_id.invalid` (saying which character, how "
        "many digits, or that the hyphens are misplaced), `text.required`, `text.too_long`, "
        "`text.control_characters` (the name and the reason), `currency.unknown`, "
        "`currency.not_for_pricing`, `amount.too_many_decimals`, `credit.amount_not_positive`, "
        "`credit.period_reversed`, `credit.period_in_future`, `credit.period_too_long` (over "
        "366 days), `credit.bill_date_before_period_end`, `credit.bill_date_in_future`, "
        "`credit.reason_code_unknown`, `market.unknown`; warnings "
        "`subscription_id.not_canonical` (upper case, braces or no hyphens: the canonical form "
        "as `suggestion`) and `credit.currency_not_of_market`. Dates are calendar dates; 'the "
        "future' is judged on the UTC date (`as_of`, today by default). The answer's "
        "`credit_request.ticket` is what to write in the ticket, in the seed's order."
    ),
    request=CreditRequestBody,
    result=CreditRequestResult,
    response_description="The check result with what the ticket should contain.",
    run=run,
    examples=(
        Case("A complete request", "Valid: the ticket's contents in order", _OCTOBER),
        Case(
            "A subscription ID in capitals, in braces",
            "Valid, with the canonical form as a warning's suggestion",
            {**_OCTOBER, "subscription_id": "{6B1F3A9E-0C2D-4E5F-8A7B-9C0D1E2F3A4B}"},
        ),
        Case(
            "Nothing to credit, a period ending before it starts, a bill date before its end",
            "credit.amount_not_positive, credit.period_reversed, "
            "credit.bill_date_before_period_end",
            {
                **_OCTOBER,
                "amount": "0",
                "period": {"start": "2026-10-31", "end": "2026-10-01"},
                "bill_date": "2026-09-30",
            },
        ),
        Case(
            "Yen with decimals, a period still running, no reason",
            "amount.too_many_decimals, credit.period_in_future, credit.bill_date_in_future, "
            "text.required",
            {
                **_OCTOBER,
                "market": "JP",
                "amount": "1200.50",
                "currency": "JPY",
                "period": {"start": "2026-11-15", "end": "2026-12-14"},
                "bill_date": "2026-12-15",
                "reason": " ",
                "reason_code": None,
            },
        ),
        Case(
            "Not a subscription ID",
            "subscription_id.invalid",
            {**_OCTOBER, "subscription_id": "6b1f3a9e-0c2d-4e5f-8a7b"},
        ),
    ),
    cli_help=(
        "a credit request: check credit-request FR 6b1f3a9e-... 120.00 EUR --name Contoso "
        "--start 2026-10-01 --end 2026-10-31 --bill-date 2026-11-01 --reason '...'"
    ),
    cli=(
        Arg("market", "market", "market, alpha-2 or alpha-3"),
        Arg("subscription_id", "subscription_id", "the Azure subscription ID"),
        Arg("amount", "amount", "how much the credit should be for"),
        Arg("currency", "currency", "ISO 4217 code"),
        Arg("--name", "customer_name", "the customer's name"),
        Arg("--start", "period.start", "the period's first day (2026-10-01)"),
        Arg("--end", "period.end", "the period's last day"),
        Arg("--bill-date", "bill_date", "the bill date of that period"),
        Arg("--reason", "reason", "the reason for the credit"),
        Arg("--reason-code", "reason_code", "service_outage, billing_error, ..."),
        Arg("--as-of", "as_of", "the UTC date to judge on (default: today)"),
    ),
    columns=(
        Column("market", "market", True, synonyms=("country", "country_code")),
        Column("subscription_id", "subscription_id", True, synonyms=("subscription", "sub_id")),
        Column("customer_name", "customer_name", True, synonyms=("customer", "name", "company")),
        Column("amount", "amount", True, synonyms=("credit", "credit_amount")),
        Column("currency", "currency", True),
        Column("period_start", "period.start", True, synonyms=("start", "from")),
        Column("period_end", "period.end", True, synonyms=("end", "to")),
        Column("bill_date", "bill_date", True, synonyms=("billing_date", "invoice_date")),
        Column("reason", "reason", True, synonyms=("comment", "description")),
        Column("reason_code", "reason_code"),
        Column("as_of", "as_of"),
    ),
)
