"""The floor: a bare Litestar app with nothing but a constant GET and a Struct echo POST,
and beside it each check's limit: the floor plus only the third-party work that check
does on the same body.

`make bench` serves it exactly as `eligibility serve` serves the real app
(uvicorn, uvloop, httptools, same workers) and divides each endpoint's server
CPU per request by this app's ``POST /floor``.

``POST /floor/limit/<check>`` (:data:`LIMITS`) decodes the check's own body and makes
the library calls the check cannot avoid, nothing else: phonenumbers' parse and
validation of a phone (metadata preloaded and its patterns kept, as the app does),
python-stdnum's validation of a tax ID with each of its market's kinds in turn, and
the postcode lists' lookup of each address's postal code. What a check costs above
its limit is this project's own work.
"""

from __future__ import annotations

from typing import Final

import msgspec
import phonenumbers
from litestar import Litestar, get, post
from phonenumbers.phonemetadata import PhoneMetadata
from stdnum.exceptions import ValidationError

from eligibility.rules.postal import compact
from eligibility.ruleset import Ruleset, load_ruleset
from eligibility.settings import default_data_dir

__all__ = ["LIMITS", "create_app"]


class Floor(msgspec.Struct, frozen=True):
    status: str


class Echo(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    market: str


_OK = Floor(status="ok")
_RULESET: dict[str, Ruleset] = {}
"""The ruleset of the tax ID kinds and postcode lists, loaded by create_app."""


@get("/floor", sync_to_thread=False)
def floor_get() -> Floor:
    return _OK


@post("/floor", status_code=200, sync_to_thread=False)
def floor_post(data: Echo) -> Echo:
    return data


class Address(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    country: str
    region: str | None = None
    city: str | None = None
    postal_code: str | None = None
    line1: str | None = None
    line2: str | None = None


class Phone(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    country: str
    phone: str


class TaxId(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    market: str
    tax_id: str


class CardAddress(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    billing_address: Address
    card_address: Address | None = None
    legal_entity_address: Address | None = None


class AccountSetup(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    market: str
    company_phone: str
    billing_address: Address
    card_address: Address | None = None
    legal_entity_address: Address | None = None
    company_tax_id: str | None = None
    company_tax_id_kind: str | None = None


class SubscriptionValidation(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    subscription_id: str
    billing_address: Address


def _phone(region: str, value: str) -> None:
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return
    phonenumbers.is_valid_number_for_region(number, region)


def _tax_id(market: str, value: str) -> None:
    for kind in _RULESET["ruleset"].tax_ids.get(market, ()):
        try:
            kind.module.validate(value)
            return
        except (ValidationError, ValueError, TypeError, IndexError, KeyError):
            continue  # what the check also catches


def _postcodes(*addresses: Address | None) -> None:
    ruleset = _RULESET["ruleset"]
    for address in addresses:
        if address is not None and address.postal_code:
            ruleset.postcode_place(address.country.upper(), compact(address.postal_code))


@post("/floor/limit/company-phone", status_code=200, sync_to_thread=False)
def company_phone_limit(data: Phone) -> Floor:
    _phone(data.country, data.phone)
    return _OK


@post("/floor/limit/company-tax-id", status_code=200, sync_to_thread=False)
def tax_id_limit(data: TaxId) -> Floor:
    _tax_id(data.market, data.tax_id)
    return _OK


@post("/floor/limit/card-address", status_code=200, sync_to_thread=False)
def card_address_limit(data: CardAddress) -> Floor:
    _postcodes(data.billing_address, data.card_address, data.legal_entity_address)
    return _OK


@post("/floor/limit/account-setup", status_code=200, sync_to_thread=False)
def account_setup_limit(data: AccountSetup) -> Floor:
    _phone(data.market, data.company_phone)
    if data.company_tax_id:
        _tax_id(data.market, data.company_tax_id)
    _postcodes(data.billing_address, data.card_address, data.legal_entity_address)
    return _OK


@post("/floor/limit/subscription-validation", status_code=200, sync_to_thread=False)
def subscription_validation_limit(data: SubscriptionValidation) -> Floor:
    _postcodes(data.billing_address)
    return _OK


LIMITS: Final = {
    "company_phone": ("/floor/limit/company-phone", "phonenumbers"),
    "tax_id": ("/floor/limit/company-tax-id", "python-stdnum"),
    "card_address": ("/floor/limit/card-address", "postcode lists"),
    "account_setup": (
        "/floor/limit/account-setup",
        "phonenumbers, python-stdnum, postcode lists",
    ),
    "subscription_validation": ("/floor/limit/subscription-validation", "postcode lists"),
}
"""Check name -> (its limit's path, the libraries it calls). A check not named here
calls no third-party library on a request: its limit is the floor."""


def create_app() -> Litestar:
    phonenumbers.enable_pattern_cache()
    PhoneMetadata.load_all()
    _RULESET["ruleset"] = load_ruleset(default_data_dir())
    handlers = [floor_get, floor_post, company_phone_limit, tax_id_limit, card_address_limit]
    handlers += [account_setup_limit, subscription_validation_limit]
    return Litestar(handlers, openapi_config=None, logging_config=None)
