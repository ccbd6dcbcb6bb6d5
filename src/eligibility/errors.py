"""Stable error codes, the FieldError shape, and the exceptions rules raise.

Codes are ``area.reason`` strings and part of the public API: they are listed
in the README and the OpenAPI spec, and change only with a changelog entry.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from http import HTTPStatus
from typing import Annotated, Final

import msgspec
from msgspec import Meta

from eligibility.i18n import load_catalogue, render

__all__ = [
    "PROBLEM_MEDIA_TYPE",
    "ErrorCode",
    "FieldError",
    "Problem",
    "ProblemCode",
    "ProblemField",
    "RulesetError",
    "field_error",
    "problem",
]


class ErrorCode(StrEnum):
    """Every code a check can report, as errors or warnings."""

    MARKET_UNKNOWN = "market.unknown"
    MARKET_NOT_SERVED = "market.not_served"
    RESERVATIONS_UNAVAILABLE = "reservations.unavailable_in_market"
    PHONE_REQUIRED = "phone.required"
    PHONE_INVALID_CHARACTERS = "phone.invalid_characters"
    PHONE_COUNTRY_CODE_INCLUDED = "phone.country_code_included"
    PHONE_OTHER_COUNTRY = "phone.other_country"
    PHONE_TOO_LONG = "phone.too_long"
    PHONE_INVALID_FOR_COUNTRY = "phone.invalid_for_country"
    PHONE_NOT_VERIFIED = "phone.not_verified"
    ADDRESS_REQUIRED = "address.required"
    ADDRESS_REGION_INVALID = "address.region_invalid"
    ADDRESS_REGION_OTHER_MARKET = "address.region_other_market"
    ADDRESS_REGION_NOT_SERVED = "address.region_not_served"
    ADDRESS_POSTAL_CODE_INVALID = "address.postal_code_invalid"
    ADDRESS_POSTAL_CODE_UNKNOWN = "address.postal_code_unknown"
    ADDRESS_POSTAL_CODE_TERMINATED = "address.postal_code_terminated"
    ADDRESS_POSTAL_CODE_REGION_MISMATCH = "address.postal_code_region_mismatch"
    ADDRESS_POSTAL_CODE_REGION_UNCERTAIN = "address.postal_code_region_uncertain"
    ADDRESS_POSTAL_CODE_CITY_MISMATCH = "address.postal_code_city_mismatch"
    ADDRESS_POSTAL_CODE_OTHER_MARKET = "address.postal_code_other_market"
    ADDRESS_STREET_MISMATCH = "address.street_mismatch"
    ADDRESS_POSTAL_CODE_MISMATCH = "address.postal_code_mismatch"
    ADDRESS_LEGAL_ENTITY_ADDRESS_USED = "address.legal_entity_address_used"
    CURRENCY_UNKNOWN = "currency.unknown"
    CURRENCY_NOT_FOR_PRICING = "currency.not_for_pricing"
    AMOUNT_TOO_MANY_DECIMALS = "amount.too_many_decimals"
    CANCELLATION_PRODUCT_UNKNOWN = "cancellation.product_unknown"
    CANCELLATION_NOT_CANCELLABLE = "cancellation.not_cancellable"
    CANCELLATION_WINDOW_PASSED = "cancellation.window_passed"
    CANCELLATION_PURCHASE_IN_FUTURE = "cancellation.purchase_in_future"
    CANCELLATION_TIME_OUT_OF_RANGE = "cancellation.time_out_of_range"
    TAX_ID_REQUIRED = "tax_id.required"
    TAX_ID_INVALID_FORMAT = "tax_id.invalid_format"
    TAX_ID_INVALID_LENGTH = "tax_id.invalid_length"
    TAX_ID_INVALID_CHECKSUM = "tax_id.invalid_checksum"
    TAX_ID_INVALID_COMPONENT = "tax_id.invalid_component"
    TAX_ID_MISSING_SUFFIX = "tax_id.missing_suffix"
    TAX_ID_OTHER_COUNTRY = "tax_id.other_country"
    TAX_ID_REGION_MISMATCH = "tax_id.region_mismatch"
    TAX_ID_NOT_USED_IN_MARKET = "tax_id.not_used_in_market"
    TAX_ID_NOT_VERIFIED = "tax_id.not_verified"
    SUBSCRIPTION_ID_REQUIRED = "subscription_id.required"
    SUBSCRIPTION_ID_INVALID = "subscription_id.invalid"
    SUBSCRIPTION_ID_NOT_CANONICAL = "subscription_id.not_canonical"
    TEXT_REQUIRED = "text.required"
    TEXT_TOO_LONG = "text.too_long"
    TEXT_CONTROL_CHARACTERS = "text.control_characters"
    CREDIT_AMOUNT_NOT_POSITIVE = "credit.amount_not_positive"
    CREDIT_CURRENCY_NOT_OF_MARKET = "credit.currency_not_of_market"
    CREDIT_PERIOD_REVERSED = "credit.period_reversed"
    CREDIT_PERIOD_IN_FUTURE = "credit.period_in_future"
    CREDIT_PERIOD_TOO_LONG = "credit.period_too_long"
    CREDIT_BILL_DATE_BEFORE_PERIOD_END = "credit.bill_date_before_period_end"
    CREDIT_BILL_DATE_IN_FUTURE = "credit.bill_date_in_future"
    CREDIT_REASON_CODE_UNKNOWN = "credit.reason_code_unknown"


class ProblemCode(StrEnum):
    """Codes of a problem's ``errors``: why a request could not be read at all.

    A rule's answer is a FieldError in a 200; these come with a 4xx problem.
    """

    INVALID_JSON = "request.invalid_json"
    BODY_REQUIRED = "request.body_required"
    FIELD_MISSING = "request.field_missing"
    FIELD_UNKNOWN = "request.field_unknown"
    WRONG_TYPE = "request.wrong_type"
    TOO_LONG = "request.too_long"
    TOO_SHORT = "request.too_short"
    PATTERN_MISMATCH = "request.pattern_mismatch"
    INVALID_VALUE = "request.invalid_value"
    BODY_TOO_LARGE = "request.body_too_large"
    UNSUPPORTED_MEDIA_TYPE = "request.unsupported_media_type"
    MARKET_UNKNOWN = "market.unknown"
    """A path's market code (``GET /v1/markets/ZZ``): the 404's one error."""
    POSTAL_CODE_INVALID = "postal_code.invalid"
    """A looked-up postal code that fits no form of the market (400)."""
    POSTAL_CODE_UNKNOWN = "postal_code.unknown"
    """A looked-up postal code that is not on the market's list (404)."""
    POSTAL_CODE_OTHER_MARKET = "postal_code.other_market"
    """A looked-up postal code of a territory that is a market of its own (404)."""
    POSTAL_CODE_LOOKUP_UNAVAILABLE = "postal_code.lookup_unavailable"
    """A market without a postcode list to look codes up in (404)."""


class FieldError(msgspec.Struct, frozen=True, kw_only=True):
    """One problem with one field of the data being checked."""

    field: Annotated[
        str,
        msgspec.Meta(
            description="Path of the field, e.g. `market` or `billing_address.postal_code`."
        ),
    ]
    code: Annotated[ErrorCode, msgspec.Meta(description="Stable, machine-readable code.")]
    message: Annotated[str, msgspec.Meta(description="For people; may change between versions.")]
    suggestion: Annotated[
        str | None,
        msgspec.Meta(description="A value the person could enter instead, or null: always sent."),
    ]


def field_error(
    field: str,
    code: ErrorCode,
    lang: str,
    *,
    variant: str | None = None,
    suggestion: str | None = None,
    **params: object,
) -> FieldError:
    """A FieldError whose message is ``code``'s (or its ``variant``'s) in ``lang``."""
    try:
        message = _message(code, variant, lang, tuple(params.items()))
    except TypeError:  # a parameter that cannot be a key (none of today's)
        message = _render(code, variant, lang, params)
    return FieldError(field=field, code=code, message=message, suggestion=suggestion)


MESSAGE_CACHE_SIZE: Final = 4096


def _render(code: ErrorCode, variant: str | None, lang: str, params: dict[str, object]) -> str:
    return render(f"{code}/{variant}" if variant else code, lang, **params)


@lru_cache(maxsize=MESSAGE_CACHE_SIZE)
def _message(
    code: ErrorCode, variant: str | None, lang: str, params: tuple[tuple[str, object], ...]
) -> str:
    """A message rendered once per code, variant, language and parameters: a check's
    parameters (a market, a calling code, a length) repeat from one request to the
    next."""
    return _render(code, variant, lang, dict(params))


class RulesetError(Exception):
    """The rules data could not be loaded; the message names the file."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


PROBLEM_MEDIA_TYPE: Final = "application/problem+json"


class ProblemField(msgspec.Struct, frozen=True, kw_only=True):
    field: Annotated[
        str,
        Meta(
            description=(
                "Path of the offending request field (`billing_address.line1`), query or path "
                "parameter (`q`, `code`), header (`Content-Type`), or `body`."
            )
        ),
    ]
    code: Annotated[
        ProblemCode,
        Meta(description="Stable, machine-readable code; new codes may be added."),
    ]
    message: Annotated[str, Meta(description="For people, in the language of Content-Language.")]


class Problem(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """RFC 9457 problem details, sent as ``application/problem+json``."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[ProblemField] | None = None
    request_id: str | None = None


def problem(
    status: int,
    lang: str,
    detail: str | None = None,
    *,
    instance: str | None = None,
    errors: list[ProblemField] | None = None,
    request_id: str | None = None,
) -> Problem:
    """Every problem body the service sends, built here: its title is its status's in
    ``lang`` (``problem.title/404``; the HTTP reason phrase in English), and so is its
    detail when none more precise is given."""
    key = f"problem.title/{status}"
    title = render(key, lang) if key in load_catalogue() else HTTPStatus(status).phrase
    return Problem(
        type="about:blank",
        title=title,
        status=status,
        detail=title if detail is None else detail,
        instance=instance,
        errors=errors,
        request_id=request_id,
    )
