"""Log configuration: readable text by default, one JSON object per line on request.

``ELIGIBILITY_LOG_FORMAT=json`` gives every line as a JSON object (``time``,
``level``, ``logger``, ``message``, and ``exception`` with the stack trace when
there is one); the access log writes its own objects in the same shape with
the request's fields (see ``server/access.py``). No line carries a body, query
string, phone or address.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

__all__ = ["JsonFormatter", "iso_time", "logging_config"]


def iso_time(now: float) -> str:
    """``2026-11-21T19:01:06.123Z``: UTC, to the millisecond."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) + f".{int(now % 1 * 1000):03d}Z"


class JsonFormatter(logging.Formatter):
    """A LogRecord as one JSON object."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": iso_time(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def logging_config(level: str, log_format: str = "text") -> dict[str, Any]:
    """Logs to stderr; uvicorn's access log is replaced by ours (no query strings)."""
    formatter = "json" if log_format == "json" else "plain"
    handler = {
        "class": "logging.StreamHandler",
        "formatter": formatter,
        "stream": "ext://sys.stderr",
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
            "json": {"()": JsonFormatter},
        },
        "handlers": {"stderr": handler},
        "loggers": {
            "eligibility": {"handlers": ["stderr"], "level": level.upper(), "propagate": False},
            "uvicorn.error": {"handlers": ["stderr"], "level": level.upper(), "propagate": False},
            "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
        },
    }
