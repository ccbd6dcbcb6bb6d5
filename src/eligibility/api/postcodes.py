"""A market's postal codes, for a form's autofill: does this code exist, what region
and which places is it (``GET /v1/markets/{code}/postal-codes/{postal_code}``).

Answered from the same lists the address check reads (rules/places.py), with an
ETag per answer; a code that is not on the list is a 404 problem naming the nearest
real ones, one that fits no form of the market a 404 too (it cannot exist).
"""

from __future__ import annotations

import hashlib
from typing import Annotated, Any, Final

import msgspec
from litestar import Request, get
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import PathParameter

from eligibility.api.common import (
    NOT_MODIFIED,
    OPT_EXAMPLES,
    PROBLEM_429,
    AcceptLanguage,
    Computed,
    IfNoneMatch,
    cached_answer,
    problem_spec,
)
from eligibility.api.problems import MarketNotFound, RequestProblem
from eligibility.api.responses import RawResponse
from eligibility.api.state import request_state
from eligibility.errors import ProblemCode
from eligibility.i18n import negotiate
from eligibility.rules.markets import find_market
from eligibility.rules.places import LookupFailure, PostalCodeLookup, lookup_postcode
from eligibility.rules.territories import other_market_postcode
from eligibility.ruleset import Ruleset

__all__ = ["postcode_handlers"]

LOOKUP_CASES: Final = (
    ("FR", "75001", "Paris 1er: the commune and La Poste's routing name"),
    ("JP", "100-0001", "Tokyo, Chiyoda (kanji)"),
    ("AU", "2000", "Sydney: nine localities to choose from"),
    ("CA", "K1A 0B1", "Canada: the whole code, its place and province (GeoNames)"),
    ("NL", "1011 AB", "the Netherlands: only the four digits are on the list"),
)


def _lookup(
    ruleset: Ruleset, market: str, value: str, lang: str
) -> PostalCodeLookup | LookupFailure:
    found = find_market(ruleset, market)
    assert found is not None
    return lookup_postcode(
        ruleset,
        found,
        value,
        lang=lang,
        other_market=lambda written: other_market_postcode(ruleset, found, written),
    )


def _examples(ruleset: Ruleset) -> list[Any]:
    return [
        msgspec.to_builtins(_lookup(ruleset, market, value, "en"))
        for market, value, _ in LOOKUP_CASES
    ]


LOOKUP_EXAMPLES: Final = Computed([summary for *_, summary in LOOKUP_CASES], _examples)


def _problem_example(summary: str, status: int, path: str, code: str, message: str) -> Example:
    return Example(
        summary=summary,
        value={
            "type": "about:blank",
            "title": "Not Found",
            "status": status,
            "detail": message,
            "instance": path,
            "errors": [{"field": "postal_code", "code": code, "message": message}],
        },
    )


LOOKUP_404: Final = problem_spec(
    "No market has this code (`market.unknown`); the postal code fits no form of the market "
    "(`postal_code.invalid`, with an example) or is not on its list (`postal_code.unknown`, "
    "naming the nearest real ones); it is a territory's, a market of its own "
    "(`postal_code.other_market`); or the market has no list "
    "(`postal_code.lookup_unavailable`: the market's form says where lookup is available).",
    [
        _problem_example(
            "A code that does not exist",
            404,
            "/v1/markets/FR/postal-codes/96680",
            "postal_code.unknown",
            "This postal code is not on the list of postal codes of France; the nearest real "
            "ones are 95880, 95870, 95850: check the postal code.",
        ),
        _problem_example(
            "Not a postal code of the market",
            404,
            "/v1/markets/DE/postal-codes/1234",
            "postal_code.invalid",
            "This is not a valid postal code in Germany; it should look like 26133.",
        ),
        _problem_example(
            "A market without a list",
            404,
            "/v1/markets/SE/postal-codes/11455",
            "postal_code.lookup_unavailable",
            "No postal code list is available for Sweden; the market's form says where "
            "lookup is available (address.postal_code_lookup).",
        ),
    ],
)
PostalCodePath = Annotated[
    str,
    PathParameter(
        description="As typed: any case, spaces or hyphens (`sw1a1aa`, `100 0001`).",
        max_length=32,
        examples=[Example(summary="Paris 1er", value="75001")],
    ),
]
MarketPath = Annotated[
    str,
    PathParameter(
        description="Alpha-2 or alpha-3 code, any case.",
        examples=[Example(summary="France", value="FR")],
    ),
]


def _etag(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


@get(
    "/v1/markets/{code:str}/postal-codes/{postal_code:str}",
    operation_id="getPostalCode",
    tags=["markets"],
    summary="Look a postal code up: its region and places, for a form's autofill",
    description=(
        "Whether the market's postcode list has the code, its written form, its region "
        "(ISO 3166-2) and its places, main one first, so a form can fill in the city and "
        "region as the person types, and offer a choice when a code has several places. "
        "Available where `GET /v1/markets/{code}/form` says `address.postal_code_lookup`; "
        "docs/postcodes.md lists each market's list, its level and its source. Responses "
        "carry an ETag; send it back in If-None-Match to get a 304."
    ),
    responses={
        200: ResponseSpec(
            PostalCodeLookup,
            description="The code is on the list.",
            examples=LOOKUP_EXAMPLES.placeholders,
            generate_examples=False,
        ),
        304: NOT_MODIFIED,
        404: LOOKUP_404,
        429: PROBLEM_429,
    },
    opt={OPT_EXAMPLES: LOOKUP_EXAMPLES},
    sync_to_thread=False,
)
def get_postal_code(
    request: Request[Any, Any, Any],
    code: MarketPath,
    postal_code: PostalCodePath,
    accept_language: AcceptLanguage = "",
    if_none_match: IfNoneMatch = "",
) -> RawResponse:
    lang = negotiate(accept_language)
    ruleset = request_state(request).ruleset
    market = find_market(ruleset, code)
    if market is None:
        raise MarketNotFound(code)
    answer = _lookup(ruleset, market.code, postal_code, lang)
    if isinstance(answer, LookupFailure):
        raise RequestProblem(
            answer.status,
            "postal_code",
            ProblemCode(answer.code),
            answer.variant,
            **answer.params,
        )
    body = msgspec.json.encode(answer)
    return cached_answer(request, body, _etag(body), lang, if_none_match)


postcode_handlers = [get_postal_code]
