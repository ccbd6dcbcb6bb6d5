"""Every problem in the language of Accept-Language: its title, its detail and its errors'
messages, whoever answers it (the API, Litestar's routing, CORS, the rate limit). The
connection-level ones are in tests/test_connections.py."""

from __future__ import annotations

from collections.abc import Iterator
from http import HTTPStatus
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from eligibility.app import create_app
from eligibility.errors import problem
from eligibility.i18n import LANGUAGES, load_catalogue
from eligibility.ruleset import Ruleset
from eligibility.settings import load_settings

Client = TestClient[Litestar]
ALLOWED = "http://localhost:3000"
EVIL = "https://evil.example"


def _problem(response: Any, status: int, lang: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["content-language"] == lang
    body: dict[str, Any] = response.json()
    assert body["title"] == problem(status, lang).title
    return body


def test_every_title_is_the_reason_phrase_in_english_and_has_a_french_one() -> None:
    titles = {k: v for k, v in load_catalogue().items() if k.startswith("problem.title/")}
    assert len(titles) >= 11
    for key, by_lang in titles.items():
        status = int(key.partition("/")[2])
        assert by_lang["en"] == HTTPStatus(status).phrase
        assert by_lang["fr"] != by_lang["en"]
    assert problem(404, "fr").title == "Introuvable"
    assert problem(404, "en").title == "Not Found"


TRUNCATED_EN = "The body is not valid JSON: Input data was truncated."
TRUNCATED_FR = "Le corps n'est pas du JSON valide : les données s'arrêtent avant la fin."


@pytest.mark.parametrize(
    ("body", "lang", "detail"),
    [
        (b'{"market": "F', "en", TRUNCATED_EN),
        (b'{"market": "F', "fr", TRUNCATED_FR),
        (b"x{}", "en", "The body is not valid JSON: invalid character (byte 0)."),
        (b"x{}", "fr", "Le corps n'est pas du JSON valide : caractère invalide (octet 0)."),
    ],
)
def test_a_body_that_is_not_json_is_said_in_the_request_language(
    client: Client, body: bytes, lang: str, detail: str
) -> None:
    response = client.post(
        "/v1/checks/reservation",
        content=body,
        headers={"content-type": "application/json", "accept-language": lang},
    )
    answer = _problem(response, 400, lang)
    assert answer["detail"] == detail
    assert answer["errors"][0]["code"] == "request.invalid_json"


@pytest.mark.parametrize(("lang", "detail"), [("en", "Not Found"), ("fr", "Introuvable")])
def test_a_route_that_does_not_exist_is_a_404_in_the_request_language(
    client: Client, lang: str, detail: str
) -> None:
    response = client.get("/v1/nothing-here", headers={"accept-language": lang})
    assert _problem(response, 404, lang)["detail"] == detail


@pytest.mark.parametrize(
    ("lang", "detail"), [("en", "Method Not Allowed"), ("fr", "Méthode non autorisée")]
)
def test_a_method_a_route_does_not_take_is_a_405_in_the_request_language(
    client: Client, lang: str, detail: str
) -> None:
    response = client.get("/v1/checks/reservation", headers={"accept-language": lang})
    assert _problem(response, 405, lang)["detail"] == detail
    assert "POST" in response.headers["allow"]


@pytest.mark.parametrize(
    ("lang", "detail"),
    [
        ("en", "No demo file is called 'nope.js'."),
        ("fr", "Aucun fichier de la démo ne s'appelle « nope.js »."),
    ],
)
def test_a_page_file_that_does_not_exist_is_named_in_the_request_language(
    client: Client, lang: str, detail: str
) -> None:
    response = client.get("/demo/nope.js", headers={"accept-language": lang})
    assert _problem(response, 404, lang)["detail"] == detail


@pytest.fixture(scope="module")
def cors_client(ruleset: Ruleset) -> Iterator[Client]:
    settings = load_settings({"ELIGIBILITY_CORS_ORIGINS": ALLOWED})
    with TestClient(create_app(settings, ruleset)) as client:
        yield client


@pytest.mark.parametrize(
    ("lang", "origin", "detail"),
    [
        ("en", EVIL, "This origin may not call the API from a browser."),
        ("fr", EVIL, "Cette origine ne peut pas appeler l'API depuis un navigateur."),
        ("en", ALLOWED, "Header 'x-card' is not allowed."),
        ("fr", ALLOWED, "L'en-tête 'x-card' n'est pas autorisé."),
    ],
)  # fmt: skip
def test_a_refused_preflight_is_a_403_in_the_request_language(
    cors_client: Client, lang: str, origin: str, detail: str
) -> None:
    response = cors_client.options(
        "/v1/checks/reservation",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,x-card",
            "Accept-Language": lang,
        },
    )
    body = _problem(response, 403, lang)
    assert body["detail"] == detail
    assert "access-control-allow-origin" not in response.headers


@pytest.mark.parametrize(
    ("lang", "detail"),
    [
        ("en", "Too many requests from this client; retry after the time in Retry-After."),
        ("fr", "Trop de requêtes de ce client ; réessayez après le délai indiqué par Retry-After."),
    ],
)
def test_over_the_rate_limit_is_a_429_in_the_request_language(
    ruleset: Ruleset, lang: str, detail: str
) -> None:
    settings = load_settings({"ELIGIBILITY_RATE_LIMIT": "1/minute"})
    with TestClient(create_app(settings, ruleset)) as client:
        headers = {"accept-language": lang}
        client.post("/v1/checks/reservation", json={"market": "US"}, headers=headers)
        response = client.post("/v1/checks/reservation", json={"market": "US"}, headers=headers)
    assert _problem(response, 429, lang)["detail"] == detail
    assert int(response.headers["retry-after"]) >= 1


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_problem_status_the_service_answers_has_a_title_in_every_language(
    lang: str,
) -> None:
    for status in (400, 403, 404, 405, 408, 413, 415, 429, 431, 500, 503):
        assert f"problem.title/{status}" in load_catalogue()
        assert problem(status, lang).title
