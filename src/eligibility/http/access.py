"""The access log: method, path, status and duration, written in batches.

A line per request through the logging module costs about 15 µs of server CPU
(a LogRecord, the caller's frame, strftime and a write system call each time),
as much as Litestar's own work for a request. Here a line costs about 1 µs:
lines are formatted like the other log lines, buffered, and written to stderr
every FLUSH_SECONDS, every MAX_LINES lines, and at shutdown. Nothing else of the
request is logged: no query string, headers or body (they can hold personal
data). Lines are written only while the ``eligibility.access`` logger is
enabled for INFO (``ELIGIBILITY_LOG_LEVEL=warning`` turns them off).
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from typing import TextIO

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["AccessLog"]

FLUSH_SECONDS = 0.5
MAX_LINES = 256


class AccessLog:
    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream
        self._logger = logging.getLogger("eligibility.access")
        self._lines: list[str] = []
        self._flush_pending = False
        self._second = -1
        self._stamp = ""

    def _timestamp(self, now: float) -> str:
        second = int(now)
        if second != self._second:
            self._second = second
            self._stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(second))
        return f"{self._stamp},{int(now % 1 * 1000):03d}"

    def record(self, method: str, path: str, status: int, seconds: float) -> None:
        if not self._logger.isEnabledFor(logging.INFO):
            return
        self._lines.append(
            f"{self._timestamp(time.time())} INFO eligibility.access "
            f"{method} {path} {status} {seconds * 1000:.2f}ms\n"
        )
        if len(self._lines) >= MAX_LINES:
            self.flush()
        elif not self._flush_pending:
            self._flush_pending = True
            asyncio.get_running_loop().call_later(FLUSH_SECONDS, self.flush)

    def flush(self) -> None:
        self._flush_pending = False
        if self._lines:
            stream = self._stream or sys.stderr
            stream.write("".join(self._lines))
            stream.flush()
            self._lines.clear()

    def middleware(self, app: ASGIApp) -> ASGIApp:
        """ASGI middleware recording every HTTP request that reaches ``app``."""

        async def access_log(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != ScopeType.HTTP:
                await app(scope, receive, send)
                return
            started = time.perf_counter()
            status = 500

            async def send_with_status(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                await send(message)

            try:
                await app(scope, receive, send_with_status)
            finally:
                self.record(scope["method"], scope["path"], status, time.perf_counter() - started)

        return access_log
