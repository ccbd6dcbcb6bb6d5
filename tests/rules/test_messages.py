"""Every error code has a message in every language, with the same placeholders."""

from __future__ import annotations

import string

import pytest

from eligibility.errors import ErrorCode, ProblemCode
from eligibility.i18n import (
    LANGUAGES,
    NAMED_PARAMS,
    _elide,
    load_catalogue,
    load_market_names,
    render,
)
from eligibility.ruleset import Ruleset


def _placeholders(template: str) -> set[str]:
    """The parameters a template reads; a name's grammatical forms (``{de_market}``,
    ``{the_market}``) count as the name itself, since each language has its own."""
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    found = set()
    for name in names:
        _, sep, base = name.partition("_")
        found.add(base if sep and base in NAMED_PARAMS else name)
    return found


@pytest.mark.parametrize("code", [*ErrorCode, *ProblemCode])
def test_every_code_has_a_message(code: ErrorCode | ProblemCode) -> None:
    assert code.value in load_catalogue(), f"{code.value} has no messages"


@pytest.mark.parametrize("key", sorted(load_catalogue()))
def test_message_is_in_every_language_with_the_same_placeholders(key: str) -> None:
    templates = load_catalogue()[key]
    assert set(templates) == set(LANGUAGES)
    assert all(t.strip() for t in templates.values())
    assert len({frozenset(_placeholders(t)) for t in templates.values()}) == 1


@pytest.mark.parametrize("key", sorted(load_catalogue()))
def test_every_message_belongs_to_a_code_or_is_a_problem_detail(key: str) -> None:
    codes = {c.value for c in (*ErrorCode, *ProblemCode)}
    assert key.partition("/")[0] in codes or key.startswith("problem.")


# Issue 22: every message that names a market, for every market, in both languages.
_WRONG = {
    "en": [r"\b(in|of|within|from) United States\b", r"\bthe the\b", r"\bin Netherlands\b"],
    "fr": [
        r"\bde le\b", r"\bde les\b", r"\bà le\b", r"\bà les\b", r"\ben le\b", r"\ben les\b",
        r"\bde [AEIOUÉÈÎÔ]", r"\bdu marché [A-ZÉ]", r"\ble marché [A-ZÉ]", r"\bde la [AEIOUÉ]",
        r"\bla [AEIOUÉÈÎ]", r"\ble [AEIOUÉÈÎ]", r"\bde France\b", r"\bde États",
    ],
}  # fmt: skip
_SAMPLES = {
    "fr": {
        "FR": ("en France", "de la France"),
        "US": ("aux États-Unis", "des États-Unis"),
        "CA": ("au Canada", "du Canada"),
        "IT": ("en Italie", "de l'Italie"),
        "CU": ("à Cuba", "de Cuba"),
    },
    "en": {"US": ("in the United States", "of the United States"), "FR": ("in France", "")},
}


def _market_messages() -> list[str]:
    return [
        key
        for key, templates in load_catalogue().items()
        if any(f"_{p}}}" in t or f"{{{p}}}" in t for p in NAMED_PARAMS for t in templates.values())
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_naming_a_market_reads_right_for_every_market(
    ruleset: Ruleset, lang: str
) -> None:
    import re

    keys = _market_messages()
    assert len(keys) >= 15
    wrong = []
    for market in ruleset.markets:
        name = market.name_fr if lang == "fr" else market.name_en
        for key in keys:
            params = dict.fromkeys(_placeholders(load_catalogue()[key][lang]), "x")
            params.update(market=name, place=name)
            text = render(key, lang, **params)
            assert "{" not in text
            wrong += [(market.code, key, text) for rule in _WRONG[lang] if re.search(rule, text)]
    assert wrong == [], wrong[:10]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_market_names_take_their_article_and_preposition(ruleset: Ruleset, lang: str) -> None:
    for code, (inside, of) in _SAMPLES[lang].items():
        market = ruleset.by_code[code]
        name = market.name_fr if lang == "fr" else market.name_en
        text = render("address.required", lang, market=name)
        assert inside in text, text
        if of:
            assert of in render("address.region_invalid", lang, market=name)


def test_the_names_table_covers_every_markets_name_and_is_what_its_script_gives(
    ruleset: Ruleset,
) -> None:
    from derive.market_grammar import OUTPUT, build

    names = load_market_names()
    for market in ruleset.markets:
        assert market.name_en in names["en"], market.code
        assert market.name_fr in names["fr"], market.code
    assert OUTPUT.read_text(encoding="utf-8") == build(ruleset), "run make market-names"


@pytest.mark.parametrize(
    ("key", "label", "expected"),
    [
        ("tax_id.invalid_checksum", "INN", "Cet INN contient une faute de frappe"),
        ("tax_id.invalid_checksum", "SIREN", "Ce SIREN contient une faute de frappe"),
        ("tax_id.invalid_component", "EIN (numéro d'employeur)", "Une partie de cet EIN"),
        ("tax_id.required", "ABN (numéro d'entreprise australien)", "Saisissez l'ABN"),
        ("tax_id.required", "numéro de TVA", "Saisissez le numéro de TVA"),
    ],
)
def test_a_french_label_beginning_with_a_vowel_is_elided(
    key: str, label: str, expected: str
) -> None:
    params = {"label": label, "market": "France", "example": "X"}
    assert render(key, "fr", **params).startswith(expected)
    assert render(key, "en", **params).count(label) == 1  # English is left as it is


@pytest.mark.parametrize(
    ("label", "expected"),
    [("INN", "This is not an INN:"), ("ABN", "This is not an ABN:"), ("UEN", "This is not a UEN:"),
     ("Organisation number", "This is not an Organisation number:"),
     ("VAT number", "This is not a VAT number:")],
)  # fmt: skip
def test_an_english_label_beginning_with_a_vowel_takes_an(label: str, expected: str) -> None:
    assert render("tax_id.invalid_format", "en", label=label, example="X").startswith(expected)


def test_elision_needs_a_whole_word_before_the_label_and_a_label() -> None:
    template = "Le code {label} de la pièce {label} et le mobile {label}"
    assert _elide(template, {"label": "INN"}, "fr") == template
    assert _elide("Saisissez le {label}", {"label": ""}, "fr") == "Saisissez le {label}"
