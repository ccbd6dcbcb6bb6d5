"""``POST /v1/checks/card-address``: a card's billing address before the card is charged."""

from __future__ import annotations

from typing import Annotated, Final

from msgspec import Meta

from eligibility.answers import CheckResult
from eligibility.checks.declaration import Arg, Case, Check
from eligibility.checks.fields import BillingAddress, CardAddress, LegalEntityAddress, RequestBody
from eligibility.rules.address import AddressFindings, NormalizedAddress
from eligibility.rules.avs import Avs
from eligibility.rules.card_address import check_card_address
from eligibility.ruleset import Ruleset

__all__ = ["CARD_HOLDER", "CHECK", "MICROSOFT", "CardAddressRequest", "CardAddressResult"]


class CardAddressRequest(RequestBody):
    billing_address: BillingAddress
    card_address: CardAddress = None
    legal_entity_address: LegalEntityAddress = None


class CardAddressResult(CheckResult, frozen=True, kw_only=True):
    avs: Avs
    address: Annotated[
        NormalizedAddress | None,
        Meta(
            description=(
                "The billing address as the check understood it, to store instead of what was "
                "typed: the ISO 3166-2 region and the postal code in the country's written "
                "form. Null when the country is unknown."
            )
        ),
    ]


def run(ruleset: Ruleset, request: CardAddressRequest, lang: str) -> AddressFindings:
    return check_card_address(
        ruleset, request.billing_address, request.card_address, request.legal_entity_address, lang
    )


MICROSOFT: Final = {
    "country": "US",
    "region": "WA",
    "city": "Redmond",
    "postal_code": "98052",
    "line1": "1 Microsoft Way",
    "line2": None,
}
CARD_HOLDER: Final = {
    "country": "US",
    "region": "WA",
    "city": "Seattle",
    "postal_code": "98101",
    "line1": "500 Pine Street",
    "line2": None,
}

CHECK: Final = Check(
    name="card_address",
    path="/v1/checks/card-address",
    operation_id="checkCardAddress",
    summary="Check a card's billing address before the card is charged",
    description=(
        "A card order is declined when the address entered is the company's legal-entity "
        "address rather than the card's, or when the postal code is wrong or does not "
        "correspond to the address. Checks that the billing address is well formed for its "
        "country (`address.required`, `address.region_invalid`, `address.postal_code_invalid`, "
        "`address.postal_code_region_mismatch`, `address.postal_code_other_market`), matches "
        "the card's address like a card network's AVS (`address.street_mismatch`, "
        "`address.postal_code_mismatch`, and `avs`), and is not the legal-entity address "
        "(`address.legal_entity_address_used`: an error when the card's address differs, a "
        "warning when no card address is given). No card number, expiry or CVC is accepted: "
        "unknown fields are refused."
    ),
    request=CardAddressRequest,
    result=CardAddressResult,
    response_description="The check result with the AVS outcome.",
    run=run,
    examples=(
        Case(
            "The card's own address (ZIP+4 matches its ZIP)",
            "AVS Y",
            {
                "billing_address": MICROSOFT,
                "card_address": {**MICROSOFT, "postal_code": "98052-6399"},
                "legal_entity_address": None,
            },
        ),
        Case(
            "The legal entity's address instead of the card's",
            "address.legal_entity_address_used, AVS N",
            {
                "billing_address": MICROSOFT,
                "card_address": CARD_HOLDER,
                "legal_entity_address": MICROSOFT,
            },
        ),
        Case(
            "A postal code of another state",
            "address.postal_code_region_mismatch",
            {"billing_address": {**MICROSOFT, "region": "CA"}},
        ),
        Case(
            "A Christmas Island postcode entered as Australia",
            "address.postal_code_other_market",
            {
                "billing_address": {
                    "country": "AU",
                    "region": "WA",
                    "city": "Flying Fish Cove",
                    "postal_code": "6798",
                    "line1": "1 Gaze Road",
                }
            },
        ),
        Case(
            "Missing street, malformed ZIP",
            "address.required, address.postal_code_invalid",
            {
                "billing_address": {
                    "country": "US",
                    "region": "WA",
                    "city": "Redmond",
                    "postal_code": "9805",
                }
            },
        ),
        Case(
            "Typed loosely: the clean values to store come back in `address`",
            "Valid; the region's ISO 3166-2 code and the postcode's written form",
            {
                "billing_address": {
                    "country": "gbr",
                    "region": "gb-eng",
                    "city": " London ",
                    "postal_code": "sw1a1aa",
                    "line1": "10 Downing Street",
                }
            },
        ),
        Case(
            "A US territory given as a state",
            "address.region_other_market, address.postal_code_other_market",
            {
                "billing_address": {
                    "country": "US",
                    "region": "PR",
                    "city": "San Juan",
                    "postal_code": "00901",
                    "line1": "1 Calle Fortaleza",
                }
            },
        ),
    ),
    cli_help="a billing address: check card-address US --region WA --postal-code 98052 ...",
    cli=(
        Arg("country", "billing_address.country", "market, alpha-2 or alpha-3"),
        Arg("--region", "billing_address.region", "state, province or prefecture"),
        Arg("--city", "billing_address.city", "city or locality"),
        Arg("--postal-code", "billing_address.postal_code", "postal code"),
        Arg("--line1", "billing_address.line1", "house number and street"),
    ),
    aliases=("address",),
)
