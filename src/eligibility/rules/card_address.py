"""The card-address check: the billing address well formed, the card's own, and not the
legal entity's.

A card purchase during account setup is declined when the address entered is the
company's legal-entity address instead of the card's, or when the postal code is
wrong or does not correspond to the address (seed 004_ff2003e37bafd5c7.txt). The
billing address is checked by ``rules/address.py``; the comparison with the card's
and the legal entity's address, as a card network's AVS does it, by ``rules/avs.py``,
on the forms the check read them in.
"""

from __future__ import annotations

from eligibility.errors import ErrorCode, field_error
from eligibility.i18n import DEFAULT_LANGUAGE
from eligibility.rules.address import AddressFindings, check_address
from eligibility.rules.avs import NO_CARD, Compared, compared, compute_avs, same_address
from eligibility.rules.markets import find_market
from eligibility.rules.postal import (
    AddressLike,
    canonical_postal_code,
    clean,
    load_address_format,
    postal_text,
)
from eligibility.ruleset import Ruleset

__all__ = ["check_card_address"]


def _typed_alike(left: AddressLike, right: AddressLike) -> bool:
    """The two were typed the same in every part that is compared (a card address the form
    filled in from the billing address): the one read serves for both."""
    return (
        left.country == right.country
        and left.postal_code == right.postal_code
        and left.line1 == right.line1
        and left.city == right.city
    )


def _read_other(
    ruleset: Ruleset, address: AddressLike, billing: AddressLike, read: tuple[Compared, str | None]
) -> tuple[Compared, str | None]:
    """Another address (the card's, the legal entity's) as compared, and its postal code in
    its country's written form where it fits one; the billing address's ``read`` where it
    was typed alike."""
    if _typed_alike(address, billing):
        return read
    market = find_market(ruleset, address.country)
    fmt = load_address_format(ruleset, market.code) if market is not None else None
    postal = canonical_postal_code(fmt, address.postal_code) if fmt is not None else None
    return compared(ruleset, address, market.code if market else None, postal), postal


def check_card_address(
    ruleset: Ruleset,
    billing: AddressLike,
    card: AddressLike | None = None,
    legal_entity: AddressLike | None = None,
    lang: str = DEFAULT_LANGUAGE,
    *,
    field: str = "billing_address",
) -> AddressFindings:
    """Every problem that would get a card order declined, the AVS result, and the
    billing address as understood.

    The addresses are compared in the form the check read them in: the market's code
    whatever form of it was typed, the postal code in its country's written form
    (``MD-2001`` and ``2001``, ``sw1a2aa`` and ``SW1A 2AA``, a ZIP+4 and its ZIP).

    >>> from eligibility.rules.postal import PlainAddress
    >>> billing = PlainAddress("US", "WA", "Redmond", "98052", "1 Microsoft Way")
    >>> card = PlainAddress("usa", None, None, "98052-6399", "1 Microsoft Way")
    >>> check_card_address(ruleset, billing, card).avs.code
    'Y'
    >>> typed = PlainAddress("gbr", None, "London", "sw1a1aa", "1 A St")
    >>> found = check_card_address(ruleset, typed)
    >>> found.address.country, found.address.postal_code
    ('GB', 'SW1A 1AA')
    """
    checked = check_address(ruleset, billing, field, lang)
    errors, warnings = checked.errors, checked.warnings
    read = checked.address
    ours = compared(
        ruleset,
        billing,
        read.country if read is not None else None,
        read.postal_code if read is not None else None,
    )
    avs = NO_CARD
    own = (ours, read.postal_code if read is not None else None)
    if card is not None:
        theirs, card_postal = _read_other(ruleset, card, billing, own)
        avs = compute_avs(ours, theirs)
        if avs.street == "mismatch":
            errors.append(
                field_error(
                    f"{field}.line1",
                    ErrorCode.ADDRESS_STREET_MISMATCH,
                    lang,
                    suggestion=clean(card.line1) or None,
                )
            )
        if avs.postal_code == "mismatch":
            errors.append(
                field_error(
                    f"{field}.postal_code",
                    ErrorCode.ADDRESS_POSTAL_CODE_MISMATCH,
                    lang,
                    suggestion=card_postal or postal_text(card.postal_code) or None,
                )
            )
    if legal_entity is not None and same_address(
        ours, _read_other(ruleset, legal_entity, billing, own)[0]
    ):
        if card is None:
            warnings.append(
                field_error(
                    field, ErrorCode.ADDRESS_LEGAL_ENTITY_ADDRESS_USED, lang, variant="unverified"
                )
            )
        elif avs.code != "Y":
            errors.append(field_error(field, ErrorCode.ADDRESS_LEGAL_ENTITY_ADDRESS_USED, lang))
    return AddressFindings(errors=errors, warnings=warnings, avs=avs, address=checked.address)
