"""Bounded connections, by the server itself: uvicorn's httptools protocol with limits.

uvicorn bounds only an idle keep-alive connection (5 s). A client that opens a
connection and sends nothing, half a header or half a body would hold it for ever,
and a header of any size is parsed. This protocol adds, each from a setting
(``ELIGIBILITY_*``, settings.py, docs/operations.md):

- a deadline for a request's headers, from when the connection opens or the request
  begins (``HEADER_TIMEOUT_SECONDS``, 10 s): then 408 and closed;
- a deadline for its body once the headers are in (``BODY_TIMEOUT_SECONDS``, 30 s);
- at most ``MAX_HEADER_BYTES`` (16 KiB) of request line and headers and
  ``MAX_HEADERS`` (100) fields: more is a 431 and closed, before the rest is parsed;
- at most ``MAX_CONNECTIONS`` (1,000) open connections per worker: one more is
  answered 503 with ``Retry-After`` and closed at once.

An answer given before the request's body has all arrived (a 413 on the announced
length) on a connection that closes after it is not followed by a reset: the answer
is sent and the write side shut, the rest of the body is read and dropped (at most
DISCARD_BYTES, for at most DISCARD_SECONDS), then the connection closes. Closing with
unread data would send a reset, which many clients see before the answer.

Its own answers, and the 400 for unreadable HTTP, are ``application/problem+json``
with an ``X-Request-ID``, like every answer of the app, in the language of the
request's ``Accept-Language`` when that header has been read (English otherwise).
What it measures is the bytes and fields of each request, never their content:
nothing is logged of them.
"""

from __future__ import annotations

import asyncio
import uuid
from functools import cache
from http import HTTPStatus
from typing import Any

import msgspec
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from eligibility.errors import PROBLEM_MEDIA_TYPE, problem
from eligibility.i18n import DEFAULT_LANGUAGE, negotiate, render
from eligibility.server.drain import draining
from eligibility.settings import Settings, load_settings

__all__ = ["BoundedHttpToolsProtocol", "problem_bytes"]

RETRY_AFTER_SECONDS = 1
DISCARD_BYTES = 64 * 1024 * 1024
"""Body bytes read and dropped after an early answer, before the connection closes."""
DISCARD_SECONDS = 5.0


@cache
def _settings() -> Settings:
    return load_settings()


def problem_bytes(
    status: int,
    detail_key: str,
    lang: str = DEFAULT_LANGUAGE,
    *,
    retry_after: int | None = None,
    **params: object,
) -> bytes:
    """A whole HTTP/1.1 answer with a problem body in ``lang``, closing the connection."""
    request_id = uuid.uuid4().hex
    body = msgspec.json.encode(
        problem(status, lang, render(detail_key, lang, **params), request_id=request_id)
    )
    headers = [
        f"HTTP/1.1 {status} {HTTPStatus(status).phrase}",
        f"content-type: {PROBLEM_MEDIA_TYPE}",
        f"content-language: {lang}",
        f"content-length: {len(body)}",
        "connection: close",
        "cache-control: no-store",
        "x-content-type-options: nosniff",
        f"x-request-id: {request_id}",
    ]
    if retry_after is not None:
        headers.append(f"retry-after: {retry_after}")
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + body


SWEEP_SECONDS = 0.25
"""How often a worker looks for connections past their deadline: one timer per worker,
not two per request (what those cost: docs/hardening.md)."""


class _CloseAfterBody:
    """A request's transport whose ``close`` waits for the request's body when an answer
    was sent before the body came (server/connections.py: an early 413)."""

    __slots__ = ("_protocol", "_transport", "is_closing", "write")

    def __init__(self, protocol: BoundedHttpToolsProtocol, transport: asyncio.Transport) -> None:
        self._protocol = protocol
        self._transport = transport
        # What uvicorn calls on every answer, bound once: ``__getattr__`` cost a lookup
        # that fails first, then another, on each of a request's two writes.
        self.write = transport.write
        self.is_closing = transport.is_closing

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)

    def close(self) -> None:
        cycle = self._protocol.cycle
        if cycle is not None and cycle.more_body and not self._transport.is_closing():
            self._protocol.discard_then_close()
        else:
            self._transport.close()


def _sweep(loop: asyncio.AbstractEventLoop, connections: set[Any]) -> None:
    now = loop.time()
    for connection in list(connections):
        deadline = getattr(connection, "deadline", None)
        if deadline is not None and now >= deadline:
            connection.timed_out()
    loop.call_later(SWEEP_SECONDS, _sweep, loop, connections)


_SWEPT: set[int] = set()
"""The ids of the connection sets (one per server) whose sweep is running."""


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with deadlines, header limits and a connection cap."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bounds = _settings()
        self.deadline: float | None = None
        """loop.time() by which the current headers or body must have arrived."""
        self._in_headers = True
        self._header_bytes = 0
        self._refused = False
        self._discard_left: int | None = None
        """Bytes still to drop after an early answer (None: not discarding)."""
        if id(self.connections) not in _SWEPT:
            _SWEPT.add(id(self.connections))
            self.loop.call_later(SWEEP_SECONDS, _sweep, self.loop, self.connections)

    # ---------------------------------------------------------------- the connection

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.bounds.max_connections:
            # Refused before a byte is read: no Accept-Language yet, so in English.
            self._refuse(503, "problem.connections_full", retry_after=RETRY_AFTER_SECONDS)
            return
        self.deadline = self.loop.time() + self.bounds.header_timeout_seconds

    def connection_lost(self, exc: Exception | None) -> None:
        self.deadline = None
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._discard_left is not None:
            self._discard_left -= len(data)
            if self._discard_left <= 0:
                self.transport.close()
            return
        if self._refused:
            return
        super().data_received(data)
        if self._in_headers and not self._refused:
            self._header_bytes += len(data)
            if self._header_bytes > self.bounds.max_header_bytes:
                self._refuse(431, "problem.header_bytes", limit=self.bounds.max_header_bytes)

    def eof_received(self) -> None:
        if self._discard_left is not None:  # the client sent it all: done
            self.transport.close()

    def send_400_response(self, msg: str) -> None:
        """HTTP that cannot be read: a problem, as every other answer is."""
        self._refuse(400, "problem.invalid_http")

    # ---------------------------------------------------------------- the parser's steps

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_headers = True
        self._header_bytes = 0
        self.deadline = self.loop.time() + self.bounds.header_timeout_seconds

    def on_headers_complete(self) -> None:
        self._in_headers = False
        if len(self.headers) > self.bounds.max_headers:  # their bytes are bounded already
            self._refuse(431, "problem.header_count", limit=self.bounds.max_headers)
            return
        self.deadline = self.loop.time() + self.bounds.body_timeout_seconds
        super().on_headers_complete()
        if self.cycle is not None:
            self.cycle.transport = _CloseAfterBody(self, self.transport)  # type: ignore[assignment]
            if draining():
                self.cycle.keep_alive = False  # the client reconnects, to another replica

    def on_message_complete(self) -> None:
        self.deadline = None
        super().on_message_complete()

    # ---------------------------------------------------------------- deadlines

    def discard_then_close(self) -> None:
        """An answer went out before the body came in: shut the write side, drop the
        rest of the body as it comes, then close (a close now would send a reset)."""
        self._discard_left = DISCARD_BYTES
        self.deadline = self.loop.time() + DISCARD_SECONDS
        try:
            self.transport.write_eof()
        except (NotImplementedError, OSError, RuntimeError):
            self.transport.close()

    def timed_out(self) -> None:
        """The sweep found this connection past its deadline."""
        self.deadline = None
        if self._discard_left is not None:
            self.transport.close()
            return
        if self.cycle is not None and self.cycle.response_started:
            self.transport.close()  # an answer is under way: it cannot be replaced
            return
        part = "headers" if self._in_headers else "body"
        seconds = (
            self.bounds.header_timeout_seconds
            if self._in_headers
            else self.bounds.body_timeout_seconds
        )
        self._refuse(408, f"problem.timeout/{part}", seconds=f"{seconds:g}")

    def _lang(self) -> str:
        """The language of the request's ``Accept-Language`` if the parser has read it
        (all headers once they are complete; those before the limit on a 431 or a
        timeout; none before the first byte): English without it."""
        for name, value in self.headers or ():
            if name == b"accept-language":
                return negotiate(value.decode("latin-1"))
        return DEFAULT_LANGUAGE

    def _refuse(
        self, status: int, detail_key: str, *, retry_after: int | None = None, **params: object
    ) -> None:
        self._refused = True
        self.deadline = None
        if self.cycle is not None:
            self.cycle.disconnected = True  # the app's task, if one runs, stops writing
        if not self.transport.is_closing():
            answer = problem_bytes(
                status, detail_key, self._lang(), retry_after=retry_after, **params
            )
            self.transport.write(answer)
            self.transport.close()
