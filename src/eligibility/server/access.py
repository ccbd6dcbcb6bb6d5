"""The service's edge: request ids, HEAD for every GET route, and the access log.

``AccessLog.wrap`` wraps the whole application, routing included, so every
answer, an unknown route's 404 too, gets:

- an ``X-Request-ID`` header: the client's own when it sent a sane one (up to
  128 of ``A-Z a-z 0-9 . _ : -``), else a new random one. Handlers find it with
  ``request_id(scope)``; a 5xx problem body carries it;
- HEAD answered as GET without the body (RFC 9110 9.3.2), so load balancers and
  ``curl -I`` work on every GET route;
- an access log line: time, request id, method, route template (``/v1/markets/
  {code}``, never the raw path), status and duration; as text or, with
  ``ELIGIBILITY_LOG_FORMAT=json``, one JSON object per line. Nothing else of the
  request is logged: no query string, headers or body (they can hold personal
  data).

A line through the logging module costs a LogRecord, the caller's frame and a
write system call, as much as Litestar's own work for a request. Here a line is
an event rendered by the same ``LineRenderer`` as every other log line
(``logs.py``), buffered, and written to stderr every LOG_FLUSH_SECONDS, every
MAX_LINES lines, and at shutdown. Lines are written only while the
``eligibility.access`` logger is enabled for INFO (``ELIGIBILITY_LOG_LEVEL=
warning`` turns them off).
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import sys
import time
from collections.abc import Callable
from typing import Any, Final, TextIO, cast

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from eligibility.logs import LineRenderer

__all__ = ["REQUEST_ID_HEADER", "AccessLog", "request_id"]

LOG_FLUSH_SECONDS = 0.5
MAX_LINES = 256
REQUEST_ID_HEADER: Final = "X-Request-ID"
_HEADER_KEY: Final = b"x-request-id"
_SCOPE_KEY: Final = "eligibility.request_id"
_SANE_ID: Final = re.compile(rb"[A-Za-z0-9._:-]{1,128}")
UNMATCHED: Final = "<unmatched>"
"""The route of a request no route matched (its path is not logged)."""


def request_id(scope: Scope | dict[str, Any]) -> str:
    """The request id given to this request at the edge ("" outside the edge)."""
    return cast("str", cast("dict[str, Any]", scope).get(_SCOPE_KEY, ""))


def _incoming_id(scope: Scope) -> bytes | None:
    for name, value in scope["headers"]:
        if name == _HEADER_KEY:
            return value if _SANE_ID.fullmatch(value) else None
    return None


class AccessLog:
    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        json_lines: bool = False,
        observe: Callable[[str, str, int, float], None] | None = None,
    ) -> None:
        """``observe(method, route, status, seconds)`` is told of every request (metrics)."""
        self._stream = stream
        self._observe = observe
        self._render = LineRenderer(json_lines)
        self._logger = logging.getLogger("eligibility.access")
        self._lines: list[str] = []
        self._flush_pending = False

    def record(self, rid: str, method: str, route: str, status: int, seconds: float) -> None:
        if not self._logger.isEnabledFor(logging.INFO):
            return
        event = {
            "request_id": rid,
            "method": method,
            "route": route,
            "status": status,
            "duration_ms": round(seconds * 1000, 3),
        }
        self._lines.append(self._render(time.time(), "INFO", "eligibility.access", event) + "\n")
        if len(self._lines) >= MAX_LINES:
            self.flush()
        elif not self._flush_pending:
            self._flush_pending = True
            asyncio.get_running_loop().call_later(LOG_FLUSH_SECONDS, self.flush)

    def flush(self) -> None:
        self._flush_pending = False
        if self._lines:
            stream = self._stream or sys.stderr
            stream.write("".join(self._lines))
            stream.flush()
            self._lines.clear()

    def wrap(self, app: ASGIApp) -> ASGIApp:
        """``app`` behind the edge: request id, HEAD as GET, one access log line."""

        async def edge(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != ScopeType.HTTP:
                await app(scope, receive, send)
                return
            started = time.perf_counter()
            rid = _incoming_id(scope) or os.urandom(16).hex().encode()
            method = scope["method"]
            if method == "HEAD":
                # The app answers it as a GET; the server's own scope stays HEAD, so the
                # server sends the headers (Content-Length included) and drops the body.
                # Rewriting the server's scope made it expect the body: an ERROR and a
                # closed connection on every HEAD.
                scope = cast("Scope", {**scope, "method": "GET"})
            cast("dict[str, Any]", scope)[_SCOPE_KEY] = rid.decode()
            status = 500

            async def send_at_edge(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                    message["headers"] = [*message.get("headers", ()), (_HEADER_KEY, rid)]
                await send(message)

            try:
                await app(scope, receive, send_at_edge)
            finally:
                route = scope.get("path_template") or UNMATCHED
                seconds = time.perf_counter() - started
                if self._observe is not None:
                    self._observe(method, route, status, seconds)
                self.record(rid.decode(), method, route, status, seconds)

        return edge
