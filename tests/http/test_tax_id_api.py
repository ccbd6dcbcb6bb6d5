"""POST /v1/checks/company-tax-id, and the tax ID in account-setup, the batch and the form."""

from __future__ import annotations

from typing import Any

from litestar import Litestar
from litestar.testing import TestClient

Client = TestClient[Litestar]
URL = "/v1/checks/company-tax-id"
SAO_PAULO = {
    "country": "BR",
    "region": "SP",
    "city": "São Paulo",
    "postal_code": "01310-100",
    "line1": "Avenida Paulista 1000",
}


def _setup(**extra: Any) -> dict[str, Any]:
    return {"market": "BR", "company_phone": "1123456789", "billing_address": SAO_PAULO, **extra}


def test_a_valid_number_answers_the_form_to_store(client: Client) -> None:
    answer = client.post(URL, json={"market": "DE", "tax_id": "de 136 695 976"})
    assert answer.status_code == 200
    assert answer.json()["tax_id"] == {
        "kind": "eu_vat",
        "country": "DE",
        "compact": "DE136695976",
        "formatted": "DE136695976",
        "vat_number": "DE136695976",
        "verification": "not_checked",
        "consultation_number": None,
    }


def test_an_unknown_field_or_a_number_too_long_to_read_is_a_400(client: Client) -> None:
    answer = client.post(URL, json={"market": "DE", "tax_id": "1", "vat": "2"})
    assert answer.status_code == 400
    assert [e["field"] for e in answer.json()["errors"]] == ["vat"]
    answer = client.post(URL, json={"market": "DE", "tax_id": "1" * 129})
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["code"] == "request.too_long"


def test_account_setup_refuses_a_missing_tax_id_where_the_market_requires_one(
    client: Client,
) -> None:
    body = client.post("/v1/checks/account-setup", json=_setup()).json()
    assert [(e["field"], e["code"]) for e in body["errors"]] == [
        ("company_tax_id", "tax_id.required")
    ]
    body = client.post(
        "/v1/checks/account-setup", json=_setup(company_tax_id="11.222.333/0001-81")
    ).json()
    assert body["errors"] == []
    assert body["tax_id"]["compact"] == "11222333000181"


def test_account_setup_checks_the_tax_id_with_the_kind_the_form_asked_for(client: Client) -> None:
    body = client.post(
        "/v1/checks/account-setup",
        json=_setup(company_tax_id="11.222.333/0001-81", company_tax_id_kind="eu_vat"),
    ).json()
    assert [e["code"] for e in body["errors"]] == ["tax_id.not_used_in_market"]


def test_a_batch_item_carries_its_tax_id(client: Client) -> None:
    items = [
        {"id": "A", **_setup(company_tax_id="11.222.333/0001-81")},
        {"id": "B", **_setup(company_tax_id="11.222.333/0001-82")},
    ]
    results = client.post("/v1/checks/batch", json={"items": items}).json()["results"]
    assert [r["valid"] for r in results] == [True, False]
    assert results[1]["errors"][0]["code"] == "tax_id.invalid_checksum"


def test_a_batch_item_of_a_market_partner_center_requires_a_tax_id_in(client: Client) -> None:
    istanbul = {"country": "TR", "city": "Istanbul", "postal_code": "34000", "line1": "Cad. 1"}
    item = {"id": "T", "market": "TR", "company_phone": "2121234567", "billing_address": istanbul}
    [result] = client.post("/v1/checks/batch", json={"items": [item]}).json()["results"]
    assert ("company_tax_id", "tax_id.required") in {
        (e["field"], e["code"]) for e in result["errors"]
    }


def test_the_form_says_which_tax_id_to_ask_for(client: Client) -> None:
    form = client.get("/v1/markets/BR/form", headers={"accept-language": "fr"}).json()
    assert form["tax_id"]["label"] == "CNPJ"
    assert form["tax_id"]["required"] is True
    assert client.get("/v1/markets/NG/form").json()["tax_id"] is None
    german = client.get("/v1/markets/DE/form").json()["tax_id"]
    assert (german["label"], german["required"], german["example"]) == (
        "VAT number",
        False,
        "DE136695976",
    )


def test_a_siren_answers_its_kind_and_the_vat_number_that_follows(client: Client) -> None:
    answer = client.post(URL, json={"market": "FR", "tax_id": "732 829 320 00074"}).json()
    assert answer["valid"] is True
    assert (answer["tax_id"]["kind"], answer["tax_id"]["vat_number"]) == (
        "fr_siret",
        "FR44732829320",
    )


def test_a_swiss_uid_without_its_suffix_is_a_warning_with_the_vat_number(client: Client) -> None:
    answer = client.post(URL, json={"market": "CH", "tax_id": "CHE-116.281.710"}).json()
    assert (answer["valid"], answer["tax_id"]["kind"]) == (True, "ch_uid")
    assert [(w["code"], w["suggestion"]) for w in answer["warnings"]] == [
        ("tax_id.missing_suffix", "CHE-116.281.710 MWST")
    ]


def test_account_setup_requires_an_inn_in_russia(client: Client) -> None:
    moscow = {
        "country": "RU",
        "region": "MOW",
        "city": "Moscow",
        "postal_code": "101000",
        "line1": "ul. Tverskaya 1",
    }
    body = {"market": "RU", "company_phone": "4951234567", "billing_address": moscow}
    answer = client.post("/v1/checks/account-setup", json=body).json()
    assert ("company_tax_id", "tax_id.required") in {
        (e["field"], e["code"]) for e in answer["errors"]
    }


def test_the_form_lists_every_kind_and_the_one_preferred(client: Client) -> None:
    french = client.get("/v1/markets/FR/form").json()["tax_id"]
    assert french["preferred"] == "eu_vat"
    assert {"eu_vat", "fr_siren", "fr_siret"} <= {k["kind"] for k in french["kinds"]}
