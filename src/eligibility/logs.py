"""Log lines: one event dict, one renderer, for the app's logging and the access log.

A line is an event: its time, level and logger, and its own fields (``message``, and
``exception`` with the stack trace when there is one; the access log's request
fields). ``LineRenderer`` writes it as readable text by default or, with
``ELIGIBILITY_LOG_FORMAT=json``, as one JSON object (``time``, ``level``, ``logger``
and the fields). ``LogFormatter`` renders the logging module's records with it and
``server/access.py`` its own lines. No line carries a body, query string, phone or
address.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

__all__ = ["LineRenderer", "LogFormatter", "iso_time", "logging_config"]


def iso_time(now: float) -> str:
    """``2026-11-21T19:01:06.123Z``: UTC, to the millisecond."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) + f".{int(now % 1 * 1000):03d}Z"


_JSON = json.JSONEncoder(ensure_ascii=False)
"""One encoder (``json.dumps`` with an option builds a new one on every call)."""


_BELOW = ("exception", "stack")
"""Fields written as text on the lines below the line, as logging writes a traceback."""


class LineRenderer:
    """An event as one line: ``2026-11-21 20:01:06,123 INFO logger field field...`` (local
    time, as logging's ``asctime``; an ``exception`` or ``stack`` on the lines below) or
    one JSON object."""

    __slots__ = ("_stamp", "json_lines")

    def __init__(self, json_lines: bool = False) -> None:
        self.json_lines = json_lines
        self._stamp: tuple[int, str] = (-1, "")
        """(second, its local time as text): strftime once a second, not once a line."""

    def _local_time(self, now: float) -> str:
        second = int(now)
        stamp = self._stamp
        if stamp[0] != second:
            stamp = self._stamp = (
                second,
                time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(second)),
            )
        return f"{stamp[1]},{int(now % 1 * 1000):03d}"

    def __call__(self, now: float, level: str, logger: str, event: dict[str, Any]) -> str:
        if self.json_lines:
            line = {"time": iso_time(now), "level": level, "logger": logger, **event}
            return _JSON.encode(line)
        below = ""
        if "exception" in event or "stack" in event:
            below = "".join(f"\n{event[k]}" for k in _BELOW if k in event)
            event = {k: v for k, v in event.items() if k not in _BELOW}
        # A float ``*_ms`` field is a duration: ``1.35ms`` in text, 1.354 in JSON.
        fields = " ".join([f"{v:.2f}ms" if k[-3:] == "_ms" else str(v) for k, v in event.items()])
        return f"{self._local_time(now)} {level} {logger} {fields}{below}"


class LogFormatter(logging.Formatter):
    """A LogRecord as an event (``message``, ``exception``, ``stack``), rendered as a line."""

    def __init__(self, json_lines: bool = False) -> None:
        super().__init__()
        self.render = LineRenderer(json_lines)

    def format(self, record: logging.LogRecord) -> str:
        event: dict[str, Any] = {"message": record.getMessage()}
        if record.exc_info:
            event["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            event["stack"] = self.formatStack(record.stack_info)
        return self.render(record.created, record.levelname, record.name, event)


def logging_config(level: str, log_format: str = "text") -> dict[str, Any]:
    """Logs to stderr; uvicorn's access log is replaced by ours (no query strings)."""
    handler = {
        "class": "logging.StreamHandler",
        "formatter": "lines",
        "stream": "ext://sys.stderr",
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"lines": {"()": LogFormatter, "json_lines": log_format == "json"}},
        "handlers": {"stderr": handler},
        "loggers": {
            "eligibility": {"handlers": ["stderr"], "level": level.upper(), "propagate": False},
            "uvicorn.error": {"handlers": ["stderr"], "level": level.upper(), "propagate": False},
            "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
        },
    }
