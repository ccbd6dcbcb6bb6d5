"""The batched access log and the cache statistics logged at shutdown."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from eligibility.app import create_app
from eligibility.ruleset import Ruleset
from eligibility.server.access import MAX_LINES, AccessLog
from eligibility.settings import load_settings

LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO eligibility.access "
    r"r-1 POST /v1/x 200 \d+\.\d\dms$"
)


@pytest.fixture
def access_info() -> Iterator[None]:
    """The level `eligibility serve` gives the access log by default."""
    logger = logging.getLogger("eligibility.access")
    level = logger.level
    logger.setLevel(logging.INFO)
    yield
    logger.setLevel(level)


def _log(stream: io.StringIO, *, json_lines: bool = False) -> AccessLog:
    log = AccessLog(stream, json_lines=json_lines)
    log._flush_pending = True  # no event loop here to schedule the timed flush
    return log


@pytest.mark.usefixtures("access_info")
def test_lines_are_buffered_until_flushed_and_look_like_log_lines() -> None:
    stream = io.StringIO()
    log = _log(stream)
    log.record("r-1", "POST", "/v1/x", 200, 0.00123)
    assert stream.getvalue() == ""
    log.flush()
    assert LINE.match(stream.getvalue().rstrip("\n")), stream.getvalue()


@pytest.mark.usefixtures("access_info")
def test_json_lines_are_one_object_each_with_the_request_fields() -> None:
    stream = io.StringIO()
    log = _log(stream, json_lines=True)
    log.record("r-1", "GET", "/v1/markets/{code}", 304, 0.0004567)
    log.flush()
    line = json.loads(stream.getvalue())
    assert set(line) == {
        "time", "level", "logger", "request_id", "method", "route", "status", "duration_ms"
    }  # fmt: skip
    assert (line["request_id"], line["route"], line["status"], line["duration_ms"]) == (
        "r-1", "/v1/markets/{code}", 304, 0.457)  # fmt: skip
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["time"])


@pytest.mark.usefixtures("access_info")
def test_a_full_buffer_is_written_at_once() -> None:
    stream = io.StringIO()
    log = _log(stream)
    for _ in range(MAX_LINES):
        log.record("r-1", "POST", "/v1/x", 200, 0.001)
    assert stream.getvalue().count("\n") == MAX_LINES


def test_nothing_is_recorded_when_the_logger_is_above_info() -> None:
    stream = io.StringIO()
    log = _log(stream)
    logger = logging.getLogger("eligibility.access")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        log.record("r-1", "POST", "/v1/x", 200, 0.001)
    finally:
        logger.setLevel(level)
    log.flush()
    assert stream.getvalue() == ""


def test_each_cache_logs_hits_and_misses_at_shutdown(
    ruleset: Ruleset, caplog: pytest.LogCaptureFixture
) -> None:
    app: Litestar = create_app(load_settings({}), ruleset)
    with caplog.at_level(logging.INFO, "eligibility.cache"), TestClient(app) as client:
        client.get("/v1/markets", params={"q": "zzz-never-seen"})
        client.get("/v1/markets", params={"q": "zzz-never-seen"})
    lines = [r.getMessage() for r in caplog.records if r.name == "eligibility.cache"]
    assert [line.split()[1] for line in lines] == [
        "phone_parse",
        "address_format",
        "regions",
        "postcode_places",
        "market_search",
    ]
    search = next(line for line in lines if "market_search" in line)
    hits, misses = map(int, re.findall(r"(?:hits|misses)=(\d+)", search))
    assert hits >= 1
    assert misses >= 1


@pytest.mark.parametrize("json_lines", [False, True])
def test_app_log_lines_and_access_lines_come_from_one_renderer(json_lines: bool) -> None:
    from eligibility.logs import LogFormatter

    stream = io.StringIO()
    log = _log(stream, json_lines=json_lines)
    record = logging.LogRecord("eligibility.x", logging.INFO, "f", 1, "hello %s", ("w",), None)
    record.created = 1_700_000_000.25
    app_line = LogFormatter(json_lines=json_lines).format(record)
    assert app_line == log._render(
        1_700_000_000.25, "INFO", "eligibility.x", {"message": "hello w"}
    )
    if json_lines:
        assert json.loads(app_line) == {
            "time": "2023-11-14T22:13:20.250Z", "level": "INFO", "logger": "eligibility.x",
            "message": "hello w"}  # fmt: skip
    else:
        assert app_line.endswith(",250 INFO eligibility.x hello w")
