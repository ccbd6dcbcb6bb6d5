"""POST /v1/checks/account-setup, languages, CORS and 415 (rules are in tests/rules)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from eligibility.app import create_app
from eligibility.ruleset import Ruleset
from eligibility.settings import load_settings

Client = TestClient[Litestar]
URL = "/v1/checks/account-setup"
SEATTLE = {"country": "US", "region": "WA", "city": "Seattle", "postal_code": "98101",
           "line1": "500 Pine Street"}  # fmt: skip
REDMOND = {"country": "US", "region": "WA", "city": "Redmond", "postal_code": "98052",
           "line1": "1 Microsoft Way"}  # fmt: skip
VALID = {"market": "US", "company_phone": "4258828080", "billing_address": SEATTLE,
         "card_address": SEATTLE, "legal_entity_address": REDMOND}  # fmt: skip
REUNION = {"market": "RE", "company_phone": "+262 262 21 00 00",
           "billing_address": {"country": "FR", "city": "Saint-Denis", "postal_code": "97400",
                               "line1": "1 rue de Paris"}}  # fmt: skip


def _codes(findings: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(f["field"], f["code"]) for f in findings]


def test_a_fully_valid_signup(client: Client) -> None:
    response = client.post(URL, json=VALID)
    assert response.status_code == 200
    body = response.json()
    assert (body["valid"], body["errors"], body["warnings"]) == (True, [], [])
    assert body["avs"] == {"street": "match", "postal_code": "match", "code": "Y"}
    assert response.headers["content-language"] == "en"


def test_every_error_at_once_with_request_paths_and_the_reservation_warning(
    client: Client,
) -> None:
    body = client.post(URL, json=REUNION).json()
    assert body["valid"] is False
    assert _codes(body["errors"]) == [
        ("company_phone", "phone.invalid_characters"),
        ("company_phone", "phone.country_code_included"),
        ("company_phone", "phone.too_long"),
        ("billing_address.postal_code", "address.postal_code_other_market"),
    ]
    assert _codes(body["warnings"]) == [("market", "reservations.unavailable_in_market")]


def test_unknown_market_is_reported_once(client: Client) -> None:
    body = client.post(URL, json={**VALID, "market": "Allemagne"}).json()
    unknown = [e for e in body["errors"] if e["code"] == "market.unknown"]
    assert [(e["field"], e["suggestion"]) for e in unknown] == [("market", "DE")]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**VALID, "card_number": "4111111111111111"}, "card_number"),
        ({**VALID, "billing_address": {**SEATTLE, "cvc": "123"}}, "billing_address.cvc"),
        ({k: v for k, v in VALID.items() if k != "company_phone"}, "company_phone"),
        ({**VALID, "company_phone": "1" * 257}, "company_phone"),
        ({**VALID, "billing_address": "500 Pine Street"}, "billing_address"),
    ],
)
def test_malformed_request_is_a_400_naming_the_field(
    client: Client, body: dict[str, Any], field: str
) -> None:
    response = client.post(URL, json=body)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert "4111" not in response.text


@pytest.mark.parametrize(
    ("header", "lang"),
    [("fr-CA,fr;q=0.9,en;q=0.8", "fr"), ("de, fr;q=0.5", "fr"), ("de", "en"), (None, "en")],
)
def test_accept_language_picks_messages_codes_stay(
    client: Client, header: str | None, lang: str
) -> None:
    headers = {"Accept-Language": header} if header else {}
    response = client.post(URL, json=REUNION, headers=headers)
    assert response.headers["content-language"] == lang
    assert "Accept-Language" in response.headers["vary"]
    body = response.json()
    english = client.post(URL, json=REUNION).json()
    assert _codes(body["errors"]) == _codes(english["errors"])
    first = body["errors"][0]["message"]
    assert first.startswith("Utilisez" if lang == "fr" else "Use digits only")
    assert ("Le compte peut être créé" in body["warnings"][0]["message"]) is (lang == "fr")


@pytest.mark.parametrize(
    "path",
    ["/v1/checks/reservation", "/v1/checks/company-phone", "/v1/checks/card-address", URL],
)
def test_every_check_speaks_french(client: Client, path: str) -> None:
    bodies = {
        "/v1/checks/reservation": {"market": "RE"},
        "/v1/checks/company-phone": {"country": "FR", "phone": "+33 1 23 45 67 89"},
        "/v1/checks/card-address": {"billing_address": {**SEATTLE, "postal_code": "1"}},
        URL: REUNION,
    }
    response = client.post(path, json=bodies[path], headers={"Accept-Language": "fr"})
    assert response.headers["content-language"] == "fr"
    findings = response.json()["errors"] or response.json()["warnings"]
    assert findings
    assert all(" " in f["message"] and not f["message"].startswith("The") for f in findings)


def test_market_names_follow_accept_language_with_their_own_etag(client: Client) -> None:
    english = client.get("/v1/markets/DE")
    french = client.get("/v1/markets/DE", headers={"Accept-Language": "fr-FR"})
    assert (english.json()["name"], french.json()["name"]) == ("Germany", "Allemagne")
    assert french.headers["content-language"] == "fr"
    assert english.headers["etag"] != french.headers["etag"]
    search = client.get("/v1/markets", params={"q": "allem"}, headers={"Accept-Language": "fr"})
    assert [m["name"] for m in search.json()["markets"]] == ["Allemagne"]
    revalidated = client.get(
        "/v1/markets/DE", headers={"Accept-Language": "fr", "If-None-Match": french.headers["etag"]}
    )
    assert revalidated.status_code == 304


@pytest.mark.parametrize(
    "content_type",
    ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain", None],
)
def test_a_body_that_is_not_json_is_a_415(client: Client, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post(URL, content=b'{"market": "US"}', headers=headers)
    assert response.status_code == 415
    assert response.headers["content-type"] == "application/problem+json"
    assert "application/json" in response.json()["detail"]


def test_json_with_a_charset_is_accepted(client: Client) -> None:
    response = client.post(
        "/v1/checks/reservation",
        content=b'{"market": "US"}',
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    assert response.status_code == 200


ALLOWED = "http://localhost:3000"


@pytest.fixture(scope="module")
def cors_client(ruleset: Ruleset) -> Iterator[Client]:
    settings = load_settings({"ELIGIBILITY_CORS_ORIGINS": f"{ALLOWED},http://127.0.0.1:3000"})
    with TestClient(create_app(settings, ruleset)) as client:
        yield client


def _preflight(client: Client, origin: str, headers: str = "content-type,accept-language") -> Any:
    return client.options(
        URL,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": headers,
        },
    )


def test_preflight_from_an_allowed_origin(cors_client: Client) -> None:
    response = _preflight(cors_client, ALLOWED)
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert "POST" in response.headers["access-control-allow-methods"]
    allowed = response.headers["access-control-allow-headers"]
    assert {"content-type", "accept-language"} <= set(allowed.split(", "))


@pytest.mark.parametrize(
    ("origin", "headers"),
    [
        ("https://evil.example", "content-type"),
        ("http://localhost:3001", "content-type"),
        (ALLOWED, "content-type,x-card-number"),
    ],
)
def test_preflight_refused_is_a_403_problem(cors_client: Client, origin: str, headers: str) -> None:
    response = _preflight(cors_client, origin, headers)
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert "access-control-allow-origin" not in response.headers


def test_cors_response_headers_for_an_allowed_origin_only(cors_client: Client) -> None:
    allowed = cors_client.post(URL, json=VALID, headers={"Origin": ALLOWED})
    assert allowed.headers["access-control-allow-origin"] == ALLOWED
    assert "Content-Language" in allowed.headers["access-control-expose-headers"]
    assert set(allowed.headers["vary"].split(", ")) == {"Accept-Language", "Origin"}
    refused = cors_client.post(URL, json=VALID, headers={"Origin": "https://evil.example"})
    assert refused.status_code == 200  # not a browser: served, but a browser may not read it
    assert "access-control-allow-origin" not in refused.headers


def test_no_origin_is_allowed_when_unset(client: Client) -> None:
    assert load_settings({}).cors_origins == ()
    response = client.post(URL, json=VALID, headers={"Origin": ALLOWED})
    assert "access-control-allow-origin" not in response.headers
    preflight = _preflight(client, ALLOWED)
    assert "access-control-allow-origin" not in preflight.headers
    assert preflight.status_code == 403


def test_a_page_of_an_allowed_origin_may_send_and_read_the_request_id(cors_client: Client) -> None:
    # Issue 23: the preflight refused X-Request-ID, and a page could not read it.
    preflight = _preflight(cors_client, ALLOWED, "content-type,x-request-id,if-none-match")
    assert preflight.status_code == 204
    answer = cors_client.post(
        URL, json=VALID, headers={"Origin": ALLOWED, "X-Request-ID": "signup-42"}
    )
    exposed = set(answer.headers["access-control-expose-headers"].split(", "))
    assert {"X-Request-ID", "ETag", "Content-Language", "RateLimit-Remaining", "Retry-After"} <= (
        exposed
    )
    assert answer.headers["x-request-id"] == "signup-42"


def test_answers_that_echo_what_was_sent_are_never_cached_and_never_sniffed(
    client: Client,
) -> None:
    answer = client.post(URL, json=VALID)
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["x-content-type-options"] == "nosniff"
    problem = client.post(URL, json={"market": "US"})
    assert (problem.headers["cache-control"], problem.headers["x-content-type-options"]) == (
        "no-store",
        "nosniff",
    )
    catalogue = client.get("/v1/markets/FR")
    assert catalogue.headers["cache-control"].startswith("public")
    assert catalogue.headers["x-content-type-options"] == "nosniff"


def test_a_gstin_of_another_state_than_the_billing_address_is_a_region_mismatch(
    client: Client,
) -> None:
    bengaluru = {
        "country": "IN",
        "region": "KA",
        "city": "Bengaluru",
        "postal_code": "560001",
        "line1": "1 MG Road",
    }
    body = {
        "market": "IN",
        "company_phone": "8012345678",
        "billing_address": bengaluru,
        "company_tax_id": "27AAPFU0939F1ZV",
    }
    answer = client.post(URL, json=body).json()
    assert answer["valid"] is False
    assert ("company_tax_id", "tax_id.region_mismatch") in _codes(answer["errors"])
    assert answer["tax_id"]["kind"] == "in_gst"


def test_an_embargoed_market_is_refused_once_on_market(client: Client) -> None:
    tehran = {"country": "IR", "city": "Tehran", "postal_code": "1136913711", "line1": "1 Ave"}
    body = {"market": "IR", "company_phone": "2112345678", "billing_address": tehran}
    codes = _codes(client.post(URL, json=body).json()["errors"])
    assert codes.count(("market", "market.not_served")) == 1
    assert ("billing_address.country", "market.not_served") in codes
