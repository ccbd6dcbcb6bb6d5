"""``POST /v1/checks/subscription-validation``: a subscription validation request,
complete before it is filed."""

from __future__ import annotations

from typing import Annotated, Final

from msgspec import Meta

from eligibility.answers import CheckResult
from eligibility.checks.credit_request import SubscriptionIdText
from eligibility.checks.declaration import Arg, Case, Check, Column
from eligibility.checks.fields import BillingAddress, RequestBody
from eligibility.rules.address import NormalizedAddress
from eligibility.rules.subscription_validation import (
    SubscriptionValidation,
    ValidationFindings,
    check_subscription_validation,
)
from eligibility.ruleset import Ruleset

__all__ = ["CHECK", "SubscriptionValidationBody", "SubscriptionValidationResult"]


class SubscriptionValidationBody(RequestBody):
    subscription_id: SubscriptionIdText
    billing_address: BillingAddress


class SubscriptionValidationResult(CheckResult, frozen=True, kw_only=True):
    address: Annotated[
        NormalizedAddress | None,
        Meta(
            description=(
                "The billing address as the check understood it; null when the country is unknown."
            )
        ),
    ]
    subscription_validation: Annotated[
        SubscriptionValidation | None,
        Meta(
            description=(
                "What the request gives, and who alone can confirm the subscription's owner."
            )
        ),
    ]


def run(ruleset: Ruleset, request: SubscriptionValidationBody, lang: str) -> ValidationFindings:
    return check_subscription_validation(
        ruleset, request.subscription_id, request.billing_address, lang
    )


_SUBSCRIPTION: Final = "6b1f3a9e-0c2d-4e5f-8a7b-9c0d1e2f3a4b"
_REDMOND: Final = {
    "country": "US",
    "region": "WA",
    "city": "Redmond",
    "postal_code": "98052",
    "line1": "1 Microsoft Way",
}

CHECK: Final = Check(
    name="subscription_validation",
    path="/v1/checks/subscription-validation",
    operation_id="checkSubscriptionValidation",
    summary="Is this subscription validation request complete before it is filed?",
    description=(
        "Microsoft Support confirms that a subscription ID and billing address belong to a known "
        "customer; the partner provides both. Only Microsoft Support can say whether they do "
        "(`subscription_validation.owner_confirmed_by`): a valid answer here says the request "
        "is complete, not that the subscription is the customer's. Errors, all at once: "
        "`subscription_id.required`, `subscription_id.invalid`, and every code of the billing "
        "address check (`address.required`, `address.region_invalid`, "
        "`address.postal_code_invalid`, `address.postal_code_region_mismatch`, "
        "`address.postal_code_other_market`, `market.unknown` on its country...); warnings "
        "`subscription_id.not_canonical` and the address check's."
    ),
    request=SubscriptionValidationBody,
    result=SubscriptionValidationResult,
    response_description="The check result with what the request gives.",
    run=run,
    examples=(
        Case(
            "A complete request",
            "Valid: to be confirmed by Microsoft Support",
            {
                "subscription_id": "6b1f3a9e-0c2d-4e5f-8a7b-9c0d1e2f3a4b",
                "billing_address": _REDMOND,
            },
        ),
        Case(
            "A subscription ID without hyphens, a postal code of another state",
            "subscription_id.not_canonical, address.postal_code_region_mismatch",
            {
                "subscription_id": "6B1F3A9E0C2D4E5F8A7B9C0D1E2F3A4B",
                "billing_address": {**_REDMOND, "region": "CA"},
            },
        ),
        Case(
            "No subscription ID, no street",
            "subscription_id.required, address.required",
            {"subscription_id": "", "billing_address": {**_REDMOND, "line1": None}},
        ),
    ),
    cli_help=(
        "a subscription validation request: check subscription-validation 6b1f3a9e-... US "
        "--region WA --city Redmond --postal-code 98052 --line1 '1 Microsoft Way'"
    ),
    cli=(
        Arg("subscription_id", "subscription_id", "the Azure subscription ID"),
        Arg("country", "billing_address.country", "the billing country, alpha-2 or alpha-3"),
        Arg("--region", "billing_address.region", "state, province or prefecture"),
        Arg("--city", "billing_address.city", "city or locality"),
        Arg("--postal-code", "billing_address.postal_code", "postal code"),
        Arg("--line1", "billing_address.line1", "house number and street"),
    ),
    columns=(
        Column("subscription_id", "subscription_id", True, synonyms=("subscription", "sub_id")),
        Column("billing_country", "billing_address.country", True, synonyms=("country",)),
        Column("billing_region", "billing_address.region", synonyms=("state", "region")),
        Column("billing_city", "billing_address.city", synonyms=("city", "town")),
        Column("billing_postal_code", "billing_address.postal_code", synonyms=("zip", "postcode")),
        Column("billing_line1", "billing_address.line1", True, synonyms=("address", "street")),
        Column("billing_line2", "billing_address.line2"),
    ),
)
