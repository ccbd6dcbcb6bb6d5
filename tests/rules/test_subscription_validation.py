"""A subscription validation request (seed 000, "Customer subscription validation"): the
subscription ID's form and the billing address through the address check, every code of
it; the answer honest that only Microsoft Support confirms the owner."""

from __future__ import annotations

import pytest

from eligibility.rules.postal import PlainAddress
from eligibility.rules.subscription_validation import check_subscription_validation
from eligibility.ruleset import Ruleset

GUID = "6b1f3a9e-0c2d-4e5f-8a7b-9c0d1e2f3a4b"
REDMOND = PlainAddress("US", "WA", "Redmond", "98052", "1 Microsoft Way")


@pytest.mark.parametrize(
    ("subscription_id", "address", "errors", "warnings"),
    [
        (GUID, REDMOND, [], []),
        (GUID.upper(), REDMOND, [], ["subscription_id.not_canonical"]),
        ("", REDMOND, ["subscription_id.required"], []),
        (GUID, PlainAddress("US", "CA", "Redmond", "98052", "1 Microsoft Way"),
         ["address.postal_code_region_mismatch"], []),
        (GUID, PlainAddress("US", "WA", "Redmond", "9805", None),
         ["address.required", "address.postal_code_invalid"], []),
        (GUID, PlainAddress("ZZ", None, None, None, "1 Main St"), ["market.unknown"], []),
        ("nope", PlainAddress("US", "PR", "San Juan", "00901", "1 Calle"),
         ["subscription_id.invalid", "address.region_other_market",
          "address.postal_code_other_market"], []),
    ],
)  # fmt: skip
def test_the_id_and_every_address_code_are_reported_at_once(
    ruleset: Ruleset,
    subscription_id: str,
    address: PlainAddress,
    errors: list[str],
    warnings: list[str],
) -> None:
    found = check_subscription_validation(ruleset, subscription_id, address)
    assert [e.code.value for e in found.errors] == errors
    assert [w.code.value for w in found.warnings] == warnings


def test_a_complete_request_says_who_alone_can_confirm_the_owner(ruleset: Ruleset) -> None:
    found = check_subscription_validation(ruleset, GUID.upper(), REDMOND, "fr")
    answer = found.subscription_validation
    assert answer is not None
    assert answer.owner_confirmed_by == "microsoft_support"
    assert [(line.field, line.value) for line in answer.ticket] == [
        ("subscription_id", GUID),
        ("billing_address", "1 Microsoft Way, 98052, Redmond, US-WA, US"),
    ]
    assert answer.ticket[1].label == "L'adresse de facturation du client"
    assert found.address is not None
    assert found.address.region == "US-WA"
