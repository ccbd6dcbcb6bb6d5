"""OpenAPI examples. tests/http/test_openapi_examples.py replays every request
example against the app and compares the answer with the documented response."""

from __future__ import annotations

from litestar.openapi.spec import Example

__all__ = [
    "MARKET",
    "MARKET_LIST",
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
]

QUOTE_RESULTS = [
    Example(
        summary="Australia",
        value={
            "market": "AU",
            "tax_inclusive": True,
            "amount": "110.00",
            "currency": "AUD",
            "tax": {"name": "GST", "rate": "0.10", "amount": "10.00", "net_amount": "100.00"},
            "rules_version": RULES_VERSION,
        },
    ),
    Example(
        summary="Brazil",
        value={
            "market": "BR",
            "tax_inclusive": True,
            "amount": "500.00",
            "currency": "BRL",
            "tax": None,
            "rules_version": RULES_VERSION,
        },
    ),
    Example(
        summary="Japan",
        value={
            "market": "JP",
            "tax_inclusive": False,
            "amount": "1100",
            "currency": "JPY",
            "tax": None,
            "rules_version": RULES_VERSION,
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
                {"field": "card_number", "message": "Object contains unknown field `card_number`"}
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
        },
    )
]
