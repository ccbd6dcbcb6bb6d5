"""Per-market form rules: what a form is told agrees with what the checks accept."""

from __future__ import annotations

import re

import pytest
from msgspec.structs import astuple

from eligibility.errors import ErrorCode
from eligibility.i18n import LANGUAGES, load_labels
from eligibility.rules.address import check_address
from eligibility.rules.forms import MarketForm, compute_form, regions_not_offered
from eligibility.rules.phone import check_company_phone
from eligibility.rules.postal import load_address_format
from eligibility.rules.regions import load_regions
from eligibility.ruleset import Ruleset
from tests.rules.test_address import addr


def _form(ruleset: Ruleset, code: str, lang: str = "en") -> MarketForm:
    form = compute_form(ruleset, code, lang)
    assert form is not None
    return form


def test_every_market_has_a_form_in_every_language(ruleset: Ruleset) -> None:
    for market in ruleset.markets:
        for lang in LANGUAGES:
            form = _form(ruleset, market.code, lang)
            assert form.market.code == market.code
            assert [f.name for f in form.address.fields][:1] == ["line1"]


def test_the_postal_pattern_and_examples_agree_with_the_check_in_every_market(
    ruleset: Ruleset,
) -> None:
    drift = []
    for market in ruleset.markets:
        form = _form(ruleset, market.code)
        [postal] = [f.postal_code for f in form.address.fields if f.name == "postal_code"] or [None]
        fmt = load_address_format(ruleset, market.code)
        has_pattern = fmt is not None and fmt.postal_pattern is not None
        if postal is None:
            if has_pattern:
                drift.append((market.code, "pattern not served"))
            continue
        pattern = re.compile(postal.pattern)
        for example in postal.examples:
            checked = check_address(
                ruleset, addr(market.code, None, "X", example), "billing_address"
            )
            refused = [e.code for e in checked.errors if e.field.endswith("postal_code")]
            if pattern.fullmatch(example) is None or refused:
                drift.append((market.code, example, refused))
            elif checked.address is None or checked.address.postal_code != example:
                drift.append((market.code, example, "not answered in its own form"))
    assert drift == []


def test_the_regions_offered_are_the_regions_the_check_accepts_in_every_market(
    ruleset: Ruleset,
) -> None:
    drift = []
    for market in ruleset.markets:
        form = _form(ruleset, market.code)
        index = load_regions(ruleset, market.code)
        names = [f.name for f in form.address.fields]
        if form.address.regions is None:
            if index.listed and "region" in names:
                drift.append((market.code, "regions not offered"))
            continue
        assert "region" in names, market.code
        for region in form.address.regions:
            checked = check_address(ruleset, addr(market.code, region.code, "X", None), "b")
            if any(e.field == "b.region" for e in checked.errors) or (
                checked.address is None or checked.address.region != region.code
            ):
                drift.append((market.code, region.code))
        listed = {r.code for r in index.regions.values() if r.key is not None}
        if {r.code for r in form.address.regions} != listed - regions_not_offered(
            ruleset, market.code
        ):
            drift.append((market.code, "another list"))
    assert drift == []


def test_the_territories_a_form_is_told_of_are_refused_by_the_check(ruleset: Ruleset) -> None:
    for host in ruleset.territories:
        for territory in _form(ruleset, host).address.territories:
            for region in territory.regions:
                checked = check_address(ruleset, addr(host, region, "X", None), "b")
                assert ErrorCode.ADDRESS_REGION_OTHER_MARKET in {e.code for e in checked.errors}


def test_the_phone_example_fits_and_is_accepted_in_every_market(ruleset: Ruleset) -> None:
    for market in ruleset.markets:
        phone = _form(ruleset, market.code).phone
        assert phone.max_length == 10
        if phone.example is not None:
            assert len(phone.example) <= 10
            assert astuple(check_company_phone(ruleset, market.code, phone.example)) == ([], [])


@pytest.mark.parametrize(
    ("code", "lang", "labels"),
    [
        ("US", "en", ["Street address", "Apartment, suite, floor (optional)", "City", "State",
                      "ZIP code"]),
        ("FR", "fr", ["Adresse", "Appartement, bâtiment, étage (facultatif)", "Code postal",
                      "Ville"]),
        ("IN", "en", ["Street address", "Apartment, suite, floor (optional)", "City", "PIN code",
                      "State"]),
        ("JP", "en", ["Street address", "Apartment, suite, floor (optional)", "Postal code",
                      "Prefecture"]),
        ("GB", "en", ["Street address", "Apartment, suite, floor (optional)", "Post town",
                      "Postal code"]),
    ],
)  # fmt: skip
def test_fields_come_in_the_markets_order_with_its_names_for_them(
    ruleset: Ruleset, code: str, lang: str, labels: list[str]
) -> None:
    assert [f.label for f in _form(ruleset, code, lang).address.fields] == labels


def test_france_has_no_region_field_and_its_territories_are_listed(ruleset: Ruleset) -> None:
    form = _form(ruleset, "FR", "fr")
    assert "region" not in [f.name for f in form.address.fields]
    assert form.address.regions is None
    reunion = next(t for t in form.address.territories if t.code == "RE")
    assert (reunion.name, reunion.postal_code_prefixes, reunion.regions) == (
        "La Réunion", ["974"], ["FR-974"])  # fmt: skip


def test_every_label_type_libaddressinput_uses_has_a_label_in_every_language(
    ruleset: Ruleset,
) -> None:
    labels = load_labels()
    for market in ruleset.markets:
        fmt = load_address_format(ruleset, market.code)
        for name, kind in (fmt.name_types if fmt else {}).items():
            assert set(labels[f"{name}/{kind}"]) == set(LANGUAGES), (market.code, name, kind)
    for key, texts in labels.items():
        assert set(texts) == set(LANGUAGES), key


def test_an_unknown_market_has_no_form(ruleset: Ruleset) -> None:
    assert compute_form(ruleset, "ZZ") is None
