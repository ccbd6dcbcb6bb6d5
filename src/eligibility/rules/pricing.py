"""Tax-inclusive price quotes, in Decimal throughout.

Rounding rule: in a tax-inclusive market with a known rate, the tax held in a
price is ``amount * rate / (1 + rate)`` rounded half-up to the currency's minor
unit; the net amount is ``amount - tax``, so ``net + tax == amount`` exactly.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import msgspec

from eligibility.errors import RequestRejected
from eligibility.rules.markets import find_market
from eligibility.ruleset import Ruleset

__all__ = ["Quote", "TaxBreakdown", "compute_quote"]


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


def compute_quote(ruleset: Ruleset, market: str, amount: Decimal, currency: str) -> Quote:
    """Say whether ``amount`` includes tax in ``market`` and split the tax out where known.

    Raises RequestRejected for an unknown market or currency, a negative or
    non-finite amount, or more decimals than the currency's minor unit.
    """
    record = find_market(ruleset, market)
    if record is None:
        raise RequestRejected("market", "is not a known market code")
    code = currency.strip().upper()
    if code in ruleset.not_for_pricing:
        raise RequestRejected(
            "currency", f"{code} cannot price goods: {ruleset.not_for_pricing[code]}"
        )
    minor_unit = ruleset.minor_units.get(code)
    if minor_unit is None:
        raise RequestRejected("currency", "is not an ISO 4217 currency code")
    if not amount.is_finite() or amount < 0:
        raise RequestRejected("amount", "must be a finite amount of zero or more")
    exponent = amount.as_tuple().exponent
    assert isinstance(exponent, int)  # finite, checked above
    if -exponent > minor_unit:
        raise RequestRejected("amount", f"has more decimals than {code} allows ({minor_unit})")
    quantum = Decimal(1).scaleb(-minor_unit)
    amount = amount.quantize(quantum)
    tax = None
    rate = ruleset.tax_rates.get(record.code)
    if rate is not None:
        tax_amount = (amount * rate.rate / (1 + rate.rate)).quantize(quantum, ROUND_HALF_UP)
        tax = TaxBreakdown(
            name=rate.name, rate=rate.rate, amount=tax_amount, net_amount=amount - tax_amount
        )
    return Quote(
        market=record.code,
        tax_inclusive=record.tax_inclusive_pricing,
        amount=amount,
        currency=code,
        tax=tax,
    )
