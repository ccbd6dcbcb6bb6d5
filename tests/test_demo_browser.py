"""The /demo signup form in a real headless Chromium against the real server.

Runs when Debian's chromium is installed; `.ci/run` installs it and sets
ELIGIBILITY_REQUIRE_BROWSER=1, so in CI a missing browser fails instead of skipping.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from tests.servers import running_server

pytestmark = pytest.mark.socket

CHROMIUM = os.environ.get("ELIGIBILITY_CHROMIUM") or shutil.which("chromium")
if CHROMIUM is None:
    if os.environ.get("ELIGIBILITY_REQUIRE_BROWSER") == "1":
        pytest.fail("chromium is required (apt-get install chromium)", pytrace=False)
    pytest.skip("chromium is not installed", allow_module_level=True)

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

US_BILLING = {
    "line1": "500 Pine Street",
    "city": "Seattle",
    "region": "WA",
    "postal_code": "98101",
}


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running_server() as (base, _):
        yield base


@pytest.fixture
def page(base_url: str) -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        try:
            page = browser.new_page(locale="en-US")
            problems: list[str] = []
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.on(
                "console",
                lambda message: problems.append(message.text) if message.type == "error" else None,
            )
            page.goto(f"{base_url}/demo?lang=en")
            expect(page.locator("body")).to_have_attribute("data-ready", "true")
            yield page
            assert problems == [], "the page logged errors (a CSP violation shows here)"
        finally:
            browser.close()


def _fill_billing_address(page: Page) -> None:
    for name, value in US_BILLING.items():
        page.locator(f"[id='billing_address.{name}']").fill(value)


def test_bad_phone_shows_its_message_and_the_suggestion_clears_it(page: Page) -> None:
    expect(page.locator("#market")).to_have_value("US")
    _fill_billing_address(page)
    page.locator("#company_phone").fill("+1 (425) 882-8080")
    page.locator("#check").click()

    messages = page.locator("#msg-company_phone .error")
    expect(messages.first).to_contain_text("Use digits only")
    codes = messages.evaluate_all("spans => spans.map(s => s.dataset.code)")
    assert codes == ["phone.invalid_characters", "phone.country_code_included", "phone.too_long"]
    expect(page.locator("#company_phone")).to_have_attribute("aria-invalid", "true")

    suggestion = page.locator("#msg-company_phone button.suggestion")
    expect(suggestion).to_have_count(1)
    expect(suggestion).to_have_text("Use 4258828080")
    suggestion.click()

    expect(page.locator("#company_phone")).to_have_value("4258828080")
    expect(page.locator("#msg-company_phone")).to_be_empty()
    expect(page.locator("#status")).to_have_text("Everything checks out.")
    expect(page.locator("#company_phone")).not_to_have_attribute("aria-invalid", "true")


def test_french_shows_french_messages_and_market_names(page: Page) -> None:
    page.locator("button[data-lang='fr']").click()
    expect(page.locator("h1")).to_have_text("Parlez-nous de votre entreprise")
    expect(page.locator("#market option[value='DE']")).to_have_text("Allemagne")

    page.locator("#company_phone").fill("425-882-8080")
    page.locator("#check").click()
    expect(page.locator("#msg-company_phone .error").first).to_contain_text(
        "Utilisez uniquement des chiffres"
    )
    # The empty billing address is reported under each of its fields.
    expect(page.locator("[id='msg-billing_address.line1'] .error")).to_contain_text(
        "Ce champ est obligatoire"
    )


def test_reservation_warning_and_address_errors_land_under_their_fields(page: Page) -> None:
    page.locator("#market").select_option("RE")
    page.locator("#company_phone").fill("262210000")
    page.locator("[id='billing_address.country']").select_option("FR")
    page.locator("[id='billing_address.line1']").fill("1 rue de Paris")
    page.locator("[id='billing_address.city']").fill("Saint-Denis")
    page.locator("[id='billing_address.postal_code']").fill("97400")
    page.locator("#check").click()

    expect(page.locator("#msg-market .warning")).to_have_attribute(
        "data-code", "reservations.unavailable_in_market"
    )
    expect(page.locator("[id='msg-billing_address.postal_code'] .error")).to_have_attribute(
        "data-code", "address.postal_code_other_market"
    )
    expect(page.locator("#msg-company_phone")).to_be_empty()
