"""OpenAPI examples. tests/http/test_openapi_examples.py replays every request
example against the app and compares the answer with the documented response."""

from __future__ import annotations

from typing import Any

from litestar.openapi.spec import Example

__all__ = [
    "ACCOUNT_SETUP_REQUESTS",
    "ACCOUNT_SETUP_RESULTS",
    "CARD_ADDRESS_REQUESTS",
    "CARD_ADDRESS_RESULTS",
    "MARKET",
    "MARKET_FORMS",
    "MARKET_LIST",
    "PHONE_REQUESTS",
    "PHONE_RESULTS",
    "PROBLEM_400",
    "PROBLEM_404",
    "QUOTE_REQUESTS",
    "QUOTE_RESULTS",
    "RESERVATION_REQUESTS",
    "RESERVATION_RESULTS",
    "RULES_VERSION",
]

RULES_VERSION = "3d7eb94cfcfd"
"""An illustrative value; the real one is a hash of the loaded data."""

MARKET = [
    Example(
        summary="Australia",
        value={
            "code": "AU",
            "alpha3": "AUS",
            "name": "Australia",
            "reservations_available": True,
            "tax_inclusive_pricing": True,
        },
    )
]

MARKET_LIST = [
    Example(
        summary="GET /v1/markets?q=niger",
        value={
            "rules_version": RULES_VERSION,
            "markets": [
                {
                    "code": "NE",
                    "alpha3": "NER",
                    "name": "Niger",
                    "reservations_available": False,
                    "tax_inclusive_pricing": False,
                },
                {
                    "code": "NG",
                    "alpha3": "NGA",
                    "name": "Nigeria",
                    "reservations_available": True,
                    "tax_inclusive_pricing": False,
                },
            ],
        },
    )
]

RESERVATION_REQUESTS = [
    Example(summary="A market where reservations are sold", value={"market": "AU"}),
    Example(summary="A market where they are not", value={"market": "CN"}),
    Example(summary="A name instead of a code", value={"market": "Germany"}),
]

RESERVATION_RESULTS = [
    Example(
        summary="Eligible",
        value={"valid": True, "errors": [], "warnings": [], "rules_version": RULES_VERSION},
    ),
    Example(
        summary="reservations.unavailable_in_market",
        value={
            "valid": False,
            "errors": [
                {
                    "field": "market",
                    "code": "reservations.unavailable_in_market",
                    "message": "Azure reservations are not sold in China (CN).",
                    "suggestion": None,
                }
            ],
            "warnings": [],
            "rules_version": RULES_VERSION,
        },
    ),
    Example(
        summary="market.unknown",
        value={
            "valid": False,
            "errors": [
                {
                    "field": "market",
                    "code": "market.unknown",
                    "message": "'Germany' is not a known market. Use an ISO 3166-1 alpha-2 or "
                    "alpha-3 code, such as US or USA.",
                    "suggestion": "DE",
                }
            ],
            "warnings": [],
            "rules_version": RULES_VERSION,
        },
    ),
]


def _error(field: str, code: str, message: str, suggestion: str | None = None) -> dict[str, Any]:
    return {"field": field, "code": code, "message": message, "suggestion": suggestion}


def _result(*errors: dict[str, Any], warnings: tuple[dict[str, Any], ...] = ()) -> dict[str, Any]:
    return {
        "valid": not errors,
        "errors": list(errors),
        "warnings": list(warnings),
        "rules_version": RULES_VERSION,
    }


QUOTE_REQUESTS = [
    Example(
        summary="Australia: GST included",
        value={"market": "AU", "amount": "110.00", "currency": "AUD"},
    ),
    Example(
        summary="Brazil: tax included, no single rate",
        value={"market": "BR", "amount": "500.00", "currency": "BRL"},
    ),
    Example(
        summary="Japan: tax excluded", value={"market": "JP", "amount": "1100", "currency": "JPY"}
    ),
    Example(
        summary="Refused: unknown market, yen with decimals",
        value={"market": "Narnia", "amount": "1100.50", "currency": "JPY"},
    ),
]


def _quote(market: str, inclusive: bool, amount: str, currency: str, tax: Any) -> dict[str, Any]:
    price = {
        "market": market,
        "tax_inclusive": inclusive,
        "amount": amount,
        "currency": currency,
        "tax": tax,
    }
    return {**_result(), "quote": price}


_GST = {"name": "GST", "rate": "0.10", "amount": "10.00", "net_amount": "100.00"}

QUOTE_RESULTS = [
    Example(summary="Australia", value=_quote("AU", True, "110.00", "AUD", _GST)),
    Example(summary="Brazil", value=_quote("BR", True, "500.00", "BRL", None)),
    Example(summary="Japan", value=_quote("JP", False, "1100", "JPY", None)),
    Example(
        summary="Refused: unknown market, yen with decimals",
        value={
            **_result(
                _error(
                    "market",
                    "market.unknown",
                    "'Narnia' is not a known market. Use an ISO 3166-1 alpha-2 or alpha-3 code, "
                    "such as US or USA.",
                ),
                _error(
                    "amount",
                    "amount.too_many_decimals",
                    "JPY amounts have no decimals: round the price to a whole amount before "
                    "asking for a quote.",
                ),
            ),
            "quote": None,
        },
    ),
]

PROBLEM_400 = [
    Example(
        summary="A card number sent where none is accepted",
        value={
            "type": "about:blank",
            "title": "Bad Request",
            "status": 400,
            "detail": "The request is not valid: see card_number.",
            "instance": "/v1/checks/reservation",
            "errors": [
                {
                    "field": "card_number",
                    "code": "request.field_unknown",
                    "message": "This field is not part of the request: remove it (card numbers "
                    "are never accepted).",
                }
            ],
        },
    ),
]

PROBLEM_404 = [
    Example(
        summary="Unknown market code",
        value={
            "type": "about:blank",
            "title": "Not Found",
            "status": 404,
            "detail": "No market has the code 'ZZ'.",
            "instance": "/v1/markets/ZZ",
            "errors": [
                {
                    "field": "code",
                    "code": "market.unknown",
                    "message": "No market has the code 'ZZ'.",
                }
            ],
        },
    )
]


_DIGITS_ONLY = "Use digits only: no spaces, letters or characters such as ( ) - . / +."

PHONE_REQUESTS = [
    Example(summary="Valid", value={"country": "US", "phone": "4258828080"}),
    Example(
        summary="Formatted, with country code",
        value={"country": "US", "phone": "+1 (425) 882-8080"},
    ),
    Example(summary="Blank", value={"country": "US", "phone": ""}),
    Example(
        summary="A Brazilian mobile: 11 digits", value={"country": "BR", "phone": "11961234567"}
    ),
    Example(summary="Not a US number", value={"country": "US", "phone": "1234567"}),
    Example(
        summary="Another country's number", value={"country": "FR", "phone": "+44 20 7946 0000"}
    ),
    Example(summary="A market without phone metadata", value={"country": "AQ", "phone": "12345"}),
    Example(summary="Unknown country", value={"country": "ZZ", "phone": "4258828080"}),
]

PHONE_RESULTS = [
    Example(summary="Valid", value=_result()),
    Example(
        summary="phone.invalid_characters, phone.country_code_included, phone.too_long",
        value=_result(
            _error("phone", "phone.invalid_characters", _DIGITS_ONLY, "4258828080"),
            _error(
                "phone",
                "phone.country_code_included",
                "Remove the country code +1: enter the number as it is dialled within "
                "United States.",
                "4258828080",
            ),
            _error(
                "phone",
                "phone.too_long",
                "The phone field holds at most 10 characters; this has 17.",
                "4258828080",
            ),
        ),
    ),
    Example(
        summary="phone.required",
        value=_result(_error("phone", "phone.required", "Enter the company phone number.")),
    ),
    Example(
        summary="phone.too_long: a number that can never fit",
        value=_result(
            _error(
                "phone",
                "phone.too_long",
                "This Brazil number has 11 digits without its country code, more than the 10 the "
                "field holds: enter a number of 10 digits or fewer, such as a landline.",
            )
        ),
    ),
    Example(
        summary="phone.invalid_for_country",
        value=_result(
            _error(
                "phone",
                "phone.invalid_for_country",
                "This is not a valid phone number in United States.",
            )
        ),
    ),
    Example(
        summary="phone.other_country",
        value=_result(
            _error("phone", "phone.invalid_characters", _DIGITS_ONLY),
            _error(
                "phone",
                "phone.other_country",
                "This is a +44 (United Kingdom) number; the company phone must be a number in "
                "France.",
            ),
            _error(
                "phone",
                "phone.too_long",
                "The phone field holds at most 10 characters; this has 16.",
            ),
        ),
    ),
    Example(
        summary="phone.not_verified (a warning)",
        value=_result(
            warnings=(
                _error(
                    "phone",
                    "phone.not_verified",
                    "Phone numbers of Antarctica cannot be verified: only the format was checked.",
                ),
            )
        ),
    ),
    Example(
        summary="market.unknown",
        value=_result(
            _error(
                "country",
                "market.unknown",
                "'ZZ' is not a known market. Use an ISO 3166-1 alpha-2 or alpha-3 code, such as "
                "US or USA.",
            )
        ),
    ),
]


_MICROSOFT = {
    "country": "US",
    "region": "WA",
    "city": "Redmond",
    "postal_code": "98052",
    "line1": "1 Microsoft Way",
    "line2": None,
}
_CARD_HOLDER = {
    "country": "US",
    "region": "WA",
    "city": "Seattle",
    "postal_code": "98101",
    "line1": "500 Pine Street",
    "line2": None,
}

CARD_ADDRESS_REQUESTS = [
    Example(
        summary="The card's own address (ZIP+4 matches its ZIP)",
        value={
            "billing_address": _MICROSOFT,
            "card_address": {**_MICROSOFT, "postal_code": "98052-6399"},
            "legal_entity_address": None,
        },
    ),
    Example(
        summary="The legal entity's address instead of the card's",
        value={
            "billing_address": _MICROSOFT,
            "card_address": _CARD_HOLDER,
            "legal_entity_address": _MICROSOFT,
        },
    ),
    Example(
        summary="A postal code of another state",
        value={"billing_address": {**_MICROSOFT, "region": "CA"}},
    ),
    Example(
        summary="A Christmas Island postcode entered as Australia",
        value={
            "billing_address": {
                "country": "AU",
                "region": "WA",
                "city": "Flying Fish Cove",
                "postal_code": "6798",
                "line1": "1 Gaze Road",
            }
        },
    ),
    Example(
        summary="Missing street, malformed ZIP",
        value={
            "billing_address": {
                "country": "US",
                "region": "WA",
                "city": "Redmond",
                "postal_code": "9805",
            }
        },
    ),
    Example(
        summary="Typed loosely: the clean values to store come back in `address`",
        value={
            "billing_address": {
                "country": "gbr",
                "region": "gb-eng",
                "city": " London ",
                "postal_code": "sw1a1aa",
                "line1": "10 Downing Street",
            }
        },
    ),
    Example(
        summary="A US territory given as a state",
        value={
            "billing_address": {
                "country": "US",
                "region": "PR",
                "city": "San Juan",
                "postal_code": "00901",
                "line1": "1 Calle Fortaleza",
            }
        },
    ),
]


def _avs(street: str, postal_code: str, code: str) -> dict[str, str]:
    return {"street": street, "postal_code": postal_code, "code": code}


def _understood(
    country: str,
    region: tuple[str, str] | None,
    city: str | None,
    postal_code: str | None,
) -> dict[str, str | None]:
    """The ``address`` of an answer: the billing address as the check understood it."""
    code, name = region or (None, None)
    return {
        "country": country,
        "region": code,
        "region_name": name,
        "city": city,
        "postal_code": postal_code,
    }


_WA = ("US-WA", "Washington")
_REDMOND = _understood("US", _WA, "Redmond", "98052")


_NO_CARD = _avs("unavailable", "unavailable", "U")

CARD_ADDRESS_RESULTS = [
    Example(
        summary="AVS Y",
        value={**_result(), "avs": _avs("match", "match", "Y"), "address": _REDMOND},
    ),
    Example(
        summary="address.legal_entity_address_used, AVS N",
        value={
            **_result(
                _error(
                    "billing_address.line1",
                    "address.street_mismatch",
                    "The street does not match the card's billing address: enter the address "
                    "your card statement goes to.",
                    "500 Pine Street",
                ),
                _error(
                    "billing_address.postal_code",
                    "address.postal_code_mismatch",
                    "The postal code does not match the card's billing address.",
                    "98101",
                ),
                _error(
                    "billing_address",
                    "address.legal_entity_address_used",
                    "This is your company's legal address, not your card's: enter the address "
                    "your card statement goes to, or the order will be declined.",
                ),
            ),
            "avs": _avs("mismatch", "mismatch", "N"),
            "address": _REDMOND,
        },
    ),
    Example(
        summary="address.postal_code_region_mismatch",
        value={
            **_result(
                _error(
                    "billing_address.postal_code",
                    "address.postal_code_region_mismatch",
                    "This postal code is not in California (CA): it belongs to Washington (WA).",
                )
            ),
            "avs": _NO_CARD,
            "address": _understood("US", ("US-CA", "California"), "Redmond", "98052"),
        },
    ),
    Example(
        summary="address.postal_code_other_market",
        value={
            **_result(
                _error(
                    "billing_address.postal_code",
                    "address.postal_code_other_market",
                    "This postal code is in Christmas Island (CX), a market separate from "
                    "Australia: choose Christmas Island as the country.",
                )
            ),
            "avs": _NO_CARD,
            "address": _understood("AU", ("AU-WA", "Western Australia"), "Flying Fish Cove", None),
        },
    ),
    Example(
        summary="address.required, address.postal_code_invalid",
        value={
            **_result(
                _error(
                    "billing_address.line1",
                    "address.required",
                    "This field is required for an address in United States.",
                ),
                _error(
                    "billing_address.postal_code",
                    "address.postal_code_invalid",
                    "This is not a valid postal code in United States; it should look like 95014.",
                ),
            ),
            "avs": _NO_CARD,
            "address": _understood("US", _WA, "Redmond", None),
        },
    ),
    Example(
        summary="Valid; the region's ISO 3166-2 code and the postcode's written form",
        value={
            **_result(),
            "avs": _NO_CARD,
            "address": _understood("GB", ("GB-ENG", "England"), "London", "SW1A 1AA"),
        },
    ),
    Example(
        summary="address.region_other_market, address.postal_code_other_market",
        value={
            **_result(
                _error(
                    "billing_address.region",
                    "address.region_other_market",
                    "This region is Puerto Rico (PR), a market separate from United States: "
                    "choose Puerto Rico as the country.",
                ),
                _error(
                    "billing_address.postal_code",
                    "address.postal_code_other_market",
                    "This postal code is in Puerto Rico (PR), a market separate from United "
                    "States: choose Puerto Rico as the country.",
                ),
            ),
            "avs": _NO_CARD,
            "address": _understood("US", None, "San Juan", None),
        },
    ),
]

_SEATTLE = {**_CARD_HOLDER, "line1": "500 Pine St"}

ACCOUNT_SETUP_REQUESTS = [
    Example(
        summary="A valid signup: the card's address, not the legal entity's",
        value={
            "market": "US",
            "company_phone": "4258828080",
            "billing_address": _CARD_HOLDER,
            "card_address": _SEATTLE,
            "legal_entity_address": _MICROSOFT,
        },
    ),
    Example(
        summary="Réunion: a phone with its country code, a postcode entered as France",
        value={
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
]

_REUNION_PHONE = "262210000"

ACCOUNT_SETUP_RESULTS = [
    Example(
        summary="Valid, AVS Y",
        value={
            **_result(),
            "avs": _avs("match", "match", "Y"),
            "address": _understood("US", _WA, "Seattle", "98101"),
        },
    ),
    Example(
        summary="Every error at once, and the reservations warning",
        value={
            **_result(
                _error(
                    "company_phone",
                    "phone.invalid_characters",
                    "Use digits only: no spaces, letters or characters such as ( ) - . / +.",
                    _REUNION_PHONE,
                ),
                _error(
                    "company_phone",
                    "phone.country_code_included",
                    "Remove the country code +262: enter the number as it is dialled within "
                    "Réunion.",
                    _REUNION_PHONE,
                ),
                _error(
                    "company_phone",
                    "phone.too_long",
                    "The phone field holds at most 10 characters; this has 17.",
                    _REUNION_PHONE,
                ),
                _error(
                    "billing_address.postal_code",
                    "address.postal_code_other_market",
                    "This postal code is in Réunion (RE), a market separate from France: choose "
                    "Réunion as the country.",
                ),
                warnings=(
                    _error(
                        "market",
                        "reservations.unavailable_in_market",
                        "The account can be created, but Azure reservations cannot be bought in "
                        "Réunion (RE).",
                    ),
                ),
            ),
            "avs": _NO_CARD,
            "address": _understood("FR", None, "Saint-Denis", None),
        },
    ),
]


# GET /v1/markets/{code}/form, as the app answers (tests/http/test_markets_api.py
# replays them); long lists are shortened to their first entries.
_FORMS = {
    "US": (
        "United States (regions shortened)",
        {
            "market": {
                "code": "US",
                "name": "United States",
                "reservations_available": True,
                "tax_inclusive_pricing": False,
            },
            "address": {
                "fields": [
                    {
                        "name": "line1",
                        "label": "Street address",
                        "required": True,
                        "autocomplete": "address-line1",
                        "postal_code": None,
                    },
                    {
                        "name": "line2",
                        "label": "Apartment, suite, floor (optional)",
                        "required": False,
                        "autocomplete": "address-line2",
                        "postal_code": None,
                    },
                    {
                        "name": "city",
                        "label": "City",
                        "required": True,
                        "autocomplete": "address-level2",
                        "postal_code": None,
                    },
                    {
                        "name": "region",
                        "label": "State",
                        "required": True,
                        "autocomplete": "address-level1",
                        "postal_code": None,
                    },
                    {
                        "name": "postal_code",
                        "label": "ZIP code",
                        "required": True,
                        "autocomplete": "postal-code",
                        "postal_code": {
                            "pattern": "(?:(\\d{5})(?:[ \\-](\\d{4}))?)",
                            "examples": ["95014", "22162-1010"],
                            "uppercase": False,
                            "prefixes": [],
                        },
                    },
                ],
                "regions": [
                    {"code": "US-AL", "name": "Alabama"},
                    {"code": "US-AK", "name": "Alaska"},
                    {"code": "US-AZ", "name": "Arizona"},
                ],
                "territories": [
                    {
                        "code": "PR",
                        "name": "Puerto Rico",
                        "postal_code_prefixes": ["006", "007", "009"],
                        "postal_code_pattern": None,
                        "regions": ["US-PR"],
                    },
                    {
                        "code": "VI",
                        "name": "U.S. Virgin Islands",
                        "postal_code_prefixes": ["008"],
                        "postal_code_pattern": None,
                        "regions": ["US-VI"],
                    },
                ],
            },
            "phone": {
                "label": "Company phone",
                "calling_code": 1,
                "max_length": 10,
                "trunk_prefix": "1",
                "trunk_prefix_dropped": True,
                "example": "2015550123",
            },
            "rules_version": RULES_VERSION,
        },
    ),
    "FR": (
        "France, in French: no region field, territories",
        {
            "market": {
                "code": "FR",
                "name": "France",
                "reservations_available": True,
                "tax_inclusive_pricing": False,
            },
            "address": {
                "fields": [
                    {
                        "name": "line1",
                        "label": "Adresse",
                        "required": True,
                        "autocomplete": "address-line1",
                        "postal_code": None,
                    },
                    {
                        "name": "line2",
                        "label": "Appartement, bâtiment, étage (facultatif)",
                        "required": False,
                        "autocomplete": "address-line2",
                        "postal_code": None,
                    },
                    {
                        "name": "postal_code",
                        "label": "Code postal",
                        "required": True,
                        "autocomplete": "postal-code",
                        "postal_code": {
                            "pattern": "(?:\\d{2} ?\\d{3})",
                            "examples": ["33380", "34092", "33506"],
                            "uppercase": False,
                            "prefixes": [],
                        },
                    },
                    {
                        "name": "city",
                        "label": "Ville",
                        "required": True,
                        "autocomplete": "address-level2",
                        "postal_code": None,
                    },
                ],
                "regions": None,
                "territories": [
                    {
                        "code": "GP",
                        "name": "Guadeloupe",
                        "postal_code_prefixes": ["971"],
                        "postal_code_pattern": None,
                        "regions": ["FR-971"],
                    },
                    {
                        "code": "BL",
                        "name": "Saint-Barthélemy",
                        "postal_code_prefixes": ["97133"],
                        "postal_code_pattern": None,
                        "regions": ["FR-BL"],
                    },
                ],
            },
            "phone": {
                "label": "Téléphone de l'entreprise",
                "calling_code": 33,
                "max_length": 10,
                "trunk_prefix": "0",
                "trunk_prefix_dropped": True,
                "example": "123456789",
            },
            "rules_version": RULES_VERSION,
        },
    ),
    "JP": (
        "Japan (regions shortened)",
        {
            "market": {
                "code": "JP",
                "name": "Japan",
                "reservations_available": True,
                "tax_inclusive_pricing": False,
            },
            "address": {
                "fields": [
                    {
                        "name": "line1",
                        "label": "Street address",
                        "required": True,
                        "autocomplete": "address-line1",
                        "postal_code": None,
                    },
                    {
                        "name": "line2",
                        "label": "Apartment, suite, floor (optional)",
                        "required": False,
                        "autocomplete": "address-line2",
                        "postal_code": None,
                    },
                    {
                        "name": "postal_code",
                        "label": "Postal code",
                        "required": True,
                        "autocomplete": "postal-code",
                        "postal_code": {
                            "pattern": "(?:\\d{3}-?\\d{4})",
                            "examples": [
                                "154-0023",
                                "350-1106",
                                "951-8073",
                                "112-0001",
                                "208-0032",
                                "231-0012",
                            ],
                            "uppercase": False,
                            "prefixes": [],
                        },
                    },
                    {
                        "name": "region",
                        "label": "Prefecture",
                        "required": True,
                        "autocomplete": "address-level1",
                        "postal_code": None,
                    },
                ],
                "regions": [
                    {"code": "JP-23", "name": "Aichi"},
                    {"code": "JP-05", "name": "Akita"},
                    {"code": "JP-02", "name": "Aomori"},
                ],
                "territories": [],
            },
            "phone": {
                "label": "Company phone",
                "calling_code": 81,
                "max_length": 10,
                "trunk_prefix": "0",
                "trunk_prefix_dropped": True,
                "example": "312345678",
            },
            "rules_version": RULES_VERSION,
        },
    ),
    "IN": (
        "India: PIN code (regions shortened)",
        {
            "market": {
                "code": "IN",
                "name": "India",
                "reservations_available": True,
                "tax_inclusive_pricing": False,
            },
            "address": {
                "fields": [
                    {
                        "name": "line1",
                        "label": "Street address",
                        "required": True,
                        "autocomplete": "address-line1",
                        "postal_code": None,
                    },
                    {
                        "name": "line2",
                        "label": "Apartment, suite, floor (optional)",
                        "required": False,
                        "autocomplete": "address-line2",
                        "postal_code": None,
                    },
                    {
                        "name": "city",
                        "label": "City",
                        "required": True,
                        "autocomplete": "address-level2",
                        "postal_code": None,
                    },
                    {
                        "name": "postal_code",
                        "label": "PIN code",
                        "required": True,
                        "autocomplete": "postal-code",
                        "postal_code": {
                            "pattern": "(?:\\d{6})",
                            "examples": ["110034", "110001"],
                            "uppercase": False,
                            "prefixes": [],
                        },
                    },
                    {
                        "name": "region",
                        "label": "State",
                        "required": True,
                        "autocomplete": "address-level1",
                        "postal_code": None,
                    },
                ],
                "regions": [
                    {"code": "IN-AN", "name": "Andaman & Nicobar"},
                    {"code": "IN-AP", "name": "Andhra Pradesh"},
                    {"code": "IN-AR", "name": "Arunachal Pradesh"},
                ],
                "territories": [],
            },
            "phone": {
                "label": "Company phone",
                "calling_code": 91,
                "max_length": 10,
                "trunk_prefix": "0",
                "trunk_prefix_dropped": True,
                "example": "7410410123",
            },
            "rules_version": RULES_VERSION,
        },
    ),
    "PR": (
        "Puerto Rico, a territory written under the US",
        {
            "market": {
                "code": "PR",
                "name": "Puerto Rico",
                "reservations_available": True,
                "tax_inclusive_pricing": False,
            },
            "address": {
                "fields": [
                    {
                        "name": "line1",
                        "label": "Street address",
                        "required": True,
                        "autocomplete": "address-line1",
                        "postal_code": None,
                    },
                    {
                        "name": "line2",
                        "label": "Apartment, suite, floor (optional)",
                        "required": False,
                        "autocomplete": "address-line2",
                        "postal_code": None,
                    },
                    {
                        "name": "city",
                        "label": "City",
                        "required": True,
                        "autocomplete": "address-level2",
                        "postal_code": None,
                    },
                    {
                        "name": "postal_code",
                        "label": "ZIP code",
                        "required": True,
                        "autocomplete": "postal-code",
                        "postal_code": {
                            "pattern": "(?:(00[679]\\d{2})(?:[ \\-](\\d{4}))?)",
                            "examples": ["00930"],
                            "uppercase": False,
                            "prefixes": ["PR "],
                        },
                    },
                ],
                "regions": None,
                "territories": [],
            },
            "phone": {
                "label": "Company phone",
                "calling_code": 1,
                "max_length": 10,
                "trunk_prefix": "1",
                "trunk_prefix_dropped": True,
                "example": "7872345678",
            },
            "rules_version": RULES_VERSION,
        },
    ),
}

MARKET_FORMS = [Example(summary=summary, value=value) for summary, value in _FORMS.values()]


def _value(example: Example) -> dict[str, Any]:
    assert isinstance(example.value, dict)
    return example.value


BATCH_REQUESTS = [
    Example(
        summary="Two records, each with the client's id",
        value={
            "items": [
                {"id": "C0000001", **_value(ACCOUNT_SETUP_REQUESTS[0])},
                {"id": "C0000002", **_value(ACCOUNT_SETUP_REQUESTS[1])},
            ]
        },
    )
]

BATCH_RESULTS = [
    Example(
        summary="One result per item, in order",
        value={
            "results": [
                {"id": "C0000001", **_value(ACCOUNT_SETUP_RESULTS[0])},
                {"id": "C0000002", **_value(ACCOUNT_SETUP_RESULTS[1])},
            ],
            "rules_version": RULES_VERSION,
        },
    )
]
