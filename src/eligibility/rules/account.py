"""The signup form's "Tell us about your company" step, checked in one call.

Composes the market, company-phone, company tax ID and card-address rules; it
decides no rule of its own beyond which findings are errors and which are
warnings here.
"""

from __future__ import annotations

from eligibility.errors import ErrorCode, FieldError
from eligibility.i18n import DEFAULT_LANGUAGE
from eligibility.rules.address import AddressFindings, AddressLike, check_card_address
from eligibility.rules.markets import check_reservation
from eligibility.rules.phone import check_company_phone
from eligibility.rules.tax_id import TaxId, check_company_tax_id
from eligibility.ruleset import Ruleset

__all__ = ["AccountSetupFindings", "check_account_setup"]


class AccountSetupFindings(AddressFindings, kw_only=True):
    """The card-address check's extras, and the company's tax ID as read."""

    tax_id: TaxId | None = None


def check_account_setup(
    ruleset: Ruleset,
    market: str,
    company_phone: str,
    billing_address: AddressLike,
    *,
    card_address: AddressLike | None = None,
    legal_entity_address: AddressLike | None = None,
    company_tax_id: str | None = None,
    company_tax_id_kind: str | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> AccountSetupFindings:
    """Every problem of the company step, keyed by request field.

    ``market.unknown`` is an error, reported once on ``market``. A market where
    reservations are not sold is a warning: the account can still be created.
    The company tax ID is optional except where the market requires one (Brazil's
    CNPJ, Belarus's UNP). The answer has the card-address check's extras (the AVS
    outcome, the billing address as understood) and the tax ID as read.
    """
    errors: list[FieldError] = []
    warnings: list[FieldError] = []
    market_findings = check_reservation(ruleset, market, lang, "market", variant="account_setup")
    for finding in market_findings.errors:
        if finding.code is ErrorCode.RESERVATIONS_UNAVAILABLE:
            warnings.append(finding)
        else:
            errors.append(finding)
    known = not errors

    phone = check_company_phone(
        ruleset, market, company_phone, lang, field="company_phone", country_field="market"
    )
    # check_reservation has already said the market is unknown.
    errors.extend(e for e in phone.errors if e.code is not ErrorCode.MARKET_UNKNOWN)
    warnings.extend(phone.warnings)

    tax_id = None
    if known:
        tax = check_company_tax_id(
            ruleset, market, company_tax_id, company_tax_id_kind, lang, field="company_tax_id"
        )
        errors.extend(tax.errors)
        warnings.extend(tax.warnings)
        tax_id = tax.tax_id

    address = check_card_address(
        ruleset, billing_address, card_address, legal_entity_address, lang, field="billing_address"
    )
    errors.extend(address.errors)
    warnings.extend(address.warnings)
    return AccountSetupFindings(
        errors=errors, warnings=warnings, avs=address.avs, address=address.address, tax_id=tax_id
    )
