"""``POST /v1/checks/company-tax-id``: the company step's VAT, GST or business number."""

from __future__ import annotations

from typing import Annotated, Any, Final

from litestar import Request
from litestar.params import Body

from eligibility.answers import TaxIdResult, answer
from eligibility.api.common import AcceptLanguage, Case, Examples, check_answer, json_post
from eligibility.api.responses import RawResponse
from eligibility.api.schemas import TaxIdCheckRequest
from eligibility.rules import tax_id as tax_id_rules
from eligibility.ruleset import Ruleset

__all__ = ["tax_id_handlers"]


def company_tax_id(ruleset: Ruleset, body: TaxIdCheckRequest, lang: str) -> TaxIdResult:
    findings = tax_id_rules.check_company_tax_id(ruleset, body.market, body.tax_id, body.kind, lang)
    return answer(findings, ruleset.version, TaxIdResult)


TAX_ID_EXAMPLES: Final = Examples(
    (
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
            "No CNPJ for a Brazilian company",
            "tax_id.required",
            {"market": "BR", "tax_id": ""},
        ),
        Case(
            "A market with no offline check",
            "tax_id.not_verified (a warning)",
            {"market": "NG", "tax_id": "12345678-0001"},
        ),
    ),
    TaxIdCheckRequest,
    company_tax_id,
)


@json_post(
    "/v1/checks/company-tax-id",
    operation_id="checkCompanyTaxId",
    tag="checks",
    summary="Check the company's VAT, GST or business number",
    description=(
        "The company step asks for a VAT ID, a tax ID or a registration number depending on "
        "the market (the market form's `tax_id` says which, and whether it is required). The "
        "number is checked offline with python-stdnum: format, length, checksum and parts "
        "(no register is asked: `verification` is `not_checked`). Spaces, dots, dashes and the "
        "country prefix are accepted; `tax_id.compact` is the form to store. Errors: "
        "`tax_id.required` (Brazil's CNPJ, Belarus's UNP), `tax_id.invalid_format`, "
        "`tax_id.invalid_length`, `tax_id.invalid_checksum`, `tax_id.invalid_component`, "
        "`tax_id.other_country` (a valid number of another market, named), "
        "`tax_id.not_used_in_market` (a `kind` the market does not ask for), `market.unknown`; "
        "the warning `tax_id.not_verified` where no offline check exists for the market."
    ),
    response=TaxIdResult,
    response_description="The check result with the tax ID as read.",
    examples=TAX_ID_EXAMPLES,
)
def check_company_tax_id(
    request: Request[Any, Any, Any],
    data: Annotated[TaxIdCheckRequest, Body(examples=TAX_ID_EXAMPLES.requests)],
    accept_language: AcceptLanguage = "",
) -> RawResponse:
    return check_answer(request, accept_language, "company_tax_id", company_tax_id, data)


tax_id_handlers = [check_company_tax_id]
