"""The markets resource: the catalogue, one market, and a market's signup form.

Catalogue answers are encoded once per rules version (``api/catalogue.py``),
each with an ETag; a client that sends it back gets a 304.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Final

import msgspec
from litestar import Request, get
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import PathParameter, QueryParameter

from eligibility.api.catalogue import Encoded, EncodedCatalogue
from eligibility.api.common import (
    NOT_MODIFIED,
    OPT_EXAMPLES,
    PROBLEM_400,
    PROBLEM_404,
    PROBLEM_429,
    AcceptLanguage,
    Computed,
    IfNoneMatch,
    cached_answer,
)
from eligibility.api.problems import MarketNotFound
from eligibility.api.responses import RawResponse
from eligibility.api.schemas import Market, MarketList
from eligibility.api.state import request_state
from eligibility.i18n import negotiate
from eligibility.rules.forms import MarketForm, compute_form
from eligibility.ruleset import Ruleset

__all__ = ["market_handlers"]

CodePath = Annotated[str, PathParameter(description="Alpha-2 or alpha-3 code, any case.")]


def _decoded(encoded: Encoded | None) -> Any:
    assert encoded is not None
    return msgspec.json.decode(encoded.body)


MARKET_EXAMPLES: Final = Computed(
    ["Australia"], lambda ruleset: [_decoded(EncodedCatalogue(ruleset).market("AU"))]
)
MARKET_LIST_EXAMPLES: Final = Computed(
    ["GET /v1/markets?q=niger"],
    lambda ruleset: [_decoded(EncodedCatalogue(ruleset).markets("niger", None))],
)

FORM_CASES: Final = (
    ("US", "en", "United States (regions shortened)"),
    ("FR", "fr", "France, in French: no region field, territories"),
    ("JP", "en", "Japan (regions shortened)"),
    ("IN", "en", "India: PIN code (regions shortened)"),
    ("PR", "en", "Puerto Rico, a territory written under the US"),
)
SHOWN_REGIONS: Final = 3
SHOWN_TERRITORIES: Final = 2
"""Long lists are shortened in the examples to their first entries."""


def _form_examples(ruleset: Ruleset) -> list[Any]:
    found = []
    for code, lang, _ in FORM_CASES:
        form: dict[str, Any] = msgspec.to_builtins(compute_form(ruleset, code, lang))
        address = form["address"]
        if address["regions"] is not None:
            address["regions"] = address["regions"][:SHOWN_REGIONS]
        address["territories"] = address["territories"][:SHOWN_TERRITORIES]
        found.append(form)
    return found


FORM_EXAMPLES: Final = Computed([summary for *_, summary in FORM_CASES], _form_examples)


def _by_code(
    request: Request[Any, Any, Any],
    code: str,
    accept_language: str,
    if_none_match: str,
    part: Callable[[EncodedCatalogue, str], Encoded | None],
) -> RawResponse:
    """One market's encoded ``part`` in the negotiated language, or a 404 problem."""
    lang = negotiate(accept_language)
    encoded = part(request_state(request).catalogues[lang], code)
    if encoded is None:
        raise MarketNotFound(code)
    return cached_answer(request, encoded.body, encoded.etag, lang, if_none_match)


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
            examples=MARKET_LIST_EXAMPLES.placeholders,
            generate_examples=False,
        ),
        304: NOT_MODIFIED,
        400: PROBLEM_400,
        429: PROBLEM_429,
    },
    opt={OPT_EXAMPLES: MARKET_LIST_EXAMPLES},
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
    markets = request_state(request).catalogues[lang].markets(q, reservations_available)
    return cached_answer(request, markets.body, markets.etag, lang, if_none_match)


@get(
    "/v1/markets/{code:str}",
    operation_id="getMarket",
    tags=["markets"],
    summary="One market",
    description="`code` is an ISO 3166-1 alpha-2 or alpha-3 code in any case (XK for Kosovo).",
    responses={
        200: ResponseSpec(
            Market,
            description="The market.",
            examples=MARKET_EXAMPLES.placeholders,
            generate_examples=False,
        ),
        304: NOT_MODIFIED,
        404: PROBLEM_404,
        429: PROBLEM_429,
    },
    opt={OPT_EXAMPLES: MARKET_EXAMPLES},
    sync_to_thread=False,
)
def get_market(
    request: Request[Any, Any, Any],
    code: CodePath,
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
            examples=FORM_EXAMPLES.placeholders,
            generate_examples=False,
        ),
        304: NOT_MODIFIED,
        404: PROBLEM_404,
        429: PROBLEM_429,
    },
    opt={OPT_EXAMPLES: FORM_EXAMPLES},
    sync_to_thread=False,
)
def get_market_form(
    request: Request[Any, Any, Any],
    code: CodePath,
    accept_language: AcceptLanguage = "",
    if_none_match: IfNoneMatch = "",
) -> RawResponse:
    return _by_code(request, code, accept_language, if_none_match, EncodedCatalogue.form)


market_handlers = [list_markets, get_market, get_market_form]
