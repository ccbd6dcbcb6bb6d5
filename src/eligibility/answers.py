"""The answer every check gives, whoever asks: the route, the batch runner, the CLI.

Every check's :class:`~eligibility.rules.findings.Findings` becomes the same
envelope, ``{valid, errors, warnings, rules_version}`` plus the check's own
extras (``avs`` and ``address``, ``quote``), through one builder, :func:`answer`.
These Structs are the public answers (the OpenAPI spec's components): a change
of their shape is a changelog entry.
"""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

import msgspec
from msgspec import Meta

from eligibility.errors import FieldError
from eligibility.rules.address import NormalizedAddress
from eligibility.rules.avs import Avs
from eligibility.rules.cancellation import Cancellation
from eligibility.rules.findings import Findings
from eligibility.rules.pricing import Quote
from eligibility.rules.tax_id import TaxId

__all__ = [
    "AccountSetupResult",
    "BatchItemResult",
    "CancellationResult",
    "CardAddressResult",
    "CheckResult",
    "PriceQuote",
    "QuoteResult",
    "TaxIdResult",
    "TaxSplit",
    "answer",
    "price_quote",
]


class CheckResult(msgspec.Struct, frozen=True, kw_only=True):
    valid: Annotated[bool, Meta(description="True when there is no error; warnings may remain.")]
    errors: list[FieldError]
    warnings: list[FieldError]
    rules_version: Annotated[str, Meta(description="Short hash of the rules data that answered.")]


class CardAddressResult(CheckResult, frozen=True, kw_only=True):
    avs: Avs
    address: Annotated[
        NormalizedAddress | None,
        Meta(
            description=(
                "The billing address as the check understood it, to store instead of what was "
                "typed: the ISO 3166-2 region and the postal code in the country's written "
                "form. Null when the country is unknown."
            )
        ),
    ]


TaxIdAnswer = Annotated[
    TaxId | None,
    Meta(
        description=(
            "The tax ID as the check read it: its kind, country, the compact form to store and "
            "the written form; null when none was given or it was not valid."
        )
    ),
]


class AccountSetupResult(CardAddressResult, frozen=True, kw_only=True):
    """Every error and warning of the company step; `avs` compares billing and card address."""

    tax_id: TaxIdAnswer


class TaxIdResult(CheckResult, frozen=True, kw_only=True):
    tax_id: TaxIdAnswer


class CancellationResult(CheckResult, frozen=True, kw_only=True):
    cancellation: Annotated[
        Cancellation | None,
        Meta(
            description=(
                "The order's cancellation window: deadline, time left and credit; null when "
                "the product or a time cannot be read."
            )
        ),
    ]


class BatchItemResult(
    AccountSetupResult, frozen=True, kw_only=True, tag_field="outcome", tag="checked"
):
    """A batch item's check result (``outcome`` ``checked``)."""

    id: Annotated[str, Meta(description="The item's id, as sent.")]


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


R = TypeVar("R", bound=CheckResult)


def answer(
    findings: Findings,
    rules_version: str,
    result_type: type[R] = CheckResult,  # type: ignore[assignment]
    **extra: Any,
) -> R:
    """``findings`` as a ``result_type``: the envelope, the check's extras, then ``extra``
    (which override an extra of the same name, e.g. the quote in its public form)."""
    return result_type(
        valid=not findings.errors,
        errors=findings.errors,
        warnings=findings.warnings,
        rules_version=rules_version,
        **{**findings.extras(), **extra},
    )


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
