"""Reservation eligibility and the market catalogue, without HTTP."""

from __future__ import annotations

import re

import pytest

from eligibility.errors import ErrorCode
from eligibility.rules.markets import check_reservation, find_market, search_markets
from eligibility.ruleset import Ruleset
from tests.conftest import seed_text

# Every name of the seed's "Azure reservations unavailable markets" table (English,
# French), mapped to its ISO code by hand, independently of data/.
UNAVAILABLE = [
    ("Aland Islands", "Åland (îles)", "AX"),
    ("American Samoa", "Samoa américaines", "AS"),
    ("Andorra", "Andorre", "AD"),
    ("Anguilla", "Anguilla", "AI"),
    ("Antarctica", "Antarctique", "AQ"),
    ("Antigua and Barbuda", "Antigua-et-Barbuda", "AG"),
    ("Aruba", "Aruba", "AW"),
    ("Azerbaijan", "Azerbaïdjan", "AZ"),
    ("Benin", "Bénin", "BJ"),
    ("Bhutan", "Bhoutan", "BT"),
    ("Bonaire", "Bonaire", "BQ"),
    ("Bouvet Island", "Bouvet (Île)", "BV"),
    ("British Indian Ocean Territory", "Territoires britanniques de l’océan Indien", "IO"),
    ("British Virgin Islands", "Îles Vierges britanniques", "VG"),
    ("Burkina Faso", "Burkina-Faso", "BF"),
    ("Burundi", "Burundi", "BI"),
    ("Cambodia", "Cambodge", "KH"),
    ("Central African Republic", "République centrafricaine", "CF"),
    ("Chad", "Tchad", "TD"),
    ("China", "Chine", "CN"),
    ("Christmas Island", "Christmas (île)", "CX"),
    ("Cocos (Keeling) Islands", "Cocos-Keeling (îles)", "CC"),
    ("Comoros", "Comores (Les)", "KM"),
    ("Congo", "Congo", "CG"),
    ("Congo (DRC)", "Congo (RDC)", "CD"),
    ("Cook Islands", "Cook (îles)", "CK"),
    ("Djibouti", "Djibouti", "DJ"),
    ("Dominica", "Dominique", "DM"),
    ("Equatorial Guinea", "Guinée équatoriale", "GQ"),
    ("Eritrea", "Érythrée", "ER"),
    ("Falkland Islands", "Malouines (îles)", "FK"),
    ("French Guiana", "Guyane française", "GF"),
    ("French Polynesia", "Polynésie française", "PF"),
    ("French Southern Territories", "Terres australes françaises", "TF"),
    ("Gabon", "Gabon", "GA"),
    ("Gambia", "Gambie", "GM"),
    ("Gibraltar", "Gibraltar", "GI"),
    ("Greenland", "Groenland", "GL"),
    ("Grenada", "Grenade", "GD"),
    ("Guadeloupe", "Guadeloupe", "GP"),
    ("Guam", "Guam", "GU"),
    ("Guernsey", "Guernesey", "GG"),
    ("Guinea", "Guinée", "GN"),
    ("Guinea-Bissau", "Guinée-Bissau", "GW"),
    ("Guyana", "Guyana", "GY"),
    ("Haiti", "Haïti", "HT"),
    ("Heard Island and McDonald Islands", "Heard et McDonald (Îles)", "HM"),
    ("Isle of Man", "Île de Man", "IM"),
    ("Jan Mayen", "Jan Mayen", "SJ"),
    ("Jersey", "Jersey", "JE"),
    ("Kiribati", "Kiribati", "KI"),
    ("Kosovo", "Kosovo", "XK"),
    ("Laos", "Laos", "LA"),
    ("Lesotho", "Lesotho", "LS"),
    ("Liberia", "Liberia", "LR"),
    ("Madagascar", "Madagascar", "MG"),
    ("Malawi", "Malawi", "MW"),
    ("Maldives", "Maldives", "MV"),
    ("Mali", "Mali", "ML"),
    ("Marshall Islands", "Marshall (îles)", "MH"),
    ("Martinique", "Martinique", "MQ"),
    ("Mauritania", "Mauritanie", "MR"),
    ("Mayotte", "Mayotte", "YT"),
    ("Micronesia", "Micronésie", "FM"),
    ("Montserrat", "Montserrat", "MS"),
    ("Mozambique", "Mozambique", "MZ"),
    ("Myanmar", "Myanmar", "MM"),
    ("Nauru", "Nauru", "NR"),
    ("New Caledonia", "Nouvelle-Calédonie", "NC"),
    ("Niger", "Niger", "NE"),
    ("Niue", "Niue", "NU"),
    ("Norfolk Island", "Norfolk (île)", "NF"),
    ("Northern Mariana Islands", "Mariannes du Nord (îles)", "MP"),
    ("Palau", "Palau", "PW"),
    ("Papua New Guinea", "Papouasie-Nouvelle-Guinée", "PG"),
    ("Pitcairn Islands", "Pitcairn (îles)", "PN"),
    ("Reunion", "Réunion (île)", "RE"),
    ("Saba", "Saba", "BQ"),
    ("Saint Barthélemy", "Saint-Barthélemy", "BL"),
    ("Saint Lucia", "Sainte-Lucie", "LC"),
    ("Saint Martin", "Saint-Martin (partie française)", "MF"),
    ("Saint Pierre and Miquelon", "Saint-Pierre-et-Miquelon", "PM"),
    ("Saint Vincent and the Grenadines", "Saint-Vincent-et-les-Grenadines", "VC"),
    ("Samoa", "Samoa", "WS"),
    ("San Marino", "Saint-Marin", "SM"),
    ("São Tomé and Príncipe", "São Tomé et Príncipe", "ST"),
    ("Seychelles", "Seychelles", "SC"),
    ("Sierra Leone", "Sierra Leone", "SL"),
    ("Sint Eustatius", "Saint-Eustache", "BQ"),
    ("Sint Maarten", "Saint-Martin (partie néerlandaise)", "SX"),
    ("Solomon Islands", "Salomon (îles)", "SB"),
    ("Somalia", "Somalie", "SO"),
    (
        "South Georgia and South Sandwich Islands",
        "Géorgie du Sud et les îles Sandwich du Sud",
        "GS",
    ),
    ("South Sudan", "Soudan du Sud", "SS"),
    (
        "St Helena, Ascension, Tristan da Cunha",
        "Sainte-Hélène, Ascension et Tristan da Cunha",
        "SH",
    ),
    ("Suriname", "Surinam", "SR"),
    ("Svalbard", "Svalbard", "SJ"),
    ("Swaziland", "Swaziland", "SZ"),
    ("Timor-Leste", "Timor-Leste", "TL"),
    ("Togo", "Togo", "TG"),
    ("Tokelau", "Tokelau", "TK"),
    ("Tonga", "Tonga", "TO"),
    ("Turks and Caicos Islands", "Turks et Caïcos (îles)", "TC"),
    ("Tuvalu", "Tuvalu", "TV"),
    ("U.S. Outlying Islands", "États-Unis Îles mineures éloignées", "UM"),
    ("Vanuatu", "Vanuatu", "VU"),
    ("Vatican City", "État de la Cité du Vatican", "VA"),
    ("Wallis and Futuna", "Wallis-et-Futuna", "WF"),
    ("Yemen", "Yémen", "YE"),
]

# Markets where reservations are sold, including the ones fuzzy matching confuses
# with a listed name (Nigeria/Niger, Norway/Norfolk, Serbia/Sierra, Netherlands/...).
AVAILABLE = [
    "NG",
    "NO",
    "RS",
    "NL",
    "US",
    "AU",
    "BR",
    "DE",
    "FR",
    "GB",
    "IN",
    "JP",
    "IE",
    "CA",
    "MX",
    "ZA",
    "KE",
    "EG",
    "SG",
    "KR",
    "NZ",
    "AE",
    "SA",
    "PL",
    "ES",
    "GH",
    "DO",
    "NI",
    "SN",
    "CO",
    "GE",
    "AM",
    "AT",
    "MA",
]


def test_the_table_has_the_seeds_109_names_over_106_codes() -> None:
    assert len(UNAVAILABLE) == 109
    assert len({code for *_, code in UNAVAILABLE}) == 106


@pytest.mark.parametrize(("english", "french", "code"), UNAVAILABLE)
def test_listed_market_is_unavailable_by_code(
    ruleset: Ruleset, english: str, french: str, code: str
) -> None:
    errors = check_reservation(ruleset, code).errors
    assert [e.code for e in errors] == [ErrorCode.RESERVATIONS_UNAVAILABLE]
    assert errors[0].field == "market"
    assert f"({code})" in errors[0].message


@pytest.mark.parametrize(("english", "french", "code"), UNAVAILABLE)
def test_listed_market_is_found_first_by_its_english_and_french_source_names(
    ruleset: Ruleset, english: str, french: str, code: str
) -> None:
    for name in (english, french):
        found = search_markets(ruleset, name)
        assert found, name
        assert found[0].code == code, name
        assert found[0].reservations_available is False


@pytest.mark.parametrize("code", AVAILABLE)
def test_market_off_the_list_is_eligible(ruleset: Ruleset, code: str) -> None:
    assert check_reservation(ruleset, code).errors == []
    market = find_market(ruleset, code)
    assert market is not None
    assert market.reservations_available is True


def test_data_file_holds_exactly_the_seeds_table(ruleset: Ruleset) -> None:
    # markets not served at all are never offered reservations, but are not the seed's
    listed = {m.code for m in ruleset.markets if not m.reservations_available and m.served}
    assert listed == {code for *_, code in UNAVAILABLE}


def test_data_file_names_are_the_seeds_names(data_dir: object) -> None:
    seed = seed_text("001_25e49b1c4efd0137.txt")
    cell = re.compile(
        r'<span data-ttu-id="[^"]+">([^<]*)</span><span class="sxs-lookup">'
        r'<span data-stu-id="[^"]+">([^<]*)</span></span>'
    )
    rows = [line for line in seed.splitlines() if line.startswith("> |")]
    pairs = {
        (en.replace("\xa0", " "), fr.replace("\xa0", " "))
        for line in rows[1:]
        for fr, en in cell.findall(line)
    }
    assert pairs == {(en, fr) for en, fr, _ in UNAVAILABLE}


@pytest.mark.parametrize("code", ["XK", "xk", "XKX", "xkx"])
def test_kosovo_is_a_market_though_pycountry_lacks_it(ruleset: Ruleset, code: str) -> None:
    market = find_market(ruleset, code)
    assert market is not None
    assert (market.code, market.alpha3, market.name_en) == ("XK", "XKX", "Kosovo")
    assert [e.code for e in check_reservation(ruleset, code).errors] == [
        ErrorCode.RESERVATIONS_UNAVAILABLE
    ]


@pytest.mark.parametrize("code", ["CN", "cn", "Cn", " cn ", "CHN", "chn"])
def test_codes_are_alpha2_or_alpha3_in_any_case(ruleset: Ruleset, code: str) -> None:
    market = find_market(ruleset, code)
    assert market is not None
    assert market.code == "CN"


@pytest.mark.parametrize(
    ("value", "suggestion"),
    [
        ("ZZ", None),
        ("ZZZ", None),
        ("", None),
        ("12", None),
        ("Q", None),
        ("United Stats", None),
        ("Germany", "DE"),
        ("australia", "AU"),
        ("Allemagne", "DE"),
        ("Swaziland", "SZ"),
    ],
)
def test_unknown_code_is_market_unknown_with_a_code_for_a_name(
    ruleset: Ruleset, value: str, suggestion: str | None
) -> None:
    errors = check_reservation(ruleset, value).errors
    assert len(errors) == 1
    assert errors[0].code == ErrorCode.MARKET_UNKNOWN
    assert errors[0].field == "market"
    assert errors[0].suggestion == suggestion


def test_catalogue_is_every_iso_country_plus_kosovo(ruleset: Ruleset) -> None:
    codes = [m.code for m in ruleset.markets]
    assert len(codes) == len(set(codes)) == 250
    assert "XK" in codes
    # the seed's 106, and the 4 markets not served at all (markets_not_served.json)
    assert sum(not m.reservations_available for m in ruleset.markets) == 110


@pytest.mark.parametrize(
    ("code", "inclusive"),
    [("AU", True), ("BR", True), ("US", False), ("NZ", False), ("FR", False), ("JP", False)],
)
def test_only_australia_and_brazil_price_tax_inclusive(
    ruleset: Ruleset, code: str, inclusive: bool
) -> None:
    market = find_market(ruleset, code)
    assert market is not None
    assert market.tax_inclusive_pricing is inclusive
    assert sum(m.tax_inclusive_pricing for m in ruleset.markets) == 2
