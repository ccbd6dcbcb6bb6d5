"""GET /v1/markets/{code}/postal-codes/{postal_code}: a form's autofill over HTTP."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import TestClient

from eligibility.errors import PROBLEM_MEDIA_TYPE

Client = TestClient[Litestar]


def test_a_code_answers_its_written_form_region_and_places(client: Client) -> None:
    response = client.get("/v1/markets/fra/postal-codes/ 75001 ")
    assert response.status_code == 200
    body = response.json()
    assert body["market"] == "FR"
    assert body["postal_code"] == "75001"
    assert body["whole"] is True
    assert (body["region"], body["region_name"]) == ("FR-75C", "Paris")
    assert body["places"] == ["Paris 1er Arrondissement", "PARIS"]
    assert body["source"] == "codes-postaux"
    assert response.headers["cache-control"].startswith("public")


def test_a_code_with_several_places_lists_each_once_main_first(client: Client) -> None:
    places = client.get("/v1/markets/FR/postal-codes/01000").json()["places"]
    assert places == ["Bourg-en-Bresse", "Saint-Denis-lès-Bourg"]  # routing names fold alike
    australia = client.get("/v1/markets/AU/postal-codes/2000").json()
    assert "SYDNEY" in australia["places"] and australia["region"] == "AU-NSW"  # noqa: PT018


def test_a_zip_answers_usps_acceptable_names_only(client: Client) -> None:
    """Issue 34: USPS's unacceptable names (98052's Adelaide, Ames Lake...) are not places
    a form may fill the city in with."""
    assert client.get("/v1/markets/US/postal-codes/98052").json()["places"] == ["Redmond"]
    places = client.get("/v1/markets/US/postal-codes/98004").json()["places"]
    assert places == ["Bellevue", "Beaux Arts", "Clyde Hill", "Hunts Point", "Yarrow Point"]


def test_the_etag_gives_a_304(client: Client) -> None:
    first = client.get("/v1/markets/JP/postal-codes/1000001")
    assert first.json()["postal_code"] == "100-0001"
    again = client.get(
        "/v1/markets/JP/postal-codes/100-0001", headers={"If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304


def test_a_list_of_parts_says_only_the_part_was_found(client: Client) -> None:
    body = client.get("/v1/markets/NL/postal-codes/1011ab").json()
    assert (body["postal_code"], body["whole"]) == ("1011 AB", False)


def test_a_canadian_code_answers_its_place_and_province(client: Client) -> None:
    body = client.get("/v1/markets/CA/postal-codes/k1a0b1").json()
    assert (body["postal_code"], body["whole"], body["region"]) == ("K1A 0B1", True, "CA-ON")
    assert body["places"] == ["Ottawa"]


def _problem(client: Client, path: str, status: int, lang: str = "en") -> dict[str, object]:
    response = client.get(path, headers={"Accept-Language": lang})
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    body: dict[str, object] = response.json()
    return body


def test_a_code_that_does_not_exist_is_a_404_naming_the_nearest_real_ones(client: Client) -> None:
    body = _problem(client, "/v1/markets/FR/postal-codes/96680", 404, "fr")
    assert body["errors"] == [
        {
            "field": "postal_code",
            "code": "postal_code.unknown",
            "message": "Ce code postal ne figure pas sur la liste des codes postaux de la France "
            "; les codes réels les plus proches sont 95880, 95870, 95850 : vérifiez le code "
            "postal.",
        }
    ]


def test_a_code_in_no_form_of_the_market_is_a_404_with_an_example(client: Client) -> None:
    body = _problem(client, "/v1/markets/DE/postal-codes/1234", 404)
    [error] = body["errors"]  # type: ignore[misc]
    assert error["code"] == "postal_code.invalid"
    assert "26133" in error["message"]


def test_a_territorys_code_is_a_404_naming_its_market(client: Client) -> None:
    body = _problem(client, "/v1/markets/FR/postal-codes/97400", 404)
    [error] = body["errors"]  # type: ignore[misc]
    assert error["code"] == "postal_code.other_market"
    assert "Réunion (RE)" in error["message"]


def test_a_market_without_a_list_or_no_market_at_all_is_a_404(client: Client) -> None:
    body = _problem(client, "/v1/markets/GR/postal-codes/10431", 404)
    assert [e["code"] for e in body["errors"]] == ["postal_code.lookup_unavailable"]  # type: ignore[attr-defined]
    body = _problem(client, "/v1/markets/ZZ/postal-codes/11455", 404)
    assert [e["code"] for e in body["errors"]] == ["market.unknown"]  # type: ignore[attr-defined]


def test_the_form_says_where_lookup_is_available(client: Client) -> None:
    def lookup(code: str) -> bool:
        available: bool = client.get(f"/v1/markets/{code}/form").json()["address"][
            "postal_code_lookup"
        ]
        return available

    assert [lookup(code) for code in ("US", "FR", "JP", "BR", "SE", "GR")] == [
        True,
        True,
        True,
        True,
        True,  # GeoNames' list
        False,
    ]


def test_an_argentine_cpa_is_looked_up_by_its_four_digits(client: Client) -> None:
    for written in ("X5187XAB", "5187"):
        body = client.get(f"/v1/markets/AR/postal-codes/{written}").json()
        assert (body["postal_code"], body["places"]) == (written, ["BOSQUE ALEGRE"])
