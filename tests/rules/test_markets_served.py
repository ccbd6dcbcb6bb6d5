"""The markets Microsoft does not sell to: refused by every check that takes a market,
marked in the catalogue, and an address in an embargoed region flagged."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from eligibility.checks import CHECKS
from eligibility.rules.address import check_address
from eligibility.rules.markets import check_reservation, find_market
from eligibility.rules.postal import PlainAddress
from eligibility.ruleset import Ruleset
from eligibility.ruleset.markets_served import markets_not_served

EMBARGOED = ("KP", "IR", "CU", "SY")


def _with_market(body: Any, code: str) -> tuple[Any, int]:
    """``body`` with every market and address country replaced by ``code``; how many."""
    if isinstance(body, dict):
        out, count = {}, 0
        for key, value in body.items():
            if key in {"market", "country"} and isinstance(value, str):
                out[key], count = code, count + 1
            else:
                out[key], inner = _with_market(value, code)
                count += inner
        return out, count
    return body, 0


@pytest.mark.parametrize("code", EMBARGOED)
def test_an_embargoed_market_is_never_valid_on_any_check(ruleset: Ruleset, code: str) -> None:
    covered = 0
    for check in CHECKS:
        for case in check.examples:
            body, replaced = _with_market(case.body, code)
            if not replaced:
                continue
            covered += 1
            request = msgspec.convert(body, check.request)
            result = check.answer(ruleset, request, "en")
            codes = {e.code.value for e in result.errors}
            assert not result.valid, (check.name, case.request)
            assert "market.not_served" in codes, (check.name, case.request, codes)
    assert covered >= 8


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", ["North Korea", "KP", "embargo"]), ("fr", ["Corée du Nord", "KP", "embargo"])],
)
def test_the_refusal_names_why_in_both_languages(
    ruleset: Ruleset, lang: str, words: list[str]
) -> None:
    (error,) = check_reservation(ruleset, "PRK", lang).errors
    assert error.code.value == "market.not_served"
    assert all(word in error.message for word in words), error.message


@pytest.mark.parametrize("code", EMBARGOED)
def test_the_catalogue_marks_an_embargoed_market_not_served(ruleset: Ruleset, code: str) -> None:
    record = find_market(ruleset, code)
    assert record is not None
    assert (record.served, record.reservations_available) == (False, False)


def test_reservations_list_is_the_seeds_own(ruleset: Ruleset) -> None:
    served = [m for m in ruleset.markets if m.served]
    assert {m.code for m in ruleset.markets if not m.served} == set(EMBARGOED)
    assert find_market(ruleset, "AU").reservations_available  # type: ignore[union-attr]
    assert not find_market(ruleset, "CN").reservations_available  # type: ignore[union-attr]
    assert len(served) == len(ruleset.markets) - len(EMBARGOED)


def test_every_entry_cites_its_source(ruleset: Ruleset) -> None:
    found = markets_not_served(ruleset)
    assert found.source.published.year >= 2022
    for entry in [*found.markets.values(), *found.regions.values()]:
        assert entry.source
        assert entry.basis_en
        assert entry.basis_fr


@pytest.mark.parametrize(
    ("region", "postal_code", "city", "finding"),
    [
        ("UA-43", "95000", "Simferopol", "error"),  # Crimea: the whole region
        ("UA-40", "99000", "Sevastopol", "error"),
        ("UA-14", "83000", "Donetsk", "warning"),  # only a part of the oblast
        ("UA-09", "91000", "Luhansk", "warning"),
        ("UA-30", "01001", "Kyiv", None),  # outside: nothing said
        ("UA-46", "79000", "Lviv", None),
    ],
)
def test_an_address_in_an_embargoed_region_is_flagged_by_scope(
    ruleset: Ruleset, region: str, postal_code: str, city: str, finding: str | None
) -> None:
    address = PlainAddress("UA", region, city, postal_code, "1 vul. Pushkina")
    found = check_address(ruleset, address, "billing_address")
    errors = [e for e in found.errors if e.code.value == "address.region_not_served"]
    warnings = [w for w in found.warnings if w.code.value == "address.region_not_served"]
    assert (len(errors), len(warnings)) == {
        "error": (1, 0),
        "warning": (0, 1),
        None: (0, 0),
    }[finding]


def test_an_address_in_an_embargoed_country_is_refused_on_its_country(ruleset: Ruleset) -> None:
    address = PlainAddress("IR", None, "Tehran", "1136913711", "1 Ferdowsi Ave")
    found = check_address(ruleset, address, "billing_address")
    assert found.errors[0].field == "billing_address.country"
    assert found.errors[0].code.value == "market.not_served"


@pytest.mark.parametrize(
    ("postal_code", "city", "finding"),
    [
        ("95000", "Simferopol", "error"),  # Crimea's postcodes: 95-98
        ("99011", "Sevastopol", "error"),
        ("83001", "Donetsk", "warning"),  # Donetsk oblast's: 83-87, only partly covered
        ("91055", "Luhansk", "warning"),
        ("01001", "Kyiv", None),
        ("65000", "Odesa", None),
    ],
)
def test_an_address_without_its_region_is_placed_by_its_postcode(
    ruleset: Ruleset, postal_code: str, city: str, finding: str | None
) -> None:
    address = PlainAddress("UA", None, city, postal_code, "1 vul. Pushkina")
    found = check_address(ruleset, address, "billing_address")
    said = [
        ("error" if finding in found.errors else "warning", finding.field)
        for finding in [*found.errors, *found.warnings]
        if finding.code.value == "address.region_not_served"
    ]
    assert said == ([(finding, "billing_address.postal_code")] if finding else [])
