"""Turn every failure into RFC 9457 ``application/problem+json``.

Handlers are registered by exception type at the app boundary. Validation
problems name the offending field but never echo the values sent: request
bodies can carry personal data.
"""

from __future__ import annotations

import logging
import re
import uuid
from http import HTTPStatus
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import (
    ClientException,
    HTTPException,
    InternalServerException,
    SerializationException,
    ValidationException,
)
from litestar.types import ExceptionHandlersMap

from eligibility.errors import RequestRejected
from eligibility.http.schemas import Problem, ProblemField

__all__ = ["PROBLEM_MEDIA_TYPE", "SafeJSONRequest", "exception_handlers", "problem_response"]

PROBLEM_MEDIA_TYPE = "application/problem+json"
logger = logging.getLogger("eligibility.errors")

_FIELD_IN_MESSAGE = re.compile(r"(?:missing required|unknown) field `([^`]+)`")


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
            raise ClientException(
                "The client closed the connection before the end of the body."
            ) from None

    async def json(self) -> Any:
        media_type, _ = self.content_type
        if media_type != "application/json":
            # Only JSON: an HTML form's urlencoded or multipart post, or text/plain, is a
            # "simple" cross-site request that skips the CORS preflight.
            raise HTTPException(
                status_code=415,
                detail="Send the request body as application/json "
                f"(Content-Type was {media_type[:64] or 'missing'}).",
            )
        decoder = _body_decoder(self.route_handler)
        if decoder is not None:
            # The fast path: straight from bytes to the request Struct. Anything it
            # refuses goes the slow way below, which says what is wrong and where.
            try:
                return decoder.decode(await self.body())
            except (msgspec.DecodeError, RecursionError, UnicodeDecodeError):
                pass
        try:
            return await super().json()
        except SerializationException as exc:
            reason = str(exc.detail or exc).removeprefix("JSON is malformed: ")
            raise ClientException(f"Request body is not valid JSON: {reason}.") from None
        except RecursionError:
            raise ClientException("Request body is not valid JSON: nested too deeply.") from None
        except UnicodeDecodeError:
            raise ClientException("Request body is not valid JSON: invalid UTF-8.") from None


def problem_response(
    request: Request[Any, Any, Any],
    status: int,
    detail: str,
    *,
    errors: list[ProblemField] | None = None,
    headers: dict[str, str] | None = None,
    request_id: str | None = None,
) -> Response[Any]:
    problem = Problem(
        type="about:blank",
        title=HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        instance=request.url.path,
        errors=errors,
        request_id=request_id,
    )
    return Response(
        content=msgspec.json.encode(problem),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def _field_path(item: dict[str, Any]) -> str:
    """Where the error is, as a dotted path from the body root or the parameter name."""
    key = str(item.get("key") or "")
    parts = [] if key in ("", "data") else [key.removeprefix("data.")]
    if match := _FIELD_IN_MESSAGE.search(str(item.get("message", ""))):
        parts.append(match.group(1))
    return ".".join(parts) or "body"


def _validation_errors(exc: ValidationException) -> list[ProblemField]:
    extra = exc.extra if isinstance(exc.extra, list) else []
    errors = [
        ProblemField(field=_field_path(item), message=str(item.get("message", "")))
        for item in extra
        if isinstance(item, dict)
    ]
    # An empty body reaches the decoder as a missing ``data`` key.
    return [
        ProblemField(field="body", message="A JSON object is required.")
        if e.field == "body" and e.message == "'data'"
        else e
        for e in errors
    ]


def _http_exception(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    if isinstance(exc, ValidationException):
        errors = _validation_errors(exc)
        fields = ", ".join(sorted({e.field for e in errors}))
        detail = f"The request is not valid: see {fields}." if errors else exc.detail
        return problem_response(
            request, exc.status_code, detail, errors=errors or None, headers=exc.headers
        )
    headers = dict(exc.headers or {})
    if exc.status_code == 429 and "Retry-After" not in headers:
        # Seconds until the client's window resets (RFC 9110 10.2.3).
        headers["Retry-After"] = str(max(1, int(headers.get("RateLimit-Reset", "1"))))
        detail = "Too many requests from this client; retry after the time in Retry-After."
        return problem_response(request, 429, detail, headers=headers)
    return problem_response(request, exc.status_code, exc.detail, headers=headers or None)


def _rejected(request: Request[Any, Any, Any], exc: RequestRejected) -> Response[Any]:
    errors = [ProblemField(field=exc.field, message=exc.message)]
    return problem_response(
        request, 400, f"The request is not valid: see {exc.field}.", errors=errors
    )


def _unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    request_id = uuid.uuid4().hex
    # The stack trace and the request id, never the body: it may hold personal data.
    logger.error(
        "unhandled error request_id=%s method=%s path=%s",
        request_id,
        request.method,
        request.url.path,
        exc_info=exc,
    )
    detail = "An unexpected error occurred; quote the request_id when reporting it."
    return problem_response(request, 500, detail, request_id=request_id)


exception_handlers: ExceptionHandlersMap = {
    HTTPException: _http_exception,
    RequestRejected: _rejected,
    Exception: _unexpected,
}
