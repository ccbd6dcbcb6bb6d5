"""The checks resource: one POST per field or step of a signup form.

Each route decodes its body, calls one rule function and answers the envelope
(``eligibility.answers``); the examples beside each route are named inputs whose
answers the app computes (``api/common.py``).
"""

from __future__ import annotations

from typing import Annotated, Any, Final

from litestar import Request
from litestar.params import Body

from eligibility.answers import AccountSetupResult, CardAddressResult, CheckResult, answer
from eligibility.api.common import AcceptLanguage, Case, Examples, check_answer, json_post
from eligibility.api.responses import RawResponse
from eligibility.api.schemas import (
    AccountSetupRequest,
    CardAddressRequest,
    CompanyPhoneRequest,
    ReservationCheckRequest,
)
from eligibility.rules import account, address, markets, phone
from eligibility.rules.account import AccountSetupFindings
from eligibility.ruleset import Ruleset

__all__ = ["ACCOUNT_SETUP_EXAMPLES", "account_setup_findings", "check_handlers"]


# ------------------------------------------------------------------ reservation


def reservation(ruleset: Ruleset, body: ReservationCheckRequest, lang: str) -> CheckResult:
    return answer(
        markets.check_reservation(ruleset, body.market, lang), ruleset.version, CheckResult
    )


RESERVATION_EXAMPLES: Final = Examples(
    (
        Case("A market where reservations are sold", "Eligible", {"market": "AU"}),
        Case("A market where they are not", "reservations.unavailable_in_market", {"market": "CN"}),
        Case("A name instead of a code", "market.unknown", {"market": "Germany"}),
    ),
    ReservationCheckRequest,
    reservation,
)


@json_post(
    "/v1/checks/reservation",
    operation_id="checkReservation",
    tag="checks",
    summary="Can Azure reservations be sold in this market?",
    description=(
        "`market.unknown` when the code is unknown (with the code as `suggestion` when a "
        "market's name was sent); `reservations.unavailable_in_market` when reservations are "
        "not sold there."
    ),
    response=CheckResult,
    response_description="The check result: `valid` is false when any error is found.",
    examples=RESERVATION_EXAMPLES,
)
def check_reservation(
    request: Request[Any, Any, Any],
    data: Annotated[ReservationCheckRequest, Body(examples=RESERVATION_EXAMPLES.requests)],
    accept_language: AcceptLanguage = "",
) -> RawResponse:
    return check_answer(request, accept_language, "reservation", reservation, data)


# ------------------------------------------------------------------ company phone


def company_phone(ruleset: Ruleset, body: CompanyPhoneRequest, lang: str) -> CheckResult:
    findings = phone.check_company_phone(ruleset, body.country, body.phone, lang)
    return answer(findings, ruleset.version, CheckResult)


PHONE_EXAMPLES: Final = Examples(
    (
        Case("Valid", "Valid", {"country": "US", "phone": "4258828080"}),
        Case(
            "Formatted, with country code",
            "phone.invalid_characters, phone.country_code_included, phone.too_long",
            {"country": "US", "phone": "+1 (425) 882-8080"},
        ),
        Case("Blank", "phone.required", {"country": "US", "phone": ""}),
        Case(
            "A Brazilian mobile: 11 digits",
            "phone.too_long: a number that can never fit",
            {"country": "BR", "phone": "11961234567"},
        ),
        Case("Not a US number", "phone.invalid_for_country", {"country": "US", "phone": "1234567"}),
        Case(
            "Another country's number",
            "phone.other_country",
            {"country": "FR", "phone": "+44 20 7946 0000"},
        ),
        Case(
            "A market without phone metadata",
            "phone.not_verified (a warning)",
            {"country": "AQ", "phone": "12345"},
        ),
        Case("Unknown country", "market.unknown", {"country": "ZZ", "phone": "4258828080"}),
    ),
    CompanyPhoneRequest,
    company_phone,
)


@json_post(
    "/v1/checks/company-phone",
    operation_id="checkCompanyPhone",
    tag="checks",
    summary="Check the signup form's company phone field",
    description=(
        "Partner Center's company phone takes digits only (no spaces, special characters or "
        'country code), at most 10 characters; anything else fails with a bare "Something '
        'went wrong". Every rule that applies is reported: `phone.required`, '
        "`phone.invalid_characters`, `phone.country_code_included` (the market's own code "
        "after `+`, `00`, `011`, the market's own prefix, or bare), `phone.other_country` "
        "(another country's code: no suggestion), `phone.too_long`, "
        "`phone.invalid_for_country`, `market.unknown` (on `country`), and the warning "
        "`phone.not_verified` for markets without phone metadata. Where the number itself is "
        "valid for the country and fits, every error carries the value to type as `suggestion`: "
        "the national significant number, without country code or trunk prefix (the leading 0 "
        "of AU, GB, FR, DE numbers). Every suggestion is accepted by this check as it is."
    ),
    response=CheckResult,
    response_description="The check result: `valid` is false when any error is found.",
    examples=PHONE_EXAMPLES,
)
def check_company_phone(
    request: Request[Any, Any, Any],
    data: Annotated[CompanyPhoneRequest, Body(examples=PHONE_EXAMPLES.requests)],
    accept_language: AcceptLanguage = "",
) -> RawResponse:
    return check_answer(request, accept_language, "company_phone", company_phone, data)


# ------------------------------------------------------------------ card address


def card_address(ruleset: Ruleset, body: CardAddressRequest, lang: str) -> CardAddressResult:
    findings = address.check_card_address(
        ruleset, body.billing_address, body.card_address, body.legal_entity_address, lang
    )
    return answer(findings, ruleset.version, CardAddressResult)


_MICROSOFT: Final = {
    "country": "US",
    "region": "WA",
    "city": "Redmond",
    "postal_code": "98052",
    "line1": "1 Microsoft Way",
    "line2": None,
}
_CARD_HOLDER: Final = {
    "country": "US",
    "region": "WA",
    "city": "Seattle",
    "postal_code": "98101",
    "line1": "500 Pine Street",
    "line2": None,
}

CARD_ADDRESS_EXAMPLES: Final = Examples(
    (
        Case(
            "The card's own address (ZIP+4 matches its ZIP)",
            "AVS Y",
            {
                "billing_address": _MICROSOFT,
                "card_address": {**_MICROSOFT, "postal_code": "98052-6399"},
                "legal_entity_address": None,
            },
        ),
        Case(
            "The legal entity's address instead of the card's",
            "address.legal_entity_address_used, AVS N",
            {
                "billing_address": _MICROSOFT,
                "card_address": _CARD_HOLDER,
                "legal_entity_address": _MICROSOFT,
            },
        ),
        Case(
            "A postal code of another state",
            "address.postal_code_region_mismatch",
            {"billing_address": {**_MICROSOFT, "region": "CA"}},
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
    CardAddressRequest,
    card_address,
)


@json_post(
    "/v1/checks/card-address",
    operation_id="checkCardAddress",
    tag="checks",
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
    response=CardAddressResult,
    response_description="The check result with the AVS outcome.",
    examples=CARD_ADDRESS_EXAMPLES,
)
def check_card_address(
    request: Request[Any, Any, Any],
    data: Annotated[CardAddressRequest, Body(examples=CARD_ADDRESS_EXAMPLES.requests)],
    accept_language: AcceptLanguage = "",
) -> RawResponse:
    return check_answer(request, accept_language, "card_address", card_address, data)


# ------------------------------------------------------------------ account setup


def account_setup_findings(
    ruleset: Ruleset, body: AccountSetupRequest, lang: str
) -> AccountSetupFindings:
    """The account-setup check of one body (a batch item is one too)."""
    return account.check_account_setup(
        ruleset,
        body.market,
        body.company_phone,
        body.billing_address,
        card_address=body.card_address,
        legal_entity_address=body.legal_entity_address,
        company_tax_id=body.company_tax_id,
        company_tax_id_kind=body.company_tax_id_kind,
        lang=lang,
    )


def account_setup(ruleset: Ruleset, body: AccountSetupRequest, lang: str) -> AccountSetupResult:
    findings = account_setup_findings(ruleset, body, lang)
    return answer(findings, ruleset.version, AccountSetupResult)


ACCOUNT_SETUP_EXAMPLES: Final = Examples(
    (
        Case(
            "A valid signup: the card's address, not the legal entity's",
            "Valid, AVS Y",
            {
                "market": "US",
                "company_phone": "4258828080",
                "billing_address": _CARD_HOLDER,
                "card_address": {**_CARD_HOLDER, "line1": "500 Pine St"},
                "legal_entity_address": _MICROSOFT,
            },
        ),
        Case(
            "Réunion: a phone with its country code, a postcode entered as France",
            "Every error at once, and the reservations warning",
            {
                "market": "RE",
                "company_phone": "+262 262 21 00 00",
                "billing_address": {
                    "country": "FR",
                    "region": None,
                    "city": "Saint-Denis",
                    "postal_code": "97400",
                    "line1": "1 rue de Paris",
                    "line2": None,
                },
                "card_address": None,
                "legal_entity_address": None,
            },
        ),
    ),
    AccountSetupRequest,
    account_setup,
)


@json_post(
    "/v1/checks/account-setup",
    operation_id="checkAccountSetup",
    tag="checks",
    summary="Check the signup form's company step in one call",
    description=(
        "Market, company phone, tax ID and card address together, as the signup form's \"Tell "
        'us about your company" step sends them: every error and warning of the company-phone, '
        "company-tax-id and card-address checks, with field paths from this body "
        "(`company_phone`, `company_tax_id`, `billing_address.postal_code`), `market.unknown` "
        "once on `market`, `tax_id.required` where the market requires a tax ID and none was "
        "sent (Brazil's CNPJ, Belarus's UNP), the tax ID as read in `tax_id`, and the warning "
        "`reservations.unavailable_in_market` where the account can be created but Azure "
        "reservations cannot be bought. Messages follow `Accept-Language`; codes do not."
    ),
    response=AccountSetupResult,
    response_description="The check result with the AVS outcome.",
    examples=ACCOUNT_SETUP_EXAMPLES,
)
def check_account_setup(
    request: Request[Any, Any, Any],
    data: Annotated[AccountSetupRequest, Body(examples=ACCOUNT_SETUP_EXAMPLES.requests)],
    accept_language: AcceptLanguage = "",
) -> RawResponse:
    return check_answer(request, accept_language, "account_setup", account_setup, data)


check_handlers = [
    check_reservation,
    check_company_phone,
    check_card_address,
    check_account_setup,
]
