"""Tax-inclusive price quotes, in Decimal throughout.

Rounding rule: in a tax-inclusive market with a known rate, the tax held in a
price is ``amount * rate / (1 + rate)`` rounded half-up to the currency's minor
unit; the net amount is ``amount - tax``, so ``net + tax == amount`` exactly.

A market, currency or amount the rules refuse is an answer, as in every check:
``check_quote`` returns its errors (all of them at once) and no quote.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

import msgspec

from eligibility.errors import ErrorCode, FieldError, field_error
from eligibility.i18n import DEFAULT_LANGUAGE
from eligibility.rules.findings import Findings
from eligibility.rules.markets import find_market, market_refusal
from eligibility.ruleset import Ruleset

__all__ = ["Money", "Quote", "QuoteFindings", "TaxBreakdown", "check_money", "check_quote"]


class TaxBreakdown(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    rate: Decimal
    amount: Decimal
    net_amount: Decimal


class Quote(msgspec.Struct, frozen=True, kw_only=True):
    market: str
    tax_inclusive: bool
    amount: Decimal
    currency: str
    tax: TaxBreakdown | None


class QuoteFindings(Findings, kw_only=True):
    """The quote's errors, or none and the quote."""

    quote: Quote | None = None


class Money(NamedTuple):
    """An amount's currency as read: its code, its minor unit (None: not for pricing) and
    what is wrong with the pair."""

    currency: str
    minor_unit: int | None
    errors: list[FieldError]


def check_money(
    ruleset: Ruleset,
    amount: Decimal,
    currency: str,
    lang: str = DEFAULT_LANGUAGE,
    *,
    amount_field: str = "amount",
    currency_field: str = "currency",
) -> Money:
    """A currency that prices (``currency.unknown``, ``currency.not_for_pricing``) and an
    amount written to its minor unit (``amount.too_many_decimals``: decimals past it are
    refused only when they change the value).

    >>> [e.code.value for e in check_money(ruleset, Decimal("1.5"), "jpy").errors]
    ['amount.too_many_decimals']
    >>> check_money(ruleset, Decimal("110.00"), "JPY").minor_unit
    0
    """
    code = currency.strip().upper()
    minor_unit = ruleset.minor_units.get(code)
    errors: list[FieldError] = []
    if code in ruleset.not_for_pricing:
        errors.append(
            field_error(currency_field, ErrorCode.CURRENCY_NOT_FOR_PRICING, lang, currency=code)
        )
        minor_unit = None
    elif minor_unit is None:
        errors.append(
            field_error(currency_field, ErrorCode.CURRENCY_UNKNOWN, lang, currency=code[:3])
        )
    elif amount != amount.quantize(Decimal(1).scaleb(-minor_unit), ROUND_HALF_UP):
        errors.append(
            field_error(
                amount_field,
                ErrorCode.AMOUNT_TOO_MANY_DECIMALS,
                lang,
                variant="none" if minor_unit == 0 else None,
                currency=code,
                decimals=minor_unit,
            )
        )
    return Money(code, minor_unit, errors)


def check_quote(
    ruleset: Ruleset,
    market: str,
    amount: Decimal,
    currency: str,
    lang: str = DEFAULT_LANGUAGE,
) -> QuoteFindings:
    """Say whether ``amount`` includes tax in ``market`` and split the tax out where known.

    Returns every error found (``market.unknown``, ``currency.unknown``,
    ``currency.not_for_pricing``, ``amount.too_many_decimals``) and no quote, or
    no error and the quote. Decimals past the minor unit are refused only when
    they change the value: ``110.00`` JPY is 110 yen, ``110.5`` JPY is an error.

    ``amount`` must be finite and not negative (the HTTP layer's pattern makes
    sure); anything else is a programming error and raises ValueError.

    >>> from decimal import Decimal
    >>> tax = check_quote(ruleset, "AU", Decimal("110.00"), "AUD").quote.tax
    >>> tax.name, tax.amount, tax.net_amount
    ('GST', Decimal('10.00'), Decimal('100.00'))
    >>> [e.code.value for e in check_quote(ruleset, "JP", Decimal("1100.5"), "JPY").errors]
    ['amount.too_many_decimals']
    """
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"amount must be a finite Decimal of zero or more, not {amount!r}")
    errors: list[FieldError] = []
    record = find_market(ruleset, market)
    if refusal := market_refusal(ruleset, record, "market", market, lang):
        errors.append(refusal)
    money = check_money(ruleset, amount, currency, lang)
    errors.extend(money.errors)
    code, minor_unit = money.currency, money.minor_unit
    if errors or record is None or minor_unit is None:
        return QuoteFindings(errors=errors)
    quantum = Decimal(1).scaleb(-minor_unit)
    amount = amount.quantize(quantum)
    tax = None
    rate = ruleset.tax_rates.get(record.code)
    if rate is not None:
        tax_amount = (amount * rate.rate / (1 + rate.rate)).quantize(quantum, ROUND_HALF_UP)
        tax = TaxBreakdown(
            name=rate.name, rate=rate.rate, amount=tax_amount, net_amount=amount - tax_amount
        )
    quote = Quote(
        market=record.code,
        tax_inclusive=record.tax_inclusive_pricing,
        amount=amount,
        currency=code,
        tax=tax,
    )
    return QuoteFindings(quote=quote)
