"""Tax-inclusive quotes: Decimal arithmetic, and refusals as coded errors."""

from __future__ import annotations

from decimal import Decimal

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from eligibility.errors import ErrorCode
from eligibility.rules.pricing import Quote, check_quote
from eligibility.ruleset import Ruleset, TaxRate


def compute_quote(ruleset: Ruleset, market: str, amount: Decimal, currency: str) -> Quote:
    found = check_quote(ruleset, market, amount, currency)
    errors, quote = found.errors, found.quote
    assert errors == []
    assert quote is not None
    return quote


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
    ("market", "amount", "currency", "expected"),
    [
        ("AU", "1.001", "AUD", [("amount", ErrorCode.AMOUNT_TOO_MANY_DECIMALS)]),
        ("JP", "1.5", "JPY", [("amount", ErrorCode.AMOUNT_TOO_MANY_DECIMALS)]),
        ("AU", "1.00", "ZZZ", [("currency", ErrorCode.CURRENCY_UNKNOWN)]),
        ("AU", "1.00", "XAU", [("currency", ErrorCode.CURRENCY_NOT_FOR_PRICING)]),
        ("AU", "1.00", "XTS", [("currency", ErrorCode.CURRENCY_NOT_FOR_PRICING)]),
        ("ZZ", "1.00", "AUD", [("market", ErrorCode.MARKET_UNKNOWN)]),
        (
            "Narnia",
            "1.5",
            "JPY",
            [("market", ErrorCode.MARKET_UNKNOWN), ("amount", ErrorCode.AMOUNT_TOO_MANY_DECIMALS)],
        ),
        (
            "ZZ",
            "1.5",
            "ZZZ",
            [("market", ErrorCode.MARKET_UNKNOWN), ("currency", ErrorCode.CURRENCY_UNKNOWN)],
        ),
    ],
)
def test_refused_quote_reports_every_error_and_no_quote(
    ruleset: Ruleset, market: str, amount: str, currency: str, expected: list[tuple[str, str]]
) -> None:
    found = check_quote(ruleset, market, Decimal(amount), currency)
    errors, quote = found.errors, found.quote
    assert [(e.field, e.code) for e in errors] == expected
    assert quote is None


@pytest.mark.parametrize(("amount", "currency"), [("110.00", "JPY"), ("1.2300", "AUD")])
def test_decimals_past_the_minor_unit_that_are_zeros_do_not_change_the_amount(
    ruleset: Ruleset, amount: str, currency: str
) -> None:
    quote = compute_quote(ruleset, "AU", Decimal(amount), currency)
    assert quote.amount == Decimal(amount)
    assert -quote.amount.as_tuple().exponent == ruleset.minor_units[currency]  # type: ignore[operator]


def test_too_many_decimals_names_the_currency_and_its_minor_unit_in_french(
    ruleset: Ruleset,
) -> None:
    errors = check_quote(ruleset, "FR", Decimal("1.001"), "eur", "fr").errors
    assert errors[0].message == (
        "Les montants en EUR ont au plus 2 décimales : arrondissez le montant."
    )


@pytest.mark.parametrize("amount", ["-1.00", "NaN", "Infinity"])
def test_a_negative_or_infinite_amount_is_a_programming_error(
    ruleset: Ruleset, amount: str
) -> None:
    # The HTTP layer's pattern refuses these before the rule is called.
    with pytest.raises(ValueError, match="finite Decimal"):
        check_quote(ruleset, "AU", Decimal(amount), "AUD")


@given(cents=st.integers(min_value=0, max_value=10**17))
def test_net_plus_tax_is_the_amount_exactly(ruleset: Ruleset, cents: int) -> None:
    amount = Decimal(cents).scaleb(-2)
    quote = compute_quote(ruleset, "AU", amount, "AUD")
    assert quote.tax is not None
    assert quote.tax.net_amount + quote.tax.amount == quote.amount == amount
    assert Decimal(0) <= quote.tax.amount <= quote.amount
    assert quote.tax.amount.as_tuple().exponent == -2
