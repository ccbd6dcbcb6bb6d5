"""What every resource module shares: response specs, header parameters, the POST
decorators, the cached-GET answer and the check answer, and named examples.

Examples are named inputs. A check's response examples are not written by hand:
``create_app`` runs each request example through the same function the route
calls (``Examples.answer``) and the spec documents what it answered, so an
example cannot drift from the code; ``tests/http/test_openapi.py`` still replays
every one over HTTP and validates it against its schema.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Final

import msgspec
from litestar import Request, post
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import HeaderParameter

from eligibility.api.responses import LOCALIZED_JSON, RawResponse, localized_json
from eligibility.api.state import request_state
from eligibility.checks import Case, Check
from eligibility.errors import PROBLEM_MEDIA_TYPE, Problem
from eligibility.i18n import LANGUAGES, negotiate
from eligibility.ruleset import Ruleset
from eligibility.server.metrics import count_findings

__all__ = [
    "NOT_MODIFIED",
    "OPT_EXAMPLES",
    "PROBLEM_400",
    "PROBLEM_404",
    "PROBLEM_413",
    "PROBLEM_415",
    "PROBLEM_429",
    "AcceptLanguage",
    "Computed",
    "Examples",
    "IfNoneMatch",
    "cached_answer",
    "check_answer",
    "json_post",
    "problem_spec",
]


OPT_EXAMPLES: Final = "eligibility.examples"
"""The key of a handler's ``opt`` holding its :class:`Examples`."""


def problem_spec(description: str, examples: Sequence[Example] | None = None) -> ResponseSpec:
    return ResponseSpec(
        data_container=Problem,
        media_type=PROBLEM_MEDIA_TYPE,
        description=description,
        examples=list(examples) if examples else None,
        generate_examples=False,
    )


PROBLEM_400: Final = problem_spec(
    "The request cannot be read: malformed JSON, a wrong type, an unknown or missing field. "
    "`errors` names each offending field.",
    [
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
                        "message": "This field is not part of the request: remove it (card "
                        "numbers are never accepted).",
                    }
                ],
            },
        )
    ],
)
PROBLEM_404: Final = problem_spec(
    "No market has this code.",
    [
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
    ],
)
PROBLEM_413: Final = problem_spec("The request body is over the 64 KiB limit.")
PROBLEM_415: Final = problem_spec("The request body is not sent as `application/json`.")
PROBLEM_429: Final = problem_spec(
    "Only when `ELIGIBILITY_RATE_LIMIT` is set: this client sent too many requests. "
    "`Retry-After` says in how many seconds to retry; `RateLimit-*` headers give the policy."
)
NOT_MODIFIED: Final = ResponseSpec(
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


@dataclass(frozen=True, slots=True)
class Examples:
    """A POST operation's examples: named request bodies, and the function the route
    calls, which answers them when the spec is built."""

    cases: Sequence[Case]
    body_type: type[msgspec.Struct]
    answer: Callable[[Ruleset, Any, str], msgspec.Struct]
    """(ruleset, decoded body, language) -> the 200 answer: what the route calls."""

    @classmethod
    def of(cls, check: Check) -> Examples:
        """A check's declared examples, answered by the check."""
        return cls(check.examples, check.request, check.answer)

    @property
    def requests(self) -> list[Example]:
        return [Example(summary=case.request, value=case.body) for case in self.cases]

    @property
    def placeholders(self) -> list[Example]:
        """The response examples' names; their values are computed at start-up."""
        return [Example(summary=case.answer, value={}) for case in self.cases]

    def answers(self, ruleset: Ruleset) -> list[Any]:
        """Each request example's answer, as the route gives it."""
        return [
            msgspec.to_builtins(
                self.answer(ruleset, msgspec.convert(case.body, self.body_type, strict=True), "en")
            )
            for case in self.cases
        ]


@dataclass(frozen=True, slots=True)
class Computed:
    """A GET operation's 200 examples: named values the app computes from the rules."""

    summaries: Sequence[str]
    compute: Callable[[Ruleset], list[Any]]
    """ruleset -> one value per summary, as the route answers them."""

    @property
    def placeholders(self) -> list[Example]:
        return [Example(summary=summary, value={}) for summary in self.summaries]

    def answers(self, ruleset: Ruleset) -> list[Any]:
        return self.compute(ruleset)


def json_post(
    path: str,
    *,
    operation_id: str,
    tag: str,
    summary: str,
    description: str,
    response: type[Any],
    response_description: str,
    examples: Examples,
    responses: dict[int, ResponseSpec] | None = None,
    opt: dict[str, Any] | None = None,
    **options: Any,
) -> Callable[[Callable[..., Any]], HTTPRouteHandler]:
    """A POST endpoint that takes and answers JSON: 200 with ``response`` or a problem.

    Its 200 examples are ``examples``' answers (see the module docstring)."""

    def route(handler: Callable[..., Any]) -> HTTPRouteHandler:
        # A sync handler runs on the loop (they take microseconds); Litestar warns
        # when an async one is given sync_to_thread at all.
        thread: dict[str, Any] = (
            {} if inspect.iscoroutinefunction(handler) else {"sync_to_thread": False}
        )
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
                    examples=examples.placeholders,
                    generate_examples=False,
                ),
                400: PROBLEM_400,
                413: PROBLEM_413,
                415: PROBLEM_415,
                429: PROBLEM_429,
                **(responses or {}),
            },
            opt={OPT_EXAMPLES: examples, **(opt or {})},
            **thread,
            **options,
        )(handler)

    return route


def check_answer(
    request: Request[Any, Any, Any], accept_language: str, check: Check, body: Any
) -> RawResponse:
    """Answer one check of ``body`` in the negotiated language, its findings counted."""
    state = request_state(request)
    lang = negotiate(accept_language)
    result = check.answer(state.ruleset, body, lang, state.register)
    count_findings(check.name, result.errors, result.warnings)
    return localized_json(result, lang)


def cached_answer(
    request: Request[Any, Any, Any], body: bytes, etag: str, lang: str, if_none_match: str
) -> RawResponse:
    """Answer with an encoded body and its ETag, or 304 when the client's ETag matches."""
    headers = [
        *LOCALIZED_JSON[lang],
        (b"etag", etag.encode()),
        (b"cache-control", request_state(request).cache_control),
    ]
    if if_none_match:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        if "*" in tags or etag in tags:
            return RawResponse(304, headers[1:])
    return RawResponse(200, headers, body)
