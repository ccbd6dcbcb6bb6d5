"""Browser access (CORS) for the configured origins only.

Litestar's own CORS middleware answers a refused preflight with a plain-text
400 and replaces the response's ``Vary`` header (dropping ``Accept-Language``).
This one answers a refused preflight with a 403 problem in the language of the
preflight's ``Accept-Language`` (browsers send it), adds ``Origin`` to
``Vary`` instead of replacing it, and allows only what the API uses.
"""

from __future__ import annotations

from collections.abc import Iterable

import msgspec
from litestar.datastructures import Headers, MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.types import (
    ASGIApp,
    HTTPResponseBodyEvent,
    HTTPResponseStartEvent,
    Message,
    Receive,
    Scope,
    Send,
)

from eligibility.errors import PROBLEM_MEDIA_TYPE, problem
from eligibility.i18n import negotiate, render

__all__ = ["ALLOWED_HEADERS", "ALLOWED_METHODS", "EXPOSED_HEADERS", "cors"]

ALLOWED_METHODS = ("GET", "POST")
ALLOWED_HEADERS = (
    "accept",
    "accept-language",
    "content-language",
    "content-type",
    "if-none-match",
    "x-request-id",
)
EXPOSED_HEADERS = (
    "Content-Language",
    "ETag",
    "X-Request-ID",
    "RateLimit-Policy",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "Retry-After",
)
"""What a page of an allowed origin may read: the request id the README asks users to
quote, the cache validator, the language, and the rate limit's state."""
PREFLIGHT_MAX_AGE = 600


def _add_vary(headers: MutableScopeHeaders, name: str) -> None:
    current = [v.strip() for v in (headers.get("vary") or "").split(",") if v.strip()]
    if name.lower() not in {v.lower() for v in current}:
        headers["Vary"] = ", ".join([*current, name])


async def _respond(
    send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes
) -> None:
    if body:  # never on a 204 (RFC 9110 8.6)
        headers = [*headers, (b"content-length", str(len(body)).encode())]
    start: HTTPResponseStartEvent = {
        "type": "http.response.start",
        "status": status,
        "headers": headers,
    }
    end: HTTPResponseBodyEvent = {"type": "http.response.body", "body": body, "more_body": False}
    await send(start)
    await send(end)


async def _refuse(scope: Scope, send: Send, headers: Headers, key: str, **params: object) -> None:
    """A refused preflight: a 403 problem in the language of its ``Accept-Language``."""
    lang = negotiate(headers.get("accept-language"))
    body = problem(403, lang, render(key, lang, **params), instance=scope["path"])
    response_headers = [
        (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
        (b"content-language", lang.encode()),
        (b"vary", b"Origin, Accept-Language"),
    ]
    await _respond(send, 403, response_headers, msgspec.json.encode(body))


async def _preflight(
    scope: Scope, send: Send, origin: str, headers: Headers, allowed: bool
) -> None:
    method = headers.get("access-control-request-method", "")
    requested = [
        h.strip().lower()
        for h in headers.get("access-control-request-headers", "").split(",")
        if h.strip()
    ]
    if not allowed:
        await _refuse(scope, send, headers, "problem.origin_refused")
        return
    if method not in ALLOWED_METHODS:
        await _refuse(scope, send, headers, "problem.method_refused", method=repr(method[:16]))
        return
    refused = sorted(h for h in requested if h not in ALLOWED_HEADERS)
    if refused:
        await _refuse(scope, send, headers, "problem.header_refused", header=repr(refused[0][:64]))
        return
    response_headers = [
        (b"access-control-allow-origin", origin.encode()),
        (b"access-control-allow-methods", ", ".join(ALLOWED_METHODS).encode()),
        (b"access-control-allow-headers", ", ".join(ALLOWED_HEADERS).encode()),
        (b"access-control-max-age", str(PREFLIGHT_MAX_AGE).encode()),
        (b"vary", b"Origin"),
    ]
    await _respond(send, 204, response_headers, b"")


def cors(app: ASGIApp, origins: Iterable[str]) -> ASGIApp:
    """Wrap ``app`` so pages from ``origins`` (``*`` for any) may call it."""
    allowed = frozenset(origins)
    any_origin = "*" in allowed

    def is_allowed(origin: str) -> bool:
        return any_origin or origin in allowed

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        # Most callers (servers, same-origin pages) send no Origin: find out without
        # building a Headers object.
        if not any(name == b"origin" for name, _ in scope["headers"]):
            await app(scope, receive, send)
            return
        headers = Headers.from_scope(scope)
        origin = headers.get("origin", "")
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            await _preflight(scope, send, origin, headers, is_allowed(origin))
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                response_headers = MutableScopeHeaders.from_message(message)
                _add_vary(response_headers, "Origin")
                if is_allowed(origin):
                    response_headers["Access-Control-Allow-Origin"] = origin
                    response_headers["Access-Control-Expose-Headers"] = ", ".join(EXPOSED_HEADERS)
            await send(message)

        await app(scope, receive, send_with_cors)

    return middleware
