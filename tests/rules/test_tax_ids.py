"""Company tax IDs: python-stdnum's checks per market, the codes they answer, and the
data file that says which kinds each market asks for."""

from __future__ import annotations

import json

import pytest

from eligibility.errors import ErrorCode
from eligibility.rules.forms import compute_form
from eligibility.rules.tax_id import check_company_tax_id
from eligibility.ruleset import Ruleset
from eligibility.settings import default_data_dir

REQUIRED_BY_PARTNER_CENTER = frozenset(
    {"RU", "HU", "AM", "AZ", "BY", "KZ", "KG", "MD", "TJ", "UZ", "UA"}
    | {"TH", "VN", "TR", "PL", "ZA", "IN", "BR", "IQ", "MM", "SS", "SA", "AE", "VE"}
)
"""Partner Center's notices of November 2020 and March 2021: 24 markets."""

VALID = [
    ("DE", "de 136 695 976", "eu_vat", "DE136695976"),
    ("DE", "136695976", "eu_vat", "DE136695976"),
    ("FR", "FR 40 303 265 045", "eu_vat", "FR40303265045"),
    ("GR", "EL094259216", "eu_vat", "EL094259216"),
    ("GB", "GB 980 7806 84", "gb_vat", "GB980780684"),
    ("GB", "980780684", "gb_vat", "GB980780684"),
    ("GB", "xi 980 7806 84", "gb_vat", "XI980780684"),
    ("BR", "11.222.333/0001-81", "br_cnpj", "11222333000181"),
    ("AU", "83 914 571 673", "au_abn", "83914571673"),
    ("IN", "27AAPFU0939F1ZV", "in_gst", "27AAPFU0939F1ZV"),
    ("US", "12-3456789", "us_ein", "123456789"),
    ("CH", "CHE-107.787.577 MWST", "ch_vat", "CHE107787577MWST"),
]


@pytest.mark.parametrize(("market", "typed", "kind", "compact"), VALID)
def test_a_real_number_is_accepted_however_it_is_spaced(
    ruleset: Ruleset, market: str, typed: str, kind: str, compact: str
) -> None:
    found = check_company_tax_id(ruleset, market, typed)
    assert (found.errors, found.warnings) == ([], [])
    assert found.tax_id is not None
    assert (found.tax_id.kind, found.tax_id.country, found.tax_id.compact) == (
        kind,
        market,
        compact,
    )
    assert found.tax_id.verification == "not_checked"
    # what the answer says to store is accepted as it is
    assert check_company_tax_id(ruleset, market, found.tax_id.compact).valid


@pytest.mark.parametrize(
    ("market", "typed", "kind", "code"),
    [
        ("DE", "DE136695978", None, ErrorCode.TAX_ID_INVALID_CHECKSUM),
        ("DE", "12345", None, ErrorCode.TAX_ID_INVALID_LENGTH),
        ("FR", "hello", None, ErrorCode.TAX_ID_INVALID_FORMAT),
        ("FR", "x" * 80, None, ErrorCode.TAX_ID_INVALID_FORMAT),
        ("FR", "DE136695976", None, ErrorCode.TAX_ID_OTHER_COUNTRY),
        ("DE", "GB980780684", None, ErrorCode.TAX_ID_OTHER_COUNTRY),
        ("FR", "FR40303265045", "br_cnpj", ErrorCode.TAX_ID_NOT_USED_IN_MARKET),
        ("BR", "", None, ErrorCode.TAX_ID_REQUIRED),
        ("BY", "  ", None, ErrorCode.TAX_ID_REQUIRED),
        ("ZZ", "123", None, ErrorCode.MARKET_UNKNOWN),
    ],
)
def test_a_number_the_market_cannot_take_is_one_coded_error(
    ruleset: Ruleset, market: str, typed: str, kind: str | None, code: ErrorCode
) -> None:
    found = check_company_tax_id(ruleset, market, typed, kind)
    assert [e.code for e in found.errors] == [code]
    assert found.tax_id is None


def test_another_countrys_number_is_named(ruleset: Ruleset) -> None:
    [error] = check_company_tax_id(ruleset, "FR", "DE136695976", lang="fr").errors
    assert "Allemagne" in error.message
    assert "France" in error.message


def test_an_empty_optional_tax_id_is_no_finding(ruleset: Ruleset) -> None:
    found = check_company_tax_id(ruleset, "DE", "")
    assert (found.errors, found.warnings, found.tax_id) == ([], [], None)


def test_a_market_without_an_offline_check_warns_and_does_not_refuse(ruleset: Ruleset) -> None:
    found = check_company_tax_id(ruleset, "NG", "12345678-0001")
    assert found.valid
    assert [w.code for w in found.warnings] == [ErrorCode.TAX_ID_NOT_VERIFIED]


def test_every_example_the_form_serves_is_accepted_in_every_market(ruleset: Ruleset) -> None:
    checked = 0
    for market in ruleset.markets:
        for lang in ("en", "fr"):
            form = compute_form(ruleset, market.code, lang)
            assert form is not None
            if form.tax_id is None:
                assert market.code not in ruleset.tax_ids
                continue
            for kind in form.tax_id.kinds:
                found = check_company_tax_id(ruleset, market.code, kind.example, kind.kind)
                assert (found.errors, found.warnings) == ([], []), (market.code, kind.example)
                checked += 1
            assert form.tax_id.required == (market.code in REQUIRED_BY_PARTNER_CENTER)
    assert checked >= 2 * 80


def test_the_data_file_and_its_table_are_what_the_script_gives_with_the_installed_stdnum() -> None:
    from derive.tax_ids import DOCS, build, markdown

    committed = json.loads((default_data_dir() / "tax_ids.json").read_text(encoding="utf-8"))
    assert committed == build(), "run make tax-ids"
    assert DOCS.read_text(encoding="utf-8") == markdown(committed), "run make tax-ids"


def test_every_eu_member_gb_and_the_named_markets_are_covered(ruleset: Ruleset) -> None:
    eu = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK"
    named = "GB CH NO AU NZ CA BR MX IN JP KR SG ZA TR US"
    assert set((eu + " " + named).split()) <= ruleset.tax_ids.keys()
