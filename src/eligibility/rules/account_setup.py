"""The signup form's "Tell us about your company" step, checked in one call.

Composes the market, company-phone, company tax ID and card-address rules; it
decides no rule of its own beyond which findings are errors and which are
warnings here.
"""

from __future__ import annotations

from eligibility.errors import ErrorCode, FieldError
from eligibility.i18n import DEFAULT_LANGUAGE
from eligibility.rules.address import AddressFindings, AddressLike
from eligibility.rules.card_address import check_card_address
from eligibility.rules.markets import find_market, market_refusal, reservation_finding
from eligibility.rules.phone import check_company_phone
from eligibility.rules.tax_id import TaxId, check_company_tax_id, check_tax_id_region
from eligibility.ruleset import Ruleset

__all__ = ["AccountSetupFindings", "check_account_setup"]

_MARKET_CODES = frozenset({ErrorCode.MARKET_UNKNOWN, ErrorCode.MARKET_NOT_SERVED})


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

    ``market.unknown`` and ``market.not_served`` are errors, reported once on
    ``market``. A market where reservations are not sold is a warning: the account can
    still be created. The company tax ID is optional except in the 24 markets where
    Partner Center requires one (Russia's INN, India's GSTIN or PAN, Brazil's CNPJ...),
    and one of another region than the billing address is ``tax_id.region_mismatch``.
    The answer has the card-address check's extras (the AVS outcome, the billing
    address as understood) and the tax ID as read.

    >>> from eligibility.rules.postal import PlainAddress
    >>> billing = PlainAddress("FR", None, "Saint-Denis", "97400", "1 rue de Paris")
    >>> found = check_account_setup(ruleset, "RE", "+262 262 21 00 00", billing)
    >>> sorted({e.code.value for e in found.errors})  # doctest: +NORMALIZE_WHITESPACE
    ['address.postal_code_other_market', 'phone.country_code_included',
     'phone.invalid_characters', 'phone.too_long']
    >>> [w.code.value for w in found.warnings]
    ['reservations.unavailable_in_market']
    """
    errors: list[FieldError] = []
    warnings: list[FieldError] = []
    record = find_market(ruleset, market)  # read once, handed to every rule below
    if refusal := market_refusal(ruleset, record, "market", market, lang):
        errors.append(refusal)
    elif record is not None and (
        unavailable := reservation_finding(record, "market", lang, variant="account_setup")
    ):
        warnings.append(unavailable)

    phone = check_company_phone(
        ruleset,
        record if record is not None else market,
        company_phone,
        lang,
        field="company_phone",
        country_field="market",
    )
    # market.unknown and market.not_served are said once, on market, above.
    errors.extend(e for e in phone.errors if e.code not in _MARKET_CODES)
    warnings.extend(phone.warnings)

    tax_id = None
    if record is not None and record.served:
        tax = check_company_tax_id(
            ruleset, record, company_tax_id, company_tax_id_kind, lang, field="company_tax_id"
        )
        errors.extend(tax.errors)
        warnings.extend(tax.warnings)
        tax_id = tax.tax_id

    address = check_card_address(
        ruleset, billing_address, card_address, legal_entity_address, lang, field="billing_address"
    )
    errors.extend(address.errors)
    warnings.extend(address.warnings)
    region = address.address.region if address.address is not None else None
    if mismatch := check_tax_id_region(ruleset, tax_id, region, lang):
        errors.append(mismatch)
    return AccountSetupFindings(
        errors=errors, warnings=warnings, avs=address.avs, address=address.address, tax_id=tax_id
    )
