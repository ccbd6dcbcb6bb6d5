"""GET /v1/markets and /v1/markets/{code}: envelopes, filters, ETag and 304."""

from __future__ import annotations

from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from eligibility import __version__

Client = TestClient[Litestar]


def test_health(client: Client) -> None:
    response = client.get("/healthz")
    body = response.json()
    assert (response.status_code, body) == (
        200,
        {"status": "ok", "version": __version__, "rules_version": body["rules_version"]},
    )
    assert len(body["rules_version"]) == 12


def test_list_is_the_whole_catalogue(client: Client) -> None:
    body = client.get("/v1/markets").json()
    assert len(body["markets"]) == 250
    assert body["rules_version"]
    kosovo = next(m for m in body["markets"] if m["code"] == "XK")
    assert kosovo == {
        "code": "XK",
        "alpha3": "XKX",
        "name": "Kosovo",
        "served": True,
        "reservations_available": False,
        "tax_inclusive_pricing": False,
    }


# 106 markets of the seed without reservations, and the 4 not served at all
@pytest.mark.parametrize(("flag", "count"), [("true", 140), ("false", 110)])
def test_filter_by_reservation_availability(client: Client, flag: str, count: int) -> None:
    markets = client.get("/v1/markets", params={"reservations_available": flag}).json()["markets"]
    assert len(markets) == count
    assert {m["reservations_available"] for m in markets} == {flag == "true"}


@pytest.mark.parametrize(
    ("query", "codes"),
    [("niger", ["NE", "NG"]), ("Allemagne", ["DE"]), ("swaziland", ["SZ"]), ("qqqq", [])],
)
def test_search_best_match_first(client: Client, query: str, codes: list[str]) -> None:
    markets = client.get("/v1/markets", params={"q": query}).json()["markets"]
    assert [m["code"] for m in markets][: len(codes) or None] == codes


def test_search_and_filter_combine(client: Client) -> None:
    params = {"q": "niger", "reservations_available": "true"}
    assert [m["code"] for m in client.get("/v1/markets", params=params).json()["markets"]] == ["NG"]


@pytest.mark.parametrize("code", ["AU", "au", "AUS", "aUs"])
def test_one_market_by_alpha2_or_alpha3_any_case(client: Client, code: str) -> None:
    response = client.get(f"/v1/markets/{code}")
    assert response.status_code == 200
    assert response.json() == {
        "code": "AU",
        "alpha3": "AUS",
        "name": "Australia",
        "served": True,
        "reservations_available": True,
        "tax_inclusive_pricing": True,
    }


@pytest.mark.parametrize("code", ["ZZ", "ZZZ", "AUSTRALIA", "1"])
def test_unknown_market_is_a_404_problem(client: Client, code: str) -> None:
    response = client.get(f"/v1/markets/{code}")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 404


@pytest.mark.parametrize("path", ["/v1/markets/CN", "/v1/markets", "/v1/markets?q=congo"])
def test_etag_and_304(client: Client, path: str) -> None:
    first = client.get(path)
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "public, max-age=300"
    for header in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        again = client.get(path, headers={"If-None-Match": header})
        assert again.status_code == 304, header
        assert again.content == b""
        assert again.headers["etag"] == etag
    assert client.get(path, headers={"If-None-Match": '"stale"'}).status_code == 200


def test_different_bodies_have_different_etags(client: Client) -> None:
    tags = {
        client.get(p).headers["etag"]
        for p in ("/v1/markets/CN", "/v1/markets/AU", "/v1/markets", "/v1/markets?q=au")
    }
    assert len(tags) == 4


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"reservations_available": "maybe"}, "reservations_available"),
        ({"q": "x" * 101}, "q"),
        ({"q": ""}, "q"),
    ],
)
def test_bad_query_parameter_is_a_400_naming_it(
    client: Client, params: dict[str, str], field: str
) -> None:
    response = client.get("/v1/markets", params=params)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == [field]


def _shortened_like(documented: Any, live: Any) -> Any:
    """``live`` with each list cut to the length of the documented one (the examples
    shorten long lists)."""
    if isinstance(live, dict) and isinstance(documented, dict):
        return {k: _shortened_like(documented.get(k), v) for k, v in live.items()}
    if isinstance(live, list) and isinstance(documented, list):
        return [_shortened_like(d, v) for d, v in zip(documented, live, strict=False)]
    return live


@pytest.mark.parametrize(
    ("code", "market"), [("US", "US"), ("usa", "US"), ("Fr", "FR"), ("JPN", "JP"), ("pr", "PR")]
)
def test_a_markets_form_by_alpha2_or_alpha3_in_any_case(
    client: Client, code: str, market: str
) -> None:
    answer = client.get(f"/v1/markets/{code}/form")
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "public, max-age=300"
    assert answer.json()["market"]["code"] == market
    again = client.get(
        f"/v1/markets/{code}/form", headers={"if-none-match": answer.headers["etag"]}
    )
    assert again.status_code == 304
    assert again.content == b""


def test_a_form_is_localised_with_its_own_etag(client: Client) -> None:
    english = client.get("/v1/markets/FR/form")
    french = client.get("/v1/markets/FR/form", headers={"accept-language": "fr-FR,fr;q=0.9"})
    assert (english.headers["content-language"], french.headers["content-language"]) == (
        "en", "fr")  # fmt: skip
    assert english.headers["etag"] != french.headers["etag"]
    labels = [f["label"] for f in french.json()["address"]["fields"]]
    assert "Code postal" in labels
    assert french.headers["vary"] == "Accept-Language"


def test_an_unknown_markets_form_is_a_404_problem(client: Client) -> None:
    answer = client.get("/v1/markets/ZZ/form")
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/problem+json"


def test_every_documented_form_is_what_the_app_answers(client: Client) -> None:
    spec = client.get("/schema/openapi.json").json()
    examples = spec["paths"]["/v1/markets/{code}/form"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["examples"]
    assert len(examples) == 5
    for example in examples.values():
        documented = example["value"]
        code = documented["market"]["code"]
        lang = "fr" if documented["address"]["fields"][0]["label"] == "Adresse" else "en"
        live = client.get(f"/v1/markets/{code}/form", headers={"accept-language": lang}).json()
        assert _shortened_like(documented, live) == documented, code


def test_an_embargoed_market_is_listed_as_not_served(client: Client) -> None:
    body = client.get("/v1/markets", params={"q": "Korea"}).json()
    north = next(m for m in body["markets"] if m["code"] == "KP")
    assert (north["served"], north["reservations_available"]) == (False, False)
    assert client.get("/v1/markets/IRN").json()["served"] is False


def test_a_check_refuses_an_embargoed_market_with_its_reason(client: Client) -> None:
    response = client.post("/v1/checks/reservation", json={"market": "KP"})
    body = response.json()
    assert (response.status_code, body["valid"]) == (200, False)
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("market", "market.not_served")]
    assert "embargo" in body["errors"][0]["message"]
