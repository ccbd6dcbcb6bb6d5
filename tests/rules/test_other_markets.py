"""Markets whose addresses can be written under another: postcodes and regions."""

from __future__ import annotations

import pytest

from eligibility.errors import ErrorCode
from eligibility.rules.address import check_address
from eligibility.rules.regions import load_regions
from eligibility.ruleset import Ruleset
from tests.rules.test_address import addr

OTHER = ErrorCode.ADDRESS_POSTAL_CODE_OTHER_MARKET
REGION_OTHER = ErrorCode.ADDRESS_REGION_OTHER_MARKET

# (host, region, postal code, expected (field, code), the market the message names)
TERRITORIES = [
    # US territories and freely associated states, by ZIP and by "state".
    ("US", None, "00601", ("postal_code", OTHER), "PR"),
    ("US", "PR", None, ("region", REGION_OTHER), "PR"),
    ("US", "Puerto Rico", None, ("region", REGION_OTHER), "PR"),
    ("US", None, "00802", ("postal_code", OTHER), "VI"),
    ("US", "VI", None, ("region", REGION_OTHER), "VI"),
    ("US", None, "96910", ("postal_code", OTHER), "GU"),
    ("US", "GU", None, ("region", REGION_OTHER), "GU"),
    ("US", None, "96799", ("postal_code", OTHER), "AS"),  # under Hawaii's 967 prefix
    ("US", "AS", None, ("region", REGION_OTHER), "AS"),
    ("US", None, "96950", ("postal_code", OTHER), "MP"),
    ("US", "MP", None, ("region", REGION_OTHER), "MP"),
    ("US", None, "96941", ("postal_code", OTHER), "FM"),
    ("US", "FM", None, ("region", REGION_OTHER), "FM"),
    ("US", None, "96960", ("postal_code", OTHER), "MH"),
    ("US", "MH", None, ("region", REGION_OTHER), "MH"),
    ("US", None, "96940", ("postal_code", OTHER), "PW"),
    ("US", "PW", None, ("region", REGION_OTHER), "PW"),
    ("US", None, "96898", ("postal_code", OTHER), "UM"),
    ("US", "UM", None, ("region", REGION_OTHER), "UM"),
    # France: overseas collectivities and Monaco.
    ("FR", None, "97400", ("postal_code", OTHER), "RE"),
    ("FR", "La Réunion", None, ("region", REGION_OTHER), "RE"),
    ("FR", None, "97133", ("postal_code", OTHER), "BL"),
    ("FR", None, "97150", ("postal_code", OTHER), "MF"),
    ("FR", None, "98000", ("postal_code", OTHER), "MC"),
    ("FR", None, "98800", ("postal_code", OTHER), "NC"),
    ("FR", "PF", None, ("region", REGION_OTHER), "PF"),
    # Italy: San Marino and Vatican City; Switzerland: Liechtenstein.
    ("IT", None, "47890", ("postal_code", OTHER), "SM"),
    ("IT", None, "00120", ("postal_code", OTHER), "VA"),
    ("CH", None, "9490", ("postal_code", OTHER), "LI"),
    ("CH", None, "FL-9490", ("postal_code", OTHER), "LI"),
    # UK: Crown Dependencies and overseas territories.
    ("GB", None, "GY1 1AA", ("postal_code", OTHER), "GG"),
    ("GB", None, "je2 3aa", ("postal_code", OTHER), "JE"),
    ("GB", None, "IM1 1AA", ("postal_code", OTHER), "IM"),
    ("GB", "Jersey", None, ("region", REGION_OTHER), "JE"),  # by the market's own name
    ("GB", None, "GX11 1AA", ("postal_code", OTHER), "GI"),
    ("GB", None, "FIQQ 1ZZ", ("postal_code", OTHER), "FK"),
    ("GB", None, "TDCU 1ZZ", ("postal_code", OTHER), "SH"),
    # Australia's external territories, Finland's Åland, Norway's Svalbard.
    ("AU", None, "6798", ("postal_code", OTHER), "CX"),
    ("AU", None, "6799", ("postal_code", OTHER), "CC"),
    ("AU", None, "2899", ("postal_code", OTHER), "NF"),
    ("FI", None, "22100", ("postal_code", OTHER), "AX"),
    ("FI", "FI-01", None, ("region", REGION_OTHER), "AX"),
    ("NO", None, "9170", ("postal_code", OTHER), "SJ"),
    ("NO", "NO-21", None, ("region", REGION_OTHER), "SJ"),
    ("NO", None, "8099", ("postal_code", OTHER), "SJ"),
    # Denmark: the Faroe Islands and Greenland.
    ("DK", None, "FO-100", ("postal_code", OTHER), "FO"),
    ("DK", None, "100", ("postal_code", OTHER), "FO"),
    ("DK", None, "3900", ("postal_code", OTHER), "GL"),
    # Regions that are markets: the Dutch Caribbean, Hong Kong, Macao, Taiwan, Kosovo.
    ("NL", "NL-AW", None, ("region", REGION_OTHER), "AW"),
    ("NL", "Bonaire", None, ("region", REGION_OTHER), "BQ"),
    ("CN", "香港", None, ("region", REGION_OTHER), "HK"),
    ("CN", "CN-MO", None, ("region", REGION_OTHER), "MO"),
    ("CN", "TW", None, ("region", REGION_OTHER), "TW"),
    ("RS", "RS-KM", None, ("region", REGION_OTHER), "XK"),
]


@pytest.mark.parametrize(("host", "region", "postal", "expected", "market"), TERRITORIES)
def test_a_territory_written_under_its_host_names_the_market_to_choose(
    ruleset: Ruleset,
    host: str,
    region: str | None,
    postal: str | None,
    expected: tuple[str, ErrorCode],
    market: str,
) -> None:
    checked = check_address(ruleset, addr(host, region, "X", postal), "billing_address")
    findings = [(e.field, e.code) for e in checked.errors if e.code in (OTHER, REGION_OTHER)]
    assert findings == [(f"billing_address.{expected[0]}", expected[1])]
    [error] = [e for e in checked.errors if e.code is expected[1]]
    assert f"({market})" in error.message
    assert error.suggestion is None


@pytest.mark.parametrize(
    ("host", "postal"),
    [("US", "96701"), ("US", "00501"), ("FR", "97000"), ("FR", "75008"), ("IT", "47891x"),
     ("CH", "9484"), ("NO", "9180"), ("DK", "1000"), ("GB", "GU1 1AA"), ("AU", "2900")],
)  # fmt: skip
def test_a_hosts_own_postcode_next_to_a_territorys_is_not_flagged(
    ruleset: Ruleset, host: str, postal: str
) -> None:
    checked = check_address(ruleset, addr(host, None, "X", postal), "billing_address")
    assert OTHER not in {e.code for e in checked.errors}


# Markets written under a host somewhere, by the issue's classes: the table must
# cover every one of them that the seed lists as a market where Azure reservations
# are not sold, and may only name markets that exist.
WRITTEN_UNDER_A_HOST = {
    "US": {"PR", "VI", "GU", "AS", "MP", "FM", "MH", "PW", "UM"},
    "FR": {"GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "WF", "PF", "NC", "TF", "MC"},
    "IT": {"SM", "VA"},
    "CH": {"LI"},
    "GB": {"GG", "JE", "IM", "GI", "FK", "GS", "SH", "IO", "PN", "TC"},
    "AU": {"CX", "CC", "NF"},
    "FI": {"AX"},
    "NO": {"SJ"},
    "DK": {"FO", "GL"},
    "NL": {"AW", "CW", "SX", "BQ"},
    "CN": {"HK", "MO", "TW"},
}


def test_every_territory_is_a_market_and_every_seed_listed_one_is_covered(
    ruleset: Ruleset,
) -> None:
    for host, markets in ruleset.territories.items():
        assert host in ruleset.by_code
        assert all(m in ruleset.by_code for m in markets)
    unavailable = {m.code for m in ruleset.markets if not m.reservations_available}
    for host, expected in WRITTEN_UNDER_A_HOST.items():
        missing = (expected & unavailable) - set(ruleset.territories.get(host, ()))
        assert missing == set(), (host, missing)
        assert expected <= set(ruleset.territories.get(host, ())), host


def test_every_territory_region_code_is_a_region_of_its_host(ruleset: Ruleset) -> None:
    for host, regions in ruleset.region_markets.items():
        index = load_regions(ruleset, host)
        assert set(regions) <= set(index.regions), host


def test_french_message_names_the_market_to_choose(ruleset: Ruleset) -> None:
    checked = check_address(ruleset, addr("US", "PR", "X", None), "billing_address", "fr")
    [error] = [e for e in checked.errors if e.code is REGION_OTHER]
    assert error.message == (
        "Cette région est Porto Rico (PR), un marché distinct des États-Unis : "
        "choisissez Porto Rico comme pays."
    )
