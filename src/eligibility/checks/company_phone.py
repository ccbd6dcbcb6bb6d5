"""``POST /v1/checks/company-phone``: the signup form's company phone field."""

from __future__ import annotations

from typing import Annotated, Final

from msgspec import Meta

from eligibility.answers import CheckResult
from eligibility.checks.declaration import Arg, Case, Check
from eligibility.checks.fields import MarketCode, RequestBody
from eligibility.rules.findings import Findings
from eligibility.rules.phone import check_company_phone
from eligibility.ruleset import Ruleset

__all__ = ["CHECK", "CompanyPhoneRequest"]


class CompanyPhoneRequest(RequestBody):
    country: MarketCode
    phone: Annotated[
        str,
        Meta(
            max_length=256,
            description=(
                "The company phone as typed. Over 64 characters it is reported as too long "
                "without being parsed."
            ),
            examples=["+1 (425) 882-8080"],
        ),
    ]


def run(ruleset: Ruleset, request: CompanyPhoneRequest, lang: str) -> Findings:
    return check_company_phone(ruleset, request.country, request.phone, lang)


CHECK: Final = Check(
    name="company_phone",
    path="/v1/checks/company-phone",
    operation_id="checkCompanyPhone",
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
    request=CompanyPhoneRequest,
    result=CheckResult,
    run=run,
    examples=(
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
    cli_help="a company phone: check company-phone FR '+33 1 23 45 67 89'",
    cli=(
        Arg("country", "country", "market, alpha-2 or alpha-3"),
        Arg("phone", "phone", "the phone as typed"),
    ),
    aliases=("phone",),
)
