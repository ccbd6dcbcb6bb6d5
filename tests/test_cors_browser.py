"""CORS as a browser does it: a page of another origin calls the API with the request id
it wants quoted, reads the answer's id, ETag and language, and a page of an origin not
allowed gets nothing. Real Chromium against the real server; the page of the other
origin is a blank page from a loopback server of its own (a page Playwright's router
made up would count as a public one, which Chromium keeps off loopback addresses).

Runs when Debian's chromium is installed (see tests/browser.py)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from tests.browser import chromium
from tests.servers import free_port, running_server

pytestmark = pytest.mark.socket

PAGE_PORT = free_port()
ALLOWED = f"http://127.0.0.1:{PAGE_PORT}"
OTHER = f"http://localhost:{PAGE_PORT}"  # another origin: not allowed

CALL = """async (api) => {
  try {
    const response = await fetch(`${api}/v1/checks/reservation`, {
      method: "POST",
      headers: {"Content-Type": "application/json", "X-Request-ID": "signup-form-42",
                "Accept-Language": "fr"},
      body: JSON.stringify({market: "CN"}),
    });
    const market = await fetch(`${api}/v1/markets/DE`);
    return {
      status: response.status,
      requestId: response.headers.get("X-Request-ID"),
      language: response.headers.get("Content-Language"),
      valid: (await response.json()).valid,
      etag: market.headers.get("ETag"),
    };
  } catch (error) {
    return {error: String(error)};
  }
}"""


@pytest.fixture(scope="module")
def api() -> Iterator[str]:
    with running_server(env={"ELIGIBILITY_CORS_ORIGINS": ALLOWED}) as (base, _):
        yield base


class _Blank(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<!doctype html><title>signup</title>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def pages() -> Iterator[None]:
    server = ThreadingHTTPServer(("127.0.0.1", PAGE_PORT), _Blank)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield
    server.shutdown()
    server.server_close()


def _call(origin: str, api: str) -> dict[str, Any]:
    """What the page's script could read, and what the browser said in its console."""
    with chromium() as browser:
        page = browser.new_page()
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text))
        page.goto(f"{origin}/signup")
        result: dict[str, Any] = page.evaluate(CALL, api)
        return {**result, "console": console} if console else result


@pytest.mark.usefixtures("pages")
def test_an_allowed_origin_sends_a_request_id_and_reads_the_answers_headers(api: str) -> None:
    etag = httpx.get(f"{api}/v1/markets/DE").headers["etag"]
    assert _call(ALLOWED, api) == {
        "status": 200,
        "requestId": "signup-form-42",  # sent through the preflight, read back
        "language": "fr",
        "valid": False,
        "etag": etag,
    }


@pytest.mark.usefixtures("pages")
def test_an_origin_not_allowed_reads_nothing(api: str) -> None:
    result = _call(OTHER, api)
    assert result["error"] == "TypeError: Failed to fetch"  # the browser withholds the answer
    assert any(
        "blocked by CORS policy" in line and "Access-Control-Allow-Origin" in line
        for line in result["console"]
    ), result["console"]
