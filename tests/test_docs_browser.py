"""The API docs at /schema and the landing page at / in a real headless Chromium,
with every request to another origin blocked: they must work offline, under
their CSP, with nothing from a CDN."""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser import chromium
from tests.conftest import ROOT
from tests.servers import running_server

pytestmark = pytest.mark.socket

OPERATIONS = sum(
    1
    for path in json.loads((ROOT / "openapi" / "openapi.json").read_text("utf-8"))["paths"].values()
    for operation in path.values()
    if isinstance(operation, dict) and "operationId" in operation
)
"""Swagger UI shows one block per operation of the committed spec."""


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running_server() as (base, _):
        yield base


class Offline:
    """A page whose requests outside the server are aborted and remembered."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.host = urlsplit(base_url).netloc
        self.blocked: list[str] = []
        self.problems: list[str] = []
        page.route("**/*", self._route)
        page.on("pageerror", lambda error: self.problems.append(str(error)))
        page.on(
            "console",
            lambda m: self.problems.append(m.text) if m.type in ("error", "warning") else None,
        )

    def _route(self, route: Route) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in ("data", "blob") or url.netloc == self.host:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()


@pytest.fixture
def offline(base_url: str) -> Iterator[Offline]:
    with chromium() as browser:
        yield Offline(browser.new_page(locale="en-US"), base_url)


def test_the_docs_render_every_operation_offline_under_their_csp(
    offline: Offline, base_url: str
) -> None:
    page = offline.page
    response = page.goto(f"{base_url}/schema")
    assert response is not None
    csp = response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in csp
    assert "http" not in csp  # no other origin
    expect(page.locator(".opblock")).to_have_count(OPERATIONS, timeout=15_000)
    expect(page.locator(".info .title")).to_contain_text("eligibility")
    # Open one operation: its examples come from the spec the page fetched.
    page.locator("#operations-checks-checkCompanyPhone .opblock-summary").click()
    expect(page.locator("#operations-checks-checkCompanyPhone")).to_contain_text(
        "phone.invalid_characters"
    )
    assert offline.blocked == []
    assert offline.problems == [], "the page logged errors or CSP violations"


def test_the_landing_page_points_to_the_docs_the_spec_the_demo_and_health(
    offline: Offline, base_url: str
) -> None:
    page = offline.page
    response = page.goto(f"{base_url}/")
    assert response is not None
    assert response.status == 200
    links = page.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert links == ["/schema", "/schema/openapi.json", "/demo", "/healthz"]
    for href in links:
        target = page.request.get(f"{base_url}{href}")
        assert target.status == 200, href
    page.locator("a[href='/schema']").click()
    expect(page.locator(".opblock")).to_have_count(OPERATIONS, timeout=15_000)
    assert offline.blocked == []
    assert offline.problems == []
