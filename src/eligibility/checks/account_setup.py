"""``POST /v1/checks/account-setup``: the signup form's company step in one call."""

from __future__ import annotations

from typing import Annotated, Final

from msgspec import Meta

from eligibility.checks.card_address import CARD_HOLDER, MICROSOFT, CardAddressResult
from eligibility.checks.declaration import Arg, Case, Check, Column
from eligibility.checks.fields import (
    BillingAddress,
    CardAddress,
    CompanyTaxId,
    LegalEntityAddress,
    MarketCode,
    RequestBody,
    TaxIdKindName,
    market_facts_of,
)
from eligibility.checks.tax_id import TaxIdAnswer
from eligibility.rules.account_setup import AccountSetupFindings, check_account_setup
from eligibility.rules.markets import MARKET_FACTS
from eligibility.ruleset import Ruleset

__all__ = ["CHECK", "AccountSetupRequest", "AccountSetupResult"]


class AccountSetupRequest(RequestBody):
    """The signup form's company step: market, company phone and card address at once."""

    market: MarketCode
    company_phone: Annotated[
        str,
        Meta(
            max_length=256,
            description=(
                "The company phone as typed; checked for `market`. Over 64 characters it is "
                "reported as too long without being parsed."
            ),
            examples=["4255550100"],
        ),
    ]
    billing_address: BillingAddress
    card_address: CardAddress = None
    legal_entity_address: LegalEntityAddress = None
    company_tax_id: CompanyTaxId | None = None
    company_tax_id_kind: TaxIdKindName | None = None


class AccountSetupResult(CardAddressResult, frozen=True, kw_only=True):
    """Every error and warning of the company step; `avs` compares billing and card address."""

    tax_id: TaxIdAnswer


def run(ruleset: Ruleset, request: AccountSetupRequest, lang: str) -> AccountSetupFindings:
    return check_account_setup(
        ruleset,
        request.market,
        request.company_phone,
        request.billing_address,
        card_address=request.card_address,
        legal_entity_address=request.legal_entity_address,
        company_tax_id=request.company_tax_id,
        company_tax_id_kind=request.company_tax_id_kind,
        lang=lang,
    )


CHECK: Final = Check(
    name="account_setup",
    path="/v1/checks/account-setup",
    operation_id="checkAccountSetup",
    summary="Check the signup form's company step in one call",
    description=(
        "Market, company phone, tax ID and card address together, as the signup form's \"Tell "
        'us about your company" step sends them: every error and warning of the company-phone, '
        "company-tax-id and card-address checks, with field paths from this body "
        "(`company_phone`, `company_tax_id`, `billing_address.postal_code`), `market.unknown` "
        "once on `market`, `tax_id.required` where the market requires a tax ID and none was "
        "sent (the 24 markets where Partner Center requires one), the tax ID as read in "
        "`tax_id`, and the warning "
        "`reservations.unavailable_in_market` where the account can be created but Azure "
        "reservations cannot be bought. Messages follow `Accept-Language`; codes do not."
    ),
    request=AccountSetupRequest,
    result=AccountSetupResult,
    response_description="The check result with the AVS outcome.",
    run=run,
    examples=(
        Case(
            "A valid signup: the card's address, not the legal entity's",
            "Valid, AVS Y",
            {
                "market": "US",
                "company_phone": "4258828080",
                "billing_address": CARD_HOLDER,
                "card_address": {**CARD_HOLDER, "line1": "500 Pine St"},
                "legal_entity_address": MICROSOFT,
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
    cli_help=(
        "the company step: check account-setup US 4258828080 --line1 '1 Microsoft Way' "
        "--postal-code 98052 ..."
    ),
    cli=(
        Arg("market", "market", "market, alpha-2 or alpha-3"),
        Arg("company_phone", "company_phone", "the company phone as typed"),
        Arg("--tax-id", "company_tax_id", "the company's VAT, GST or business number"),
        Arg(
            "--country",
            "billing_address.country",
            "the billing country (default: market)",
            default="market",
        ),
        Arg("--region", "billing_address.region", "state, province or prefecture"),
        Arg("--city", "billing_address.city", "city or locality"),
        Arg("--postal-code", "billing_address.postal_code", "postal code"),
        Arg("--line1", "billing_address.line1", "house number and street"),
    ),
    columns=(
        Column(
            "market", "market", True, synonyms=("country", "country_code", "market_code", "pays")
        ),
        Column(
            "company_phone",
            "company_phone",
            True,
            synonyms=("phone", "telephone", "tel", "phone_number", "company_phone_number"),
        ),
        Column("billing_country", "billing_address.country", default="market"),
        Column(
            "billing_region", "billing_address.region", synonyms=("state", "region", "province")
        ),
        Column("billing_city", "billing_address.city", synonyms=("city", "town", "ville")),
        Column(
            "billing_postal_code",
            "billing_address.postal_code",
            synonyms=("zip", "zipcode", "zip_code", "postcode", "postal_code", "plz"),
        ),
        Column(
            "billing_line1",
            "billing_address.line1",
            True,
            synonyms=("address", "street", "address1", "address_line1", "line1", "street_address"),
        ),
        Column(
            "billing_line2",
            "billing_address.line2",
            synonyms=("address2", "address_line2", "line2"),
        ),
        Column(
            "company_tax_id",
            "company_tax_id",
            synonyms=("vat", "vat_number", "vat_id", "tax_id", "tax_number"),
        ),
    ),
    facts=market_facts_of,
    fact_names=MARKET_FACTS,
)
