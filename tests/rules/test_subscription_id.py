"""Subscription IDs as partners paste them: a GUID in any case, with or without braces or
hyphens, accepted with its canonical form; anything else refused, saying what is wrong."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eligibility.rules.subscription_id import read_subscription_id

CANONICAL = "6b1f3a9e-0c2d-4e5f-8a7b-9c0d1e2f3a4b"


@pytest.mark.parametrize(
    ("typed", "canonical", "warning"),
    [
        (CANONICAL, CANONICAL, None),
        (f"  {CANONICAL} ", CANONICAL, None),
        (CANONICAL.upper(), CANONICAL, "upper case"),
        ("{" + CANONICAL + "}", CANONICAL, "braces"),
        ("{" + CANONICAL.upper() + "}", CANONICAL, "upper case, braces"),
        (CANONICAL.replace("-", ""), CANONICAL, "no hyphens"),
        (CANONICAL.replace("-", "").upper(), CANONICAL, "upper case, no hyphens"),
    ],
)
def test_every_form_of_a_guid_is_accepted_with_its_canonical_form(
    typed: str, canonical: str, warning: str | None
) -> None:
    found = read_subscription_id(typed, "subscription_id", "en")
    assert (found.canonical, found.errors) == (canonical, [])
    if warning is None:
        assert found.warnings == []
    else:
        [note] = found.warnings
        assert note.code.value == "subscription_id.not_canonical"
        assert note.suggestion == canonical
        assert f"({warning})" in note.message


@pytest.mark.parametrize(
    ("typed", "code", "says"),
    [
        ("", "subscription_id.required", "Enter the customer's subscription ID"),
        ("   ", "subscription_id.required", "Enter the customer's subscription ID"),
        ("6b1f3a9e-0c2d-4e5f-8a7b", "subscription_id.invalid", "20 hexadecimal digits"),
        (CANONICAL + "0", "subscription_id.invalid", "33 hexadecimal digits"),
        (CANONICAL.replace("b", "g", 1), "subscription_id.invalid", "'g' is not"),
        ("6b1f3a9e0c2d-4e5f-8a7b-9c0d-1e2f3a4b", "subscription_id.invalid", "misplaced"),
        ("{" + CANONICAL, "subscription_id.invalid", "'{' is not"),
        ("00000000-0000-0000-0000-000000000000", "subscription_id.invalid", "all-zero"),
        ("00000000000000000000000000000000", "subscription_id.invalid", "all-zero"),
        ("Contoso subscription", "subscription_id.invalid", "'o' is not"),  # C is hex
    ],
)
def test_what_is_not_a_guid_is_refused_saying_why(typed: str, code: str, says: str) -> None:
    found = read_subscription_id(typed, "subscription_id", "en")
    [error] = found.errors
    assert (found.canonical, error.code.value) == (None, code)
    assert says in error.message


def test_the_messages_are_french_under_fr() -> None:
    [note] = read_subscription_id(CANONICAL.upper(), "id", "fr").warnings
    assert "majuscules" in note.message
    [error] = read_subscription_id("6b1f3a9e", "id", "fr").errors
    assert "8 chiffres hexadécimaux" in error.message


@given(st.uuids(allow_nil=False), st.booleans(), st.booleans(), st.booleans())
def test_any_real_guid_in_any_form_reads_back_as_itself(
    value: uuid.UUID, upper: bool, braces: bool, hyphens: bool
) -> None:
    text = str(value) if hyphens else value.hex
    text = text.upper() if upper else text
    text = "{" + text + "}" if braces else text
    found = read_subscription_id(text, "subscription_id", "en")
    assert (found.canonical, found.errors) == (str(value), [])
    if found.warnings:  # the suggestion is accepted by the same check, without a finding
        again = read_subscription_id(found.warnings[0].suggestion, "subscription_id", "en")
        assert (again.canonical, again.errors, again.warnings) == (str(value), [], [])


@given(st.text(max_size=60))
def test_no_text_makes_the_reader_raise_and_every_answer_is_one_or_the_other(text: str) -> None:
    found = read_subscription_id(text, "subscription_id", "en")
    assert (found.canonical is None) == bool(found.errors)
