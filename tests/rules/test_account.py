"""The company step composed from the market, phone and card-address rules."""

from __future__ import annotations

from typing import Any

import pytest

from eligibility.errors import ErrorCode
from eligibility.rules.account_setup import check_account_setup
from eligibility.ruleset import Ruleset
from tests.rules.test_address import Address

SEATTLE = Address(country="US", region="WA", city="Seattle", postal_code="98101",
                  line1="500 Pine Street")  # fmt: skip
REDMOND = Address(country="US", region="WA", city="Redmond", postal_code="98052",
                  line1="1 Microsoft Way")  # fmt: skip


def _codes(findings: list[Any]) -> list[tuple[str, str]]:
    return [(f.field, f.code.value) for f in findings]


def test_a_valid_signup_has_no_findings(ruleset: Ruleset) -> None:
    result = check_account_setup(
        ruleset, "US", "4258828080", SEATTLE, card_address=SEATTLE, legal_entity_address=REDMOND
    )
    assert (result.errors, result.warnings, result.avs.code) == ([], [], "Y")


def test_every_error_of_every_field_at_once(ruleset: Ruleset) -> None:
    result = check_account_setup(
        ruleset,
        "US",
        "+1 425 882 8080",
        REDMOND,
        card_address=SEATTLE,
        legal_entity_address=REDMOND,
    )
    assert _codes(result.errors) == [
        ("company_phone", "phone.invalid_characters"),
        ("company_phone", "phone.country_code_included"),
        ("company_phone", "phone.too_long"),
        ("billing_address.line1", "address.street_mismatch"),
        ("billing_address.postal_code", "address.postal_code_mismatch"),
        ("billing_address", "address.legal_entity_address_used"),
    ]
    assert {e.suggestion for e in result.errors[:3]} == {"4258828080"}


def test_unknown_market_is_one_error_on_market(ruleset: Ruleset) -> None:
    result = check_account_setup(ruleset, "Australie", "0299990000", SEATTLE)
    unknown = [e for e in result.errors if e.code is ErrorCode.MARKET_UNKNOWN]
    assert _codes(unknown) == [("market", "market.unknown")]
    assert unknown[0].suggestion == "AU"


def test_market_without_reservations_is_a_warning_not_an_error(ruleset: Ruleset) -> None:
    reunion = Address(country="RE", city="Saint-Denis", postal_code="97400", line1="1 rue de Paris")
    result = check_account_setup(ruleset, "RE", "262210000", reunion)
    assert result.errors == []
    assert _codes(result.warnings) == [("market", "reservations.unavailable_in_market")]
    assert "account can be created" in result.warnings[0].message


def test_phone_is_checked_for_the_market_not_the_billing_country(ruleset: Ruleset) -> None:
    # A French company paying with a US card: the phone is a French number.
    assert check_account_setup(ruleset, "FR", "123456789", SEATTLE).errors == []
    us_number = check_account_setup(ruleset, "FR", "4258828080", SEATTLE)
    assert _codes(us_number.errors) == [("company_phone", "phone.invalid_for_country")]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_codes_do_not_change_with_the_language(ruleset: Ruleset, lang: str) -> None:
    english = check_account_setup(ruleset, "RE", "+262 262 21 00 00", SEATTLE)
    other = check_account_setup(ruleset, "RE", "+262 262 21 00 00", SEATTLE, lang=lang)
    assert _codes(other.errors) == _codes(english.errors)
    assert _codes(other.warnings) == _codes(english.warnings)
    assert (lang == "en") == all(
        a.message == b.message for a, b in zip(english.errors, other.errors, strict=True)
    )
