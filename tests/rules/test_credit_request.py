"""A credit or refund request (seed 000, "Credits and refunds"): every problem that would
make Microsoft Support bounce it, at once, in English and French; the ticket's contents in
the seed's order; dates as calendar dates, "the future" judged on a UTC date."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eligibility.rules.credit_request import Period, check_credit_request
from eligibility.ruleset import Ruleset, load_ruleset
from eligibility.settings import default_data_dir
from tests.conftest import seed_text

RULESET = load_ruleset(default_data_dir())
D = date
TODAY = date(2026, 12, 2)
BRACED = "{6B1F3A9E-0C2D-4E5F-8A7B-9C0D1E2F3A4B}"
DECIMALS = "amount.too_many_decimals"
OCTOBER = Period(date(2026, 10, 1), date(2026, 10, 31))
VALID: dict[str, Any] = {
    "market": "FR",
    "subscription_id": "6b1f3a9e-0c2d-4e5f-8a7b-9c0d1e2f3a4b",
    "customer_name": "Contoso SARL",
    "amount": Decimal("120.00"),
    "currency": "EUR",
    "period": OCTOBER,
    "bill_date": date(2026, 11, 1),
    "reason": "Virtual machines unavailable from 12 to 14 October.",
    "today": TODAY,
}


def _codes(
    ruleset: Ruleset = RULESET, lang: str = "en", **changes: Any
) -> tuple[list[str], list[str]]:
    found = check_credit_request(ruleset, **{**VALID, **changes}, lang=lang)
    return [e.code.value for e in found.errors], [w.code.value for w in found.warnings]


@pytest.mark.parametrize(
    ("changes", "errors", "warnings"),
    [
        ({}, [], []),
        ({"market": "Narnia"}, ["market.unknown"], []),
        ({"subscription_id": ""}, ["subscription_id.required"], []),
        (
            {"subscription_id": "{6B1F3A9E-0C2D-4E5F-8A7B-9C0D1E2F3A4B}"},
            [],
            ["subscription_id.not_canonical"],
        ),
        ({"customer_name": "  "}, ["text.required"], []),
        ({"customer_name": "x" * 201}, ["text.too_long"], []),
        ({"customer_name": "Contoso\x00"}, ["text.control_characters"], []),
        ({"customer_name": "Contoso\nSARL"}, ["text.control_characters"], []),
        ({"reason": "Outage\non 12 October.\tSee ticket."}, [], []),
        ({"reason": "Outage \x1b[31m"}, ["text.control_characters"], []),
        ({"reason": ""}, ["text.required"], []),
        ({"reason": "x" * 2001}, ["text.too_long"], []),
        ({"amount": Decimal("0")}, ["credit.amount_not_positive"], []),
        ({"amount": Decimal("0.00")}, ["credit.amount_not_positive"], []),
        ({"amount": Decimal("120.005")}, ["amount.too_many_decimals"], []),
        ({"amount": Decimal("120.500"), "currency": "EUR"}, [], []),
        (
            {"market": "JP", "amount": Decimal("1200.5"), "currency": "JPY"},
            ["amount.too_many_decimals"],
            [],
        ),
        ({"market": "KW", "amount": Decimal("10.125"), "currency": "KWD"}, [], []),
        ({"currency": "XAU"}, ["currency.not_for_pricing"], []),
        ({"currency": "ABC"}, ["currency.unknown"], []),
        ({"currency": "usd"}, [], []),
        ({"currency": "GBP"}, [], ["credit.currency_not_of_market"]),
        ({"market": "GB", "currency": "GBP"}, [], []),
        ({"market": "PA", "currency": "USD"}, [], []),
        ({"period": Period(date(2026, 10, 31), date(2026, 10, 1))}, ["credit.period_reversed"], []),
        ({"period": Period(date(2026, 10, 1), date(2026, 10, 1))}, [], []),
        (
            {
                "period": Period(date(2026, 11, 15), date(2026, 12, 14)),
                "bill_date": date(2026, 12, 15),
            },
            ["credit.period_in_future", "credit.bill_date_in_future"],
            [],
        ),
        (
            {
                "period": Period(date(2026, 12, 3), date(2026, 12, 31)),
                "bill_date": date(2027, 1, 1),
            },
            ["credit.period_in_future", "credit.period_in_future", "credit.bill_date_in_future"],
            [],
        ),
        ({"period": Period(date(2025, 10, 1), date(2026, 10, 31))}, ["credit.period_too_long"], []),
        ({"bill_date": date(2026, 10, 30)}, ["credit.bill_date_before_period_end"], []),
        ({"bill_date": date(2026, 10, 31)}, [], []),
        ({"bill_date": TODAY}, [], []),
        ({"bill_date": TODAY + timedelta(days=1)}, ["credit.bill_date_in_future"], []),
        ({"reason_code": "service_outage"}, [], []),
        ({"reason_code": " Billing_Error "}, [], []),
        ({"reason_code": "goodwill"}, ["credit.reason_code_unknown"], []),
    ],
)
def test_each_problem_is_found_with_its_code(
    changes: dict[str, Any], errors: list[str], warnings: list[str]
) -> None:
    assert _codes(**changes) == (errors, warnings)


def test_every_problem_of_one_request_is_reported_at_once() -> None:
    errors, _ = _codes(
        subscription_id="not-a-guid",
        customer_name="",
        amount=Decimal("0"),
        period=Period(date(2026, 10, 31), date(2026, 10, 1)),
        bill_date=date(2026, 9, 30),
        reason="",
        reason_code="nope",
    )
    assert errors == [
        "subscription_id.invalid",
        "text.required",
        "credit.amount_not_positive",
        "credit.period_reversed",
        "credit.bill_date_before_period_end",
        "text.required",
        "credit.reason_code_unknown",
    ]


@pytest.mark.parametrize(
    ("period", "bill_date", "today"),
    [
        (
            Period(date(2026, 12, 1), date(2026, 12, 31)),
            date(2027, 1, 1),
            date(2027, 1, 1),
        ),  # year end
        (
            Period(date(2028, 2, 1), date(2028, 2, 29)),
            date(2028, 3, 1),
            date(2028, 3, 1),
        ),  # leap day
        (
            Period(date(2027, 3, 1), date(2028, 2, 29)),
            date(2028, 3, 1),
            date(2028, 3, 1),
        ),  # 366 days
        (
            Period(date(2026, 12, 2), date(2026, 12, 2)),
            date(2026, 12, 2),
            date(2026, 12, 2),
        ),  # today
    ],
)
def test_periods_across_a_year_end_a_leap_day_and_up_to_today_are_accepted(
    period: Period, bill_date: date, today: date
) -> None:
    assert _codes(period=period, bill_date=bill_date, today=today) == ([], [])


def test_a_period_one_day_longer_than_the_bound_is_refused_naming_both() -> None:
    found = check_credit_request(
        RULESET, **{**VALID, "period": Period(date(2027, 2, 28), date(2028, 2, 29)),
                    "bill_date": date(2028, 3, 1), "today": date(2028, 3, 1)},
    )  # fmt: skip
    [error] = found.errors
    assert error.code.value == "credit.period_too_long"
    assert "367 days" in error.message
    assert "at most 366" in error.message


def test_the_future_is_the_utc_date_given() -> None:
    """A bill dated 2 December is today in UTC, though it is already 3 December in Tokyo:
    the rule compares calendar dates with the UTC date it is given, nothing else."""
    assert _codes(bill_date=date(2026, 12, 2), today=date(2026, 12, 2)) == ([], [])
    assert _codes(bill_date=date(2026, 12, 3), today=date(2026, 12, 2))[0] == [
        "credit.bill_date_in_future"
    ]


def test_the_ticket_lists_the_seeds_six_things_in_order_as_read() -> None:
    found = check_credit_request(
        RULESET, **{**VALID, "subscription_id": "6B1F3A9E0C2D4E5F8A7B9C0D1E2F3A4B"}, lang="fr"
    )
    answer = found.credit_request
    assert answer is not None
    assert [(line.field, line.value) for line in answer.ticket] == [
        ("subscription_id", "6b1f3a9e-0c2d-4e5f-8a7b-9c0d1e2f3a4b"),
        ("customer_name", "Contoso SARL"),
        ("amount", "120.00 EUR"),
        ("period", "du 2026-10-01 au 2026-10-31"),
        ("bill_date", "2026-11-01"),
        ("reason", "Virtual machines unavailable from 12 to 14 October."),
    ]
    assert answer.ticket[0].label == "L'ID d'abonnement du client concerné"
    assert answer.acknowledgement_hours == 24


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_message_is_in_the_language_asked(lang: str) -> None:
    found = check_credit_request(
        RULESET,
        **{**VALID, "subscription_id": "x", "customer_name": "", "amount": Decimal("0"),
           "currency": "GBP", "period": Period(date(2026, 10, 31), date(2026, 10, 1)),
           "bill_date": date(2026, 9, 1), "reason_code": "nope"},
        lang=lang,
    )  # fmt: skip
    french = [" le ", " la ", " de ", " est ", " n'est ", " : "]
    for finding in (*found.errors, *found.warnings):
        assert any(word in finding.message for word in french) == (lang == "fr"), finding


def test_the_data_file_quotes_the_seed_word_for_word(data_dir: Path) -> None:
    seed = seed_text("000_935147987dcb360b.txt")
    english = " ".join(re.findall(r'<span data-stu-id="[^"]+">(.*?)</span>', seed))
    rules = json.loads((data_dir / "support_requests.json").read_text(encoding="utf-8"))
    credit = rules["credit_request"]
    for content in credit["contents"]:
        assert content["seed_span"] in english, content["field"]
    assert credit["acknowledgement_span"] in english
    assert f"within {credit['acknowledgement_hours']} hours" in credit["acknowledgement_span"]
    validation = rules["subscription_validation"]
    for content in validation["contents"]:
        assert content["seed_span"] in english, content["field"]
    assert validation["confirmed_by_span"] in english


@settings(max_examples=200, deadline=None)
@given(
    amount=st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False),
    start=st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 1, 1)),
    days=st.integers(min_value=-400, max_value=400),
    bill=st.integers(min_value=-400, max_value=400),
    text=st.text(max_size=300),
)
def test_no_input_makes_the_check_raise_and_valid_means_no_error(
    amount: Decimal, start: date, days: int, bill: int, text: str
) -> None:
    end = start + timedelta(days=days)
    found = check_credit_request(
        RULESET, **{**VALID, "amount": amount, "period": Period(start, end),
                    "bill_date": end + timedelta(days=bill), "reason": text,
                    "customer_name": text, "subscription_id": text},
    )  # fmt: skip
    assert found.valid == (not found.errors)
    assert found.credit_request is not None
