"""The numbers a company is given (issue 35, parts 2 and 3): the 24 markets where
Partner Center requires a tax ID, and every identifier accepted with its kind."""

from __future__ import annotations

import pytest

from eligibility.errors import ErrorCode
from eligibility.rules.account_setup import check_account_setup
from eligibility.rules.postal import PlainAddress
from eligibility.rules.tax_id import check_company_tax_id, check_tax_id_region, tax_id_regions
from eligibility.ruleset import Ruleset

REQUIRED = {
    # Partner Center's notice of November 2020
    "RU": "7707083893",
    "HU": "12892312-2-41",
    "AM": "02538904",
    "AZ": "1400057421",
    "BY": "200988541",
    "KZ": "123456789012",
    "KG": "01234567890123",
    "MD": "1008600038413",
    "TJ": "123456789",
    "UZ": "123456789",
    "UA": "32855961",
    # and of March 2021
    "TH": "0994000617721",
    "VN": "0100233488",
    "TR": "4540536920",
    "PL": "8567346215",
    "ZA": "4023456789",
    "IN": "27AAPFU0939F1ZV",
    "BR": "11.222.333/0001-81",
    "IQ": "1234567890",
    "MM": "123456789",
    "SS": "123456789",
    "SA": "310122393500003",
    "AE": "100123456700003",
    "VE": "V-11470283-4",
}


def test_the_24_markets_are_partner_centers() -> None:
    assert len(REQUIRED) == 24


@pytest.mark.parametrize("market", sorted(REQUIRED))
def test_a_market_partner_center_requires_a_tax_id_in_says_so(
    ruleset: Ruleset, market: str
) -> None:
    found = check_company_tax_id(ruleset, market, "")
    assert [e.code for e in found.errors] == [ErrorCode.TAX_ID_REQUIRED]
    assert all(k.requirement == "required" for k in ruleset.tax_ids[market])


@pytest.mark.parametrize(("market", "number"), sorted(REQUIRED.items()))
def test_a_real_number_in_a_required_market_is_valid(
    ruleset: Ruleset, market: str, number: str
) -> None:
    found = check_company_tax_id(ruleset, market, number)
    assert (found.errors, found.warnings) == ([], [])
    assert found.tax_id is not None


@pytest.mark.parametrize(
    ("market", "typed", "code"),
    [
        ("AE", "1234", ErrorCode.TAX_ID_INVALID_LENGTH),  # Partner Center's 5 to 22
        ("KZ", "1" * 23, ErrorCode.TAX_ID_INVALID_LENGTH),
        ("KZ", "12345#", ErrorCode.TAX_ID_INVALID_FORMAT),
        ("SA", "210122393500003", ErrorCode.TAX_ID_INVALID_FORMAT),  # a TRN starts with 3
    ],
)
def test_where_python_stdnum_has_no_module_partner_centers_rule_applies(
    ruleset: Ruleset, market: str, typed: str, code: ErrorCode
) -> None:
    assert [e.code for e in check_company_tax_id(ruleset, market, typed).errors] == [code]


IDENTIFIERS = [
    ("FR", "732 829 320", "fr_siren", "732829320", "FR44732829320"),
    ("FR", "732 829 320 00074", "fr_siret", "73282932000074", "FR44732829320"),
    ("FR", "FR44732829320", "eu_vat", "FR44732829320", "FR44732829320"),
    ("SE", "556036-0793", "se_orgnr", "5560360793", None),
    ("NO", "923 609 016", "no_orgnr", "923609016", None),
    ("CH", "CHE-107.787.577 IVA", "ch_vat", "CHE107787577IVA", None),
    ("CH", "CHE-107.787.577 TVA", "ch_vat", "CHE107787577TVA", None),
    ("DK", "13585628", "eu_vat", "DK13585628", "DK13585628"),  # the CVR is the VAT number
    ("BE", "0403.019.261", "eu_vat", "BE0403019261", "BE0403019261"),  # enterprise number
    ("NL", "34179503", "nl_kvk", "34179503", None),
    ("NL", "1112.22.333", "nl_rsin", "111222333", None),
    ("IT", "00743110157", "eu_vat", "IT00743110157", "IT00743110157"),  # partita IVA
    ("IT", "RCCMNL83S18D969H", "it_cf", "RCCMNL83S18D969H", None),
    ("GB", "SC123456", "gb_crn", "SC123456", None),
    ("AU", "004 085 616", "au_acn", "004085616", None),
    ("NZ", "9429041000014", "nz_nzbn", "9429041000014", None),
    ("SG", "00192200M", "sg_uen", "00192200M", None),
    ("US", "04-2103594", "us_ein", "042103594", None),
    ("AT", "FN 122119m", "at_fn", "122119m", None),
    ("IN", "AAPFU0939F", "in_pan", "AAPFU0939F", None),
    ("PL", "192598184", "pl_regon", "192598184", None),
]


@pytest.mark.parametrize(("market", "typed", "kind", "compact", "vat"), IDENTIFIERS)
def test_every_identifier_a_company_is_given_is_read_as_its_kind(
    ruleset: Ruleset, market: str, typed: str, kind: str, compact: str, vat: str | None
) -> None:
    found = check_company_tax_id(ruleset, market, typed)
    assert (found.errors, found.warnings) == ([], [])
    assert found.tax_id is not None
    assert (found.tax_id.kind, found.tax_id.compact, found.tax_id.vat_number) == (
        kind,
        compact,
        vat,
    )


def test_a_swiss_uid_without_its_suffix_is_the_uid_with_the_vat_number_suggested(
    ruleset: Ruleset,
) -> None:
    found = check_company_tax_id(ruleset, "CH", "CHE-116.281.710")
    assert found.tax_id is not None
    assert found.tax_id.kind == "ch_uid"
    [warning] = found.warnings
    assert (warning.code, warning.suggestion) == (
        ErrorCode.TAX_ID_MISSING_SUFFIX,
        "CHE-116.281.710 MWST",
    )


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_swiss_vat_number_asked_for_without_its_suffix_is_missing_suffix(
    ruleset: Ruleset, lang: str
) -> None:
    [error] = check_company_tax_id(ruleset, "CH", "CHE-116.281.710", "ch_vat", lang).errors
    assert (error.code, error.suggestion) == (
        ErrorCode.TAX_ID_MISSING_SUFFIX,
        "CHE-116.281.710 MWST",
    )
    assert "MWST" in error.message
    assert "IVA" in error.message


@pytest.mark.parametrize(
    ("market", "typed", "kind"),
    [
        ("CH", "CHE-116.281.711", None),  # the UID's check digit
        ("CH", "CHE-116.281.711 MWST", None),
        ("FR", "732 829 321", None),  # a SIREN's
        ("FR", "732 829 320 00075", None),  # a SIRET's
        ("SE", "556036-0794", None),
        ("NO", "923 609 017", None),
        ("DE", "DE136695978", None),
    ],
)
def test_a_checksum_typo_is_invalid_checksum_never_invalid_length(
    ruleset: Ruleset, market: str, typed: str, kind: str | None
) -> None:
    codes = [e.code for e in check_company_tax_id(ruleset, market, typed, kind).errors]
    assert codes == [ErrorCode.TAX_ID_INVALID_CHECKSUM]


def test_switzerlands_label_and_example_agree(ruleset: Ruleset) -> None:
    vat = next(k for k in ruleset.tax_ids["CH"] if k.kind == "ch_vat")
    assert vat.example.endswith("MWST")
    assert "MWST" in vat.label_en
    assert "MWST" in vat.label_fr


def test_the_preferred_kind_comes_first(ruleset: Ruleset) -> None:
    assert [k.kind for k in ruleset.tax_ids["FR"]][:3] == ["eu_vat", "fr_siren", "fr_siret"]


@pytest.mark.parametrize(
    ("market", "tax_id", "region", "code"),
    [
        ("IN", "27AAPFU0939F1ZV", "IN-KA", ErrorCode.TAX_ID_REGION_MISMATCH),  # Maharashtra's
        ("IN", "27AAPFU0939F1ZV", "IN-MH", None),
        ("RU", "7707083893", "RU-SPE", ErrorCode.TAX_ID_REGION_MISMATCH),  # Moscow's
        ("RU", "7707083893", "RU-MOW", None),
        ("RU", "7707083893", None, None),  # no region read: nothing said
        ("RU", "7707083893", "UA-30", None),  # an address in another country: not this check's
        ("DE", "DE136695976", "DE-BY", None),  # a kind that names no region
    ],
)
def test_a_tax_id_of_another_region_than_the_address_is_a_mismatch(
    ruleset: Ruleset, market: str, tax_id: str, region: str | None, code: ErrorCode | None
) -> None:
    read = check_company_tax_id(ruleset, market, tax_id).tax_id
    assert read is not None
    found = check_tax_id_region(ruleset, read, region)
    assert (found.code if found is not None else None) == code


def test_an_indian_gstin_of_another_state_is_an_error_in_account_setup_naming_both(
    ruleset: Ruleset,
) -> None:
    bengaluru = PlainAddress("IN", "KA", "Bengaluru", "560001", "1 MG Road")
    found = check_account_setup(
        ruleset, "IN", "8012345678", bengaluru, company_tax_id="27AAPFU0939F1ZV"
    )
    [error] = [e for e in found.errors if e.code is ErrorCode.TAX_ID_REGION_MISMATCH]
    assert error.field == "company_tax_id"
    assert "IN-MH" in error.message
    assert "IN-KA" in error.message


def test_every_region_a_tax_id_names_is_an_iso_region(ruleset: Ruleset) -> None:
    by_market = tax_id_regions(ruleset).by_market
    assert set(by_market) == {"IN", "RU"}
    assert len(by_market["RU"].regions) == 83
    for market, codes in by_market.items():
        assert all(r.startswith(f"{market}-") for r in codes.regions.values())
