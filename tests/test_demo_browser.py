"""The /demo signup form in a real headless Chromium against the real server.

Runs when Debian's chromium is installed (see tests/browser.py).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.browser import chromium
from tests.servers import running_server

pytestmark = pytest.mark.socket

US_BILLING = {
    "line1": "500 Pine Street",
    "city": "Seattle",
    "postal_code": "98101",
}
SCREENSHOTS = Path(os.environ.get("ELIGIBILITY_SCREENSHOTS", tempfile.gettempdir()))


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running_server() as (base, _):
        yield base


@pytest.fixture(params=[{"width": 1280, "height": 900}])
def viewport(request: pytest.FixtureRequest) -> dict[str, int]:
    size: dict[str, int] = request.param
    return size


@pytest.fixture
def page(base_url: str, viewport: dict[str, int]) -> Iterator[Page]:
    with chromium() as browser:
        page = browser.new_page(locale="en-US", viewport=viewport)
        problems: list[str] = []
        not_found: list[str] = []  # Chromium's console note of each 404 the page fetched
        lookups_404: list[str] = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on(
            "response",
            lambda response: (
                lookups_404.append(response.url)
                if response.status == 404 and "/postal-codes/" in response.url
                else None
            ),
        )
        page.on("console", lambda message: _sort_console(message, problems, not_found))
        page.goto(f"{base_url}/demo?lang=en")
        expect(page.locator("body")).to_have_attribute("data-ready", "true")
        yield page
        # A postal code lookup's 404 is the API's answer for a code that does not exist,
        # which the page shows; any other 404 is a problem.
        assert len(not_found) <= len(lookups_404), (not_found, lookups_404)
        assert problems == [], "the page logged errors (a CSP violation shows here)"


def _sort_console(message: ConsoleMessage, problems: list[str], not_found: list[str]) -> None:
    if message.type != "error":
        return
    if message.text.startswith("Failed to load resource") and "404" in message.text:
        not_found.append(message.text)
    else:
        problems.append(message.text)


def _fill(page: Page, **fields: str) -> None:
    """Type each billing address field given, in the order given."""
    for name, value in fields.items():
        page.locator(f"[id='billing_address.{name}']").fill(value)


def _fill_billing_address(page: Page) -> None:
    for name, value in US_BILLING.items():
        page.locator(f"[id='billing_address.{name}']").fill(value)
    page.locator("[id='billing_address.region']").select_option("US-WA")


def test_bad_phone_shows_its_message_and_the_suggestion_clears_it(page: Page) -> None:
    expect(page.locator("#market")).to_have_value("US")
    _fill_billing_address(page)
    page.locator("#company_phone").fill("+1 (425) 882-8080")
    page.locator("#check").click()

    # One message per field (issue 27), the first of the field's errors, then its suggestion.
    messages = page.locator("#msg-company_phone .error")
    expect(messages).to_have_count(1)
    expect(messages.first).to_contain_text("Use digits only")
    order = page.locator("#msg-company_phone > *").evaluate_all(
        "nodes => nodes.map(n => n.tagName + ':' + (n.dataset.code || n.className))"
    )
    assert order == ["SPAN:phone.invalid_characters", "BUTTON:suggestion"]
    summary = page.locator("#error-summary-list li")
    texts = summary.all_inner_texts()
    assert sum(t.startswith("Company phone") for t in texts) == 1
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
    _fill(page, line1="1 rue de Paris", city="Saint-Denis", postal_code="97400")
    page.locator("#check").click()

    expect(page.locator("#msg-market .warning")).to_have_attribute(
        "data-code", "reservations.unavailable_in_market"
    )
    expect(page.locator("[id='msg-billing_address.postal_code'] .error")).to_have_attribute(
        "data-code", "address.postal_code_other_market"
    )
    expect(page.locator("#msg-company_phone")).to_be_empty()


def test_the_tax_id_field_follows_the_market_and_its_errors_land_under_it(page: Page) -> None:
    field = page.locator("#field-company_tax_id")
    expect(field).to_be_visible()
    expect(page.locator("#label-company_tax_id")).to_have_text("EIN")
    expect(page.locator("#company_tax_id")).not_to_have_attribute("required", "")

    page.locator("#market").select_option("BR")
    expect(page.locator("#label-company_tax_id")).to_have_text("CNPJ")
    expect(page.locator("#required-company_tax_id")).to_be_visible()
    page.locator("#check").click()
    expect(page.locator("#msg-company_tax_id .error")).to_have_attribute(
        "data-code", "tax_id.required"
    )

    page.locator("#market").select_option("DE")
    expect(page.locator("#label-company_tax_id")).to_have_text("VAT number")
    expect(page.locator("#hint-company_tax_id")).to_contain_text("DE136695976")
    page.locator("#company_tax_id").fill("DE 136 695 978")
    page.locator("#check").click()
    expect(page.locator("#msg-company_tax_id .error")).to_have_attribute(
        "data-code", "tax_id.invalid_checksum"
    )

    page.locator("#market").select_option("NG")
    expect(field).to_be_hidden()


def test_the_billing_country_follows_the_market_until_the_person_picks_one(page: Page) -> None:
    billing = page.locator("[id='billing_address.country']")
    page.locator("#market").select_option("FR")
    expect(billing).to_have_value("FR")
    expect(page.locator(".field[data-name='region']")).to_be_hidden()
    billing.select_option("BE")
    page.locator("#market").select_option("DE")
    expect(billing).to_have_value("BE")  # chosen by the person: it stays


def test_the_legal_address_country_follows_the_market_until_the_person_picks_one(
    page: Page,
) -> None:
    legal = page.locator("[id='legal_entity_address.country']")
    page.locator("#market").select_option("DE")
    expect(legal).to_have_value("DE")
    page.locator("#legal_entity").click()  # open the details
    legal.select_option("AT")
    page.locator("#market").select_option("FR")
    expect(legal).to_have_value("AT")


def test_an_edit_after_a_check_then_enter_shows_the_answer_and_moves_focus(page: Page) -> None:
    """Issue 36: the automatic check scheduled by leaving a field cancelled the one
    Enter asked for, and nothing was shown or focused."""
    _fill_billing_address(page)
    phone = page.locator("#company_phone")
    phone.fill("+1 (425) 882-8080")
    page.locator("#check").click()
    expect(page.locator("#error-summary")).to_be_focused()
    phone.fill("4258828080x")  # an edit schedules an automatic check 300 ms later
    phone.press("Enter")
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Company phone")
    page.wait_for_timeout(600)  # the automatic check would have landed by now
    expect(summary).to_be_focused()
    phone.fill("4258828080")
    phone.press("Enter")
    expect(page.locator("#status")).to_have_text("Everything checks out.")
    expect(page.locator("#status")).to_be_focused()
    expect(summary).to_be_hidden()


def test_a_warning_alone_is_in_the_summary(page: Page) -> None:
    page.locator("#market").select_option("MR")  # reservations are not sold there: a warning
    page.locator("#company_phone").fill("35123456")
    page.locator("[id='billing_address.country']").select_option("US")
    _fill_billing_address(page)
    page.locator("#check").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(page.locator("#error-summary-title")).to_have_text("Read these before you go on")
    expect(summary).to_contain_text("Azure reservations")


def test_a_french_page_starts_with_france(base_url: str) -> None:
    with chromium() as browser:
        page = browser.new_page(locale="fr-FR")
        page.goto(f"{base_url}/demo?lang=fr")
        expect(page.locator("body")).to_have_attribute("data-ready", "true")
        expect(page.locator("#market")).to_have_value("FR")
        expect(page.locator("[id='billing_address.country']")).to_have_value("FR")


def test_a_territory_postcode_is_warned_of_once(page: Page) -> None:
    page.locator("#market").select_option("FR")
    page.locator("#company_phone").fill("142685300")
    page.locator("[id='billing_address.line1']").fill("1 rue de Paris")
    page.locator("[id='billing_address.city']").fill("Saint-Denis")
    page.locator("[id='billing_address.postal_code']").fill("97400")
    page.locator("#check").click()
    slot = page.locator("[id='msg-billing_address.postal_code']")
    expect(slot.locator(".error")).to_have_count(1)
    expect(slot.locator("[data-code='territory.hint']")).to_have_count(0)
    expect(slot).to_contain_text("Réunion")
    expect(page.locator("#status")).to_have_text("Correct the fields listed above.")
    expect(page.locator("#error-summary-title")).to_have_text("Some fields need correcting")
    expect(page.locator("#error-summary-status")).to_have_text("Each link takes you to its field.")


def test_placeholders_read_as_examples_and_the_form_has_no_developer_text(page: Page) -> None:
    expect(page.locator("#company_phone")).to_have_attribute("placeholder", "e.g. 2015550123")
    assert "GET /v1" not in page.locator("#signup").inner_text()
    assert "GET /v1" not in page.locator(".intro").inner_text()
    expect(page.locator(".docs-link a")).to_have_attribute("href", "/schema")


PHONE = {"width": 390, "height": 844}


def _field(page: Page, name: str) -> object:
    return page.locator(f".field[data-name='{name}']")


def test_switching_to_france_hides_the_region_and_shows_the_french_postal_example(
    page: Page,
) -> None:
    expect(page.locator(".field[data-name='region']")).to_be_visible()
    expect(page.locator(".field[data-name='region'] .label")).to_have_text("State")
    expect(page.locator(".field[data-name='postal_code'] .label")).to_have_text("ZIP code")
    assert page.locator("[id='billing_address.region'] option").count() > 50

    page.locator("[id='billing_address.country']").select_option("FR")
    expect(page.locator(".field[data-name='region']")).to_be_hidden()
    expect(page.locator(".field[data-name='postal_code'] .label")).to_have_text("Postal code")
    postal = page.locator("[id='billing_address.postal_code']")
    expect(postal).to_have_attribute("placeholder", "e.g. 33380")  # reads as an example
    expect(page.locator("[id='hint-billing_address.postal_code']")).to_have_text(
        "For example 33380."
    )
    expect(postal).to_have_attribute("autocomplete", "billing postal-code")
    # France writes the postal code before the city.
    order = page.locator("#address-fields .field:not([hidden])").evaluate_all(
        "fields => fields.map(f => f.dataset.name)"
    )
    assert order == ["line1", "line2", "postal_code", "city"]


def test_a_territory_postcode_is_warned_of_as_it_is_typed(page: Page) -> None:
    page.locator("[id='billing_address.country']").select_option("FR")
    page.locator("[id='billing_address.postal_code']").fill("97400")
    warning = page.locator("[id='msg-billing_address.postal_code'] .warning")
    expect(warning).to_have_attribute("data-code", "territory.hint")
    expect(warning).to_contain_text("Réunion")


def test_a_failed_check_focuses_a_summary_that_links_to_each_field(page: Page) -> None:
    page.locator("#company_phone").fill("+1 (425) 882-8080")
    page.locator("#check").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    links = summary.locator("a")
    expect(links.first).to_have_text(
        "Company phone: Use digits only: no spaces, letters or characters such as ( ) - . / +."
    )
    expect(summary).to_contain_text("Street address: This field is required")
    assert links.count() >= 4  # the phone's three errors and the empty address
    links.first.click()
    expect(page.locator("#company_phone")).to_be_focused()
    # A suggestion keeps focus on the field it changed.
    page.locator("#msg-company_phone button.suggestion").click()
    expect(page.locator("#company_phone")).to_have_value("4258828080")
    expect(page.locator("#company_phone")).to_be_focused()
    # Hints and messages are tied to their field.
    described = page.locator("#company_phone").get_attribute("aria-describedby") or ""
    assert set(described.split()) == {"hint-company_phone", "msg-company_phone"}
    assert page.locator("[aria-live]").count() == 1


@pytest.mark.parametrize("viewport", [PHONE], indirect=True)
def test_on_a_phone_nothing_overflows_and_every_target_is_44px_tall(page: Page) -> None:
    _fill_billing_address(page)
    page.locator("#company_phone").fill("+1 (425) 882-8080")
    page.locator("#check").click()
    expect(page.locator("#error-summary")).to_be_focused()
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1] == PHONE["width"]
    small = page.evaluate(
        """() => [...document.querySelectorAll('input, select, button, summary')]
            .filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 44)
            .map(e => e.id || e.className || e.tagName)"""
    )
    assert small == []
    page.screenshot(path=str(SCREENSHOTS / "demo-phone.png"), full_page=True)


def _serious(page: Page) -> list[str]:
    violations = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_axe_finds_no_serious_violation_empty_or_with_errors(page: Page, lang: str) -> None:
    if lang == "fr":
        page.locator("button[data-lang='fr']").click()
        expect(page.locator("h1")).to_have_text("Parlez-nous de votre entreprise")
    empty = _serious(page)
    page.locator("#company_phone").fill("+1 (425) 882-8080")
    page.locator("#check").click()
    expect(page.locator("#error-summary")).to_be_visible()
    with_errors = _serious(page)
    if lang == "en":
        page.screenshot(path=str(SCREENSHOTS / "demo-desktop.png"), full_page=True)
    assert (empty, with_errors) == ([], [])


def test_the_city_and_region_fill_in_from_the_postal_code_as_it_is_typed(page: Page) -> None:
    page.locator("[id='billing_address.country']").select_option("BR")
    page.locator("[id='billing_address.postal_code']").fill("01310-100")
    expect(page.locator("[id='billing_address.city']")).to_have_value("São Paulo")
    expect(page.locator("[id='billing_address.region']")).to_have_value("BR-SP")
    # Another code moves what was filled in; what the person wrote stays theirs.
    page.locator("[id='billing_address.postal_code']").fill("20040-002")
    expect(page.locator("[id='billing_address.city']")).to_have_value("Rio de Janeiro")
    expect(page.locator("[id='billing_address.region']")).to_have_value("BR-RJ")
    page.locator("[id='billing_address.city']").fill("Niterói")
    page.locator("[id='billing_address.postal_code']").fill("01310-100")
    expect(page.locator("[id='billing_address.region']")).to_have_value("BR-SP")
    expect(page.locator("[id='billing_address.city']")).to_have_value("Niterói")


@pytest.mark.parametrize(
    ("country", "code", "city", "region"),
    [
        ("CA", "M5V 3L9", "Toronto", "CA-ON"),  # a codes list of 891,910 codes
        ("PT", "1000-001", "Lisboa", None),  # a GeoNames list
        ("SE", "114 55", "Stockholm", None),
    ],
)
def test_the_city_fills_in_from_a_register_or_a_geonames_list(
    page: Page, country: str, code: str, city: str, region: str | None
) -> None:
    page.locator("[id='billing_address.country']").select_option(country)
    page.locator("[id='billing_address.postal_code']").fill(code)
    expect(page.locator("[id='billing_address.city']")).to_have_value(city)
    if region is not None:
        expect(page.locator("[id='billing_address.region']")).to_have_value(region)


def test_a_code_of_several_places_offers_each_and_a_missing_code_is_said(page: Page) -> None:
    page.locator("[id='billing_address.country']").select_option("FR")
    page.locator("[id='billing_address.postal_code']").fill("01000")
    city_messages = page.locator("[id='msg-billing_address.city']")
    expect(city_messages.locator("[data-code='lookup.places']")).to_be_visible()
    choice = city_messages.get_by_role("button", name="Saint-Denis-lès-Bourg")
    choice.click()
    expect(page.locator("[id='billing_address.city']")).to_have_value("Saint-Denis-lès-Bourg")
    expect(page.locator("[id='billing_address.city']")).to_be_focused()
    page.locator("[id='billing_address.postal_code']").fill("96680")
    unknown = page.locator("[id='msg-billing_address.postal_code'] [data-code='lookup.unknown']")
    expect(unknown).to_contain_text("95880")


@pytest.mark.parametrize(
    ("lang", "warned"),
    [
        ("en", "No errors, but read the warnings before you go on"),
        ("fr", "Aucune erreur, mais lisez les avertissements"),
    ],
)
def test_paris_with_marseilles_code_is_not_everything_checks_out(
    page: Page, lang: str, warned: str
) -> None:
    if lang == "fr":
        page.locator("button[data-lang='fr']").click()
        expect(page.locator("h1")).to_have_text("Parlez-nous de votre entreprise")
    page.locator("#market").select_option("FR")
    page.locator("#company_phone").fill("142928100")
    _fill(page, line1="1 rue de Rivoli", postal_code="13001", city="Paris")
    page.locator("#check").click()
    expect(page.locator("#status")).to_contain_text(warned)
    warning = page.locator(
        "[id='msg-billing_address.city'] [data-code='address.postal_code_city_mismatch']"
    )
    expect(warning).to_contain_text("Marseille")
    expect(page.locator("[id='msg-billing_address.city'] button.suggestion").first).to_be_visible()
    assert _serious(page) == []


@pytest.mark.parametrize("viewport", [PHONE], indirect=True)
def test_on_a_phone_a_two_line_french_legend_sits_inside_its_box(page: Page) -> None:
    page.locator("button[data-lang='fr']").click()
    expect(page.locator("h1")).to_have_text("Parlez-nous de votre entreprise")
    box = page.locator("fieldset").first.bounding_box()
    legend = page.locator("fieldset legend").first.bounding_box()
    assert box is not None
    assert legend is not None
    assert legend["height"] > 30  # two lines at this width
    assert legend["y"] > box["y"] + 1  # below the top border, not across it
    first_label = page.locator("fieldset label").first.bounding_box()
    assert first_label is not None
    assert first_label["y"] >= legend["y"] + legend["height"]
