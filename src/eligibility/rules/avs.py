"""Address verification, as a card network does it: the billing address's street and
postal code against the card's own address, and whether an address is the same as
another (the legal entity's)."""

from __future__ import annotations

import re
from typing import Annotated, Final, Literal, NamedTuple

import msgspec

from eligibility.rules.postal import AddressLike, clean, postal_text
from eligibility.ruleset import Ruleset
from eligibility.text import fold

__all__ = ["NO_CARD", "Avs", "Compared", "Status", "compared", "compute_avs", "same_address"]

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


class Compared(NamedTuple):
    """An address in the form two addresses are compared in, read once: the market's
    code (whatever form of it was typed), the postal code's key, the street's words."""

    country: str
    postal_code: str
    street: tuple[str, ...]
    city: str


def _postal_key(ruleset: Ruleset, country: str, written: str) -> str:
    """What two postal codes are compared on: the written form without spaces and hyphens,
    and where the country's postcode list is keyed by a shorter whole code, that key (a US
    ZIP+4 by its ZIP, as card networks' AVS compares them; not a Canadian FSA)."""
    packed = written.replace(" ", "").replace("-", "")
    declared = ruleset.postcode_lists.get(country)
    return declared.key(packed) if declared is not None and declared.unit == "code" else packed


_TOKENS: Final = re.compile(r"\d+|[^\W\d_]+")
"""A street's parts: runs of digits and runs of letters (``5a`` is ``5`` and ``a``)."""
_STREET_SUFFIXES: Final = ("strasse", "str")
"""Street words written as a compound's tail (``Königstraße``, ``Hauptstr.``)."""
_DIGRAPH: Final = re.compile("(?<=[aou])e")
"""The second letter of ae, oe and ue: a German umlaut written without its dots."""


def _street_key(ruleset: Ruleset, value: str | None) -> tuple[str, ...]:
    """What two streets are compared on, as a card network reads them: every number, and
    every word folded (case, accents: ``ß`` is ``ss``), abbreviated (``Street`` is ``st``)
    and with an umlaut's transliteration read as the umlaut (``Koenig`` is ``König``)."""
    abbreviations = ruleset.street_abbreviations
    key: list[str] = []
    for token in _TOKENS.findall(fold(value or "")):
        if token.isdigit():
            key.append(token.lstrip("0") or "0")
            continue
        tail = next((t for t in _STREET_SUFFIXES if token.endswith(t) and token != t), None)
        words = (token,) if tail is None else (token[: -len(tail)], tail)
        for word in words:
            short = abbreviations.get(word)
            key.append(short if short is not None else _DIGRAPH.sub("", word))
    return tuple(key)


def compared(
    ruleset: Ruleset, address: AddressLike, country: str | None, postal_code: str | None
) -> Compared:
    """``address`` as compared: ``country`` is its market's code (None: not a market, then
    the text typed, folded) and ``postal_code`` its code in the country's written form (None:
    it fits no form, then the text typed)."""
    code = country or fold(address.country)
    written = postal_code or postal_text(address.postal_code)
    return Compared(
        country=code,
        postal_code=_postal_key(ruleset, code, written),
        street=_street_key(ruleset, address.line1),
        city=fold(clean(address.city)),
    )


def _compare(left: object, right: object) -> Status:
    if not left or not right:
        return "unavailable"
    return "match" if left == right else "mismatch"


def compute_avs(billing: Compared, card: Compared | None) -> Avs:
    """Street and postal code of ``billing`` against the card's address."""
    if card is None:
        return NO_CARD
    street = _compare(billing.street, card.street)
    postal = _compare(
        billing.postal_code,
        card.postal_code if billing.country == card.country else "\0other",
    )
    if street == "unavailable" and postal == "unavailable":
        code: Literal["Y", "A", "Z", "N", "U"] = "U"
    elif street == "match":
        code = "Y" if postal == "match" else "A"
    else:
        code = "Z" if postal == "match" else "N"
    return Avs(street=street, postal_code=postal, code=code)


def same_address(left: Compared, right: Compared) -> bool:
    return (
        left.country == right.country
        and left.street == right.street
        and left.postal_code == right.postal_code
        and left.city == right.city
    )
