"""The cancellation window (seed 001, "Cancel a purchase"): 60 x 24 hours from the
purchase instant, half-open, the same in every time zone."""

from __future__ import annotations

import itertools
import json
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eligibility.errors import ErrorCode
from eligibility.rules.cancellation import check_cancellation
from eligibility.ruleset import Ruleset, load_ruleset
from eligibility.settings import default_data_dir
from tests.conftest import seed_text

WINDOW = timedelta(days=60)
PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
BOUGHT = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)
RULESET = load_ruleset(default_data_dir())
"""For the property tests: a fixture in a failing example's report would print the ruleset."""


def _codes(ruleset: Ruleset, product: str, bought: datetime, at: datetime) -> list[str]:
    return [e.code.value for e in check_cancellation(ruleset, product, bought, at).errors]


@pytest.mark.parametrize(
    ("product", "at", "codes", "credit"),
    [
        ("perpetual_software", BOUGHT, [], "full"),
        ("perpetual_software", BOUGHT + WINDOW - SECOND, [], "full"),
        ("perpetual_software", BOUGHT + WINDOW, ["cancellation.window_passed"], "none"),
        ("software_subscription", BOUGHT + timedelta(days=30), [], "prorated"),
        (
            "software_subscription",
            BOUGHT + timedelta(days=61),
            ["cancellation.window_passed"],
            "none",
        ),
        ("suse_software_plan", BOUGHT, ["cancellation.not_cancellable"], "none"),
        ("red_hat_software_plan", BOUGHT + SECOND, ["cancellation.not_cancellable"], "none"),
        (" Perpetual_Software ", BOUGHT, [], "full"),
        ("perpetual_software", BOUGHT - SECOND, ["cancellation.purchase_in_future"], "none"),
    ],
)
def test_cancellation_table(
    ruleset: Ruleset, product: str, at: datetime, codes: list[str], credit: str
) -> None:
    found = check_cancellation(ruleset, product, BOUGHT, at)
    assert [e.code.value for e in found.errors] == codes
    assert found.cancellation is not None
    assert found.cancellation.credit == credit
    assert found.cancellation.cancellable is (not codes)


def test_the_last_second_is_inside_and_the_deadline_itself_outside(ruleset: Ruleset) -> None:
    inside = check_cancellation(ruleset, "perpetual_software", BOUGHT, BOUGHT + WINDOW - SECOND)
    assert inside.cancellation is not None
    assert inside.cancellation.deadline == datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    assert (inside.cancellation.remaining.days, inside.cancellation.remaining.hours) == (0, 0)  # type: ignore[union-attr]
    [passed] = check_cancellation(ruleset, "perpetual_software", BOUGHT, BOUGHT + WINDOW).errors
    assert "closed on 30 November 2026 at 12:00 UTC:" in passed.message


def test_a_purchase_before_a_daylight_saving_change_keeps_60_times_24_hours(
    ruleset: Ruleset,
) -> None:
    # Paris leaves summer time on 2026-10-25: 60 days later the wall clock reads an hour earlier.
    bought = datetime(2026, 10, 24, 12, 0, tzinfo=PARIS)
    found = check_cancellation(ruleset, "perpetual_software", bought, bought)
    assert found.cancellation is not None
    assert found.cancellation.deadline == datetime(2026, 12, 23, 10, 0, tzinfo=UTC)  # 12:00 CEST
    local_deadline = datetime(2026, 12, 23, 11, 0, tzinfo=PARIS)  # 11:00 CET, same instant
    assert _codes(ruleset, "perpetual_software", bought, local_deadline - SECOND) == []
    assert _codes(ruleset, "perpetual_software", bought, local_deadline) == [
        "cancellation.window_passed"
    ]


def test_a_leap_day_counts_as_a_day(ruleset: Ruleset) -> None:
    bought = datetime(2028, 1, 15, 0, 0, tzinfo=UTC)  # 2028 is a leap year
    found = check_cancellation(ruleset, "software_subscription", bought, bought)
    assert found.cancellation is not None
    assert found.cancellation.deadline == datetime(2028, 3, 15, tzinfo=UTC)  # not 03-16


def test_the_answer_is_the_same_in_every_time_zone(ruleset: Ruleset) -> None:
    same = [
        check_cancellation(
            ruleset, "perpetual_software", BOUGHT.astimezone(zone), (BOUGHT + WINDOW / 2)
        ).cancellation
        for zone in (UTC, PARIS, NEW_YORK, timezone(timedelta(hours=14)))
    ]
    assert all(answer == same[0] for answer in same)


def test_an_unknown_product_lists_the_known_ones_and_other_errors_still_come(
    ruleset: Ruleset,
) -> None:
    found = check_cancellation(ruleset, "hardware", BOUGHT, BOUGHT - SECOND, "fr")
    assert [e.code for e in found.errors] == [
        ErrorCode.CANCELLATION_PRODUCT_UNKNOWN,
        ErrorCode.CANCELLATION_PURCHASE_IN_FUTURE,
    ]
    assert "perpetual_software, software_subscription" in found.errors[0].message
    assert found.cancellation is None


def test_times_outside_the_years_a_datetime_can_shift_are_refused(ruleset: Ruleset) -> None:
    ancient = datetime(1, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1)))
    far = datetime(9999, 12, 31, 23, 0, tzinfo=UTC)
    assert _codes(ruleset, "perpetual_software", ancient, far) == [
        "cancellation.time_out_of_range",
        "cancellation.time_out_of_range",
    ]


def test_a_naive_time_is_a_programming_error(ruleset: Ruleset) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        check_cancellation(ruleset, "perpetual_software", datetime(2026, 1, 1), BOUGHT)


aware = st.datetimes(
    min_value=datetime(1900, 1, 2), max_value=datetime(8999, 12, 30), timezones=st.timezones()
)
products = st.sampled_from(["perpetual_software", "software_subscription"])


@settings(max_examples=300, deadline=None)
@given(bought=aware, product=products)
def test_deadline_minus_purchase_is_the_window_for_every_instant(
    bought: datetime, product: str
) -> None:
    found = check_cancellation(RULESET, product, bought, bought)
    assert found.cancellation is not None
    assert found.cancellation.deadline is not None
    deadline = found.cancellation.deadline
    # Answers give times to the second: the window is exact between the two as written.
    assert deadline - found.cancellation.purchased_at == WINDOW
    assert timedelta(0) <= bought - found.cancellation.purchased_at < timedelta(seconds=1)
    assert deadline.utcoffset() == timedelta(0)


@settings(max_examples=200, deadline=None)
@given(bought=aware, product=products, steps=st.lists(st.integers(0, 90 * 24 * 3600), min_size=2))
def test_cancellable_flips_exactly_once_as_time_goes_on(
    bought: datetime, product: str, steps: list[int]
) -> None:
    start = bought.astimezone(UTC)  # wall-clock arithmetic would shift across DST
    moments = [start + timedelta(seconds=s) for s in sorted({0, *steps, 60 * 24 * 3600})]
    flags = []
    for at in moments:
        found = check_cancellation(RULESET, product, bought, at)
        assert found.cancellation is not None
        flags.append(found.cancellation.cancellable)
    assert flags[0] is True
    assert flags[-1] is False
    assert sum(a != b for a, b in itertools.pairwise(flags)) == 1


@settings(max_examples=200, deadline=None)
@given(
    bought=aware, at=aware, product=st.sampled_from(["suse_software_plan", "red_hat_software_plan"])
)
def test_suse_and_red_hat_plans_are_never_cancellable(
    bought: datetime, at: datetime, product: str
) -> None:
    found = check_cancellation(RULESET, product, bought, at)
    assert found.cancellation is not None
    assert found.cancellation.cancellable is False
    assert ErrorCode.CANCELLATION_NOT_CANCELLABLE in [e.code for e in found.errors]


@settings(max_examples=500, deadline=None)
@given(
    product=st.text(max_size=70),
    bought=st.datetimes(timezones=st.timezones()),
    at=st.datetimes(timezones=st.timezones()),
    lang=st.sampled_from(["en", "fr"]),
)
def test_no_input_makes_the_check_raise(
    product: str, bought: datetime, at: datetime, lang: str
) -> None:
    found = check_cancellation(RULESET, product, bought, at, lang)
    assert found.valid is (found.cancellation is not None and found.cancellation.cancellable)


def test_the_policy_file_quotes_the_seed_word_for_word(data_dir: Path) -> None:
    seed = seed_text("001_25e49b1c4efd0137.txt")
    english = " ".join(re.findall(r'<span data-stu-id="[^"]+">(.*?)</span>', seed))
    english = re.sub(r"\*\*", "", english)
    policy = json.loads((data_dir / "cancellation_policy.json").read_text(encoding="utf-8"))
    assert f"within {policy['window_days']} days of the purchase date" in english
    for product in policy["products"]:
        for span in product["seed_span"].split(" / "):
            assert span in english, product["product"]
