"""Tax-inclusive quotes: Decimal arithmetic and refusals."""

from __future__ import annotations

from decimal import Decimal

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from eligibility.errors import RequestRejected
from eligibility.rules.pricing import compute_quote
from eligibility.ruleset import Ruleset, TaxRate


@pytest.mark.parametrize(
    ("amount", "currency", "total", "tax", "net"),
    [
        ("110.00", "AUD", "110.00", "10.00", "100.00"),
        ("110", "AUD", "110.00", "10.00", "100.00"),
        ("99.99", "AUD", "99.99", "9.09", "90.90"),
        ("0.06", "AUD", "0.06", "0.01", "0.05"),
        ("0.05", "AUD", "0.05", "0.00", "0.05"),
        ("0", "AUD", "0.00", "0.00", "0.00"),
        ("1100", "JPY", "1100", "100", "1000"),
        ("1.234", "KWD", "1.234", "0.112", "1.122"),
        (
            "999999999999999.99",
            "AUD",
            "999999999999999.99",
            "90909090909090.91",
            "909090909090909.08",
        ),
    ],
)
def test_australian_price_holds_one_eleventh_gst(
    ruleset: Ruleset, amount: str, currency: str, total: str, tax: str, net: str
) -> None:
    quote = compute_quote(ruleset, "AU", Decimal(amount), currency)
    assert quote.tax_inclusive is True
    assert quote.tax is not None
    assert (str(quote.amount), str(quote.tax.amount), str(quote.tax.net_amount)) == (
        total,
        tax,
        net,
    )
    assert str(quote.tax.rate) == "0.10"


def test_tax_rounds_half_up_to_the_minor_unit(ruleset: Ruleset) -> None:
    # A rate of 0.6 puts 12 * 0.6 / 1.6 = 4.5 JPY of tax in the price: half-up gives 5.
    tiny = msgspec.structs.replace(
        ruleset, tax_rates={"AU": TaxRate(name="TEST", rate=Decimal("0.6"), source="test")}
    )
    quote = compute_quote(tiny, "AU", Decimal("12"), "JPY")
    assert quote.tax is not None
    assert (quote.tax.amount, quote.tax.net_amount) == (Decimal(5), Decimal(7))


def test_brazil_is_tax_inclusive_with_no_single_rate(ruleset: Ruleset) -> None:
    quote = compute_quote(ruleset, "bra", Decimal("500.00"), "brl")
    assert (quote.market, quote.tax_inclusive, quote.tax, quote.currency) == (
        "BR",
        True,
        None,
        "BRL",
    )


@pytest.mark.parametrize("market", ["US", "JP", "DE", "NZ", "CN", "XK"])
def test_other_markets_price_before_tax(ruleset: Ruleset, market: str) -> None:
    quote = compute_quote(ruleset, market, Decimal("10.00"), "USD")
    assert (quote.tax_inclusive, quote.tax) == (False, None)


@pytest.mark.parametrize(
    ("market", "amount", "currency", "field"),
    [
        ("AU", "-1.00", "AUD", "amount"),
        ("AU", "NaN", "AUD", "amount"),
        ("AU", "Infinity", "AUD", "amount"),
        ("AU", "1.001", "AUD", "amount"),
        ("JP", "1.5", "JPY", "amount"),
        ("AU", "1.00", "ZZZ", "currency"),
        ("AU", "1.00", "XAU", "currency"),
        ("AU", "1.00", "XTS", "currency"),
        ("ZZ", "1.00", "AUD", "market"),
    ],
)
def test_refused_quotes_name_the_field(
    ruleset: Ruleset, market: str, amount: str, currency: str, field: str
) -> None:
    with pytest.raises(RequestRejected) as caught:
        compute_quote(ruleset, market, Decimal(amount), currency)
    assert caught.value.field == field


@given(cents=st.integers(min_value=0, max_value=10**17))
def test_net_plus_tax_is_the_amount_exactly(ruleset: Ruleset, cents: int) -> None:
    amount = Decimal(cents).scaleb(-2)
    quote = compute_quote(ruleset, "AU", amount, "AUD")
    assert quote.tax is not None
    assert quote.tax.net_amount + quote.tax.amount == quote.amount == amount
    assert Decimal(0) <= quote.tax.amount <= quote.amount
    assert quote.tax.amount.as_tuple().exponent == -2
