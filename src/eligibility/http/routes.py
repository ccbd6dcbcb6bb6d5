"""Route handlers: decode the request, call one rule, encode the answer."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from litestar import Request, Response, get, post
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import Body, HeaderParameter, PathParameter, QueryParameter

from eligibility import __version__
from eligibility.errors import FieldError
from eligibility.http import examples
from eligibility.http.catalogue import Encoded, EncodedCatalogue
from eligibility.http.metrics import count_findings
from eligibility.http.problems import PROBLEM_MEDIA_TYPE, MarketNotFound
from eligibility.http.responses import LOCALIZED_JSON, RawResponse, localized_json
from eligibility.http.schemas import (
    BATCH_MAX_ITEMS,
    AccountSetupRequest,
    AccountSetupResult,
    BatchItemResult,
    BatchRequest,
    BatchResult,
    CardAddressRequest,
    CardAddressResult,
    CheckResult,
    CompanyPhoneRequest,
    Health,
    Market,
    MarketList,
    PriceQuote,
    Problem,
    QuoteRequest,
    QuoteResult,
    ReservationCheckRequest,
    TaxSplit,
)
from eligibility.i18n import LANGUAGES, negotiate
from eligibility.rules.account import check_account_setup
from eligibility.rules.address import AddressCheck, check_card_address
from eligibility.rules.forms import MarketForm
from eligibility.rules.markets import check_reservation
from eligibility.rules.phone import check_company_phone
from eligibility.rules.pricing import check_quote
from eligibility.ruleset import Ruleset

__all__ = ["route_handlers"]

_PROBLEM_400 = ResponseSpec(
    data_container=Problem,
    media_type=PROBLEM_MEDIA_TYPE,
    description="The request cannot be read: malformed JSON, a wrong type, an unknown or "
    "missing field. `errors` names each offending field.",
    examples=examples.PROBLEM_400,
    generate_examples=False,
)
_PROBLEM_404 = ResponseSpec(
    data_container=Problem,
    media_type=PROBLEM_MEDIA_TYPE,
    description="No market has this code.",
    examples=examples.PROBLEM_404,
    generate_examples=False,
)
_PROBLEM_413 = ResponseSpec(
    data_container=Problem,
    media_type=PROBLEM_MEDIA_TYPE,
    description="The request body is over the 64 KiB limit.",
    generate_examples=False,
)
_PROBLEM_415 = ResponseSpec(
    data_container=Problem,
    media_type=PROBLEM_MEDIA_TYPE,
    description="The request body is not sent as `application/json`.",
    generate_examples=False,
)
_PROBLEM_429 = ResponseSpec(
    data_container=Problem,
    media_type=PROBLEM_MEDIA_TYPE,
    description="Only when `ELIGIBILITY_RATE_LIMIT` is set: this client sent too many requests. "
    "`Retry-After` says in how many seconds to retry; `RateLimit-*` headers give the policy.",
    generate_examples=False,
)
_NOT_MODIFIED = ResponseSpec(
    data_container=None, description="The client's copy (If-None-Match) is current."
)

AcceptLanguage = Annotated[
    str,
    HeaderParameter(
        name="Accept-Language",
        description=(
            f"Language of messages and market names: one of {', '.join(LANGUAGES)} "
            "(q-values honoured, `fr-CA` counts as `fr`); English by default. Codes never change."
        ),
        required=False,
        max_length=512,
        examples=[Example(value="fr-FR,fr;q=0.9,en;q=0.8")],
    ),
]
IfNoneMatch = Annotated[
    str,
    HeaderParameter(
        name="If-None-Match",
        description=(
            "The `ETag` of the client's copy (or several, comma-separated, or `*`): when it is "
            "current the answer is a 304 with no body."
        ),
        required=False,
        max_length=1024,
        examples=[Example(value='"5f0c6e1d2a9b8c7d6e5f4a3b"')],
    ),
]


def _json_post(
    path: str,
    *,
    operation_id: str,
    tag: str,
    summary: str,
    description: str,
    response: type[Any],
    response_description: str,
    response_examples: list[Example],
) -> HTTPRouteHandler:
    """A POST endpoint that takes and answers JSON: 200 with ``response`` or a 400 problem."""
    return post(
        path,
        operation_id=operation_id,
        tags=[tag],
        summary=summary,
        description=description,
        status_code=200,
        responses={
            200: ResponseSpec(
                response,
                description=response_description,
                examples=response_examples,
                generate_examples=False,
            ),
            400: _PROBLEM_400,
            413: _PROBLEM_413,
            415: _PROBLEM_415,
            429: _PROBLEM_429,
        },
        sync_to_thread=False,
    )


def _check_post(
    path: str,
    *,
    operation_id: str,
    summary: str,
    description: str,
    response_examples: list[Example],
) -> HTTPRouteHandler:
    """A check endpoint: its answer is always a CheckResult."""
    return _json_post(
        path,
        operation_id=operation_id,
        tag="checks",
        summary=summary,
        description=description,
        response=CheckResult,
        response_description="The check result: `valid` is false when any error is found.",
        response_examples=response_examples,
    )


def _result(
    check: str,
    ruleset: Ruleset,
    errors: list[FieldError],
    warnings: list[FieldError] | None = None,
) -> CheckResult:
    count_findings(check, errors, warnings or ())
    return CheckResult(
        valid=not errors, errors=errors, warnings=warnings or [], rules_version=ruleset.version
    )


_R = TypeVar("_R", bound=CardAddressResult)


def _avs_result(
    name: str, result_type: type[_R], ruleset: Ruleset, check: AddressCheck, **extra: Any
) -> _R:
    count_findings(name, check.errors, check.warnings)
    return result_type(
        valid=not check.errors,
        errors=check.errors,
        warnings=check.warnings,
        rules_version=ruleset.version,
        avs=check.avs,
        address=check.address,
        **extra,
    )


def _account_setup(ruleset: Ruleset, body: AccountSetupRequest, lang: str) -> AddressCheck:
    """The account-setup check of one body (a batch item is one too)."""
    return check_account_setup(
        ruleset,
        body.market,
        body.company_phone,
        body.billing_address,
        card_address=body.card_address,
        legal_entity_address=body.legal_entity_address,
        lang=lang,
    )


def _cached(
    request: Request[Any, Any, Any], encoded: Encoded, lang: str, if_none_match: str
) -> RawResponse:
    """Answer with the encoded body, or 304 when the client's ETag matches."""
    headers = [
        *LOCALIZED_JSON[lang],
        (b"etag", encoded.etag.encode()),
        (b"cache-control", request.app.state.cache_control),
    ]
    if if_none_match:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        if "*" in tags or encoded.etag in tags:
            return RawResponse(304, headers[1:])
    return RawResponse(200, headers, encoded.body)


def _by_code(
    request: Request[Any, Any, Any],
    code: str,
    accept_language: str,
    if_none_match: str,
    part: Callable[[EncodedCatalogue, str], Encoded | None],
) -> RawResponse:
    """One market's encoded ``part`` in the negotiated language, or a 404 problem."""
    lang = negotiate(accept_language)
    encoded = part(request.app.state.catalogues[lang], code)
    if encoded is None:
        raise MarketNotFound(code)
    return _cached(request, encoded, lang, if_none_match)


@get(
    "/healthz",
    operation_id="getHealth",
    tags=["service"],
    summary="Liveness: the process answers",
    description=(
        "200 while the worker answers at all, with the service's version and the loaded rules' "
        "version. For a container's HEALTHCHECK or a liveness probe; HEAD works too."
    ),
    sync_to_thread=False,
)
def healthz(request: Request[Any, Any, Any]) -> Health:
    ruleset: Ruleset = request.app.state.ruleset
    return Health(status="ok", version=__version__, rules_version=ruleset.version)


@get(
    "/readyz",
    operation_id="getReadiness",
    tags=["service"],
    summary="Readiness: send traffic here",
    description=(
        "200 `ready` once the rules are loaded and the worker has started serving; 503 "
        "`unavailable` while it starts or shuts down, so a load balancer stops sending to a "
        "replica being stopped. For a readiness probe; HEAD works too."
    ),
    responses={
        200: ResponseSpec(Health, description="Ready.", generate_examples=False),
        503: ResponseSpec(Health, description="Starting or stopping.", generate_examples=False),
    },
    sync_to_thread=False,
)
def readyz(request: Request[Any, Any, Any]) -> Response[Health]:
    ruleset: Ruleset = request.app.state.ruleset
    ready = bool(request.app.state.ready)
    return Response(
        Health(
            status="ready" if ready else "unavailable",
            version=__version__,
            rules_version=ruleset.version,
        ),
        status_code=200 if ready else 503,
        headers={"Cache-Control": "no-store"},
    )


@get(
    "/v1/markets",
    operation_id="listMarkets",
    tags=["markets"],
    summary="List or search markets",
    description=(
        "Every ISO 3166-1 country plus Kosovo (XK). `q` searches English and French names, "
        "the source document's names and former names (Swaziland), ignoring case, accents and "
        "punctuation, best match first. Names are in the language of `Accept-Language`. "
        "Responses carry an ETag; send it back in If-None-Match to get a 304."
    ),
    responses={
        200: ResponseSpec(
            MarketList,
            description="Markets, best match first when `q` is given.",
            examples=examples.MARKET_LIST,
            generate_examples=False,
        ),
        304: _NOT_MODIFIED,
        400: _PROBLEM_400,
        429: _PROBLEM_429,
    },
    sync_to_thread=False,
)
def list_markets(
    request: Request[Any, Any, Any],
    q: Annotated[
        str | None,
        QueryParameter(min_length=1, max_length=100, description="Name search, e.g. `allemagne`."),
    ] = None,
    reservations_available: Annotated[
        bool | None,
        QueryParameter(description="Keep only markets where reservations are (not) sold."),
    ] = None,
    accept_language: AcceptLanguage = "",
    if_none_match: IfNoneMatch = "",
) -> RawResponse:
    lang = negotiate(accept_language)
    catalogue: EncodedCatalogue = request.app.state.catalogues[lang]
    markets = catalogue.markets(q, reservations_available)
    return _cached(request, markets, lang, if_none_match)


@get(
    "/v1/markets/{code:str}",
    operation_id="getMarket",
    tags=["markets"],
    summary="One market",
    description="`code` is an ISO 3166-1 alpha-2 or alpha-3 code in any case (XK for Kosovo).",
    responses={
        200: ResponseSpec(
            Market, description="The market.", examples=examples.MARKET, generate_examples=False
        ),
        304: _NOT_MODIFIED,
        404: _PROBLEM_404,
        429: _PROBLEM_429,
    },
    sync_to_thread=False,
)
def get_market(
    request: Request[Any, Any, Any],
    code: Annotated[str, PathParameter(description="Alpha-2 or alpha-3 code, any case.")],
    accept_language: AcceptLanguage = "",
    if_none_match: IfNoneMatch = "",
) -> RawResponse:
    return _by_code(request, code, accept_language, if_none_match, EncodedCatalogue.market)


@get(
    "/v1/markets/{code:str}/form",
    operation_id="getMarketForm",
    tags=["markets"],
    summary="How the signup form's company step looks in this market",
    description=(
        "Before anyone types: the address fields this market's addresses use, in the order "
        "they are written, each with its label (ZIP code, PIN code, Prefecture...), whether "
        "it is required and its HTML `autocomplete` token; the postal code's pattern (for an "
        "input's `pattern` attribute or a JavaScript `RegExp`), examples and capitals; the "
        "regions to offer (ISO 3166-2 codes), or null; the markets whose addresses can be "
        "written under this one, with their postcode prefixes and region codes, so a form can "
        "warn early; and the company phone's calling code, limit, trunk prefix and an example "
        "that fits. Built from the same data the checks use. Labels and names follow "
        "`Accept-Language`. Responses carry an ETag; send it back in If-None-Match to get a "
        "304."
    ),
    responses={
        200: ResponseSpec(
            MarketForm,
            description="The market's form.",
            examples=examples.MARKET_FORMS,
            generate_examples=False,
        ),
        304: _NOT_MODIFIED,
        404: _PROBLEM_404,
        429: _PROBLEM_429,
    },
    sync_to_thread=False,
)
def get_market_form(
    request: Request[Any, Any, Any],
    code: Annotated[str, PathParameter(description="Alpha-2 or alpha-3 code, any case.")],
    accept_language: AcceptLanguage = "",
    if_none_match: IfNoneMatch = "",
) -> RawResponse:
    return _by_code(request, code, accept_language, if_none_match, EncodedCatalogue.form)


@_check_post(
    "/v1/checks/reservation",
    operation_id="checkReservation",
    summary="Can Azure reservations be sold in this market?",
    description=(
        "`market.unknown` when the code is unknown (with the code as `suggestion` when a "
        "market's name was sent); `reservations.unavailable_in_market` when reservations are "
        "not sold there."
    ),
    response_examples=examples.RESERVATION_RESULTS,
)
def check_reservation_route(
    request: Request[Any, Any, Any],
    data: Annotated[ReservationCheckRequest, Body(examples=examples.RESERVATION_REQUESTS)],
    accept_language: AcceptLanguage = "",
) -> RawResponse:
    ruleset: Ruleset = request.app.state.ruleset
    lang = negotiate(accept_language)
    return localized_json(
        _result("reservation", ruleset, check_reservation(ruleset, data.market, lang)), lang
    )


@_check_post(
    "/v1/checks/company-phone",
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
    response_examples=examples.PHONE_RESULTS,
)
def check_company_phone_route(
    request: Request[Any, Any, Any],
    data: Annotated[CompanyPhoneRequest, Body(examples=examples.PHONE_REQUESTS)],
    accept_language: AcceptLanguage = "",
) -> RawResponse:
    ruleset: Ruleset = request.app.state.ruleset
    lang = negotiate(accept_language)
    errors, warnings = check_company_phone(ruleset, data.country, data.phone, lang)
    return localized_json(_result("company_phone", ruleset, errors, warnings), lang)


@_json_post(
    "/v1/checks/card-address",
    operation_id="checkCardAddress",
    tag="checks",
    summary="Check a card's billing address before the card is charged",
    description=(
        "A card order is declined when the address entered is the company's legal-entity "
        "address rather than the card's, or when the postal code is wrong or does not "
        "correspond to the address. Checks that the billing address is well formed for its "
        "country (`address.required`, `address.region_invalid`, `address.postal_code_invalid`, "
        "`address.postal_code_region_mismatch`, `address.postal_code_other_market`), matches "
        "the card's address like a card network's AVS (`address.street_mismatch`, "
        "`address.postal_code_mismatch`, and `avs`), and is not the legal-entity address "
        "(`address.legal_entity_address_used`: an error when the card's address differs, a "
        "warning when no card address is given). No card number, expiry or CVC is accepted: "
        "unknown fields are refused."
    ),
    response=CardAddressResult,
    response_description="The check result with the AVS outcome.",
    response_examples=examples.CARD_ADDRESS_RESULTS,
)
def check_card_address_route(
    request: Request[Any, Any, Any],
    data: Annotated[CardAddressRequest, Body(examples=examples.CARD_ADDRESS_REQUESTS)],
    accept_language: AcceptLanguage = "",
) -> RawResponse:
    ruleset: Ruleset = request.app.state.ruleset
    lang = negotiate(accept_language)
    result = check_card_address(
        ruleset, data.billing_address, data.card_address, data.legal_entity_address, lang
    )
    return localized_json(_avs_result("card_address", CardAddressResult, ruleset, result), lang)


@_json_post(
    "/v1/checks/account-setup",
    operation_id="checkAccountSetup",
    tag="checks",
    summary="Check the signup form's company step in one call",
    description=(
        "Market, company phone and card address together, as the signup form's \"Tell us "
        'about your company" step sends them: every error and warning of the company-phone '
        "and card-address checks, with field paths from this body (`company_phone`, "
        "`billing_address.postal_code`), `market.unknown` once on `market`, and the warning "
        "`reservations.unavailable_in_market` where the account can be created but Azure "
        "reservations cannot be bought. Messages follow `Accept-Language`; codes do not."
    ),
    response=AccountSetupResult,
    response_description="The check result with the AVS outcome.",
    response_examples=examples.ACCOUNT_SETUP_RESULTS,
)
def check_account_setup_route(
    request: Request[Any, Any, Any],
    data: Annotated[AccountSetupRequest, Body(examples=examples.ACCOUNT_SETUP_REQUESTS)],
    accept_language: AcceptLanguage = "",
) -> RawResponse:
    ruleset: Ruleset = request.app.state.ruleset
    lang = negotiate(accept_language)
    result = _account_setup(ruleset, data, lang)
    return localized_json(_avs_result("account_setup", AccountSetupResult, ruleset, result), lang)


BATCH_MAX_BODY_BYTES = 4 * 1024 * 1024
"""The batch route's body limit: 1,000 items of up to about 4 KiB each."""


@post(
    "/v1/checks/batch",
    operation_id="checkBatch",
    tags=["checks"],
    summary="Check up to 1,000 signup records in one call",
    description=(
        "Each item is an account-setup body with the client's own `id`; the answer has one "
        "result per item, in the order sent, each the account-setup check's result with its "
        f"`id`. At most {BATCH_MAX_ITEMS} items (more is a 400 problem naming `items`) and "
        f"{BATCH_MAX_BODY_BYTES // (1024 * 1024)} MiB (more is a 413 problem); every other "
        "route keeps its 64 KiB limit. For larger files, `eligibility check-file` runs the "
        "same rules without a server."
    ),
    status_code=200,
    responses={
        200: ResponseSpec(
            BatchResult,
            description="One result per item, in order.",
            examples=examples.BATCH_RESULTS,
            generate_examples=False,
        ),
        400: _PROBLEM_400,
        413: ResponseSpec(
            data_container=Problem,
            media_type=PROBLEM_MEDIA_TYPE,
            description="The request body is over the batch route's 4 MiB limit.",
            generate_examples=False,
        ),
        415: _PROBLEM_415,
        429: _PROBLEM_429,
    },
    request_max_body_size=BATCH_MAX_BODY_BYTES,
    sync_to_thread=False,
)
def check_batch_route(
    request: Request[Any, Any, Any],
    data: Annotated[BatchRequest, Body(examples=examples.BATCH_REQUESTS)],
    accept_language: AcceptLanguage = "",
) -> RawResponse:
    ruleset: Ruleset = request.app.state.ruleset
    lang = negotiate(accept_language)
    results = [
        _avs_result(
            "batch", BatchItemResult, ruleset, _account_setup(ruleset, item, lang), id=item.id
        )
        for item in data.items
    ]
    return localized_json(BatchResult(results=results, rules_version=ruleset.version), lang)


@_json_post(
    "/v1/pricing/quote",
    operation_id="quotePrice",
    tag="pricing",
    summary="Is this price tax-inclusive, and how much tax does it hold?",
    description=(
        "Commercial prices exclude tax except in Australia and Brazil. Where the market has one "
        "rate (Australia: GST 10%), the tax held is `amount * rate / (1 + rate)` rounded half-up "
        "to the currency's minor unit, and `net_amount = amount - tax`, so the two add up to the "
        "amount exactly. Brazil has no single rate: `tax` is null. A market, currency or amount "
        "the rules refuse is answered like a check, a 200 with `valid: false`, `quote: null` and "
        "every error at once: `market.unknown`, `currency.unknown`, `currency.not_for_pricing` "
        "(gold, SDR, fund codes), `amount.too_many_decimals` (more decimals than the currency's "
        "ISO 4217 minor unit, unless they are zeros). A 400 problem is only for a body that "
        "cannot be read: a missing or unknown field, an amount that is not a decimal string."
    ),
    response=QuoteResult,
    response_description="The quote, or why there is none.",
    response_examples=examples.QUOTE_RESULTS,
)
def quote(
    request: Request[Any, Any, Any],
    data: Annotated[QuoteRequest, Body(examples=examples.QUOTE_REQUESTS)],
    accept_language: AcceptLanguage = "",
) -> RawResponse:
    ruleset: Ruleset = request.app.state.ruleset
    lang = negotiate(accept_language)
    errors, result = check_quote(ruleset, data.market, Decimal(data.amount), data.currency, lang)
    price = None
    if result is not None:
        tax = result.tax
        price = PriceQuote(
            market=result.market,
            tax_inclusive=result.tax_inclusive,
            amount=str(result.amount),
            currency=result.currency,
            tax=None
            if tax is None
            else TaxSplit(
                name=tax.name,
                rate=str(tax.rate),
                amount=str(tax.amount),
                net_amount=str(tax.net_amount),
            ),
        )
    count_findings("quote", errors, ())
    answer = QuoteResult(
        valid=not errors, errors=errors, warnings=[], rules_version=ruleset.version, quote=price
    )
    return localized_json(answer, lang)


route_handlers = [
    healthz,
    readyz,
    list_markets,
    get_market,
    get_market_form,
    check_reservation_route,
    check_company_phone_route,
    check_card_address_route,
    check_account_setup_route,
    check_batch_route,
    quote,
]
