"""Address verification, as a card network does it: the billing address's street and
postal code against the card's own address, and whether an address is the same as
another (the legal entity's)."""

from __future__ import annotations

from typing import Annotated, Final, Literal

import msgspec

from eligibility.rules.postal import AddressLike, clean, postal_text
from eligibility.ruleset import Ruleset
from eligibility.text import fold

__all__ = ["NO_CARD", "Avs", "Status", "compute_avs", "same_address"]

Status = Literal["match", "mismatch", "unavailable"]


class Avs(msgspec.Struct, frozen=True, kw_only=True):
    """Address verification, as a card network reports it."""

    street: Status
    postal_code: Status
    code: Annotated[
        Literal["Y", "A", "Z", "N", "U"],
        msgspec.Meta(
            description=(
                "As a card network reports it: Y street and postal code match, A street only, "
                "Z postal code only, N neither, U no card address to compare with."
            )
        ),
    ]


NO_CARD: Final = Avs(street="unavailable", postal_code="unavailable", code="U")


def _postal_key(ruleset: Ruleset, country: str, value: str | None) -> str:
    """What two postal codes are compared on: spaces, hyphens and case ignored, and
    where the country's postcode list is keyed by a shorter whole code, that key (a US
    ZIP+4 by its ZIP, as card networks' AVS compares them; not a Canadian FSA)."""
    compact = postal_text(value).replace(" ", "").replace("-", "")
    declared = ruleset.postcode_lists.get(country)
    return declared.key(compact) if declared is not None and declared.unit == "code" else compact


def _street_key(ruleset: Ruleset, value: str | None) -> tuple[str, ...]:
    abbreviations = ruleset.street_abbreviations
    return tuple(abbreviations.get(word, word) for word in fold(value or "").split())


def _compare(left: object, right: object) -> Status:
    if not left or not right:
        return "unavailable"
    return "match" if left == right else "mismatch"


def compute_avs(ruleset: Ruleset, billing: AddressLike, card: AddressLike | None) -> Avs:
    """Street and postal code of ``billing`` against the card's address."""
    if card is None:
        return NO_CARD
    street = _compare(_street_key(ruleset, billing.line1), _street_key(ruleset, card.line1))
    same_country = fold(billing.country) == fold(card.country)
    postal = _compare(
        _postal_key(ruleset, billing.country.upper(), billing.postal_code),
        _postal_key(ruleset, card.country.upper(), card.postal_code) if same_country else "\0other",
    )
    if street == "unavailable" and postal == "unavailable":
        code: Literal["Y", "A", "Z", "N", "U"] = "U"
    elif street == "match":
        code = "Y" if postal == "match" else "A"
    else:
        code = "Z" if postal == "match" else "N"
    return Avs(street=street, postal_code=postal, code=code)


def same_address(ruleset: Ruleset, left: AddressLike, right: AddressLike) -> bool:
    country = left.country.strip().upper()
    return (
        country == right.country.strip().upper()
        and _street_key(ruleset, left.line1) == _street_key(ruleset, right.line1)
        and _postal_key(ruleset, country, left.postal_code)
        == _postal_key(ruleset, country, right.postal_code)
        and fold(clean(left.city)) == fold(clean(right.city))
    )
