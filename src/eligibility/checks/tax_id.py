"""``POST /v1/checks/company-tax-id``: the company step's VAT, GST or business number."""

from __future__ import annotations

from typing import Annotated, Final

from msgspec import Meta

from eligibility.answers import CheckResult
from eligibility.checks.declaration import Arg, Case, Check
from eligibility.checks.fields import MarketCode, RequestBody, TaxIdKindName, TaxIdValue
from eligibility.rules.tax_id import TaxId, TaxIdFindings, check_company_tax_id
from eligibility.ruleset import Ruleset

__all__ = ["CHECK", "TaxIdAnswer", "TaxIdCheckRequest", "TaxIdResult"]


class TaxIdCheckRequest(RequestBody):
    market: MarketCode
    tax_id: TaxIdValue
    kind: TaxIdKindName | None = None


TaxIdAnswer = Annotated[
    TaxId | None,
    Meta(
        description=(
            "The tax ID as the check read it: its kind, country, the compact form to store and "
            "the written form; null when none was given or it was not valid."
        )
    ),
]


class TaxIdResult(CheckResult, frozen=True, kw_only=True):
    tax_id: TaxIdAnswer


def run(ruleset: Ruleset, request: TaxIdCheckRequest, lang: str) -> TaxIdFindings:
    return check_company_tax_id(ruleset, request.market, request.tax_id, request.kind, lang)


CHECK: Final = Check(
    name="tax_id",
    path="/v1/checks/company-tax-id",
    operation_id="checkCompanyTaxId",
    summary="Check the company's VAT, GST or business number",
    description=(
        "The company step asks for a VAT ID, a tax ID or a registration number depending on "
        "the market (the market form's `tax_id` says which, and whether it is required). The "
        "number is checked offline with python-stdnum: format, length, checksum and parts "
        "(no register is asked: `verification` is `not_checked`). Spaces, dots, dashes and the "
        "country prefix are accepted; `tax_id.compact` is the form to store. Errors: "
        "`tax_id.required` (the 24 markets where Partner Center requires one), "
        "`tax_id.invalid_format`, `tax_id.missing_suffix` (a Swiss VAT number without MWST), "
        "`tax_id.invalid_length`, `tax_id.invalid_checksum`, `tax_id.invalid_component`, "
        "`tax_id.other_country` (a valid number of another market, named), "
        "`tax_id.not_used_in_market` (a `kind` the market does not ask for), `market.unknown`; "
        "the warning `tax_id.not_verified` where no offline check exists for the market."
    ),
    request=TaxIdCheckRequest,
    result=TaxIdResult,
    response_description="The check result with the tax ID as read.",
    run=run,
    examples=(
        Case(
            "A German VAT number typed with spaces",
            "Valid: the compact form to store",
            {"market": "DE", "tax_id": "de 136 695 976"},
        ),
        Case(
            "A UK VAT number of Northern Ireland",
            "Valid: XI kept in the stored form",
            {"market": "GB", "tax_id": "XI 980 7806 84", "kind": "gb_vat"},
        ),
        Case(
            "A French company's SIREN",
            "Valid: read as fr_siren, with the VAT number that follows",
            {"market": "FR", "tax_id": "732 829 320"},
        ),
        Case(
            "A Swiss UID where the form asked for the VAT number",
            "tax_id.missing_suffix, the VAT number suggested",
            {"market": "CH", "tax_id": "CHE-116.281.710", "kind": "ch_vat"},
        ),
        Case(
            "A typo in a French VAT number",
            "tax_id.invalid_checksum",
            {"market": "FR", "tax_id": "FR 40 303 265 046"},
        ),
        Case(
            "A German VAT number for a French company",
            "tax_id.other_country",
            {"market": "FR", "tax_id": "DE136695976"},
        ),
        Case(
            "No INN for a Russian company",
            "tax_id.required",
            {"market": "RU", "tax_id": ""},
        ),
        Case(
            "A market with no offline check",
            "tax_id.not_verified (a warning)",
            {"market": "NG", "tax_id": "12345678-0001"},
        ),
    ),
    cli_help="a company tax ID: check tax-id DE 'DE 136 695 976' [--kind eu_vat]",
    cli=(
        Arg("market", "market", "market, alpha-2 or alpha-3"),
        Arg("tax_id", "tax_id", "the VAT, GST or business number as typed"),
        Arg("--kind", "kind", "the kind the form asked for (eu_vat, br_cnpj...)"),
    ),
    aliases=("company-tax-id",),
)
