"""Turn every failure into RFC 9457 ``application/problem+json``.

Handlers are registered by exception type at the app boundary. Every entry of
a problem's ``errors`` has the offending field, a stable code (``ProblemCode``)
and a message in the language of ``Accept-Language``; the answer says which in
``Content-Language``. Problems never echo the values sent: request bodies can
carry personal data.
"""

from __future__ import annotations

import logging
import re
import uuid
from typing import Any, Final

import msgspec
from litestar import Request, Response
from litestar.exceptions import (
    ClientException,
    HTTPException,
    InternalServerException,
    NotFoundException,
    SerializationException,
    ValidationException,
)
from litestar.types import ExceptionHandlersMap

from eligibility.api.localised import http_detail, localised_reason
from eligibility.api.validation import Found, body_problems
from eligibility.errors import PROBLEM_MEDIA_TYPE, ProblemCode, ProblemField, problem
from eligibility.i18n import label, negotiate, render
from eligibility.server.access import request_id as edge_request_id

__all__ = [
    "OPT_PARTIAL",
    "PROBLEM_MEDIA_TYPE",
    "BodyProblems",
    "MarketNotFound",
    "RequestProblem",
    "SafeJSONRequest",
    "exception_handlers",
    "found_fields",
    "problem_response",
]

logger = logging.getLogger("eligibility.errors")

_FIELD_IN_MESSAGE = re.compile(r"(?:missing required|unknown) field `([^`]+)`")
_LENGTH = re.compile(r"^Expected `(\w+)[^`]*` of length ([<>])= (\d+)")
_WRONG_TYPE = re.compile(r"^Expected `([^`]+)`, got `[^`]+`")
_CARD = re.compile(r"card|cvc|cvv|pan\b|expir|security_code", re.IGNORECASE)
"""Unknown fields that look like card data get the message that none is accepted."""
_JSON_TYPES = frozenset({"str", "int", "float", "bool", "object", "array", "null"})


class RequestProblem(ClientException):
    """A request that cannot be read, with one coded error naming where."""

    def __init__(
        self,
        status_code: int,
        field: str,
        code: ProblemCode,
        variant: str | None = None,
        **params: object,
    ) -> None:
        super().__init__(status_code=status_code, detail=code.value)
        self.field = field
        self.code = code
        self.variant = variant
        self.params = params


class MarketNotFound(NotFoundException):
    """A path's market code that no market has: a 404 naming ``code``."""

    def __init__(self, code: str) -> None:
        super().__init__(detail="market.unknown")
        self.code = code[:16]


_DECODERS: dict[object, msgspec.json.Decoder[Any] | None] = {}


def _body_decoder(handler: object) -> msgspec.json.Decoder[Any] | None:
    """A decoder for the handler's ``data`` Struct, made once per handler.

    Litestar decodes a body to dicts and lists, then converts them to the Struct;
    decoding straight to the Struct skips the round trip.
    """
    try:
        return _DECODERS[handler]
    except KeyError:
        pass
    signature = getattr(handler, "parsed_fn_signature", None)
    data = signature.parameters.get("data") if signature is not None else None
    kind = getattr(data, "annotation", None)
    decoder = (
        msgspec.json.Decoder(kind)
        if isinstance(kind, type) and issubclass(kind, msgspec.Struct)
        else None
    )
    _DECODERS[handler] = decoder
    return decoder


_MALFORMED = object()
OPT_PARTIAL: Final = "eligibility.partial_body"
"""A route's ``opt`` key for ``(decoded body, problems, scope) -> Struct | None``: a body
whose problems the route can answer in place (a batch's unreadable items), or None."""


def _decoded(body: bytes) -> Any:
    """``body`` as plain JSON values, or _MALFORMED (a typed decode stops at the first
    wrong type, before the rest of the syntax is read)."""
    try:
        return msgspec.json.decode(body)
    except (msgspec.DecodeError, RecursionError, UnicodeDecodeError):
        return _MALFORMED


class BodyProblems(ClientException):
    """A well-formed body that breaks its Struct: every problem found, at once."""

    def __init__(self, found: list[Found]) -> None:
        super().__init__(status_code=400, detail="request.invalid")
        self.found = found


class SafeJSONRequest(Request[Any, Any, Any]):
    """A Request whose JSON decoding failures are all client errors, said one way.

    msgspec raises RecursionError for deeply nested documents and
    UnicodeDecodeError for invalid UTF-8 inside a string; Litestar lets both
    through as 500s. They are the client's malformed JSON, so answer 400. A
    body that is not declared as JSON is answered 415 before it is read.
    """

    async def body(self) -> bytes:
        try:
            return await super().body()
        except InternalServerException as exc:
            # Litestar calls a client that hangs up mid-body a server error; it is not.
            if "disconnected" not in str(exc.detail):
                raise
            raise RequestProblem(
                400, "body", ProblemCode.INVALID_JSON, reason="the client hung up mid-body"
            ) from None

    async def json(self) -> Any:
        media_type, _ = self.content_type
        if media_type != "application/json":
            # Only JSON: an HTML form's urlencoded or multipart post, or text/plain, is a
            # "simple" cross-site request that skips the CORS preflight.
            raise RequestProblem(
                415,
                "Content-Type",
                ProblemCode.UNSUPPORTED_MEDIA_TYPE,
                media_type=media_type[:64] or "missing",
            )
        decoder = _body_decoder(self.route_handler)
        if decoder is not None:
            # The fast path: straight from bytes to the request Struct, strictly. A
            # document it refuses goes the slow way below, which says what is wrong
            # and where; a well-formed one whose values break the Struct is answered
            # from msgspec's own (strict) error: Litestar's conversion is lax and would
            # take a number for a time (0 as 1970-01-01).
            body = await self.body()
            try:
                return decoder.decode(body)
            except msgspec.ValidationError:
                value = _decoded(body)
                if value is not _MALFORMED:
                    found = body_problems(value, decoder.type)
                    partial = getattr(self.route_handler, "opt", {}).get(OPT_PARTIAL)
                    if partial is not None and (read := partial(value, found, self.scope)):
                        return read  # the route answers the rest, item by item
                    raise BodyProblems(found) from None
            except (msgspec.DecodeError, RecursionError, UnicodeDecodeError):
                pass
        try:
            return await super().json()
        except SerializationException as exc:
            reason = str(exc.detail or exc).removeprefix("JSON is malformed: ")
            raise RequestProblem(400, "body", ProblemCode.INVALID_JSON, reason=reason) from None
        except RecursionError:
            raise RequestProblem(
                400, "body", ProblemCode.INVALID_JSON, reason="nested too deeply"
            ) from None
        except UnicodeDecodeError:
            raise RequestProblem(
                400, "body", ProblemCode.INVALID_JSON, reason="invalid UTF-8"
            ) from None


def problem_response(
    request: Request[Any, Any, Any],
    status: int,
    detail: str | None,
    *,
    lang: str,
    errors: list[ProblemField] | None = None,
    headers: dict[str, str] | None = None,
    request_id: str | None = None,
) -> Response[Any]:
    """``errors.problem``'s body (title, and detail when None, in ``lang``) as an answer."""
    body = problem(
        status, lang, detail, instance=request.url.path, errors=errors, request_id=request_id
    )
    return Response(
        content=msgspec.json.encode(body),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers={
            **(headers or {}),
            "Content-Language": lang,
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )


def _lang(request: Request[Any, Any, Any]) -> str:
    return negotiate(request.headers.get("accept-language"))


def _field_path(item: dict[str, Any]) -> str:
    """Where the error is, as a dotted path from the body root or the parameter name."""
    key = str(item.get("key") or "")
    parts = [] if key in ("", "data") else [key.removeprefix("data.")]
    if match := _FIELD_IN_MESSAGE.search(str(item.get("message", ""))):
        parts.append(match.group(1))
    return ".".join(parts) or "body"


def _json_types(expected: str, lang: str) -> str | None:
    """msgspec's ``str | null`` as ``a string or null``; None for a type it does not name."""
    names = [t.strip() for t in expected.split("|")]
    if not all(n in _JSON_TYPES for n in names):
        return None
    return label("json/or", lang).join(label(f"json/{n}", lang) for n in names)


def _problem_field(
    field: str, code: ProblemCode, lang: str, variant: str | None = None, **params: object
) -> ProblemField:
    """``code``'s (or its ``variant``'s) message in ``lang``, for ``field``."""
    key = f"{code.value}/{variant}" if variant else code.value
    return ProblemField(field=field, code=code, message=render(key, lang, **params))


def _coded(field: str, message: str, lang: str) -> ProblemField:  # noqa: PLR0911
    """A msgspec or Litestar validation message as a coded, localised ProblemField."""

    def coded(code: ProblemCode, variant: str | None = None, **params: object) -> ProblemField:
        return _problem_field(field, code, lang, variant, **params)

    if message == "'data'" and field == "body":
        # An empty body reaches the decoder as a missing ``data`` key.
        return coded(ProblemCode.BODY_REQUIRED)
    if message.startswith("Object missing required field"):
        return coded(ProblemCode.FIELD_MISSING)
    if message.startswith("Object contains unknown field"):
        name = field.rpartition(".")[2]
        return coded(ProblemCode.FIELD_UNKNOWN, "card" if _CARD.search(name) else None)
    if match := _LENGTH.match(message):
        kind, direction, limit = match.groups()
        code = ProblemCode.TOO_LONG if direction == "<" else ProblemCode.TOO_SHORT
        return coded(code, "items" if kind == "array" else None, limit=limit)
    if message.startswith("Expected `str` matching regex"):
        return coded(ProblemCode.PATTERN_MISMATCH, "amount" if field.endswith("amount") else None)
    if message.startswith("Expected `datetime` with a timezone component"):
        return coded(ProblemCode.INVALID_VALUE, "timezone")
    if message.startswith("Invalid RFC3339 encoded datetime"):
        return coded(ProblemCode.INVALID_VALUE, "datetime")
    if (match := _WRONG_TYPE.match(message)) and (
        expected := _json_types(match.group(1), lang)
    ) is not None:
        return coded(ProblemCode.WRONG_TYPE, expected=expected)
    return coded(ProblemCode.INVALID_VALUE)


def _validation_errors(exc: ValidationException, lang: str) -> list[ProblemField]:
    extra = exc.extra if isinstance(exc.extra, list) else []
    return [
        _coded(_field_path(item), str(item.get("message", "")), lang)
        for item in extra
        if isinstance(item, dict)
    ]


def _invalid(
    request: Request[Any, Any, Any],
    status: int,
    errors: list[ProblemField],
    lang: str,
    headers: dict[str, str] | None = None,
) -> Response[Any]:
    fields = ", ".join(sorted({e.field for e in errors}))
    detail = render("problem.invalid", lang, fields=fields)
    return problem_response(request, status, detail, lang=lang, errors=errors, headers=headers)


def _body_limit(request: Request[Any, Any, Any]) -> str:
    size = request.route_handler.resolve_request_max_body_size() or 0
    return f"{size // (1024 * 1024)} MiB" if size >= 1024 * 1024 else f"{size // 1024} KiB"


def _validation_problem(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    lang = _lang(request)
    errors = _validation_errors(exc, lang)
    if not errors:
        return _http_problem(request, exc)
    return _invalid(request, exc.status_code, errors, lang, exc.headers)


def found_fields(found: list[Found], lang: str) -> list[ProblemField]:
    """Each problem coded and worded in ``lang``; a typo of a field says which was meant."""
    fields = []
    for item in found:
        if item.meant is not None:
            fields.append(
                _problem_field(
                    item.field, ProblemCode.FIELD_UNKNOWN, lang, "did_you_mean", name=item.meant
                )
            )
        else:
            fields.append(_coded(item.field, item.message, lang))
    return fields


def _body_problems(request: Request[Any, Any, Any], exc: BodyProblems) -> Response[Any]:
    lang = _lang(request)
    return _invalid(request, 400, found_fields(exc.found, lang), lang)


def _request_problem(request: Request[Any, Any, Any], exc: RequestProblem) -> Response[Any]:
    lang = _lang(request)
    params = exc.params
    if exc.code is ProblemCode.INVALID_JSON and isinstance(params.get("reason"), str):
        params = {**params, "reason": localised_reason(str(params["reason"]), lang)}
    error = _problem_field(exc.field, exc.code, lang, exc.variant, **params)
    return problem_response(request, exc.status_code, error.message, lang=lang, errors=[error])


def _market_not_found(request: Request[Any, Any, Any], exc: MarketNotFound) -> Response[Any]:
    lang = _lang(request)
    detail = render("problem.market_not_found", lang, value=exc.code)
    error = ProblemField(field="code", code=ProblemCode.MARKET_UNKNOWN, message=detail)
    return problem_response(request, 404, detail, lang=lang, errors=[error])


def _http_problem(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    """Any other HTTP error: a body too large, too many requests, a route not found..."""
    lang = _lang(request)
    if exc.status_code == 413:
        error = _problem_field("body", ProblemCode.BODY_TOO_LARGE, lang, limit=_body_limit(request))
        return _invalid(request, 413, [error], lang)
    headers = dict(exc.headers or {})
    if exc.status_code == 429 and "Retry-After" not in headers:
        # Seconds until the client's window resets (RFC 9110 10.2.3).
        headers["Retry-After"] = str(max(1, int(headers.get("RateLimit-Reset", "1"))))
        detail = render("problem.too_many_requests", lang)
        return problem_response(request, 429, detail, lang=lang, headers=headers)
    return problem_response(
        request, exc.status_code, http_detail(exc, lang), lang=lang, headers=headers or None
    )


def _unexpected_problem(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    request_id = edge_request_id(request.scope) or uuid.uuid4().hex
    # The stack trace and the request id, never the body: it may hold personal data.
    logger.error(
        "unhandled error request_id=%s method=%s path=%s",
        request_id,
        request.method,
        request.url.path,
        exc_info=exc,
    )
    lang = _lang(request)
    detail = render("problem.unexpected", lang)
    return problem_response(request, 500, detail, lang=lang, request_id=request_id)


exception_handlers: ExceptionHandlersMap = {
    ValidationException: _validation_problem,
    BodyProblems: _body_problems,
    RequestProblem: _request_problem,
    MarketNotFound: _market_not_found,
    HTTPException: _http_problem,
    Exception: _unexpected_problem,
}
"""By type: Litestar picks the handler of the nearest class in the exception's MRO."""
